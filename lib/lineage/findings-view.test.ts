import { describe, expect, it } from 'vitest';
import { findingsJson } from './export';
import type { Finding } from './findings';
import {
  NO_FINDINGS_FILTER,
  filterFindings,
  findingRegions,
  groupFindings,
  isFiltering,
  parseTagFilter,
} from './findings-view';

const NOW = new Date('2026-11-30T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

const finding = (id: string, over: Partial<Finding> = {}): Finding => ({
  kind: 'orphan-snapshot',
  resourceId: id,
  region: 'us-east-1',
  sizeGiB: 8,
  monthlyCostUsd: 0.4,
  reason: 'r',
  evidence: [],
  name: null,
  sizeBasis: 'full',
  createdAt: daysAgo(10),
  tags: {},
  ...over,
});

const FINDINGS: Finding[] = [
  finding('snap-a', { monthlyCostUsd: 0.4, createdAt: daysAgo(400), tags: { env: 'prod' } }),
  finding('snap-b', { monthlyCostUsd: 2.5, region: 'eu-west-1', createdAt: daysAgo(100), tags: { env: 'dev' } }),
  finding('ami-c', { kind: 'unused-image', monthlyCostUsd: 1, createdAt: daysAgo(40), tags: { team: 'web' } }),
  finding('vol-d', { kind: 'unattached-volume', monthlyCostUsd: 9, region: 'eu-west-1', createdAt: null }),
];
const ids = (list: Finding[]) => list.map((f) => f.resourceId);

describe('parseTagFilter', () => {
  it('reads key=value, key:value and a bare key', () => {
    expect(parseTagFilter(' env = prod ')).toEqual({ key: 'env', value: 'prod' });
    expect(parseTagFilter('env:prod')).toEqual({ key: 'env', value: 'prod' });
    expect(parseTagFilter('url=https://x')).toEqual({ key: 'url', value: 'https://x' });
    expect(parseTagFilter('env')).toEqual({ key: 'env', value: null });
    expect(parseTagFilter('  ')).toBeNull();
  });
});

describe('filterFindings', () => {
  it('keeps everything, in the given order, without a filter', () => {
    expect(ids(filterFindings(FINDINGS, NO_FINDINGS_FILTER, NOW))).toEqual(['snap-a', 'snap-b', 'ami-c', 'vol-d']);
    expect(isFiltering(NO_FINDINGS_FILTER)).toBe(false);
  });

  it('narrows by region, age (unknown ages drop out) and tag, and the three combine', () => {
    const by = (over: Partial<typeof NO_FINDINGS_FILTER>) =>
      ids(filterFindings(FINDINGS, { ...NO_FINDINGS_FILTER, ...over }, NOW));
    expect(by({ regions: ['eu-west-1'] })).toEqual(['snap-b', 'vol-d']);
    expect(by({ olderThanDays: 30 })).toEqual(['snap-a', 'snap-b', 'ami-c']);
    expect(by({ olderThanDays: 90 })).toEqual(['snap-a', 'snap-b']);
    expect(by({ olderThanDays: 365 })).toEqual(['snap-a']);
    expect(by({ tag: 'env=prod' })).toEqual(['snap-a']);
    expect(by({ tag: 'env' })).toEqual(['snap-a', 'snap-b']);
    expect(by({ tag: 'env=staging' })).toEqual([]);
    expect(by({ regions: ['eu-west-1'], olderThanDays: 90, tag: 'env' })).toEqual(['snap-b']);
    expect(by({ regions: ['us-east-1'], olderThanDays: 90, tag: 'env=dev' })).toEqual([]);
    expect(isFiltering({ ...NO_FINDINGS_FILTER, tag: 'env' })).toBe(true);
  });

  it('sorts by monthly cost, highest first, after filtering', () => {
    const sorted = filterFindings(FINDINGS, { ...NO_FINDINGS_FILTER, sort: 'cost' }, NOW);
    expect(ids(sorted)).toEqual(['vol-d', 'snap-b', 'ami-c', 'snap-a']);
    const narrowed = filterFindings(FINDINGS, { ...NO_FINDINGS_FILTER, sort: 'cost', olderThanDays: 30 }, NOW);
    expect(ids(narrowed)).toEqual(['snap-b', 'ami-c', 'snap-a']);
  });
});

describe('groupFindings', () => {
  it('groups by kind in the kinds’ order, or puts everything in one list by cost', () => {
    const grouped = groupFindings(FINDINGS, 'kind');
    expect(grouped.map((g) => [g.kind, ids(g.findings)])).toEqual([
      ['orphan-snapshot', ['snap-a', 'snap-b']],
      ['unused-image', ['ami-c']],
      ['unattached-volume', ['vol-d']],
    ]);
    expect(groupFindings(FINDINGS, 'cost').map((g) => g.kind)).toEqual(['all']);
    expect(groupFindings([], 'cost')).toEqual([]);
    expect(findingRegions(FINDINGS)).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('findingsJson', () => {
  it('writes the findings with their totals and what narrowed them', () => {
    const kept = FINDINGS.slice(0, 2);
    const parsed = JSON.parse(findingsJson(kept, { filter: { tag: 'env' } })) as Record<string, unknown>;
    expect(parsed).toEqual({
      filter: { tag: 'env' },
      totals: { count: 2, sizeGiB: 16, monthlyCostUsd: 2.9 },
      findings: JSON.parse(JSON.stringify(kept)) as unknown,
    });
  });
});
