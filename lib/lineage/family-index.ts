/**
 * The family index: the families of a graph as the canvas draws them (a shared public AMI and the snapshots behind
 * it belong to every family that uses them rather than joining those families), each summarised for the overview
 * of a large account, and each member's family for loading one family on demand. Pure; computed once per graph.
 */
import { familiesTouched, familiesWithoutHubs, findHubs } from './ghosts';
import { NODE_KINDS, type LineageGraph, type LineageNode, type NodeKind } from './types';

/** What the overview says of a family. */
export interface FamilySummary {
  /** The family's first resource in graph order that is drawn in no other family; any member's id names it too. */
  id: string;
  /** A name to show: the first named instance or image of the family, else of any member; null when none has one. */
  name: string | null;
  /** Resources drawn in it, shared public images included. */
  resources: number;
  kinds: Record<NodeKind, number>;
  /** GiB held by its own volumes and snapshots. */
  sizeGiB: number;
  /** Its regions, most resources first. */
  regions: string[];
  /** Resources per account (accounts of ghosts that name none are left out). */
  accounts: Record<string, number>;
  /** Findings on its resources. */
  findings: number;
}

export interface FamilyIndex {
  /** Biggest first (equal sizes in the order of their first resource). */
  families: FamilySummary[];
  /** Total resources drawn, shared images counted once per family that draws them. */
  drawn: number;
  /** The family of a resource: by its id, the first family (biggest) for a shared image. */
  familyOf(id: string): FamilySummary | undefined;
  /**
   * A family's resources and the edges between them, in graph order; undefined for an unknown id. `from` is the
   * graph indexed or a later build of the same inventory (same resources in the same order, details may differ).
   */
  graphOf(id: string, from?: LineageGraph): (LineageGraph & { family: FamilySummary }) | undefined;
}

const emptyKinds = (): Record<NodeKind, number> =>
  Object.fromEntries(NODE_KINDS.map((k) => [k, 0])) as Record<NodeKind, number>;

/** Each family's member numbers (positions in graph.nodes), families numbered as `familiesWithoutHubs` numbers them. */
function membersOf(graph: LineageGraph): { members: number[][]; first: Map<string, number>; ids: string[] } {
  const hubs = findHubs(graph);
  const familyOf = familiesWithoutHubs(graph, hubs);
  const touches = familiesTouched(graph, hubs, familyOf);
  let count = 0;
  for (const f of familyOf.values()) count = Math.max(count, f + 1);
  const members = Array.from({ length: count }, (): number[] => []);
  const first = new Map<string, number>();
  /** Each family's first resource that belongs to it alone. */
  const ids: string[] = [];
  graph.nodes.forEach((n, i) => {
    const own = familyOf.get(n.id);
    const fams = own !== undefined ? [own] : (touches.get(n.id) ?? []);
    if (fams.length === 0) fams.push(members.push([]) - 1); // a shared image nothing of the account uses
    for (const f of fams) members[f]!.push(i);
    first.set(n.id, fams[0]!);
    if (fams.length === 1) ids[fams[0]!] ??= n.id;
  });
  for (let f = 0; f < members.length; f++) ids[f] ??= graph.nodes[members[f]![0]!]!.id;
  return { members, first, ids };
}

function summarise(id: string, nodes: readonly LineageNode[], member: readonly number[], flagged: ReadonlySet<string>) {
  const kinds = emptyKinds();
  const regions = new Map<string, number>();
  const accounts: Record<string, number> = {};
  let sizeGiB = 0;
  let findings = 0;
  let name: string | null = null;
  let anyName: string | null = null;
  for (const i of member) {
    const n = nodes[i]!;
    kinds[n.kind]++;
    regions.set(n.region, (regions.get(n.region) ?? 0) + 1);
    if (n.accountId) accounts[n.accountId] = (accounts[n.accountId] ?? 0) + 1;
    if (!n.external && (n.kind === 'volume' || n.kind === 'snapshot')) sizeGiB += n.sizeGiB ?? 0;
    if (flagged.has(n.id)) findings++;
    if (n.name && name === null && (n.kind === 'instance' || n.kind === 'image') && !n.external) name = n.name;
    anyName ??= n.name;
  }
  const byCount = [...regions].sort((a, b) => b[1] - a[1]).map(([r]) => r);
  return { id, name: name ?? anyName, resources: member.length, kinds, sizeGiB, regions: byCount, accounts, findings };
}

/**
 * The family index of a graph. `flagged` holds the resources with findings (counted per family). Linear in the
 * graph but for the sort of the families.
 */
export function familyIndex(graph: LineageGraph, flagged: ReadonlySet<string> = new Set()): FamilyIndex {
  const { members, first, ids } = membersOf(graph);
  const summaries = members.map((m, f) => summarise(ids[f]!, graph.nodes, m, flagged));
  const order = summaries.map((_, f) => f).sort((a, b) => summaries[b]!.resources - summaries[a]!.resources);
  const byNumber = summaries;
  const byId = new Map<string, number>(first);
  let edgesByFamily: number[][] | null = null;
  const edgesOf = (f: number): number[] => (edgesByFamily ??= groupEdges(graph, members))[f]!;
  return {
    families: order.map((f) => byNumber[f]!),
    drawn: members.reduce((sum, m) => sum + m.length, 0),
    familyOf: (id) => {
      const f = byId.get(id);
      return f === undefined ? undefined : byNumber[f];
    },
    graphOf: (id, from = graph) => {
      const f = byId.get(id);
      if (f === undefined) return undefined;
      const nodes = members[f]!.map((i) => from.nodes[i]!);
      return { nodes, edges: edgesOf(f).map((e) => from.edges[e]!), family: byNumber[f]! };
    },
  };
}

/** Each family's edges (positions in graph.edges): those whose ends are both drawn in it. */
function groupEdges(graph: LineageGraph, members: readonly number[][]): number[][] {
  const familiesOf = new Map<string, number[]>();
  members.forEach((m, f) => {
    for (const i of m) {
      const id = graph.nodes[i]!.id;
      const list = familiesOf.get(id);
      if (list) list.push(f);
      else familiesOf.set(id, [f]);
    }
  });
  const out = members.map((): number[] => []);
  graph.edges.forEach((e, k) => {
    const from = familiesOf.get(e.source);
    const to = familiesOf.get(e.target);
    if (from && to) for (const f of from) if (to.includes(f)) out[f]!.push(k);
  });
  return out;
}

/** What the overview says of the families it does not draw one by one: per region (a family's first region). */
export interface RegionRest {
  region: string;
  families: number;
  resources: number;
  sizeGiB: number;
  findings: number;
}

/**
 * The families after the first `limit`, summed per region (added to `into`, sums of further families), most resources
 * first.
 */
export function summariseRest(
  families: readonly FamilySummary[],
  limit: number,
  into: readonly RegionRest[] = [],
): RegionRest[] {
  const byRegion = new Map<string, RegionRest>(into.map((r) => [r.region, { ...r }]));
  for (const f of families.slice(limit)) {
    const region = f.regions[0] ?? 'unknown';
    const r = byRegion.get(region) ?? { region, families: 0, resources: 0, sizeGiB: 0, findings: 0 };
    r.families++;
    r.resources += f.resources;
    r.sizeGiB += f.sizeGiB;
    r.findings += f.findings;
    byRegion.set(region, r);
  }
  return [...byRegion.values()].sort((a, b) => b.resources - a.resources);
}
