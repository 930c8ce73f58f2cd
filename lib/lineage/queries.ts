/**
 * Walks over a LineageGraph. Graphs are treated as immutable: the adjacency index is built once per graph
 * object and cached (WeakMap), so build a new graph rather than mutating one that has been queried.
 *
 * Return types: ancestors/descendants/family give a `Set<string>` of node ids in breadth-first order
 * (iteration order is nearest first); neighbourhood gives the node ids and the edges among them; subgraph gives a
 * LineageGraph. Unknown ids give empty results. All the families at once: `./families`.
 */
import type { EdgeKind, ImageNode, InstanceNode, LineageEdge, LineageGraph, LineageNode } from './types';

export interface GraphIndex {
  readonly graph: LineageGraph;
  readonly nodes: ReadonlyMap<string, LineageNode>;
  /** Edges leaving each node (node is the source), in graph order. */
  readonly outgoing: ReadonlyMap<string, readonly LineageEdge[]>;
  /** Edges entering each node (node is the target), in graph order. */
  readonly incoming: ReadonlyMap<string, readonly LineageEdge[]>;
}

const NO_EDGES: readonly LineageEdge[] = [];
const cache = new WeakMap<LineageGraph, GraphIndex>();
/** Position of each indexed edge in `graph.edges`, to return edges in graph order. */
const edgePositions = new WeakMap<GraphIndex, Map<LineageEdge, number>>();

/** Adjacency of a graph, built once per graph object. Edges whose ends are not nodes of the graph are ignored. */
export function indexGraph(graph: LineageGraph): GraphIndex {
  const cached = cache.get(graph);
  if (cached) return cached;
  const nodes = new Map<string, LineageNode>();
  for (const n of graph.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const outgoing = new Map<string, LineageEdge[]>();
  const incoming = new Map<string, LineageEdge[]>();
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    push(outgoing, e.source, e);
    push(incoming, e.target, e);
  }
  const index: GraphIndex = { graph, nodes, outgoing, incoming };
  cache.set(graph, index);
  return index;
}

function push(map: Map<string, LineageEdge[]>, key: string, edge: LineageEdge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

type Direction = 'up' | 'down' | 'both';

/** Breadth-first walk; the visited ids including the start, nearest first. */
function walk(index: GraphIndex, start: string, direction: Direction, maxDepth = Infinity): Set<string> {
  const seen = new Set<string>();
  if (!index.nodes.has(start)) return seen;
  seen.add(start);
  let frontier = [start];
  for (let depth = 1; frontier.length > 0 && depth <= maxDepth; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (direction !== 'down') {
        for (const e of index.incoming.get(id) ?? NO_EDGES) {
          if (!seen.has(e.source)) {
            seen.add(e.source);
            next.push(e.source);
          }
        }
      }
      if (direction !== 'up') {
        for (const e of index.outgoing.get(id) ?? NO_EDGES) {
          if (!seen.has(e.target)) {
            seen.add(e.target);
            next.push(e.target);
          }
        }
      }
    }
    frontier = next;
  }
  return seen;
}

function without(ids: Set<string>, id: string): Set<string> {
  ids.delete(id);
  return ids;
}

/** Everything the resource came from, following edges backwards (the AMI, its snapshots, their volumes, …). Excludes `id`. */
export function ancestors(graph: LineageGraph, id: string): Set<string> {
  return without(walk(indexGraph(graph), id, 'up'), id);
}

/** Everything made from (or attached to) the resource, following edges forwards. Excludes `id`. */
export function descendants(graph: LineageGraph, id: string): Set<string> {
  return without(walk(indexGraph(graph), id, 'down'), id);
}

/** The connected component of `id`, ignoring edge direction. Includes `id`; empty if `id` is not a node. */
export function family(graph: LineageGraph, id: string): Set<string> {
  return walk(indexGraph(graph), id, 'both');
}

export interface Neighbourhood {
  /** Ids within `depth` hops of the centre in either direction, including it, nearest first. */
  nodeIds: Set<string>;
  /** Every edge of the graph whose two ends are in `nodeIds`, in graph order. */
  edges: LineageEdge[];
}

/** Nodes within `depth` hops of `id` (either direction) and the edges among them. */
export function neighbourhood(graph: LineageGraph, id: string, depth: number): Neighbourhood {
  const index = indexGraph(graph);
  const nodeIds = walk(index, id, 'both', Math.max(0, depth));
  return { nodeIds, edges: edgesAmong(index, nodeIds) };
}

/** The nodes with the given ids (in the order given; unknown ids skipped) and the edges among them, in graph order. */
export function subgraph(graph: LineageGraph, ids: Iterable<string>): LineageGraph {
  const index = indexGraph(graph);
  const wanted = new Set<string>();
  const nodes: LineageNode[] = [];
  for (const id of ids) {
    const node = index.nodes.get(id);
    if (node && !wanted.has(id)) {
      wanted.add(id);
      nodes.push(node);
    }
  }
  return { nodes, edges: edgesAmong(index, wanted) };
}

function edgesAmong(index: GraphIndex, ids: ReadonlySet<string>): LineageEdge[] {
  let positions = edgePositions.get(index);
  if (positions === undefined) {
    positions = new Map(index.graph.edges.map((e, i) => [e, i]));
    edgePositions.set(index, positions);
  }
  const found: LineageEdge[] = [];
  for (const id of ids) {
    for (const e of index.outgoing.get(id) ?? NO_EDGES) if (ids.has(e.target)) found.push(e);
  }
  return found.sort((a, b) => positions.get(a)! - positions.get(b)!);
}

/** The nodes at the other end of a node's edges of one kind: `linked(index, id, 'out', 'backs')`. */
export function linked(index: GraphIndex, id: string, direction: 'in' | 'out', kind: EdgeKind): LineageNode[] {
  const out: LineageNode[] = [];
  const edges = (direction === 'in' ? index.incoming : index.outgoing).get(id) ?? NO_EDGES;
  for (const e of edges) {
    if (e.kind !== kind) continue;
    const node = index.nodes.get(direction === 'in' ? e.source : e.target);
    if (node) out.push(node);
  }
  return out;
}

/** The images whose block device mappings use a snapshot (`backs` edges), in graph order. */
export function imagesBackedBy(index: GraphIndex, snapshotId: string): ImageNode[] {
  return linked(index, snapshotId, 'out', 'backs').filter((n): n is ImageNode => n.kind === 'image');
}

export interface BackingSnapshot {
  id: string;
  /** The snapshot's node, when the graph has it. */
  node: LineageNode | undefined;
  device: string | null;
  sizeGiB: number | null;
  /** The other images that map it: deleting the image's snapshots keeps this one while any of them is registered. */
  otherImages: ImageNode[];
}

/** The snapshots an image maps (its mappings first, then any other `backs` edge), each with its other users. */
export function backingSnapshots(index: GraphIndex, image: ImageNode): BackingSnapshot[] {
  const found = new Map<string, { device: string | null; sizeGiB: number | null }>();
  for (const m of image.details.blockDeviceMappings) {
    if (m.snapshotId !== null && !found.has(m.snapshotId))
      found.set(m.snapshotId, { device: m.deviceName, sizeGiB: m.sizeGiB });
  }
  for (const e of index.incoming.get(image.id) ?? NO_EDGES) {
    if (e.kind === 'backs' && !found.has(e.source)) found.set(e.source, { device: e.label ?? null, sizeGiB: null });
  }
  return [...found].map(([id, mapping]) => {
    const node = index.nodes.get(id);
    return {
      id,
      node,
      device: mapping.device,
      sizeGiB: mapping.sizeGiB ?? node?.sizeGiB ?? null,
      otherImages: imagesBackedBy(index, id).filter((other) => other.id !== image.id),
    };
  });
}

export interface AttachedVolume {
  id: string;
  device: string | null;
  sizeGiB: number | null;
  /** From the volume's attachment to this instance; null when unknown. */
  deleteOnTermination: boolean | null;
}

/** The volumes attached to an instance (`attached` edges), with the device and what termination does to them. */
export function attachedVolumes(index: GraphIndex, instance: InstanceNode): AttachedVolume[] {
  return (index.outgoing.get(instance.id) ?? NO_EDGES)
    .filter((e) => e.kind === 'attached')
    .map((e) => {
      const volume = index.nodes.get(e.target);
      const attachment =
        volume?.kind === 'volume' ? volume.details.attachments.find((a) => a.instanceId === instance.id) : undefined;
      return {
        id: e.target,
        device: e.label ?? attachment?.device ?? null,
        sizeGiB: volume?.sizeGiB ?? null,
        deleteOnTermination: attachment?.deleteOnTermination ?? null,
      };
    });
}

/** Device names offered for attaching a volume, in order. */
const ATTACH_DEVICES = 'fghijklmnop'.split('').map((l) => `/dev/sd${l}`);

/**
 * Where a volume can be attached: the running or stopped instances of its zone (EC2 attaches only within a zone),
 * each with the first device name it does not use yet.
 */
export function attachTargets(index: GraphIndex, volume: LineageNode): { instance: InstanceNode; device: string }[] {
  if (volume.kind !== 'volume') return [];
  const zone = volume.details.availabilityZone;
  const targets: { instance: InstanceNode; device: string }[] = [];
  for (const n of index.nodes.values()) {
    if (n.kind !== 'instance' || n.external || n.details.availabilityZone !== zone) continue;
    if (n.state !== 'running' && n.state !== 'stopped') continue;
    const used = new Set(
      index.outgoing
        .get(n.id)
        ?.filter((e) => e.kind === 'attached')
        .map((e) => e.label),
    );
    const device = ATTACH_DEVICES.find((d) => !used.has(d) && !used.has(d.replace('/dev/sd', '/dev/xvd')));
    if (device) targets.push({ instance: n, device });
  }
  return targets;
}
