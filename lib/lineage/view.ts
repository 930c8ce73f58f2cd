/** What the canvas shows: the graph narrowed by the view's filters. Pure. */
import { isGoneReason } from './external';
import { families } from './families';
import { findHubs } from './ghosts';
import { nodeMatcher } from './search';
import type { LineageGraph, LineageNode, NodeKind } from './types';

export const ENCRYPTIONS = ['encrypted', 'unencrypted'] as const;
export type Encryption = (typeof ENCRYPTIONS)[number] | '';

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
  /** EC2 states to show (`running`, `available`, …); empty shows all. */
  states: readonly string[];
  /** A tag to have: `key=value` (the value by prefix, in any case), or `key` for any value; empty for none. */
  tag: string;
  /** Created on or after / before this day (YYYY-MM-DD, UTC); empty for no bound. */
  createdAfter: string;
  createdBefore: string;
  /** Size bounds in GiB; null for none. A resource of unknown size is kept only without bounds. */
  minGiB: number | null;
  maxGiB: number | null;
  /** Only volumes, snapshots and images that EBS encrypts, or only those it does not; empty for either. */
  encryption: Encryption;
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
  states: [],
  tag: '',
  createdAfter: '',
  createdBefore: '',
  minGiB: null,
  maxGiB: null,
  encryption: '',
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

/** The regions holding something that is still changing by itself (read past the server's cache while polling). */
export function pendingRegions(nodes: readonly LineageNode[]): string[] {
  const regions = new Set<string>();
  for (const n of nodes) if (!n.external && isTransitional(n.state)) regions.add(n.region);
  return [...regions].sort();
}

/**
 * Families as the canvas draws them: a public or shared image (and its snapshots) joins none of the families launched
 * from it, and is kept beside each family kept. The ids of the families `wanted` picks, with their hubs.
 */
export function drawnFamilies(graph: LineageGraph, wanted: (ids: readonly string[]) => boolean): Set<string> {
  const hubs = findHubs(graph);
  const kept = new Set<string>();
  for (const ids of families({ nodes: graph.nodes.filter((n) => !hubs.has(n.id)), edges: graph.edges })) {
    if (wanted(ids)) for (const id of ids) kept.add(id);
  }
  for (const id of hubs) if (wanted([id])) kept.add(id);
  // A hub beside a kept family, and a hub's snapshot beside a kept hub: two passes reach both.
  for (let pass = 0; pass < 2; pass++) {
    for (const { source, target } of graph.edges) {
      if (hubs.has(source) && kept.has(target)) kept.add(source);
      if (hubs.has(target) && kept.has(source)) kept.add(target);
    }
  }
  return kept;
}

/** The nodes of the families with a resource matching the query. */
function matchingFamilies(graph: LineageGraph, query: string): Set<string> {
  const matches = nodeMatcher(query);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return drawnFamilies(graph, (ids) => ids.some((id) => matches(byId.get(id)!)));
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

/** The tag filter's test: `key=value` (or `key:value`) by the value's start, `key` alone for any value. */
function hasTag(tag: string): (n: LineageNode) => boolean {
  const [key = '', value] = tag
    .trim()
    .toLowerCase()
    .split(/[=:](.*)/s, 2);
  if (!key) return () => true;
  return (n) =>
    Object.entries(n.tags).some(([k, v]) => k.toLowerCase() === key && (!value || v.toLowerCase().startsWith(value)));
}

/** Whether the node's encryption is the one asked for; a resource with no encryption of its own has neither. */
function encryptedAsAsked(n: LineageNode, encryption: Encryption): boolean {
  if (!encryption) return true;
  const encrypted = n.kind === 'instance' ? undefined : n.details.encrypted;
  return typeof encrypted === 'boolean' && encrypted === (encryption === 'encrypted');
}

/** The filters on a node's own facts: state, tag, creation day and size. */
function ownFacts(filters: ViewFilters): (n: LineageNode) => boolean {
  const states = new Set(filters.states);
  const tagged = hasTag(filters.tag);
  const { createdAfter: after, createdBefore: before, minGiB, maxGiB } = filters;
  return (n) => {
    if (states.size > 0 && !states.has(n.state ?? '')) return false;
    if (!tagged(n) || !encryptedAsAsked(n, filters.encryption)) return false;
    const day = n.createdAt?.slice(0, 10);
    if ((after || before) && !day) return false;
    if (day && ((after && day < after) || (before && day >= before))) return false;
    if (minGiB === null && maxGiB === null) return true;
    if (n.sizeGiB === null) return false;
    return (minGiB === null || n.sizeGiB >= minGiB) && (maxGiB === null || n.sizeGiB <= maxGiB);
  };
}

export function applyFilters(graph: LineageGraph, filters: ViewFilters): LineageGraph {
  const inAccounts = filters.accounts.length > 0 ? ofAccounts(graph, filters.accounts) : () => true;
  const regions = new Set(filters.regions);
  const kinds = new Set(filters.kinds);
  const own = ownFacts(filters);
  let keep = (n: LineageNode) =>
    (regions.size === 0 || regions.has(n.region)) &&
    (kinds.size === 0 || kinds.has(n.kind)) &&
    inAccounts(n) &&
    !(filters.hideGone && isGone(n)) &&
    own(n);
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
