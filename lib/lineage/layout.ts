/**
 * A fast ranked layout for lineage graphs, per family (connected component), with the families packed
 * into rows biggest first. Pure and synchronous, no DOM: it runs in a Web Worker.
 *
 * Per family, left to right in lineage order (edges point from older to newer):
 *  1. Cycles are broken deterministically: a depth-first search from the family's sources (in input
 *     order) ignores its back edges for ranking, so bad data never hangs the layout.
 *  2. rank = longest path from the sources (Kahn's order over the remaining edges). Then, in reverse
 *     topological order, a node with more outgoing than incoming edges (every source, a snapshot restored
 *     many times) moves right to just before its nearest successor: a deleted volume's ghost sits next to
 *     its snapshots, not in column 0, and the total edge length drops. Every edge still points right.
 *  3. Order within a rank: initial order = DFS preorder (keeps subtrees together), then alternating
 *     down/up barycenter sweeps (neighbours in any rank on the swept side; ties keep the current order).
 *     The order with the fewest crossings between adjacent ranks is kept.
 *  4. x = rank × (nodeWidth + rankGap). y: with `align: 'top'`, position × (nodeHeight + nodeGap); with
 *     `align: 'balanced'` (default) each node is pulled towards the mean height of its neighbours (a hub
 *     AMI sits beside the middle of the instances launched from it), keeping the order and the spacing
 *     exactly (isotonic regression per rank, a few passes).
 * Then the families are packed into shelves, biggest (node count) first, left to right: a family that fits
 * under the previous one within the row's height stacks there (a column), else it opens a new column, and
 * a row wraps at `rowWidth`. Singletons go last, in a dense grid.
 *
 * Cost: O(n + e) per sweep plus a sort per rank, and O(e log n) per crossing count; memory is typed arrays
 * over the whole graph. Same input (including order) → same output.
 */

import { CARD } from './card';
import { type NumberedGraph, numberFamilies, numberGraph } from './families';

export { CARD };

export interface LayoutOptions {
  /** Node card size; default {@link CARD}. */
  nodeWidth?: number;
  nodeHeight?: number;
  /** Horizontal gap between ranks. */
  rankGap?: number;
  /** Vertical gap between nodes of a rank; also the gap between singletons in their grid. */
  nodeGap?: number;
  /** Vertical gap between a lane and its neighbour in a rank (a card or another lane). */
  laneGap?: number;
  /** Gap between families. */
  familyGap?: number;
  /** Target width of a row of families. Default: √(total area × aspect); never less than the widest family. */
  rowWidth?: number;
  /** Width : height aimed at when `rowWidth` is not given. Default 1.6. */
  aspect?: number;
  /** Down+up barycenter sweep pairs. Default 4. */
  sweeps?: number;
  /** Vertical placement within a family; see the module comment. Default 'balanced'. */
  align?: 'top' | 'balanced';
  /** Pack families of one node into a dense grid after the others. Default true. */
  packSingletons?: boolean;
}

export const DEFAULT_LAYOUT_OPTIONS: Readonly<Required<Omit<LayoutOptions, 'rowWidth'>>> = {
  nodeWidth: CARD.width,
  nodeHeight: CARD.height,
  rankGap: 44,
  nodeGap: 24,
  laneGap: 14,
  familyGap: 64,
  aspect: 1.6,
  sweeps: 4,
  align: 'balanced',
  packSingletons: true,
};

export interface LayoutInput {
  nodes: readonly { readonly id: string }[];
  /** Edges; those of one kind from one source share their lanes (they are drawn as one bundle). */
  edges: readonly { readonly source: string; readonly target: string; readonly kind?: string }[];
}

export interface Point {
  x: number;
  y: number;
}

export interface FamilyBox {
  /** The family's node ids, in input order. */
  ids: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  /** Top-left corner of each node (React Flow's `position`). */
  positions: Record<string, Point>;
  /** Families in packing order: biggest first, the first at the top left. */
  families: FamilyBox[];
  /** Size of the whole drawing. */
  width: number;
  height: number;
  /**
   * Per input edge, the lanes it runs along through the ranks it passes: each lane's entry and exit (left and right
   * end, at the lane's height). Empty for an edge between adjacent ranks (or an ignored edge).
   */
  lanes: readonly (readonly Point[])[];
}

const NO_LANES: readonly Point[] = [];

/** Balancing passes for `align: 'balanced'`. */
const BALANCE_PASSES = 4;
/** Weight of a node's own position when it has no neighbour (it just fills in). */
const LONE_WEIGHT = 1e-3;

const identity = (i: number) => i;

function adjacency(n: number, m: number, src: Int32Array, dst: Int32Array): Graph {
  const out = groupBy(m, n, (e) => src[e]!, identity);
  const into = groupBy(m, n, (e) => dst[e]!, identity);
  return { src, dst, outStart: out.start, outEdge: out.items, inStart: into.start, inEdge: into.items };
}

/** Lay out every family of a graph and pack them. Edges with an unknown end and self-loops are ignored. */
export function layoutGraph(graph: LayoutInput, options: LayoutOptions = {}): GraphLayout {
  const o = { ...DEFAULT_LAYOUT_OPTIONS, ...stripUndefined(options) };
  const numbered = numberGraph(graph);
  const { ids, src, dst, m } = numbered;
  const n = ids.length;

  // ── families, numbered by first appearance, members in input order; ranks per family ────────────────────────
  const { of: famOf, count: familyCount } = numberFamilies(n, m, src, dst);
  const { start: famStart, items: members } = groupBy(n, familyCount, (v) => famOf[v]!, identity);
  const ranked = new Scratch(n, m);
  const base = adjacency(n, m, src, dst);
  for (let f = 0; f < familyCount; f++) {
    const fam = members.subarray(famStart[f], famStart[f + 1]);
    if (fam.length === 1) ranked.rank[fam[0]!] = 0;
    else {
      breakCycles(base, fam, ranked);
      assignRanks(base, fam, ranked);
    }
  }
  const order = Array.from({ length: familyCount }, (_, f) => f);
  // Biggest first; equal sizes keep the order of first appearance.
  order.sort((a, b) => famStart[b + 1]! - famStart[b]! - (famStart[a + 1]! - famStart[a]!) || a - b);

  // ── every edge that spans ranks gets a lane in each rank between its ends; order and place them all ────────────
  const laned = addLanes(numbered, graph, ranked, famOf);
  const g = adjacency(laned.n, laned.m, laned.src, laned.dst);
  const scratch = new Scratch(laned.n, laned.m);
  scratch.rank.set(laned.rank);
  const lanedFamily = groupBy(laned.n, familyCount, (v) => laned.famOf[v]!, identity);
  const famWidth = new Float64Array(familyCount);
  const famHeight = new Float64Array(familyCount);
  for (let f = 0; f < familyCount; f++) {
    const fam = lanedFamily.items.subarray(lanedFamily.start[f], lanedFamily.start[f + 1]);
    const size = layoutFamily(g, fam, scratch, o, n);
    famWidth[f] = size.width;
    famHeight[f] = size.height;
  }

  // ── pack ────────────────────────────────────────────────────────────────────────────────────────────
  const sizes = order.map((f) => famStart[f + 1]! - famStart[f]!);
  const packed = pack(
    order.map((f) => famWidth[f]!),
    order.map((f) => famHeight[f]!),
    sizes.map((size) => o.packSingletons && size === 1),
    o,
    options.rowWidth,
  );
  const placed = place(ids, order, { start: famStart, items: members }, packed, scratch, famWidth, famHeight);
  return { ...placed, lanes: lanePoints(graph.edges.length, numbered, laned, famOf, order, packed, scratch, o) };
}

interface Laned {
  n: number;
  m: number;
  src: Int32Array;
  dst: Int32Array;
  rank: Int32Array;
  famOf: Int32Array;
  /** Per numbered edge of the input, the lanes it passes, in rank order (null: it joins adjacent ranks). */
  path: (Int32Array | null)[];
}

/**
 * The graph with a lane node in every rank an edge passes over, edges chained through them. Edges of one kind from
 * one source share lanes as far as they run together (a bundle). Back edges keep no lanes.
 */
function addLanes(numbered: NumberedGraph, graph: LayoutInput, ranked: Scratch, famOf: Int32Array): Laned {
  const { ids, src, dst, m, input } = numbered;
  const n = ids.length;
  const { rank, back } = ranked;
  let maxRank = 0;
  for (let v = 0; v < n; v++) if (rank[v]! > maxRank) maxRank = rank[v]!;
  const kinds = new Map<string, number>();
  // (source, kind) → its bundle's lanes, by rank after the source's
  const bundles = new Map<number, number[]>();
  const laneRank: number[] = [];
  const laneFam: number[] = [];
  const outSrc: number[] = [];
  const outDst: number[] = [];
  const path: (Int32Array | null)[] = new Array<Int32Array | null>(m).fill(null);
  for (let e = 0; e < m; e++) {
    const s = src[e]!;
    const t = dst[e]!;
    const span = rank[t]! - rank[s]!;
    if (back[e] === 1 || span <= 1) {
      outSrc.push(s);
      outDst.push(t);
      continue;
    }
    const kindName = graph.edges[input[e]!]!.kind ?? '';
    const kind = kinds.get(kindName) ?? kinds.set(kindName, kinds.size).get(kindName)!;
    const key = s * 64 + kind;
    const bundle = bundles.get(key) ?? bundles.set(key, []).get(key)!;
    const lanes = new Int32Array(span - 1);
    let previous = s;
    for (let i = 0; i < span - 1; i++) {
      let lane = bundle[i];
      if (lane === undefined) {
        // A new lane continues the bundle: linked once, from the lane (or source) before it.
        lane = n + laneRank.length;
        bundle.push(lane);
        laneRank.push(rank[s]! + 1 + i);
        laneFam.push(famOf[s]!);
        outSrc.push(previous);
        outDst.push(lane);
      }
      lanes[i] = lane;
      previous = lane;
    }
    outSrc.push(previous);
    outDst.push(t);
    path[e] = lanes;
  }
  const total = n + laneRank.length;
  const allRanks = new Int32Array(total);
  allRanks.set(rank.subarray(0, n));
  allRanks.set(laneRank, n);
  const allFams = new Int32Array(total);
  allFams.set(famOf.subarray(0, n));
  allFams.set(laneFam, n);
  return {
    n: total,
    m: outSrc.length,
    src: Int32Array.from(outSrc),
    dst: Int32Array.from(outDst),
    rank: allRanks,
    famOf: allFams,
    path,
  };
}

/** Each input edge's lanes on the canvas, once the families are packed. */
function lanePoints(
  edgeCount: number,
  numbered: NumberedGraph,
  laned: Laned,
  famOf: Int32Array,
  order: readonly number[],
  packed: { x: Float64Array; y: Float64Array },
  { localX, localY }: Scratch,
  o: ResolvedOptions,
): (readonly Point[])[] {
  const at = new Int32Array(order.length);
  order.forEach((f, i) => (at[f] = i));
  const lanes = new Array<readonly Point[]>(edgeCount).fill(NO_LANES);
  for (let e = 0; e < numbered.m; e++) {
    const path = laned.path[e];
    if (!path) continue;
    const i = at[famOf[numbered.src[e]!]!]!;
    const points: Point[] = [];
    lanes[numbered.input[e]!] = points;
    for (const lane of path) {
      const x = packed.x[i]! + localX[lane]!;
      const y = packed.y[i]! + localY[lane]!;
      points.push({ x, y }, { x: x + o.nodeWidth, y });
    }
  }
  return lanes;
}

/** The positions of every node and the box of every family, once each family is laid out and the boxes packed. */
function place(
  ids: readonly string[],
  order: readonly number[],
  family: { start: Int32Array; items: Int32Array },
  packed: { x: Float64Array; y: Float64Array; width: number; height: number },
  { localX, localY }: Scratch,
  famWidth: Float64Array,
  famHeight: Float64Array,
): Omit<GraphLayout, 'lanes'> {
  const positions = Object.create(null) as Record<string, Point>;
  const families: FamilyBox[] = [];
  order.forEach((f, i) => {
    const fx = packed.x[i]!;
    const fy = packed.y[i]!;
    const famIds: string[] = [];
    for (let k = family.start[f]!; k < family.start[f + 1]!; k++) {
      const v = family.items[k]!;
      const id = ids[v]!;
      famIds.push(id);
      positions[id] = { x: fx + localX[v]!, y: fy + localY[v]! };
    }
    families.push({ ids: famIds, x: fx, y: fy, width: famWidth[f]!, height: famHeight[f]! });
  });
  return { positions, families, width: packed.width, height: packed.height };
}

/**
 * Shelf packing of boxes given biggest first: a row is as tall as its tallest box; a box that fits under
 * the previous one in the current column stacks there, else it starts a new column, and a column that
 * would pass `rowWidth` starts a new row. Boxes flagged `grid` (singletons) follow in a dense grid.
 */
function pack(
  widths: readonly number[],
  heights: readonly number[],
  grid: readonly boolean[],
  o: ResolvedOptions,
  rowWidthOption: number | undefined,
): { x: Float64Array; y: Float64Array; width: number; height: number } {
  const count = widths.length;
  const gap = o.familyGap;
  const cellW = o.nodeWidth + o.nodeGap;
  const cellH = o.nodeHeight + o.nodeGap;
  let area = 0;
  let widest = 0;
  for (let i = 0; i < count; i++) {
    area += grid[i] ? cellW * cellH : (widths[i]! + gap) * (heights[i]! + gap);
    widest = Math.max(widest, widths[i]!);
  }
  const rowWidth = Math.max(rowWidthOption ?? Math.sqrt(area * o.aspect), widest);
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  let width = 0;
  let bottom = 0;

  let rowY = 0;
  let rowHeight = 0;
  let rowUsed = false;
  let colX = 0;
  let colY = 0; // next free y in the current column, relative to the row (the trailing gap included)
  let colWidth = 0;
  for (let i = 0; i < count; i++) {
    if (grid[i]) continue;
    const w = widths[i]!;
    const h = heights[i]!;
    if (rowUsed && colY + h <= rowHeight) {
      x[i] = colX;
      y[i] = rowY + colY;
      colY += h + gap;
      colWidth = Math.max(colWidth, w);
    } else {
      let left = rowUsed ? colX + colWidth + gap : 0;
      if (rowUsed && left + w > rowWidth) {
        rowY += rowHeight + gap;
        rowHeight = 0;
        left = 0;
      }
      colX = left;
      colY = h + gap;
      colWidth = w;
      rowHeight = Math.max(rowHeight, h);
      rowUsed = true;
      x[i] = left;
      y[i] = rowY;
    }
    width = Math.max(width, x[i]! + w);
    bottom = Math.max(bottom, y[i]! + h);
  }

  const columns = Math.max(1, Math.floor((rowWidth + o.nodeGap) / cellW));
  const top = rowUsed ? bottom + gap : 0;
  let cell = 0;
  for (let i = 0; i < count; i++) {
    if (!grid[i]) continue;
    x[i] = (cell % columns) * cellW;
    y[i] = top + Math.floor(cell / columns) * cellH;
    width = Math.max(width, x[i]! + widths[i]!);
    bottom = Math.max(bottom, y[i]! + heights[i]!);
    cell++;
  }
  return { x, y, width, height: bottom };
}

interface Graph {
  src: Int32Array;
  dst: Int32Array;
  outStart: Int32Array;
  outEdge: Int32Array;
  inStart: Int32Array;
  inEdge: Int32Array;
}

type ResolvedOptions = Required<Omit<LayoutOptions, 'rowWidth'>>;

/** Working arrays over the whole graph, reused by every family (each family touches only its members). */
class Scratch {
  readonly state: Uint8Array; // DFS: 0 new, 1 on the stack, 2 done
  readonly back: Uint8Array; // per edge: ignored for ranking
  readonly indeg: Int32Array;
  readonly rank: Int32Array;
  readonly pos: Int32Array; // index within its rank
  readonly key: Float64Array; // barycenter / desired y
  readonly weight: Float64Array;
  readonly localX: Float64Array;
  readonly localY: Float64Array;
  readonly offset: Float64Array; // where a node sits when its rank is stacked from 0 (its centre)
  // per-family buffers (sized for the largest possible family)
  readonly stack: Int32Array;
  readonly cursor: Int32Array;
  readonly visit: Int32Array; // DFS preorder, then reused as the Kahn queue
  readonly layers: Int32Array; // nodes grouped by rank, in order
  readonly best: Int32Array;
  readonly fenwick: Int32Array;
  readonly blockValue: Float64Array;
  readonly blockWeight: Float64Array;
  readonly blockSize: Int32Array;
  layerStart: Int32Array = new Int32Array(2);

  constructor(n: number, m: number) {
    this.state = new Uint8Array(n);
    this.back = new Uint8Array(m);
    this.indeg = new Int32Array(n);
    this.rank = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.key = new Float64Array(n);
    this.weight = new Float64Array(n);
    this.localX = new Float64Array(n);
    this.localY = new Float64Array(n);
    this.offset = new Float64Array(n);
    this.stack = new Int32Array(n);
    this.cursor = new Int32Array(n);
    this.visit = new Int32Array(n);
    this.layers = new Int32Array(n);
    this.best = new Int32Array(n);
    this.fenwick = new Int32Array(n + 1);
    this.blockValue = new Float64Array(n);
    this.blockWeight = new Float64Array(n);
    this.blockSize = new Int32Array(n);
  }
}

/**
 * Orders and places one family whose ranks are set (lanes included: node numbers from `cards` on are lanes, of no
 * height); writes localX/localY of its members (the top of a card, the middle of a lane); returns its size.
 */
function layoutFamily(
  g: Graph,
  fam: Int32Array,
  s: Scratch,
  o: ResolvedOptions,
  cards: number,
): { width: number; height: number } {
  const size = fam.length;
  const { localX, localY, rank, layers, offset } = s;
  if (size === 1) {
    localX[fam[0]!] = 0;
    localY[fam[0]!] = 0;
    return { width: o.nodeWidth, height: o.nodeHeight };
  }
  breakCycles(g, fam, s);
  let maxRank = 0;
  for (let k = 0; k < size; k++) maxRank = Math.max(maxRank, rank[fam[k]!]!);
  buildLayers(fam, maxRank, s);
  orderLayers(g, maxRank, size, s, o.sweeps);
  const { layerStart } = s;

  // Centres: each rank stacked from 0 with its gaps (offset), then balanced.
  const height = (v: number) => (v < cards ? o.nodeHeight : 0);
  const stepX = o.nodeWidth + o.rankGap;
  for (let r = 0; r <= maxRank; r++) {
    let y = 0;
    for (let k = layerStart[r]!; k < layerStart[r + 1]!; k++) {
      const v = layers[k]!;
      if (k > layerStart[r]!) {
        const u = layers[k - 1]!;
        y += height(u) / 2 + (u < cards && v < cards ? o.nodeGap : o.laneGap) + height(v) / 2;
      }
      offset[v] = y;
      localX[v] = rank[v]! * stepX;
      localY[v] = y;
    }
  }
  if (o.align === 'balanced') balance(g, maxRank, s);

  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < size; k++) {
    const v = fam[k]!;
    const h = height(v);
    localY[v] = localY[v]! - h / 2; // centre → top
    minY = Math.min(minY, localY[v]);
    maxY = Math.max(maxY, localY[v] + h);
  }
  for (let k = 0; k < size; k++) localY[fam[k]!] = localY[fam[k]!]! - minY;
  return { width: maxRank * stepX + o.nodeWidth, height: maxY - minY };
}

/**
 * Iterative DFS along edge direction from the sources (in input order), then from anything left (nodes on
 * a cycle no source reaches). Edges into a node still on the stack are back edges. Records the preorder.
 */
function breakCycles(g: Graph, fam: Int32Array, s: Scratch): void {
  const { outStart, outEdge, inStart, dst } = g;
  const { state, back, stack, cursor, visit } = s;
  const size = fam.length;
  for (let k = 0; k < size; k++) {
    const v = fam[k]!;
    state[v] = 0;
    for (let i = outStart[v]!; i < outStart[v + 1]!; i++) back[outEdge[i]!] = 0;
  }
  let visited = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < size; k++) {
      const root = fam[k]!;
      if (state[root] !== 0 || (pass === 0 && inStart[root + 1]! > inStart[root]!)) continue;
      let sp = 0;
      stack[sp] = root;
      cursor[sp] = outStart[root]!;
      sp++;
      state[root] = 1;
      visit[visited++] = root;
      while (sp > 0) {
        const v = stack[sp - 1]!;
        const c = cursor[sp - 1]!;
        if (c < outStart[v + 1]!) {
          cursor[sp - 1] = c + 1;
          const e = outEdge[c]!;
          const w = dst[e]!;
          const st = state[w];
          if (st === 0) {
            state[w] = 1;
            visit[visited++] = w;
            stack[sp] = w;
            cursor[sp] = outStart[w]!;
            sp++;
          } else if (st === 1) {
            back[e] = 1;
          }
        } else {
          state[v] = 2;
          sp--;
        }
      }
    }
  }
  // visit[0..size) is the preorder; keep it in `best` (free until ordering starts) for buildLayers.
  s.best.set(visit.subarray(0, size));
}

/** Longest-path ranks over the non-back edges, then fan-out nodes pulled right (see the module comment). */
function assignRanks(g: Graph, fam: Int32Array, s: Scratch): number {
  const { outStart, outEdge, inStart, inEdge, dst } = g;
  const { back, indeg, rank, visit } = s;
  const size = fam.length;
  let tail = 0;
  for (let k = 0; k < size; k++) {
    const v = fam[k]!;
    let d = 0;
    for (let i = inStart[v]!; i < inStart[v + 1]!; i++) if (back[inEdge[i]!] === 0) d++;
    indeg[v] = d;
    rank[v] = 0;
    if (d === 0) visit[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = visit[head]!;
    const next = rank[v]! + 1;
    for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
      const e = outEdge[i]!;
      if (back[e] === 1) continue;
      const w = dst[e]!;
      if (rank[w]! < next) rank[w] = next;
      indeg[w] = indeg[w]! - 1;
      if (indeg[w] === 0) visit[tail++] = w;
    }
  }
  // Pull right, in reverse topological order, every node with more outgoing than incoming edges (sources
  // above all): as far as its nearest successor allows. Its edges get shorter in total; all still point right.
  let maxRank = 0;
  for (let q = tail - 1; q >= 0; q--) {
    const v = visit[q]!;
    let incoming = 0;
    for (let i = inStart[v]!; i < inStart[v + 1]!; i++) if (back[inEdge[i]!] === 0) incoming++;
    let outgoing = 0;
    let nearest = Infinity;
    for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
      const e = outEdge[i]!;
      if (back[e] === 1) continue;
      outgoing++;
      const r = rank[dst[e]!]!;
      if (r < nearest) nearest = r;
    }
    if (outgoing > incoming) rank[v] = nearest - 1;
  }
  let minRank = Infinity;
  for (let k = 0; k < size; k++) {
    const r = rank[fam[k]!]!;
    if (r < minRank) minRank = r;
    if (r > maxRank) maxRank = r;
  }
  if (minRank !== 0) for (let k = 0; k < size; k++) rank[fam[k]!] = rank[fam[k]!]! - minRank;
  return maxRank - minRank;
}

/** Groups the family's nodes by rank (counting sort), each rank in DFS preorder; sets pos. */
function buildLayers(fam: Int32Array, maxRank: number, s: Scratch): void {
  const { rank, pos, layers, best } = s;
  // best[0..size) holds the DFS preorder
  const { start, items } = groupBy(
    fam.length,
    maxRank + 1,
    (k) => rank[best[k]!]!,
    (k) => best[k]!,
  );
  layers.set(items);
  for (let r = 0; r <= maxRank; r++) {
    for (let k = start[r]!; k < start[r + 1]!; k++) pos[items[k]!] = k - start[r]!;
  }
  s.layerStart = start;
}

/** Alternating barycenter sweeps; keeps the order with the fewest adjacent-rank crossings. */
function orderLayers(g: Graph, maxRank: number, size: number, s: Scratch, sweeps: number): void {
  if (maxRank === 0) return;
  const { layers, best } = s;
  let bestCrossings = countCrossings(g, maxRank, s);
  best.set(layers.subarray(0, size));
  for (let i = 0; i < sweeps && bestCrossings > 0; i++) {
    for (let dir = 0; dir < 2; dir++) {
      if (dir === 0) for (let r = 1; r <= maxRank; r++) reorderLayer(g, r, -1, s);
      else for (let r = maxRank - 1; r >= 0; r--) reorderLayer(g, r, 1, s);
      const crossings = countCrossings(g, maxRank, s);
      if (crossings < bestCrossings) {
        bestCrossings = crossings;
        best.set(layers.subarray(0, size));
      }
    }
  }
  layers.set(best.subarray(0, size));
  const { pos, layerStart } = s;
  for (let r = 0; r <= maxRank; r++) {
    for (let k = layerStart[r]!; k < layerStart[r + 1]!; k++) pos[layers[k]!] = k - layerStart[r]!;
  }
}

/** Sorts rank r by the mean position of its neighbours on one side (side < 0: lower ranks; > 0: higher). */
function reorderLayer(g: Graph, r: number, side: number, s: Scratch): void {
  const { outStart, outEdge, inStart, inEdge, src, dst } = g;
  const { rank, pos, key, layers, layerStart } = s;
  const a = layerStart[r]!;
  const b = layerStart[r + 1]!;
  if (b - a < 2) return;
  for (let k = a; k < b; k++) {
    const v = layers[k]!;
    let sum = 0;
    let count = 0;
    for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
      const w = dst[outEdge[i]!]!;
      const rw = rank[w]!;
      if (side < 0 ? rw < r : rw > r) {
        sum += pos[w]!;
        count++;
      }
    }
    for (let i = inStart[v]!; i < inStart[v + 1]!; i++) {
      const w = src[inEdge[i]!]!;
      const rw = rank[w]!;
      if (side < 0 ? rw < r : rw > r) {
        sum += pos[w]!;
        count++;
      }
    }
    key[v] = count > 0 ? sum / count : pos[v]!;
  }
  layers.subarray(a, b).sort((x, y) => key[x]! - key[y]! || pos[x]! - pos[y]!);
  for (let k = a; k < b; k++) pos[layers[k]!] = k - a;
}

/** Crossings among edges joining adjacent ranks (Fenwick-tree inversion count), both directions counted. */
function countCrossings(g: Graph, maxRank: number, s: Scratch): number {
  const { outStart, outEdge, inStart, inEdge, src, dst } = g;
  const { rank, pos, layers, layerStart, fenwick } = s;
  let crossings = 0;
  const targets: number[] = [];
  for (let r = 0; r < maxRank; r++) {
    const width = layerStart[r + 2]! - layerStart[r + 1]!;
    fenwick.fill(0, 0, width + 1);
    let inserted = 0;
    for (let k = layerStart[r]!; k < layerStart[r + 1]!; k++) {
      const v = layers[k]!;
      targets.length = 0;
      for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
        const w = dst[outEdge[i]!]!;
        if (rank[w] === r + 1) targets.push(pos[w]!);
      }
      for (let i = inStart[v]!; i < inStart[v + 1]!; i++) {
        const w = src[inEdge[i]!]!;
        if (rank[w] === r + 1) targets.push(pos[w]!);
      }
      if (targets.length > 1) targets.sort((x, y) => x - y);
      // Count all before inserting any of v's own: edges sharing an endpoint never cross.
      for (const t of targets) {
        let le = 0; // inserted so far with position <= t
        for (let i = t + 1; i > 0; i -= i & -i) le += fenwick[i]!;
        crossings += inserted - le;
      }
      for (const t of targets) {
        for (let i = t + 1; i <= width; i += i & -i) fenwick[i] = fenwick[i]! + 1;
        inserted++;
      }
    }
  }
  return crossings;
}

/**
 * Moves each node towards the mean y of its neighbours, rank by rank (down, up, …), keeping each rank's order and
 * its spacing (`offset`: where each node sits when its rank is stacked from 0) at least: a weighted isotonic
 * regression (pool adjacent violators) of desired − offset, whose block values are rounded so that steps stay exact.
 * Works on centres.
 */
function balance(g: Graph, maxRank: number, s: Scratch): void {
  const { outStart, outEdge, inStart, inEdge, src, dst } = g;
  const { layers, layerStart, key, weight, localY, offset, blockValue, blockWeight, blockSize } = s;
  for (let pass = 0; pass < BALANCE_PASSES; pass++) {
    const down = pass % 2 === 0;
    for (let j = 0; j <= maxRank; j++) {
      const r = down ? j : maxRank - j;
      const a = layerStart[r]!;
      const b = layerStart[r + 1]!;
      for (let k = a; k < b; k++) {
        const v = layers[k]!;
        let sum = 0;
        let count = 0;
        for (let i = outStart[v]!; i < outStart[v + 1]!; i++) {
          sum += localY[dst[outEdge[i]!]!]!;
          count++;
        }
        for (let i = inStart[v]!; i < inStart[v + 1]!; i++) {
          sum += localY[src[inEdge[i]!]!]!;
          count++;
        }
        key[v] = (count > 0 ? sum / count : localY[v]!) - offset[v]!;
        weight[v] = count > 0 ? count : LONE_WEIGHT;
      }
      // pool adjacent violators over key (non-decreasing fit)
      let blocks = 0;
      for (let k = a; k < b; k++) {
        const v = layers[k]!;
        let value = key[v]!;
        let w = weight[v]!;
        let count = 1;
        while (blocks > 0 && blockValue[blocks - 1]! > value) {
          const pw = blockWeight[blocks - 1]!;
          value = (value * w + blockValue[blocks - 1]! * pw) / (w + pw);
          w += pw;
          count += blockSize[blocks - 1]!;
          blocks--;
        }
        blockValue[blocks] = value;
        blockWeight[blocks] = w;
        blockSize[blocks] = count;
        blocks++;
      }
      let k = a;
      for (let bi = 0; bi < blocks; bi++) {
        const z = Math.round(blockValue[bi]!);
        for (let c = 0; c < blockSize[bi]!; c++, k++) localY[layers[k]!] = z + offset[layers[k]!]!;
      }
    }
  }
}

/**
 * Counting sort: the items itemAt(0 … count−1) grouped by keyAt(i) ∈ [0, buckets), keeping their order
 * within a group; group k is items[start[k] … start[k+1]).
 */
function groupBy(
  count: number,
  buckets: number,
  keyAt: (i: number) => number,
  itemAt: (i: number) => number,
): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < count; i++) {
    const k = keyAt(i) + 1;
    start[k] = start[k]! + 1;
  }
  for (let k = 0; k < buckets; k++) start[k + 1] = start[k + 1]! + start[k]!;
  const fill = start.slice(0, buckets);
  const items = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = keyAt(i);
    const at = fill[k]!;
    items[at] = itemAt(i);
    fill[k] = at + 1;
  }
  return { start, items };
}

function stripUndefined(options: LayoutOptions): LayoutOptions {
  const out: LayoutOptions = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
