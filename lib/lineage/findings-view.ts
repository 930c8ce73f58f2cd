/** Narrowing and ordering the findings list: by region, age and tag, grouped by kind or costliest first. Pure. */
import { FINDING_KINDS, type Finding, type FindingKind } from './findings';

export const FINDING_AGES = [30, 90, 365] as const;
export type FindingAge = (typeof FINDING_AGES)[number];
export const FINDING_SORTS = ['kind', 'cost'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export interface FindingsFilter {
  /** Only these regions; empty means every region. */
  regions: readonly string[];
  /** Only what was created more than this many days ago. */
  olderThanDays: FindingAge | null;
  /** `key=value`, `key:value` or `key` (any value); empty means no tag filter. */
  tag: string;
  sort: FindingSort;
}

export const NO_FINDINGS_FILTER: FindingsFilter = { regions: [], olderThanDays: null, tag: '', sort: 'kind' };

const DAY_MS = 86_400_000;

/** A tag filter as typed: `env=prod`, `env:prod`, `env` (any value); null when empty. Keys and values match exactly. */
export function parseTagFilter(text: string): { key: string; value: string | null } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const at = trimmed.search(/[=:]/);
  if (at < 0) return { key: trimmed, value: null };
  return { key: trimmed.slice(0, at).trim(), value: trimmed.slice(at + 1).trim() };
}

/** Whether the filter narrows anything (the sort does not). */
export const isFiltering = (f: FindingsFilter) => f.regions.length > 0 || f.olderThanDays !== null || !!f.tag.trim();

/** The findings the filter keeps, in its order: by kind then cost (as the API orders them), or by cost alone. */
export function filterFindings(findings: readonly Finding[], filter: FindingsFilter, now: Date): Finding[] {
  const regions = filter.regions.length ? new Set(filter.regions) : null;
  const before = filter.olderThanDays === null ? null : now.getTime() - filter.olderThanDays * DAY_MS;
  const tag = parseTagFilter(filter.tag);
  const kept = findings.filter((f) => {
    if (regions && !regions.has(f.region)) return false;
    if (before !== null) {
      const created = f.createdAt ? Date.parse(f.createdAt) : NaN;
      if (!(created < before)) return false;
    }
    if (tag) {
      const value = f.tags?.[tag.key];
      if (value === undefined || (tag.value !== null && value !== tag.value)) return false;
    }
    return true;
  });
  return filter.sort === 'cost' ? sortByCost(kept) : kept;
}

/** Costliest first; ties by id, so the order is stable. */
export function sortByCost(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.monthlyCostUsd - a.monthlyCostUsd || (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0),
  );
}

/** Groups as the panel shows them: one per kind (in FINDING_KINDS order), or one of everything when by cost. */
export function groupFindings(
  findings: readonly Finding[],
  sort: FindingSort,
): { kind: FindingKind | 'all'; findings: Finding[] }[] {
  if (sort === 'cost') return findings.length ? [{ kind: 'all', findings: [...findings] }] : [];
  const byKind = new Map<FindingKind, Finding[]>(FINDING_KINDS.map((k) => [k, []]));
  for (const f of findings) byKind.get(f.kind)!.push(f);
  return FINDING_KINDS.filter((k) => byKind.get(k)!.length > 0).map((kind) => ({ kind, findings: byKind.get(kind)! }));
}

/** The regions findings are in, sorted: the region filter's choices. */
export const findingRegions = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.region))].sort();
