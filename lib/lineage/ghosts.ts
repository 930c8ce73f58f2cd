/**
 * Images the account does not own — the public AMI a thousand unrelated instances were launched from — and
 * the snapshots behind them would glue unrelated families together. They are drawn once per family instead:
 * each family gets its own copy, so families stay small and are laid out and packed on their own. Other
 * ghosts (a terminated builder, a deleted volume) belong to their one family as usual. Pure.
 */
import type { DisplayGraph, DisplayNode } from './collapse';
import { families } from './families';
import type { LineageEdge } from './types';

export interface GhostSplit {
  graph: DisplayGraph;
  /** Copy id → the id of the resource it stands for. */
  aliases: Record<string, string>;
}

/** External images, and external snapshots that back nothing but external images. */
export function findHubs(graph: DisplayGraph): Set<string> {
  const external = new Set(
    graph.nodes.filter((n) => n.kind !== 'snapshot-group' && n.kind !== 'fleet' && n.external).map((n) => n.id),
  );
  const kind = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const hubs = new Set([...external].filter((id) => kind.get(id) === 'image'));
  const backsOwnImage = new Set<string>();
  const backsHub = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind !== 'backs' || !external.has(e.source)) continue;
    (hubs.has(e.target) ? backsHub : backsOwnImage).add(e.source);
  }
  for (const id of backsHub) if (!backsOwnImage.has(id)) hubs.add(id);
  return hubs;
}

/** The family (number) of every node that is not a hub. */
export function familiesWithoutHubs(graph: DisplayGraph, hubs: ReadonlySet<string>): Map<string, number> {
  const familyOf = new Map<string, number>();
  families({ nodes: graph.nodes.filter((n) => !hubs.has(n.id)), edges: graph.edges }).forEach((ids, f) => {
    for (const id of ids) familyOf.set(id, f);
  });
  return familyOf;
}

function addOnce<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** The families each hub touches, directly or through another hub (snapshot → public AMI), in order of contact. */
export function familiesTouched(
  graph: DisplayGraph,
  hubs: ReadonlySet<string>,
  familyOf: ReadonlyMap<string, number>,
): Map<string, number[]> {
  const touches = new Map<string, number[]>();
  const hubNeighbours = new Map<string, string[]>();
  for (const e of graph.edges) {
    const sourceHub = hubs.has(e.source);
    const targetHub = hubs.has(e.target);
    const sourceFamily = familyOf.get(e.source);
    const targetFamily = familyOf.get(e.target);
    if (sourceHub && targetHub) {
      addOnce(hubNeighbours, e.source, e.target);
      addOnce(hubNeighbours, e.target, e.source);
    } else if (sourceHub && targetFamily !== undefined) addOnce(touches, e.source, targetFamily);
    else if (targetHub && sourceFamily !== undefined) addOnce(touches, e.target, sourceFamily);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, neighbours] of hubNeighbours) {
      const before = touches.get(id)?.length ?? 0;
      for (const n of neighbours) for (const fam of touches.get(n) ?? []) addOnce(touches, id, fam);
      if ((touches.get(id)?.length ?? 0) !== before) changed = true;
    }
  }
  return touches;
}

/** An edge rewired to the copies of its shared ends: one per family both ends reach, when both are shared. */
function rewire(
  e: LineageEdge,
  copyFor: ReadonlyMap<string, ReadonlyMap<number, string>>,
  familyOf: (id: string) => number | undefined,
): LineageEdge[] {
  const sourceCopies = copyFor.get(e.source);
  const targetCopies = copyFor.get(e.target);
  if (sourceCopies && targetCopies) {
    const out: LineageEdge[] = [];
    for (const [fam, source] of sourceCopies) {
      const target = targetCopies.get(fam);
      if (target === undefined) continue;
      const same = source === e.source && target === e.target;
      out.push(same ? e : { ...e, id: `${e.id}@${fam}`, source, target });
    }
    return out;
  }
  if (sourceCopies) {
    const fam = familyOf(e.target);
    const source = fam === undefined ? undefined : sourceCopies.get(fam);
    return [source && source !== e.source ? { ...e, id: `${e.id}@${source}`, source } : e];
  }
  if (targetCopies) {
    const fam = familyOf(e.source);
    const target = fam === undefined ? undefined : targetCopies.get(fam);
    return [target && target !== e.target ? { ...e, id: `${e.id}@${target}`, target } : e];
  }
  return [e];
}

export function splitSharedGhosts(graph: DisplayGraph): GhostSplit {
  const hubs = findHubs(graph);
  const familyOf = familiesWithoutHubs(graph, hubs);
  const touches = familiesTouched(graph, hubs, familyOf);
  const shared = [...touches].filter(([, fams]) => fams.length > 1);
  if (shared.length === 0) return { graph, aliases: {} };

  // The first family keeps the ghost itself; every other family gets a copy `id@n`.
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const copyFor = new Map<string, Map<number, string>>();
  const aliases: Record<string, string> = {};
  const copies: DisplayNode[] = [];
  for (const [id, fams] of shared) {
    const perFamily = new Map<number, string>([[fams[0]!, id]]);
    fams.slice(1).forEach((fam, i) => {
      const copyId = `${id}@${i + 1}`;
      perFamily.set(fam, copyId);
      aliases[copyId] = id;
      copies.push({ ...byId.get(id)!, id: copyId });
    });
    copyFor.set(id, perFamily);
  }
  /** The one family a resource or an unshared hub belongs to. */
  const familyOfAny = (id: string) => familyOf.get(id) ?? touches.get(id)?.[0];
  const edges = graph.edges.flatMap((e) => rewire(e, copyFor, familyOfAny));
  return { graph: { nodes: [...graph.nodes, ...copies], edges }, aliases };
}

/** The resource a drawn node stands for. */
export const resourceIdOf = (aliases: Readonly<Record<string, string>>, id: string): string => aliases[id] ?? id;
