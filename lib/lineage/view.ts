/** What the canvas shows: the graph narrowed by the view's filters, and search over it. Pure. */
import { isGoneReason } from './external';
import { families } from './families';
import type { LineageGraph, LineageNode, NodeKind } from './types';

export interface ViewFilters {
  /** Regions to show; empty shows all. */
  regions: readonly string[];
  /** Kinds to show; empty shows all. */
  kinds: readonly NodeKind[];
  /** Hide terminated instances, deleted volumes, deregistered images and ghosts of deleted resources. */
  hideGone: boolean;
  /** The search text. */
  query: string;
  /** With a query: show only the families that contain a match. */
  onlyMatching: boolean;
}

export const NO_FILTERS: ViewFilters = { regions: [], kinds: [], hideGone: false, query: '', onlyMatching: false };

const GONE_STATES = new Set(['terminated', 'shutting-down', 'deleted', 'deleting', 'deregistered']);

/** Terminated, deleted or deregistered, or a ghost of something that was. */
export function isGone(node: LineageNode): boolean {
  if (node.state && GONE_STATES.has(node.state)) return true;
  return node.external && isGoneReason(node.externalReason);
}

const TRANSITIONAL = new Set(['pending', 'creating', 'stopping', 'shutting-down', 'deleting']);

/** A state EC2 moves out of by itself. */
export const isTransitional = (state: string | null): boolean => state !== null && TRANSITIONAL.has(state);

/** True while anything is still changing by itself (worth polling for). */
export function hasPending(nodes: readonly LineageNode[]): boolean {
  return nodes.some((n) => isTransitional(n.state));
}

/** How well a node matches a search: 0 for no match, higher is better. */
export function matchScore(node: LineageNode, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const id = node.id.toLowerCase();
  const name = node.name?.toLowerCase() ?? '';
  if (id === q || name === q) return 4;
  if (name.startsWith(q) || id.startsWith(q)) return 3;
  if (name.includes(q) || id.includes(q)) return 2;
  return Object.values(node.tags).some((v) => v.toLowerCase().includes(q)) ? 1 : 0;
}

/** Nodes matching the query, best first (ties keep graph order). */
export function search(nodes: readonly LineageNode[], query: string, limit = 20): LineageNode[] {
  return nodes
    .map((node, order) => ({ node, order, score: matchScore(node, query) }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((m) => m.node);
}

export function applyFilters(graph: LineageGraph, filters: ViewFilters): LineageGraph {
  const regions = new Set(filters.regions);
  const kinds = new Set(filters.kinds);
  let keep = (n: LineageNode) =>
    (regions.size === 0 || regions.has(n.region)) &&
    (kinds.size === 0 || kinds.has(n.kind)) &&
    !(filters.hideGone && isGone(n));
  if (filters.onlyMatching && filters.query.trim()) {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const inFamily = new Set<string>();
    for (const ids of families(graph)) {
      if (ids.some((id) => matchScore(byId.get(id)!, filters.query) > 0)) for (const id of ids) inFamily.add(id);
    }
    const base = keep;
    keep = (n) => base(n) && inFamily.has(n.id);
  }
  const nodes = graph.nodes.filter(keep);
  if (nodes.length === graph.nodes.length) return graph;
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}
