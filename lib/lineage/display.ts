/** From a (filtered) lineage graph to what the canvas draws: chains collapsed, families laid out. Pure. */
import { type CollapseResult, collapseSnapshotChains } from './collapse';
import { collapseFleets } from './fleets';
import { splitSharedGhosts } from './ghosts';
import { layoutGraph } from './layout';
import type { LineageGraph } from './types';

export interface DisplayRequest {
  graph: LineageGraph;
  /** Volume ids whose snapshot chains stay expanded, and fleet ids that stay expanded. */
  expanded: string[];
}

export interface DisplayResult {
  graph: CollapseResult['graph'];
  positions: Record<string, { x: number; y: number }>;
  /** Collapsed snapshot id → its group id; an instance or volume folded into a fleet → the fleet's id. */
  groupOf: Record<string, string>;
  /** Each family's box on the canvas, biggest first. */
  families: { x: number; y: number; width: number; height: number }[];
  /** Where the biggest family starts: its leftmost node nearest its middle (a large account opens there). */
  start: { x: number; y: number } | null;
  /** Drawn copy id → the resource it stands for (a shared public AMI is drawn once per family). */
  aliases: Record<string, string>;
  /** Node ids whose family spans more than one region (they show a region chip). */
  multiRegion: string[];
  /** Edge id → the lanes it runs along (entry and exit of each), for an edge that passes ranks between its ends. */
  lanes: Record<string, readonly { x: number; y: number }[]>;
  layoutMs: number;
}

function familyStart(
  family: { ids: string[]; y: number; height: number } | undefined,
  positions: Record<string, { x: number; y: number }>,
): { x: number; y: number } | null {
  if (!family) return null;
  const middle = family.y + family.height / 2;
  let best: { x: number; y: number } | null = null;
  for (const id of family.ids) {
    const p = positions[id];
    if (p && (!best || p.x < best.x || (p.x === best.x && Math.abs(p.y - middle) < Math.abs(best.y - middle))))
      best = p;
  }
  return best;
}

export function prepareDisplay({ graph, expanded }: DisplayRequest): DisplayResult {
  const started = performance.now();
  const open = new Set(expanded);
  const collapsed = collapseSnapshotChains(graph, { expanded: open });
  const fleets = collapseFleets(collapsed.graph, open);
  const split = splitSharedGhosts(fleets.graph);
  const layout = layoutGraph(split.graph);
  const region = new Map(split.graph.nodes.map((n) => [n.id, n.region]));
  const multiRegion: string[] = [];
  for (const fam of layout.families) {
    const regions = new Set(fam.ids.map((id) => region.get(id)));
    if (regions.size > 1) multiRegion.push(...fam.ids);
  }
  const lanes: DisplayResult['lanes'] = {};
  split.graph.edges.forEach((e, i) => {
    const points = layout.lanes[i]!;
    if (points.length > 0) lanes[e.id] = points;
  });
  return {
    graph: split.graph,
    aliases: split.aliases,
    families: layout.families.map(({ x, y, width, height }) => ({ x, y, width, height })),
    start: familyStart(layout.families[0], layout.positions),
    positions: layout.positions,
    groupOf: Object.fromEntries([...collapsed.groupOf, ...fleets.fleetOf]),
    multiRegion,
    lanes,
    layoutMs: performance.now() - started,
  };
}
