/**
 * Families: the connected components of a graph, edge direction ignored. One union-find serves the layout (over
 * node numbers, in typed arrays), the drawing of shared ghosts once per family, and every query for families.
 */

export interface FamilyNumbers {
  /** Each node's family, numbered 0… in the order of each family's first node. */
  of: Int32Array;
  count: number;
}

/** Families of nodes 0…n−1 joined by the edges (src[e], dst[e]) for e < m. Linear but for the inverse Ackermann. */
export function numberFamilies(n: number, m: number, src: Int32Array, dst: Int32Array): FamilyNumbers {
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) {
      const p = parent[parent[v]!]!;
      parent[v] = p;
      v = p;
    }
    return v;
  };
  for (let e = 0; e < m; e++) {
    const a = find(src[e]!);
    const b = find(dst[e]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const numberOfRoot = new Int32Array(n).fill(-1);
  const of = new Int32Array(n);
  let count = 0;
  for (let v = 0; v < n; v++) {
    const r = find(v);
    if (numberOfRoot[r] === -1) numberOfRoot[r] = count++;
    of[v] = numberOfRoot[r]!;
  }
  return { of, count };
}

export interface GraphLike {
  nodes: readonly { readonly id: string }[];
  edges: readonly { readonly source: string; readonly target: string }[];
}

/** A graph in numbers: node ids in order (a repeated id counts once), and its edges as pairs of node numbers. */
export interface NumberedGraph {
  ids: string[];
  /** The edges whose ends are both nodes and differ: src[e] → dst[e] for e < m. */
  src: Int32Array;
  dst: Int32Array;
  m: number;
  /** The index in `graph.edges` of edge e. */
  input: Int32Array;
}

export function numberGraph(graph: GraphLike): NumberedGraph {
  const index = new Map<string, number>();
  const ids: string[] = [];
  for (const { id } of graph.nodes) {
    if (index.has(id)) continue;
    index.set(id, ids.length);
    ids.push(id);
  }
  const src = new Int32Array(graph.edges.length);
  const dst = new Int32Array(graph.edges.length);
  const input = new Int32Array(graph.edges.length);
  let m = 0;
  graph.edges.forEach((e, i) => {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) return;
    src[m] = s;
    dst[m] = t;
    input[m] = i;
    m++;
  });
  return { ids, src, dst, m, input };
}

/**
 * The families of a graph, biggest first (equal sizes in the order of their first node), each listing its ids in
 * graph order. Edges with an end that is not a node are ignored.
 */
export function families(graph: GraphLike): string[][] {
  const { ids, src, dst, m } = numberGraph(graph);
  const { of, count } = numberFamilies(ids.length, m, src, dst);
  const out = Array.from({ length: count }, (): string[] => []);
  ids.forEach((id, v) => out[of[v]!]!.push(id));
  // Array.prototype.sort is stable, so equal sizes keep the order of their first node.
  return out.sort((a, b) => b.length - a.length);
}
