/**
 * Collapsing long snapshot chains for display: a volume with dozens of daily backups is drawn as one
 * stacked "N snapshots of vol-…" card instead of N cards.
 *
 * Only snapshots that are leaves of the lineage are collapsed: taken of a volume (one incoming
 * `snapshot-of` edge) and nothing made from them (no outgoing edge: they back no AMI, were never restored,
 * never copied). A snapshot that backs an AMI, was restored or copied always stays its own node, as does
 * anything else with an extra incoming edge. When more than `threshold` such leaves hang off one volume,
 * they become one {@link SnapshotGroupNode} with id `group:<volumeId>`, and a single `snapshot-of` edge from
 * the volume to the group replaces their edges.
 *
 * Pure and linear in the size of the graph; the input graph is not modified.
 */
import { EVIDENCE } from './build';
import type { FleetNode } from './fleets';
import { edgeId, type LineageEdge, type LineageGraph, type LineageNode } from './types';

export const SNAPSHOT_GROUP_PREFIX = 'group:';
export const DEFAULT_COLLAPSE_THRESHOLD = 5;

/** Several leaf snapshots of one volume, drawn as one node. */
export interface SnapshotGroupNode {
  /** `group:<volumeId>` (see {@link snapshotGroupId}); never clashes with an EC2 id. */
  id: string;
  kind: 'snapshot-group';
  /** The volume's region (snapshots live in the region of their volume). */
  region: string;
  volumeId: string;
  /** The collapsed snapshots, newest first (by start time; unknown times last, ties by id). */
  snapshotIds: string[];
  count: number;
  /** The largest snapshot size (a volume may have grown), else the volume's size, else null. */
  sizeGiB: number | null;
  /** Start time of the oldest and of the newest snapshot (ISO-8601), null when none is known. */
  firstAt: string | null;
  lastAt: string | null;
  /** How many of them are still `pending`, so the card can show progress. */
  pendingCount: number;
}

/** What the canvas draws: lineage nodes, groups standing in for collapsed snapshots, fleets for folded instances. */
export type DisplayNode = LineageNode | SnapshotGroupNode | FleetNode;

/** A graph ready to lay out and draw. Edges keep the lineage edge type; a group's edge is a `snapshot-of`. */
export interface DisplayGraph {
  nodes: DisplayNode[];
  edges: LineageEdge[];
}

export function isSnapshotGroupNode(node: DisplayNode): node is SnapshotGroupNode {
  return node.kind === 'snapshot-group';
}

/** The id of the group that stands for the collapsed snapshots of `volumeId`. */
export function snapshotGroupId(volumeId: string): string {
  return `${SNAPSHOT_GROUP_PREFIX}${volumeId}`;
}

/** The volume id of a group id, or null if `id` is not a group id. */
export function volumeIdOfGroup(id: string): string | null {
  return id.startsWith(SNAPSHOT_GROUP_PREFIX) ? id.slice(SNAPSHOT_GROUP_PREFIX.length) : null;
}

export interface CollapseOptions {
  /** Collapse when a volume has more than this many leaf snapshots. Default 5. */
  threshold?: number;
  /**
   * Volume ids whose snapshots stay expanded (drawn one by one). Volume ids, not group ids: convert a
   * clicked group with {@link volumeIdOfGroup}.
   */
  expanded?: ReadonlySet<string>;
}

export interface CollapseResult {
  graph: DisplayGraph;
  /** The groups made, in the order they appear in `graph.nodes`. */
  groups: SnapshotGroupNode[];
  /** Collapsed snapshot id → id of the group that holds it (for search and selection). */
  groupOf: ReadonlyMap<string, string>;
}

interface Candidate {
  volume: LineageNode;
  snapshots: LineageNode[];
}

/** Replace each long run of leaf snapshots of one volume by a group node. See the module comment. */
export function collapseSnapshotChains(graph: LineageGraph, options: CollapseOptions = {}): CollapseResult {
  const threshold = options.threshold ?? DEFAULT_COLLAPSE_THRESHOLD;
  const expanded = options.expanded;

  const byId = new Map<string, LineageNode>();
  for (const node of graph.nodes) if (!byId.has(node.id)) byId.set(node.id, node);

  // Degrees, and for each snapshot its single snapshot-of edge (if that is its only incoming edge).
  const outDegree = new Map<string, number>();
  const inDegree = new Map<string, number>();
  const snapshotOf = new Map<string, LineageEdge>();
  for (const e of graph.edges) {
    outDegree.set(e.source, (outDegree.get(e.source) ?? 0) + 1);
    inDegree.set(e.target, (inDegree.get(e.target) ?? 0) + 1);
    if (e.kind === 'snapshot-of') snapshotOf.set(e.target, e);
  }

  // Leaf snapshots per volume.
  const candidates = new Map<string, Candidate>();
  for (const [snapshotId, e] of snapshotOf) {
    const snapshot = byId.get(snapshotId);
    const volume = byId.get(e.source);
    if (snapshot?.kind !== 'snapshot' || volume?.kind !== 'volume') continue;
    if (outDegree.has(snapshotId) || inDegree.get(snapshotId) !== 1) continue;
    if (expanded?.has(volume.id)) continue;
    let c = candidates.get(volume.id);
    if (!c) {
      c = { volume, snapshots: [] };
      candidates.set(volume.id, c);
    }
    c.snapshots.push(snapshot);
  }

  const groupOf = new Map<string, string>();
  const groupById = new Map<string, SnapshotGroupNode>();
  for (const c of candidates.values()) {
    if (c.snapshots.length <= threshold) continue;
    const group = makeGroup(c);
    groupById.set(group.id, group);
    for (const s of c.snapshots) groupOf.set(s.id, group.id);
  }

  if (groupById.size === 0) {
    return { graph: { nodes: graph.nodes.slice(), edges: graph.edges.slice() }, groups: [], groupOf };
  }

  // Each group takes the place of its first snapshot in the node list, and its edge the place of the
  // first replaced edge, so the output order follows the input order (layout is order-sensitive).
  const nodes: DisplayNode[] = [];
  const groups: SnapshotGroupNode[] = [];
  const placed = new Set<string>();
  for (const node of graph.nodes) {
    const groupId = groupOf.get(node.id);
    if (groupId === undefined) {
      nodes.push(node);
      continue;
    }
    const group = groupById.get(groupId)!;
    if (!placed.has(group.id)) {
      placed.add(group.id);
      nodes.push(group);
      groups.push(group);
    }
  }

  const edges: LineageEdge[] = [];
  const edgePlaced = new Set<string>();
  for (const e of graph.edges) {
    const groupId = e.kind === 'snapshot-of' ? groupOf.get(e.target) : undefined;
    if (groupId === undefined) {
      edges.push(e);
      continue;
    }
    if (edgePlaced.has(groupId)) continue;
    edgePlaced.add(groupId);
    const group = groupById.get(groupId)!;
    const edge: LineageEdge = {
      id: edgeId('snapshot-of', e.source, group.id),
      source: e.source,
      target: group.id,
      kind: 'snapshot-of',
      evidence: `${EVIDENCE.snapshotVolume} (${group.count} snapshots)`,
    };
    if (group.lastAt !== null) edge.at = group.lastAt;
    edges.push(edge);
  }
  return { graph: { nodes, edges }, groups, groupOf };
}

function makeGroup({ volume, snapshots }: Candidate): SnapshotGroupNode {
  const sorted = snapshots.slice().sort(newestFirst);
  let sizeGiB: number | null = null;
  let firstAt: string | null = null;
  let lastAt: string | null = null;
  let pendingCount = 0;
  for (const s of sorted) {
    if (s.sizeGiB !== null && (sizeGiB === null || s.sizeGiB > sizeGiB)) sizeGiB = s.sizeGiB;
    const at = s.createdAt;
    if (at !== null) {
      if (firstAt === null || compareTime(at, firstAt) < 0) firstAt = at;
      if (lastAt === null || compareTime(at, lastAt) > 0) lastAt = at;
    }
    if (s.state === 'pending') pendingCount++;
  }
  return {
    id: snapshotGroupId(volume.id),
    kind: 'snapshot-group',
    region: volume.region,
    volumeId: volume.id,
    snapshotIds: sorted.map((s) => s.id),
    count: sorted.length,
    sizeGiB: sizeGiB ?? volume.sizeGiB,
    firstAt,
    lastAt,
    pendingCount,
  };
}

/** ISO-8601 strings from the builder are canonical (UTC, milliseconds), so they compare as strings; parse otherwise. */
function compareTime(a: string, b: string): number {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

function newestFirst(a: LineageNode, b: LineageNode): number {
  if (a.createdAt !== b.createdAt) {
    if (a.createdAt === null) return 1;
    if (b.createdAt === null) return -1;
    const byTime = compareTime(b.createdAt, a.createdAt);
    if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
