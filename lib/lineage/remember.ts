/**
 * Ghosts that remember. EC2 forgets a deleted resource at once; the history store does not. Given what was last
 * known of resources that are gone, a ghost is drawn with its last name, tags, size and details, the time it was
 * last seen, and the edges it had then. Pure: the store hands in plain facts; the graph given is not changed.
 */
import type { LineageEdge, LineageGraph, LineageNode } from './types';

/** What was last known of a resource EC2 no longer returns. */
export interface RememberedResource {
  /** The node as it was last drawn while listed. */
  node: LineageNode;
  /** ISO-8601: the last read that listed it. */
  lastSeenAt: string;
  /** Its edges at that time. */
  edges: readonly LineageEdge[];
}

/** An edge as recorded, with the node that was drawn for each endpoint that was itself a ghost. */
export interface RecordedEdge {
  edge: LineageEdge;
  sourceGhost?: LineageNode;
  targetGhost?: LineageNode;
}

function rememberedGhost(r: RememberedResource): LineageNode {
  return {
    ...r.node,
    state: null,
    external: true,
    externalReason: 'deleted',
    lastSeenAt: r.lastSeenAt,
  };
}

/**
 * Fills in the ghosts of `graph` that `remembered` knows (same id and kind) and adds the edges they had whose both
 * ends are drawn. A listed node is never replaced; a remembered resource that nothing references is not added.
 */
export function remember(graph: LineageGraph, remembered: readonly RememberedResource[]): LineageGraph {
  if (remembered.length === 0) return graph;
  const byId = new Map(remembered.map((r) => [r.node.id, r]));
  let replaced = false;
  const nodes = graph.nodes.map((node) => {
    const r = node.external ? byId.get(node.id) : undefined;
    if (r?.node.kind !== node.kind) return node;
    replaced = true;
    return rememberedGhost(r);
  });
  if (!replaced) return graph;
  const drawn = new Set(nodes.map((n) => n.id));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const edges = [...graph.edges];
  for (const node of nodes) {
    if (node.lastSeenAt === undefined) continue;
    for (const e of byId.get(node.id)?.edges ?? []) {
      if (edgeIds.has(e.id) || !drawn.has(e.source) || !drawn.has(e.target)) continue;
      edgeIds.add(e.id);
      edges.push(e);
    }
  }
  return { nodes, edges };
}

/**
 * A graph from recorded facts (the graph as of a past time, or as last stored): the listed nodes, the edges, and
 * for each endpoint that is not listed the ghost that was drawn for it, then the remembered ones filled in. An
 * edge whose endpoint is known from nowhere is left out.
 */
export function assembleGraph(
  listed: readonly LineageNode[],
  recorded: readonly RecordedEdge[],
  remembered: readonly RememberedResource[],
): LineageGraph {
  const nodes: LineageNode[] = [...listed];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const known = new Map(remembered.map((r) => [r.node.id, r.node]));
  const ensure = (id: string, ghost: LineageNode | undefined): boolean => {
    if (byId.has(id)) return true;
    const node = ghost ?? known.get(id);
    if (!node) return false;
    const drawn: LineageNode = ghost ? node : { ...node, external: true };
    byId.set(id, drawn);
    nodes.push(drawn);
    return true;
  };
  const edges: LineageEdge[] = [];
  const seen = new Set<string>();
  for (const { edge, sourceGhost, targetGhost } of recorded) {
    if (seen.has(edge.id)) continue;
    if (!ensure(edge.source, sourceGhost) || !ensure(edge.target, targetGhost)) continue;
    seen.add(edge.id);
    edges.push(edge);
  }
  return remember({ nodes, edges }, remembered);
}
