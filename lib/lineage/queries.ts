/**
 * Walks over a LineageGraph. Graphs are treated as immutable: the adjacency index is built once per graph
 * object and cached (WeakMap), so build a new graph rather than mutating one that has been queried.
 *
 * Return types: ancestors/descendants/family give a `Set<string>` of node ids in breadth-first order
 * (iteration order is nearest first); families gives `string[][]`; neighbourhood gives the node ids and
 * the edges among them; subgraph gives a LineageGraph. Unknown ids give empty results.
 */
import type { LineageEdge, LineageGraph, LineageNode } from './types';

export interface GraphIndex {
  readonly graph: LineageGraph;
  readonly nodes: ReadonlyMap<string, LineageNode>;
  /** Edges leaving each node (node is the source), in graph order. */
  readonly outgoing: ReadonlyMap<string, readonly LineageEdge[]>;
  /** Edges entering each node (node is the target), in graph order. */
  readonly incoming: ReadonlyMap<string, readonly LineageEdge[]>;
}

const NO_EDGES: readonly LineageEdge[] = [];
const cache = new WeakMap<LineageGraph, GraphIndex>();
/** Position of each indexed edge in `graph.edges`, to return edges in graph order. */
const edgePositions = new WeakMap<GraphIndex, Map<LineageEdge, number>>();

/** Adjacency of a graph, built once per graph object. Edges whose ends are not nodes of the graph are ignored. */
export function indexGraph(graph: LineageGraph): GraphIndex {
  const cached = cache.get(graph);
  if (cached) return cached;
  const nodes = new Map<string, LineageNode>();
  for (const n of graph.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const outgoing = new Map<string, LineageEdge[]>();
  const incoming = new Map<string, LineageEdge[]>();
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    push(outgoing, e.source, e);
    push(incoming, e.target, e);
  }
  const index: GraphIndex = { graph, nodes, outgoing, incoming };
  cache.set(graph, index);
  return index;
}

function push(map: Map<string, LineageEdge[]>, key: string, edge: LineageEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

type Direction = 'up' | 'down' | 'both';

/** Breadth-first walk; the visited ids including the start, nearest first. */
function walk(index: GraphIndex, start: string, direction: Direction, maxDepth = Infinity): Set<string> {
  const seen = new Set<string>();
  if (!index.nodes.has(start)) return seen;
  seen.add(start);
  let frontier = [start];
  for (let depth = 1; frontier.length > 0 && depth <= maxDepth; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (direction !== 'down') {
        for (const e of index.incoming.get(id) ?? NO_EDGES) {
          if (!seen.has(e.source)) {
            seen.add(e.source);
            next.push(e.source);
          }
        }
      }
      if (direction !== 'up') {
        for (const e of index.outgoing.get(id) ?? NO_EDGES) {
          if (!seen.has(e.target)) {
            seen.add(e.target);
            next.push(e.target);
          }
        }
      }
    }
    frontier = next;
  }
  return seen;
}

function without(ids: Set<string>, id: string): Set<string> {
  ids.delete(id);
  return ids;
}

/** Everything the resource came from, following edges backwards (the AMI, its snapshots, their volumes, …). Excludes `id`. */
export function ancestors(graph: LineageGraph, id: string): Set<string> {
  return without(walk(indexGraph(graph), id, 'up'), id);
}

/** Everything made from (or attached to) the resource, following edges forwards. Excludes `id`. */
export function descendants(graph: LineageGraph, id: string): Set<string> {
  return without(walk(indexGraph(graph), id, 'down'), id);
}

/** The connected component of `id`, ignoring edge direction. Includes `id`; empty if `id` is not a node. */
export function family(graph: LineageGraph, id: string): Set<string> {
  return walk(indexGraph(graph), id, 'both');
}

/**
 * All connected components, biggest first (ties: in order of their first node in `graph.nodes`).
 * Each component lists its ids breadth-first from that first node.
 */
export function families(graph: LineageGraph): string[][] {
  const index = indexGraph(graph);
  const assigned = new Set<string>();
  const out: string[][] = [];
  for (const id of index.nodes.keys()) {
    if (assigned.has(id)) continue;
    const members = [...walk(index, id, 'both')];
    for (const m of members) assigned.add(m);
    out.push(members);
  }
  // Array.prototype.sort is stable, so equal sizes keep graph order.
  return out.sort((a, b) => b.length - a.length);
}

export interface Neighbourhood {
  /** Ids within `depth` hops of the centre in either direction, including it, nearest first. */
  nodeIds: Set<string>;
  /** Every edge of the graph whose two ends are in `nodeIds`, in graph order. */
  edges: LineageEdge[];
}

/** Nodes within `depth` hops of `id` (either direction) and the edges among them. */
export function neighbourhood(graph: LineageGraph, id: string, depth: number): Neighbourhood {
  const index = indexGraph(graph);
  const nodeIds = walk(index, id, 'both', Math.max(0, depth));
  return { nodeIds, edges: edgesAmong(index, nodeIds) };
}

/** The nodes with the given ids (in the order given; unknown ids skipped) and the edges among them, in graph order. */
export function subgraph(graph: LineageGraph, ids: Iterable<string>): LineageGraph {
  const index = indexGraph(graph);
  const wanted = new Set<string>();
  const nodes: LineageNode[] = [];
  for (const id of ids) {
    const node = index.nodes.get(id);
    if (node && !wanted.has(id)) {
      wanted.add(id);
      nodes.push(node);
    }
  }
  return { nodes, edges: edgesAmong(index, wanted) };
}

/** One subgraph per family (connected component), biggest first: for laying out each family on its own. */
export function familyGraphs(graph: LineageGraph): LineageGraph[] {
  return families(graph).map((ids) => subgraph(graph, ids));
}

function edgesAmong(index: GraphIndex, ids: ReadonlySet<string>): LineageEdge[] {
  let positions = edgePositions.get(index);
  if (positions === undefined) {
    positions = new Map(index.graph.edges.map((e, i) => [e, i]));
    edgePositions.set(index, positions);
  }
  const found: LineageEdge[] = [];
  for (const id of ids) {
    for (const e of index.outgoing.get(id) ?? NO_EDGES) if (ids.has(e.target)) found.push(e);
  }
  return found.sort((a, b) => positions.get(a)! - positions.get(b)!);
}
