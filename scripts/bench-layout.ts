/**
 * Layout benchmark: synthetic accounts of 1k–50k resources → buildLineage → collapseSnapshotChains →
 * layoutGraph, plus the largest single family on its own and a synthetic single family of 1k nodes.
 * Targets: 20k resources laid out in < 0.5 s; one family of 1k nodes in < 1 s.
 *
 *   npx tsx scripts/bench-layout.ts [runs=5]
 */
import { buildLineage } from '../lib/lineage/build';
import { collapseSnapshotChains, type DisplayGraph } from '../lib/lineage/collapse';
import { layoutGraph, type LayoutInput } from '../lib/lineage/layout';
import { walkthroughInventory } from '../lib/lineage/fixtures';
import { splitSharedGhosts } from '../lib/lineage/ghosts';
import { CARD } from '../lib/lineage/card';
import {
  type Box,
  type DrawnEdge,
  countEdgeCardOverlaps,
  countEdgeCrossings,
  routePoints,
  routePolyline,
} from '../lib/lineage/routes';
import type { LineageGraph } from '../lib/lineage/types';
import { syntheticInventory } from '../test/synthetic-inventory';

const SIZES = [1_000, 10_000, 20_000, 50_000];
const RUNS = Math.max(1, Number(process.argv[2] ?? 5) || 5);

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time of `runs` calls (after two warm-up calls, for the JIT), in ms, and the last result. */
function time<T>(fn: () => T, runs = RUNS): { ms: number; result: T } {
  let result = fn();
  result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

/** The members of `ids` and the edges among them, as a layout input. */
function sub(graph: DisplayGraph, ids: readonly string[]): LayoutInput {
  const set = new Set(ids);
  return {
    nodes: graph.nodes.filter((n) => set.has(n.id)),
    edges: graph.edges.filter((e) => set.has(e.source) && set.has(e.target)),
  };
}

/** Up to `limit` node ids reached breadth-first (ignoring direction) from the first node: a connected piece. */
function breadthFirst(graph: LayoutInput, limit: number): string[] {
  const adjacent = new Map<string, string[]>();
  for (const { source, target } of graph.edges) {
    (adjacent.get(source) ?? adjacent.set(source, []).get(source)!).push(target);
    (adjacent.get(target) ?? adjacent.set(target, []).get(target)!).push(source);
  }
  const first = graph.nodes[0]?.id;
  if (first === undefined) return [];
  const seen = new Set([first]);
  const queue = [first];
  for (let i = 0; i < queue.length && seen.size < limit; i++) {
    for (const next of adjacent.get(queue[i]!) ?? []) {
      if (seen.size >= limit) break;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

interface Row {
  n: string;
  nodes: number;
  shown: number;
  groups: number;
  families: number;
  largest: number;
  collapseMs: number;
  layoutMs: number;
  largestMs: number;
  drawing: string;
}

const rows: Row[] = [];
let family1k: LayoutInput | null = null;
for (const n of SIZES) {
  const graph = buildLineage(syntheticInventory(n, 1));
  const collapse = time(() => collapseSnapshotChains(graph));
  const shown = collapse.result.graph;
  const layout = time(() => layoutGraph(shown));
  const fams = layout.result.families; // biggest first
  const largest = sub(shown, fams[0]!.ids);
  const largestLayout = time(() => layoutGraph(largest));
  // A 1k-node family: the first 1,000 nodes breadth-first of the largest family of the 10k account (connected).
  if (n === 10_000) family1k = sub(shown, breadthFirst(largest, 1_000));
  rows.push({
    n: `${n / 1000}k`,
    nodes: graph.nodes.length,
    shown: shown.nodes.length,
    groups: collapse.result.groups.length,
    families: fams.length,
    largest: fams[0]!.ids.length,
    collapseMs: collapse.ms,
    layoutMs: layout.ms,
    largestMs: largestLayout.ms,
    drawing: `${Math.round(layout.result.width)} × ${Math.round(layout.result.height)}`,
  });
}

console.log(`layout benchmark: median of ${RUNS} runs after two warm-ups, ms\n`);
const header = [
  'resources',
  'nodes',
  'shown',
  'groups',
  'families',
  'largest',
  'collapse',
  'layout',
  'largest fam',
  'drawing px',
];
const table = rows.map((r) => [
  r.n,
  String(r.nodes),
  String(r.shown),
  String(r.groups),
  String(r.families),
  String(r.largest),
  fmt(r.collapseMs),
  fmt(r.layoutMs),
  fmt(r.largestMs),
  r.drawing,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));

if (family1k) {
  const single = time(() => layoutGraph(family1k));
  const moreSweeps = time(() => layoutGraph(family1k, { sweeps: 8 }));
  console.log(
    `\nsingle family of ${family1k.nodes.length} nodes, ${family1k.edges.length} edges: ${fmt(single.ms)} ms` +
      ` (sweeps 8: ${fmt(moreSweeps.ms)} ms); ${Math.round(single.result.width)} × ${Math.round(single.result.height)} px`,
  );
}
const row20k = rows.find((r) => r.n === '20k');
if (row20k) {
  const ok = row20k.layoutMs < 500;
  console.log(`target: 20k resources laid out in < 500 ms: ${fmt(row20k.layoutMs)} ms ${ok ? '✓' : '✗'}`);
}

// ── the picture: what the drawing of a family costs the eye ──────────────────────────────────────────────────────────

/** What the canvas draws for a graph (chains collapsed, shared ghosts split). */
function drawable(graph: LineageGraph): DisplayGraph {
  return splitSharedGhosts(collapseSnapshotChains(graph).graph).graph;
}

interface Picture {
  name: string;
  nodes: number;
  edges: number;
  overlaps: number;
  crossings: number;
  areaPerNode: number;
  ms: number;
}

function picture(name: string, graph: LayoutInput & { edges: readonly { kind?: string }[] }): Picture {
  const { ms, result } = time(() => layoutGraph(graph));
  const cards = new Map<string, Box>();
  for (const [id, p] of Object.entries(result.positions))
    cards.set(id, { ...p, width: CARD.width, height: CARD.height });
  const drawn: DrawnEdge[] = [];
  graph.edges.forEach((e, i) => {
    const from = cards.get(e.source);
    const to = cards.get(e.target);
    if (!from || !to || e.source === e.target) return;
    const lanes = result.lanes?.[i] ?? [];
    drawn.push({ source: e.source, target: e.target, polyline: routePolyline(routePoints(from, to, lanes)) });
  });
  return {
    name,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    overlaps: countEdgeCardOverlaps(cards, drawn),
    crossings: countEdgeCrossings(drawn),
    areaPerNode: (result.width * result.height) / Math.max(1, graph.nodes.length),
    ms,
  };
}

const pictures: Picture[] = [picture('walkthrough', drawable(buildLineage(walkthroughInventory())))];
{
  const shown = drawable(buildLineage(syntheticInventory(10_000, 1)));
  const fams = layoutGraph(shown).families.slice(0, 3);
  fams.forEach((f, i) => pictures.push(picture(`synthetic:10000 family ${i + 1}`, sub(shown, f.ids))));
}
const total = pictures.slice(1).reduce((sum, p) => sum + p.overlaps, 0);
console.log(`\nthe picture (card ${CARD.width} × ${CARD.height}): edges under a card not their end, crossings, area`);
const pictureHeader = ['graph', 'nodes', 'edges', 'edge–card overlaps', 'crossings', 'px² per node', 'layout ms'];
const pictureRows = pictures.map((p) => [
  p.name,
  String(p.nodes),
  String(p.edges),
  String(p.overlaps),
  String(p.crossings),
  String(Math.round(p.areaPerNode)),
  fmt(p.ms),
]);
const pw = pictureHeader.map((h, i) => Math.max(h.length, ...pictureRows.map((row) => row[i]!.length)));
const pictureLine = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(pw[i]!) : c.padStart(pw[i]!))).join('  ');
console.log(pictureLine(pictureHeader));
console.log(pw.map((w) => '─'.repeat(w)).join('  '));
for (const row of pictureRows) console.log(pictureLine(row));
console.log(`edge–card overlaps in the three biggest synthetic families: ${total}`);
