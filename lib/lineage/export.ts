/** What the export menu writes: file names, the findings as CSV, a family's part of the graph. Pure. */
import { type Finding, summarize } from './findings';
import { subgraph } from './queries';
import type { LineageGraph } from './types';
import { drawnFamilies } from './view';

/** `lineage-<what>-YYYY-MM-DD.<extension>`: the date (UTC) the file was written. */
export function exportFileName(what: string, extension: string, now = new Date()): string {
  const safe = what.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `lineage-${safe}-${now.toISOString().slice(0, 10)}.${extension}`;
}

export const FINDINGS_CSV_COLUMNS = [
  'kind',
  'resourceId',
  'name',
  'region',
  'sizeGiB',
  'sizeBasis',
  'monthlyCostUsd',
  'lastLaunchedTime',
  'reason',
  'evidence',
  'createdAt',
  'tags',
] as const;

/** A CSV field: quoted when it holds a comma, a quote or a line break; a leading = + - @ is neutralised for spreadsheets. */
function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One header line and one line per finding (RFC 4180, CRLF line ends); evidence joined by " | ". */
export function findingsCsv(findings: readonly Finding[]): string {
  const lines = [FINDINGS_CSV_COLUMNS.join(',')];
  for (const f of findings) {
    const row: Record<(typeof FINDINGS_CSV_COLUMNS)[number], string | number | null | undefined> = {
      ...f,
      lastLaunchedTime: f.lastLaunchedTime,
      createdAt: f.createdAt,
      evidence: f.evidence.join(' | '),
      tags: Object.entries(f.tags ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' | '),
    };
    lines.push(FINDINGS_CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Findings as JSON: the list with its totals, and what narrowed it (the API's finding shape). */
export function findingsJson(findings: readonly Finding[], facts: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...facts, totals: summarize(findings), findings }, null, 2)}\n`;
}

/**
 * The family of a resource as the canvas draws it (a public image it was launched from is in it, the other families
 * launched from that image are not): its nodes and the edges among them, in graph order.
 */
export function familyGraph(graph: LineageGraph, id: string): LineageGraph {
  return subgraph(
    graph,
    drawnFamilies(graph, (ids) => ids.includes(id)),
  );
}
