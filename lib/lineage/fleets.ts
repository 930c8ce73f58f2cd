/**
 * Fleets for display: many instances launched from one AMI with one launch pattern are drawn as one card, with the
 * volumes attached only to them folded inside, instead of a fan of instances and a fan of volumes.
 *
 * The pattern is the Auto Scaling group (`aws:autoscaling:groupName`), else the launch template
 * (`aws:ec2launchtemplate:id`), else the instance type. An instance folds when the launch is its only incoming edge
 * and all its outgoing edges attach volumes that nothing else touches but restores (no snapshot taken of them, no
 * other instance); anything else about it keeps it on its own. At least {@link FLEET_MIN} such instances make a fleet
 * with id `fleet:<imageId>:<pattern>`; the launch edge and each distinct restore (snapshot → fleet) stand for theirs.
 *
 * Pure and linear in the size of the graph; the input is not modified.
 */
import { EVIDENCE } from './build';
import type { DisplayGraph, DisplayNode } from './collapse';
import { edgeId, type LineageEdge, type LineageNode } from './types';

export const FLEET_PREFIX = 'fleet:';
export const FLEET_MIN = 6;
const ASG_TAG = 'aws:autoscaling:groupName';
const TEMPLATE_TAG = 'aws:ec2launchtemplate:id';

export interface FleetNode {
  /** `fleet:<imageId>:<pattern>`; never clashes with an EC2 id. */
  id: string;
  kind: 'fleet';
  /** The first member's region and account (a fleet is drawn in its AMI's family). */
  region: string;
  accountId: string | null;
  imageId: string;
  /** What the members share besides the AMI: `Auto Scaling group web`, `launch template lt-…`, `t3.micro`. */
  pattern: string;
  instanceIds: string[];
  /** The volumes attached only to members, folded with them. */
  volumeIds: string[];
  count: number;
  /** Distinct instance types, states (with counts) and regions of the members. */
  types: string[];
  states: { state: string; count: number }[];
  regions: string[];
}

export const isFleetId = (id: string) => id.startsWith(FLEET_PREFIX);

export interface FleetResult {
  graph: DisplayGraph;
  fleets: FleetNode[];
  /** Folded instance or volume id → its fleet's id. */
  fleetOf: Map<string, string>;
}

function patternOf(instance: LineageNode): string {
  const asg = instance.tags[ASG_TAG];
  if (asg) return `Auto Scaling group ${asg}`;
  const template = instance.tags[TEMPLATE_TAG];
  if (template) return `launch template ${template}`;
  return instance.kind === 'instance' ? (instance.details.instanceType ?? 'unknown type') : 'unknown type';
}

/** Per node: incoming and outgoing edges. */
function edgesByNode(edges: readonly LineageEdge[]) {
  const into = new Map<string, LineageEdge[]>();
  const out = new Map<string, LineageEdge[]>();
  for (const e of edges) {
    (into.get(e.target) ?? into.set(e.target, []).get(e.target)!).push(e);
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
  }
  return { into, out };
}

/** The volumes an instance would take into a fleet, or null when the instance must stay on its own. */
function foldableVolumes(instance: DisplayNode, index: ReturnType<typeof edgesByNode>): string[] | null {
  const volumes: string[] = [];
  for (const e of index.out.get(instance.id) ?? []) {
    if (e.kind !== 'attached') return null;
    if ((index.out.get(e.target) ?? []).length > 0) return null;
    const others = (index.into.get(e.target) ?? []).filter((i) => i !== e && i.kind !== 'restored');
    if (others.length > 0) return null;
    volumes.push(e.target);
  }
  return volumes;
}

/** Candidate members, by fleet id. */
function candidates(graph: DisplayGraph, expanded: ReadonlySet<string>) {
  const index = edgesByNode(graph.edges);
  const groups = new Map<string, { imageId: string; pattern: string; members: LineageNode[]; volumes: string[] }>();
  for (const node of graph.nodes) {
    if (node.kind !== 'instance') continue;
    const incoming = index.into.get(node.id) ?? [];
    if (incoming.length !== 1 || incoming[0]!.kind !== 'launched') continue;
    const volumes = foldableVolumes(node, index);
    if (!volumes) continue;
    const imageId = incoming[0]!.source;
    const pattern = patternOf(node);
    const id = `${FLEET_PREFIX}${imageId}:${pattern}`;
    if (expanded.has(id)) continue;
    const group = groups.get(id) ?? groups.set(id, { imageId, pattern, members: [], volumes: [] }).get(id)!;
    group.members.push(node);
    group.volumes.push(...volumes);
  }
  return groups;
}

function makeFleet(id: string, c: { imageId: string; pattern: string; members: LineageNode[]; volumes: string[] }) {
  const states = new Map<string, number>();
  for (const m of c.members) states.set(m.state ?? 'unknown', (states.get(m.state ?? 'unknown') ?? 0) + 1);
  const first = c.members[0]!;
  const fleet: FleetNode = {
    id,
    kind: 'fleet',
    region: first.region,
    accountId: first.accountId,
    imageId: c.imageId,
    pattern: c.pattern,
    instanceIds: c.members.map((m) => m.id),
    volumeIds: c.volumes,
    count: c.members.length,
    types: [...new Set(c.members.map((m) => (m.kind === 'instance' ? m.details.instanceType : null) ?? '?'))].sort(),
    states: [...states].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count),
    regions: [...new Set(c.members.map((m) => m.region))].sort(),
  };
  return fleet;
}

/** Fold each fleet of at least `min` instances not in `expanded` (fleet ids) into one node. See the module comment. */
export function collapseFleets(graph: DisplayGraph, expanded: ReadonlySet<string> = new Set(), min = FLEET_MIN) {
  const fleetOf = new Map<string, string>();
  const byId = new Map<string, FleetNode>();
  for (const [id, c] of candidates(graph, expanded)) {
    if (c.members.length < min) continue;
    const fleet = makeFleet(id, c);
    byId.set(id, fleet);
    for (const m of fleet.instanceIds) fleetOf.set(m, id);
    for (const v of fleet.volumeIds) fleetOf.set(v, id);
  }
  if (byId.size === 0) return { graph, fleets: [], fleetOf } satisfies FleetResult;

  // A fleet takes the place of its first member, its edges the place of the first they replace (the layout is
  // order-sensitive).
  const nodes: DisplayNode[] = [];
  for (const node of graph.nodes) {
    const fleetId = fleetOf.get(node.id);
    if (fleetId === undefined) nodes.push(node);
    else if (node.kind === 'instance' && byId.get(fleetId)!.instanceIds[0] === node.id) nodes.push(byId.get(fleetId)!);
  }
  const edges: LineageEdge[] = [];
  const placed = new Set<string>();
  for (const e of graph.edges) {
    const from = fleetOf.get(e.source);
    const to = fleetOf.get(e.target);
    if (from === undefined && to === undefined) edges.push(e);
    else if (from !== undefined && to === from)
      continue; // inside the fleet
    else {
      const source = from ?? e.source;
      const target = to ?? e.target;
      const id = edgeId(e.kind, source, target);
      if (placed.has(id)) continue;
      placed.add(id);
      const fleet = byId.get((to ?? from)!)!;
      const evidence = e.kind === 'launched' ? `${EVIDENCE.instanceImage} (${fleet.count} instances)` : e.evidence;
      edges.push({ ...e, id, source, target, evidence });
    }
  }
  return { graph: { nodes, edges }, fleets: [...byId.values()], fleetOf } satisfies FleetResult;
}
