/** What the canvas shows: the graph narrowed by the view's filters. Pure. */
import { isGoneReason } from './external';
import { families } from './families';
import { findHubs } from './ghosts';
import { nodeMatcher } from './search';
import type { LineageGraph, LineageNode, NodeKind } from './types';

export interface ViewFilters {
  /** Regions to show; empty shows all. */
  regions: readonly string[];
  /** Kinds to show; empty shows all. */
  kinds: readonly NodeKind[];
  /**
   * Accounts to show; empty shows all. What is linked directly to them stays too, whoever owns it, so an account's
   * instances keep the image another account shared with them.
   */
  accounts: readonly string[];
  /** Hide terminated instances, deleted volumes, deregistered images and ghosts of deleted resources. */
  hideGone: boolean;
  /** The search text. */
  query: string;
  /** With a query: show only the families that contain a match. */
  onlyMatching: boolean;
}

export const NO_FILTERS: ViewFilters = {
  regions: [],
  kinds: [],
  accounts: [],
  hideGone: false,
  query: '',
  onlyMatching: false,
};

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

/**
 * The nodes of the families with a resource matching the query. A public or shared image (and its snapshots) does
 * not join the families launched from it: it is kept beside each family kept, as the canvas draws it once per family.
 */
function matchingFamilies(graph: LineageGraph, query: string): Set<string> {
  const matches = nodeMatcher(query);
  const hubs = findHubs(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const kept = new Set<string>();
  for (const ids of families({ nodes: graph.nodes.filter((n) => !hubs.has(n.id)), edges: graph.edges })) {
    if (ids.some((id) => matches(byId.get(id)!))) for (const id of ids) kept.add(id);
  }
  for (const id of hubs) if (matches(byId.get(id)!)) kept.add(id);
  // A hub beside a kept family, and a hub's snapshot beside a kept hub: two passes reach both.
  for (let pass = 0; pass < 2; pass++) {
    for (const { source, target } of graph.edges) {
      if (hubs.has(source) && kept.has(target)) kept.add(source);
      if (hubs.has(target) && kept.has(source)) kept.add(target);
    }
  }
  return kept;
}

/** The nodes of the chosen accounts, and what is linked to them directly. */
function ofAccounts(graph: LineageGraph, accounts: readonly string[]): (n: LineageNode) => boolean {
  const chosen = new Set(accounts);
  const inChosen = (n: LineageNode | undefined) => n?.accountId != null && chosen.has(n.accountId);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const linked = new Set<string>();
  for (const e of graph.edges) {
    const [source, target] = [byId.get(e.source), byId.get(e.target)];
    if (inChosen(source)) linked.add(e.target);
    if (inChosen(target)) linked.add(e.source);
  }
  return (n) => inChosen(n) || linked.has(n.id);
}

export function applyFilters(graph: LineageGraph, filters: ViewFilters): LineageGraph {
  const inAccounts = filters.accounts.length > 0 ? ofAccounts(graph, filters.accounts) : () => true;
  const regions = new Set(filters.regions);
  const kinds = new Set(filters.kinds);
  let keep = (n: LineageNode) =>
    (regions.size === 0 || regions.has(n.region)) &&
    (kinds.size === 0 || kinds.has(n.kind)) &&
    inAccounts(n) &&
    !(filters.hideGone && isGone(n));
  if (filters.onlyMatching && filters.query.trim()) {
    const inFamily = matchingFamilies(graph, filters.query);
    const base = keep;
    keep = (n) => base(n) && inFamily.has(n.id);
  }
  const nodes = graph.nodes.filter(keep);
  if (nodes.length === graph.nodes.length) return graph;
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}
