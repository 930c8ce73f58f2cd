import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { familyGraph, findingsCsv, exportFileName, FINDINGS_CSV_COLUMNS } from './export';
import type { Finding } from './findings';
import { W, walkthroughInventory } from './fixtures';

const finding = (over: Partial<Finding> = {}): Finding => ({
  kind: 'orphan-snapshot',
  resourceId: 'snap-0123456789abcdef0',
  region: 'us-east-1',
  sizeGiB: 8,
  monthlyCostUsd: 0.4,
  reason: 'Its volume is gone',
  evidence: ['vol-1 is not listed', 'no AMI uses it'],
  name: null,
  sizeBasis: 'full',
  ...over,
});

/** A small RFC 4180 reader, enough to read back what findingsCsv writes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('exportFileName', () => {
  it('carries the date and only safe characters', () => {
    const at = new Date('2026-11-29T23:10:00Z');
    expect(exportFileName('findings', 'csv', at)).toBe('lineage-findings-2026-11-29.csv');
    expect(exportFileName('family i-0abc/../x', 'json', at)).toBe('lineage-family-i-0abc-..-x-2026-11-29.json');
  });
});

describe('findingsCsv', () => {
  it('writes a header and one row per finding, quoting what needs it', () => {
    const csv = findingsCsv([
      finding(),
      finding({ kind: 'unused-image', resourceId: 'ami-0123456789abcdef0', name: 'web, "v2"', lastLaunchedTime: null }),
      finding({ name: '=HYPERLINK("x")', reason: 'two\nlines' }),
    ]);
    const rows = readCsv(csv);
    expect(rows[0]).toEqual([...FINDINGS_CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([
      'orphan-snapshot',
      'snap-0123456789abcdef0',
      '',
      'us-east-1',
      '8',
      'full',
      '0.4',
      '',
      'Its volume is gone',
      'vol-1 is not listed | no AMI uses it',
      '',
      '',
    ]);
    expect(rows[2]![2]).toBe('web, "v2"');
    expect(rows[3]![2]).toBe(`'=HYPERLINK("x")`);
    expect(rows[3]![8]).toBe('two\nlines');
  });

  it('writes only the header for no findings', () => {
    expect(findingsCsv([])).toBe(`${FINDINGS_CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('familyGraph', () => {
  it('is the family as drawn: the public image it was launched from, nothing else launched from it', () => {
    const graph = buildLineage(walkthroughInventory());
    const family = familyGraph(graph, W.I2);
    const ids = new Set(family.nodes.map((n) => n.id));
    for (const id of [W.I1, W.V1a, W.S1, W.AMI1, W.I2, W.V2b, W.AMI1c, W.S2c, W.BASE]) expect(ids.has(id)).toBe(true);
    expect(family.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(family.edges.length).toBeGreaterThan(10);
  });
});
