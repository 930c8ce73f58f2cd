import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { collapseSnapshotChains } from './collapse';
import { W, walkthroughInventory } from './fixtures';
import { DEFAULT_LAYOUT_OPTIONS, layoutGraph, type GraphLayout, type LayoutInput, type LayoutOptions } from './layout';
import { splitSharedGhosts } from './ghosts';
import { type Box, countEdgeCardOverlaps, type DrawnEdge, routePoints, routePolyline } from './routes';
import { syntheticInventory } from '@/test/synthetic-inventory';

const { nodeWidth: NW, nodeHeight: NH, rankGap, nodeGap, familyGap } = DEFAULT_LAYOUT_OPTIONS;

type Edge = readonly [string, string];

function graphOf(edges: readonly Edge[], extraNodes: readonly string[] = []): LayoutInput {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const id of [...edges.flat(), ...extraNodes]) {
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return { nodes: ids.map((id) => ({ id })), edges: edges.map(([source, target]) => ({ source, target })) };
}

function pos(layout: GraphLayout, id: string): { x: number; y: number } {
  const p = layout.positions[id];
  if (!p) throw new Error(`no position for ${id}`);
  return p;
}

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }, w = NW, h = NH): boolean {
  return a.x < b.x + w && b.x < a.x + w && a.y < b.y + h && b.y < a.y + h;
}

/** All pairs: for small graphs. */
function expectNoOverlapPairs(layout: GraphLayout, w = NW, h = NH): void {
  const entries = Object.entries(layout.positions);
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [a, pa] = entries[i]!;
      const [b, pb] = entries[j]!;
      expect(overlaps(pa, pb, w, h), `${a} (${pa.x},${pa.y}) overlaps ${b} (${pb.x},${pb.y})`).toBe(false);
    }
  }
}

/** Grid hash with cells the size of a node: any overlapping pair shares a cell. */
function expectNoOverlapGrid(layout: GraphLayout, w = NW, h = NH): void {
  const cells = new Map<string, string[]>();
  let collisions = 0;
  const examples: string[] = [];
  for (const [id, p] of Object.entries(layout.positions)) {
    const cx0 = Math.floor(p.x / w);
    const cy0 = Math.floor(p.y / h);
    for (let cx = cx0; cx <= Math.floor((p.x + w - 1e-9) / w); cx++) {
      for (let cy = cy0; cy <= Math.floor((p.y + h - 1e-9) / h); cy++) {
        const key = `${cx},${cy}`;
        const list = cells.get(key) ?? [];
        for (const other of list) {
          if (overlaps(p, layout.positions[other]!, w, h)) {
            collisions++;
            if (examples.length < 3) examples.push(`${id} / ${other}`);
          }
        }
        list.push(id);
        cells.set(key, list);
      }
    }
  }
  expect(collisions, examples.join('; ')).toBe(0);
}

function expectFamiliesApart(layout: GraphLayout): void {
  const boxes = layout.families;
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (const id of a.ids) {
      const p = pos(layout, id);
      expect(p.x >= a.x && p.x + NW <= a.x + a.width + 1e-9, `${id} inside its family horizontally`).toBe(true);
      expect(p.y >= a.y && p.y + NH <= a.y + a.height + 1e-9, `${id} inside its family vertically`).toBe(true);
    }
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j]!;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `families ${i} and ${j} overlap`).toBe(true);
    }
  }
}

/** Crossings among edges that join the same two columns (all edges of a proper layered drawing). */
function crossings(layout: GraphLayout, edges: readonly Edge[]): number {
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = edges[i]!;
      const [c, d] = edges[j]!;
      if (a === c || b === d) continue;
      const pa = pos(layout, a);
      const pb = pos(layout, b);
      const pc = pos(layout, c);
      const pd = pos(layout, d);
      if (pa.x !== pc.x || pb.x !== pd.x) continue;
      if ((pa.y - pc.y) * (pb.y - pd.y) < 0) count++;
    }
  }
  return count;
}

/** Positions that keep the input order within each column, as an unordered layout would. */
function inputOrderLayout(graph: LayoutInput, layout: GraphLayout): GraphLayout {
  const byColumn = new Map<number, number>();
  const positions: GraphLayout['positions'] = {};
  for (const { id } of graph.nodes) {
    const x = pos(layout, id).x;
    const index = byColumn.get(x) ?? 0;
    byColumn.set(x, index + 1);
    positions[id] = { x, y: index * (NH + nodeGap) };
  }
  return { ...layout, positions };
}

describe('layoutGraph: ranks', () => {
  it('draws the walkthrough left to right: instance < volumes < snapshots < AMI < launched instance < restored volumes', () => {
    const graph = buildLineage(walkthroughInventory());
    const layout = layoutGraph(graph);
    const x = (id: string) => pos(layout, id).x;
    const step = NW + rankGap;
    expect(x(W.V1a)).toBe(x(W.I1) + step);
    expect(x(W.V1b)).toBe(x(W.I1) + step);
    expect(x(W.S1)).toBe(x(W.V1a) + step);
    expect(x(W.S2)).toBe(x(W.V1b) + step);
    expect(x(W.AMI1)).toBe(x(W.S1) + step);
    expect(x(W.I2)).toBe(x(W.AMI1) + step);
    expect(x(W.V2a)).toBe(x(W.I2) + step);
    expect(x(W.V2b)).toBe(x(W.I2) + step);
    expect(x(W.BASE)).toBeLessThan(x(W.I1));
    expect(x(W.BASE_SNAP)).toBeLessThan(x(W.BASE));
    // the copies sit right of what they were copied from
    expect(x(W.S1c)).toBeGreaterThan(x(W.S1));
    expect(x(W.AMI1c)).toBeGreaterThan(x(W.AMI1));
    expect(x(W.AMI1c)).toBeGreaterThan(x(W.S1c));
    for (const e of graph.edges) expect(x(e.source), e.id).toBeLessThan(x(e.target));
    expect(layout.families).toHaveLength(1);
    expect(layout.families[0]).toMatchObject({ x: 0, y: 0 });
    expectNoOverlapPairs(layout);
  });

  it('places every edge source left of its target on a synthetic account', () => {
    const graph = collapseSnapshotChains(buildLineage(syntheticInventory(3_000, 2))).graph;
    const layout = layoutGraph(graph);
    expect(Object.keys(layout.positions)).toHaveLength(graph.nodes.length);
    let bad = 0;
    for (const e of graph.edges) if (!(pos(layout, e.source).x < pos(layout, e.target).x)) bad++;
    expect(bad).toBe(0);
  });

  it('moves a source right, next to its nearest successor', () => {
    // a → b → c → d, and a ghost source g whose only successor is d: g sits just left of d, not in column 0.
    const layout = layoutGraph(
      graphOf([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['g', 'd'],
      ]),
    );
    expect(pos(layout, 'g').x).toBe(pos(layout, 'c').x);
    expect(pos(layout, 'a').x).toBe(0);
  });

  it('moves a snapshot restored many times right, next to the AMI it backs, and its ghost volume with it', () => {
    const edges: Edge[] = [
      ['base', 'inst'],
      ['inst', 'vol0'],
      ['vol0', 'snap0'],
      ['snap0', 'ami'],
      ['inst', 'ami'],
      ['ghostVol', 'snap'],
      ['snap', 'ami'],
      ['snap', 'r1'],
      ['snap', 'r2'],
      ['snap', 'r3'],
      ['ami', 'i2'],
      ['i2', 'r1'],
      ['i2', 'r2'],
      ['i2', 'r3'],
    ];
    const layout = layoutGraph(graphOf(edges));
    const x = (id: string) => pos(layout, id).x;
    const step = NW + rankGap;
    expect(x('ami')).toBe(4 * step);
    expect(x('snap')).toBe(x('ami') - step);
    expect(x('ghostVol')).toBe(x('snap') - step);
    expect(x('base')).toBe(0);
    for (const [a, b] of edges) expect(x(a), `${a} → ${b}`).toBeLessThan(x(b));
  });

  it('terminates on cycles and still places every node without overlap', () => {
    const edges: Edge[] = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'], // a cycle with an entry
      ['x', 'a'],
      ['p', 'q'],
      ['q', 'p'], // a 2-cycle on its own: no source at all
      ['s', 's'], // a self-loop
      ['c', 'd'],
    ];
    const graph = graphOf(edges);
    const layout = layoutGraph(graph);
    expect(Object.keys(layout.positions).sort()).toEqual(['a', 'b', 'c', 'd', 'p', 'q', 's', 'x']);
    for (const p of Object.values(layout.positions)) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
    // the one back edge (c → a) is ignored; the rest point right
    const x = (id: string) => pos(layout, id).x;
    expect(x('x')).toBeLessThan(x('a'));
    expect(x('a')).toBeLessThan(x('b'));
    expect(x('b')).toBeLessThan(x('c'));
    expect(x('c')).toBeLessThan(x('d'));
    expect(x('p')).not.toBe(x('q'));
    expectNoOverlapPairs(layout);
    expectFamiliesApart(layout);
  });

  it('terminates on a large strongly connected graph', () => {
    const edges: Edge[] = [];
    const n = 2_000;
    for (let i = 0; i < n; i++) {
      edges.push([`n${i}`, `n${(i + 1) % n}`]);
      edges.push([`n${i}`, `n${(i * 7 + 3) % n}`]);
    }
    const layout = layoutGraph(graphOf(edges));
    expect(Object.keys(layout.positions)).toHaveLength(n);
    expectNoOverlapGrid(layout);
  });
});

describe('layoutGraph: order within a rank', () => {
  // Sources a, b, c; a → x, a → z, b → y, c → x. Input (and DFS) order puts c → x across b → y.
  const edges: Edge[] = [
    ['a', 'x'],
    ['a', 'z'],
    ['b', 'y'],
    ['c', 'x'],
  ];
  const graph = graphOf(edges);

  it('barycenter sweeps remove the crossings of the input order', () => {
    const layout = layoutGraph(graph);
    const unordered = inputOrderLayout(graph, layout);
    expect(crossings(unordered, edges)).toBeGreaterThan(0);
    expect(crossings(layoutGraph(graph, { sweeps: 0 }), edges)).toBeGreaterThan(0);
    expect(crossings(layout, edges)).toBe(0);
    expect(crossings(layoutGraph(graph, { align: 'top' }), edges)).toBe(0);
  });

  it('reduces crossings on a two-layer permutation', () => {
    // l_i → r_perm(i), every r → t (one family). The r are listed first, in reverse, so that the input order
    // of the r column is heavily crossed.
    const n = 12;
    const perm = Array.from({ length: n }, (_, i) => (i * 5) % n);
    const pairs: Edge[] = perm.map((p, i) => [`l${i}`, `r${p}`]);
    const graph: LayoutInput = {
      nodes: [
        ...Array.from({ length: n }, (_, i) => ({ id: `r${n - 1 - i}` })),
        ...Array.from({ length: n }, (_, i) => ({ id: `l${i}` })),
        { id: 't' },
      ],
      edges: [...pairs, ...Array.from({ length: n }, (_, i) => [`r${i}`, 't'] as const)].map(([source, target]) => ({
        source,
        target,
      })),
    };
    const layout = layoutGraph(graph);
    expect(layout.families).toHaveLength(1);
    const before = crossings(inputOrderLayout(graph, layout), pairs);
    const after = crossings(layout, pairs);
    expect(before).toBeGreaterThan(10);
    expect(after).toBe(0);
  });

  it('keeps nodes of a rank apart by nodeHeight + nodeGap (top align: exactly position × step)', () => {
    const hub: Edge[] = Array.from({ length: 9 }, (_, i) => ['ami', `i${i}`]);
    const top = layoutGraph(graphOf(hub), { align: 'top' });
    const ys = Array.from({ length: 9 }, (_, i) => pos(top, `i${i}`).y).sort((a, b) => a - b);
    expect(ys).toEqual(Array.from({ length: 9 }, (_, i) => i * (NH + nodeGap)));
    expect(pos(top, 'ami').y).toBe(0);
    // balanced: the hub sits level with the middle of its fan
    const balanced = layoutGraph(graphOf(hub));
    const ysb = Array.from({ length: 9 }, (_, i) => pos(balanced, `i${i}`).y).sort((a, b) => a - b);
    for (let i = 1; i < ysb.length; i++) expect(ysb[i]! - ysb[i - 1]!).toBeGreaterThanOrEqual(NH + nodeGap);
    expect(pos(balanced, 'ami').y).toBe(ysb[4]);
    expectNoOverlapPairs(balanced);
  });
});

describe('layoutGraph: packing', () => {
  it('packs families biggest first, top left, without overlap; singletons last', () => {
    const edges: Edge[] = [];
    const extra: string[] = [];
    // families of sizes 2, 7, 4, 1, 3, 1 in input order
    const sizes = [2, 7, 4, 1, 3, 1];
    sizes.forEach((size, f) => {
      if (size === 1) extra.push(`f${f}n0`);
      for (let i = 1; i < size; i++) edges.push([`f${f}n${Math.floor((i - 1) / 2)}`, `f${f}n${i}`]);
    });
    const graph = graphOf(edges, extra);
    const layout = layoutGraph(graph);
    expect(layout.families.map((f) => f.ids.length)).toEqual([7, 4, 3, 2, 1, 1]);
    expect(layout.families[0]).toMatchObject({ x: 0, y: 0 });
    expect(layout.families[0]!.ids[0]).toBe('f1n0');
    expect(layout.families.map((f) => f.ids[0])).toEqual(['f1n0', 'f2n0', 'f4n0', 'f0n0', 'f3n0', 'f5n0']);
    expectNoOverlapPairs(layout);
    expectFamiliesApart(layout);
    const bottomOfFamilies = Math.max(...layout.families.filter((f) => f.ids.length > 1).map((f) => f.y + f.height));
    for (const f of layout.families.filter((f) => f.ids.length === 1))
      expect(f.y).toBeGreaterThanOrEqual(bottomOfFamilies + familyGap);
    for (const f of layout.families) {
      expect(f.x + f.width).toBeLessThanOrEqual(layout.width);
      expect(f.y + f.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('wraps rows at rowWidth', () => {
    // ten chains of three: each is 3 × 220 + 2 × 80 = 820 wide
    const edges: Edge[] = [];
    for (let f = 0; f < 10; f++) edges.push([`c${f}a`, `c${f}b`], [`c${f}b`, `c${f}c`]);
    const layout = layoutGraph(graphOf(edges), { rowWidth: 2_000 });
    const width = 3 * NW + 2 * rankGap;
    expect(layout.families[0]!.width).toBe(width);
    // two per row (820 + 64 + 820 ≤ 2000), stacking under each other within the row height is not possible
    expect(layout.families.map((f) => [f.x, f.y])).toEqual(
      Array.from({ length: 10 }, (_, i) => [(i % 2) * (width + familyGap), Math.floor(i / 2) * (NH + familyGap)]),
    );
    expect(layout.width).toBeLessThanOrEqual(2_000);
  });

  it('honours the size and gap options', () => {
    const options: LayoutOptions = { nodeWidth: 100, nodeHeight: 30, rankGap: 10, nodeGap: 5, align: 'top' };
    const layout = layoutGraph(
      graphOf([
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'd'],
      ]),
      options,
    );
    expect(pos(layout, 'a')).toEqual({ x: 0, y: 0 });
    expect(pos(layout, 'b').x).toBe(110);
    expect(pos(layout, 'd').x).toBe(220);
    expect([pos(layout, 'b').y, pos(layout, 'c').y].sort((x, y) => x - y)).toEqual([0, 35]);
    expect(layout.families[0]).toMatchObject({ width: 320, height: 65 });
    expectNoOverlapPairs(layout, 100, 30);
  });

  it('ignores edges with an unknown end, and duplicate nodes', () => {
    const layout = layoutGraph({
      nodes: [{ id: 'a' }, { id: 'b' }, { id: 'a' }],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'ghost' },
        { source: 'zz', target: 'b' },
      ],
    });
    expect(Object.keys(layout.positions).sort()).toEqual(['a', 'b']);
    expect(layout.families).toHaveLength(1);
  });

  it('handles an empty graph', () => {
    expect(layoutGraph({ nodes: [], edges: [] })).toEqual({
      positions: {},
      families: [],
      width: 0,
      height: 0,
      lanes: [],
    });
  });
});

describe('layoutGraph: a synthetic account', () => {
  const graph = collapseSnapshotChains(buildLineage(syntheticInventory(6_000, 5))).graph;
  const layout = layoutGraph(graph);

  it('places every node once, without overlaps, families apart, biggest first', () => {
    expect(Object.keys(layout.positions)).toHaveLength(graph.nodes.length);
    expectNoOverlapGrid(layout);
    expectFamiliesApart(layout);
    const sizes = layout.families.map((f) => f.ids.length);
    expect(sizes).toEqual(sizes.slice().sort((a, b) => b - a));
    expect(layout.families[0]).toMatchObject({ x: 0, y: 0 });
    expect(layout.families.reduce((sum, f) => sum + f.ids.length, 0)).toBe(graph.nodes.length);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(layoutGraph(graph))).toBe(JSON.stringify(layout));
  });

  it('keeps the drawing roughly as wide as the aspect asks, unless one family is wider', () => {
    const widest = Math.max(...layout.families.map((f) => f.width));
    expect(layout.width).toBeGreaterThanOrEqual(widest);
    expect(layout.width).toBeLessThanOrEqual(Math.max(widest, Math.sqrt(layout.width * layout.height * 1.6) * 1.5));
  });
});

/** The edges as the canvas draws them, through their lanes. */
function drawn(layout: GraphLayout, graph: LayoutInput): { cards: Map<string, Box>; edges: DrawnEdge[] } {
  const cards = new Map(Object.entries(layout.positions).map(([id, p]) => [id, { ...p, width: NW, height: NH }]));
  const edges = graph.edges.map((e, i) => ({
    source: e.source,
    target: e.target,
    polyline: routePolyline(routePoints(cards.get(e.source)!, cards.get(e.target)!, layout.lanes[i])),
  }));
  return { cards, edges };
}

describe('layoutGraph: lanes', () => {
  it('gives an edge that passes ranks a lane in each, between the cards of that rank', () => {
    // a → b → c → d, and a → d passes the ranks of b and c
    const graph = graphOf([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['a', 'd'],
    ]);
    const layout = layoutGraph(graph);
    expect(layout.lanes[0]).toEqual([]);
    const lanes = layout.lanes[3]!;
    expect(lanes).toHaveLength(4);
    expect(lanes[0]!.x).toBe(pos(layout, 'b').x);
    expect(lanes[1]!.x).toBe(pos(layout, 'b').x + NW);
    expect(lanes[2]!.x).toBe(pos(layout, 'c').x);
    const { cards, edges } = drawn(layout, graph);
    expect(countEdgeCardOverlaps(cards, edges)).toBe(0);
  });

  it('bundles edges of one kind from one source: they share their lanes', () => {
    const graph: LayoutInput = {
      nodes: ['s', 'x', 'y', 'v1', 'v2'].map((id) => ({ id })),
      edges: [
        { source: 's', target: 'x', kind: 'a' },
        { source: 'x', target: 'y', kind: 'a' },
        { source: 'y', target: 'v1', kind: 'a' },
        { source: 'y', target: 'v2', kind: 'a' },
        { source: 's', target: 'v1', kind: 'restored' },
        { source: 's', target: 'v2', kind: 'restored' },
      ],
    };
    const layout = layoutGraph(graph);
    expect(layout.lanes[4]).toEqual(layout.lanes[5]);
    expect(layout.lanes[4]).toHaveLength(4);
  });

  it('draws the walkthrough and the biggest synthetic families with no edge under a card that is not its end', () => {
    const walkthrough = splitSharedGhosts(collapseSnapshotChains(buildLineage(walkthroughInventory())).graph).graph;
    const synthetic = splitSharedGhosts(collapseSnapshotChains(buildLineage(syntheticInventory(2_000, 3))).graph).graph;
    for (const graph of [walkthrough, synthetic]) {
      const layout = layoutGraph(graph);
      const { cards, edges } = drawn(layout, graph);
      expect(countEdgeCardOverlaps(cards, edges)).toBe(0);
      expectNoOverlapGrid(layout);
    }
  });
});
