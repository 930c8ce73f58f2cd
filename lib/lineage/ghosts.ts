/**
 * Images the account does not own — the public AMI a thousand unrelated instances were launched from — and
 * the snapshots behind them would glue unrelated families together. They are drawn once per family instead:
 * each family gets its own copy, so families stay small and are laid out and packed on their own. Other
 * ghosts (a terminated builder, a deleted volume) belong to their one family as usual. Pure.
 */
import type { DisplayGraph, DisplayNode } from './collapse';
import type { LineageEdge } from './types';

export interface GhostSplit {
  graph: DisplayGraph;
  /** Copy id → the id of the resource it stands for. */
  aliases: Record<string, string>;
}

/** External images, and external snapshots that back nothing but external images. */
function findHubs(graph: DisplayGraph): Set<string> {
  const external = new Set(graph.nodes.filter((n) => n.kind !== 'snapshot-group' && n.external).map((n) => n.id));
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

export function splitSharedGhosts(graph: DisplayGraph): GhostSplit {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const hubs = findHubs(graph);
  const ghost = (id: string) => hubs.has(id);

  // Families of everything but the hubs.
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let cur = id; cur !== root;) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  for (const n of graph.nodes) if (!hubs.has(n.id)) parent.set(n.id, n.id);
  for (const e of graph.edges) {
    if (parent.has(e.source) && parent.has(e.target)) {
      const a = find(e.source);
      const b = find(e.target);
      if (a !== b) parent.set(b, a);
    }
  }

  // The families each hub touches, directly or through another hub (snapshot → public AMI).
  const touches = new Map<string, string[]>();
  const ghostNeighbours = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const e of graph.edges) {
    const sg = ghost(e.source);
    const tg = ghost(e.target);
    if (sg && tg) {
      add(ghostNeighbours, e.source, e.target);
      add(ghostNeighbours, e.target, e.source);
    } else if (sg && parent.has(e.target)) add(touches, e.source, find(e.target));
    else if (tg && parent.has(e.source)) add(touches, e.target, find(e.source));
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, neighbours] of ghostNeighbours) {
      const before = touches.get(id)?.length ?? 0;
      for (const n of neighbours) for (const fam of touches.get(n) ?? []) add(touches, id, fam);
      if ((touches.get(id)?.length ?? 0) !== before) changed = true;
    }
  }

  const shared = [...touches].filter(([, fams]) => fams.length > 1);
  if (shared.length === 0) return { graph, aliases: {} };

  // The first family keeps the ghost itself; every other family gets a copy `id@n`.
  const copyFor = new Map<string, Map<string, string>>();
  const aliases: Record<string, string> = {};
  const copies: DisplayNode[] = [];
  for (const [id, fams] of shared) {
    const perFamily = new Map<string, string>([[fams[0]!, id]]);
    fams.slice(1).forEach((fam, i) => {
      const copyId = `${id}@${i + 1}`;
      perFamily.set(fam, copyId);
      aliases[copyId] = id;
      copies.push({ ...(byId.get(id) as DisplayNode), id: copyId });
    });
    copyFor.set(id, perFamily);
  }

  /** The one family a resource or unshared hub belongs to. */
  const familyOf = (id: string) => (parent.has(id) ? find(id) : touches.get(id)?.[0]);

  const edges: LineageEdge[] = [];
  for (const e of graph.edges) {
    const sCopies = copyFor.get(e.source);
    const tCopies = copyFor.get(e.target);
    if (!sCopies && !tCopies) {
      edges.push(e);
    } else if (sCopies && tCopies) {
      // Between two shared hubs: one edge per family both reach.
      for (const [fam, sid] of sCopies) {
        const tid = tCopies.get(fam);
        if (tid)
          edges.push(
            sid === e.source && tid === e.target ? e : { ...e, id: `${e.id}@${fam}`, source: sid, target: tid },
          );
      }
    } else if (sCopies) {
      const fam = familyOf(e.target);
      const sid = fam === undefined ? undefined : sCopies.get(fam);
      edges.push(sid && sid !== e.source ? { ...e, id: `${e.id}@${sid}`, source: sid } : e);
    } else {
      const fam = familyOf(e.source);
      const tid = fam === undefined ? undefined : tCopies!.get(fam);
      edges.push(tid && tid !== e.target ? { ...e, id: `${e.id}@${tid}`, target: tid } : e);
    }
  }
  return { graph: { nodes: [...graph.nodes, ...copies], edges }, aliases };
}

/** The resource a drawn node stands for. */
export const resourceIdOf = (aliases: Readonly<Record<string, string>>, id: string): string => aliases[id] ?? id;
