/**
 * Inventory → LineageGraph, pure and synchronous; the edge table it implements is in docs/ARCHITECTURE.md.
 *
 * A short pipeline: every listed resource becomes a node, then one step per kind of evidence adds its edges.
 * Each step is one pass over one list, and every lookup is by id, so the cost is linear in the inventory.
 * Nodes come in inventory order, then ghosts in order of first reference.
 */
import type { ExternalReason } from './external';
import type {
  Inventory,
  InventoryImage,
  InventoryInstance,
  InventorySnapshot,
  InventoryVolume,
  RegionInventory,
  Timestamp,
} from './inventory';
import { IdIndex } from './id-index';
import { ghostNode, imageNode, instanceNode, snapshotNode, volumeNode } from './nodes';
import { clean, iso, readId } from './read';
import {
  edgeId,
  type EdgeKind,
  type ImageNode,
  type InstanceNode,
  type LineageEdge,
  type LineageGraph,
  type LineageNode,
  type NodeKind,
  type SnapshotNode,
  type SnapshotProvenance,
  type VolumeNode,
} from './types';

/** The field (or description text) each edge is read from; shown with the edge. */
export const EVIDENCE = {
  volumeAttachments: 'Volume.Attachments',
  instanceMappings: 'Instance.BlockDeviceMappings[].Ebs.VolumeId',
  imageMappings: 'Image.BlockDeviceMappings[].Ebs.SnapshotId',
  instanceImage: 'Instance.ImageId',
  volumeSnapshot: 'Volume.SnapshotId',
  snapshotVolume: 'Snapshot.VolumeId',
  sourceInstance: 'Image.SourceInstanceId',
  sourceImage: 'Image.SourceImageId',
  sourceImageAndRegion: 'Image.SourceImageId + Image.SourceImageRegion',
  builderImage: 'Image.SourceImageId (the AMI its source instance was launched from)',
} as const;
const fromDescription = (text: string) => `snapshot description: ${text}`;

/** Kinds of edge that one field of the target alone names (see `GraphBuilder.only`). */
type OnlyKind = 'snapshot-of' | 'restored' | 'created-image';

/** No node: an absent reference, or one not an id of that kind. */
const NONE = -1;

/**
 * The graph being built. A node is known by its index in `nodes`, and what is kept about it while building lives in
 * arrays by that index (no book-keeping object per node). Every listed resource is added before the first reference
 * is read, so the ghosts are the nodes from `ghostsFrom` on.
 */
class GraphBuilder {
  private readonly index: IdIndex;
  readonly nodes: LineageNode[] = [];
  readonly edges: LineageEdge[] = [];
  /**
   * The edges kept into each node, as lists threaded through two arrays of edge positions (+ 1; 0 ends a list)
   * outside the JS heap: by node, the last edge into it; by edge, the one kept before it into the same node.
   * Duplicates are found by scanning the target's list (an in-degree is small: a volume's instances, an image's
   * mappings), so no map of edge ids is needed.
   */
  private lastInto: Int32Array;
  private previousInto: Int32Array;
  private ghostsFrom = Number.MAX_SAFE_INTEGER;
  /** By ghost (its index − ghostsFrom): whether its region came from explicit evidence. */
  private readonly explicitRegion: boolean[] = [];

  /** `expected`: about how many nodes there will be. */
  constructor(expected: number) {
    this.index = new IdIndex(expected);
    this.lastInto = new Int32Array(expected + 1);
    this.previousInto = new Int32Array(expected + 1);
  }

  /** The index of the node with that id, or NONE. */
  find(id: string): number {
    return this.index.find(id);
  }

  /** Whether the node at `i` is a ghost made up from a reference (not listed, not even as an external image). */
  ghost(i: number): boolean {
    return i >= this.ghostsFrom;
  }

  /** Adds a listed resource unless one with that id exists (the first one wins): its index, or NONE. */
  add(node: LineageNode): number {
    const i = this.index.add(node.id);
    if (i !== NONE) this.nodes.push(node);
    return i;
  }

  /**
   * A referenced resource: its node's index, or a new ghost's if it is not in the inventory; NONE if the reference is
   * absent or not an id of that kind (moto's "None"). What the reference says of a ghost: why it is one, the region of
   * the referrer (its region unless explicit evidence names one), the account the evidence implies, a size, and the
   * region explicit evidence names (SourceImageRegion, `from REGION`). A ghost first placed near its referrer moves
   * to the region explicit evidence names later, and takes a size and an account once one is known.
   */
  ref(
    kind: NodeKind,
    rawId: unknown,
    reason: ExternalReason,
    near: string,
    account: string | null = null,
    sizeGiB: number | null = null,
    region: string | null = null,
  ): number {
    return this.refId(kind, readId(kind, rawId), reason, near, account, sizeGiB, region);
  }

  /**
   * `ref` for an id already read (by `readId`, as the nodes' details hold them). An id read as one kind names no node
   * of another (each kind has its own prefix), so a listed node found is the one referred to.
   */
  refId(
    kind: NodeKind,
    id: string | null,
    reason: ExternalReason,
    near: string,
    account: string | null = null,
    sizeGiB: number | null = null,
    region: string | null = null,
  ): number {
    if (id === null) return NONE;
    const i = this.index.find(id);
    if (i === NONE) {
      if (this.ghostsFrom > this.nodes.length) this.ghostsFrom = this.nodes.length;
      this.nodes.push(ghostNode(kind, id, { region: region ?? near, reason, sizeGiB, accountId: account }));
      this.explicitRegion.push(region !== null);
      return this.index.add(id);
    }
    if (i < this.ghostsFrom) return i;
    const node = this.nodes[i]!;
    const g = i - this.ghostsFrom;
    if (region !== null && !this.explicitRegion[g]) {
      node.region = region;
      this.explicitRegion[g] = true;
    }
    if (node.sizeGiB === null && sizeGiB !== null) node.sizeGiB = sizeGiB;
    if (node.accountId === null && account) node.accountId = account;
    return i;
  }

  /**
   * An edge of a kind one field alone names, once per target (snapshot-of, restored, created-image): it cannot be
   * there already, and no later edge is checked against it, so it is not kept among the target's incoming edges.
   */
  only(kind: OnlyKind, source: number, target: number, evidence: string, at: string | null): void {
    if (source === target) return;
    this.edges.push(newEdge(kind, this.index.ids[source]!, this.index.ids[target]!, evidence, null, at));
  }

  /** Adds an edge between two nodes' indexes; false if it was there already (or is a self-loop). */
  edge(
    kind: Exclude<EdgeKind, OnlyKind>,
    source: number,
    target: number,
    evidence: string,
    label?: string | null,
    at?: string | null,
  ): boolean {
    if (source === target) return false;
    const sourceId = this.index.ids[source]!;
    const existing = this.findInto(target, kind, sourceId);
    if (existing) {
      // Same fact from a second field: keep the first evidence, fill in what it lacked.
      if (existing.label === undefined && label) existing.label = label;
      if (existing.at === undefined && at) existing.at = at;
      return false;
    }
    this.push(target, newEdge(kind, sourceId, this.index.ids[target]!, evidence, label, at));
    return true;
  }

  /**
   * attached, from a device name and an attach time as read: both sides of an attachment name it, so the second is
   * usually a duplicate, and its strings are read only if the edge is new or lacks them.
   */
  attach(
    source: number,
    target: number,
    evidence: string,
    device: unknown,
    time: Timestamp | null | undefined,
  ): boolean {
    if (source === target) return false;
    const sourceId = this.index.ids[source]!;
    const existing = this.findInto(target, 'attached', sourceId);
    if (existing) {
      const label = existing.label === undefined ? clean(device) : null;
      if (label) existing.label = label;
      const at = existing.at === undefined ? iso(time) : null;
      if (at) existing.at = at;
      return false;
    }
    this.push(target, newEdge('attached', sourceId, this.index.ids[target]!, evidence, clean(device), iso(time)));
    return true;
  }

  private findInto(target: number, kind: EdgeKind, sourceId: string): LineageEdge | undefined {
    if (target >= this.lastInto.length) return undefined;
    for (let at = this.lastInto[target]!; at !== 0; at = this.previousInto[at - 1]!) {
      const e = this.edges[at - 1]!;
      if (e.kind === kind && e.source === sourceId) return e;
    }
    return undefined;
  }

  private push(target: number, e: LineageEdge): void {
    const at = this.edges.push(e);
    if (target >= this.lastInto.length) this.lastInto = grown(this.lastInto, target);
    if (at > this.previousInto.length) this.previousInto = grown(this.previousInto, at);
    this.previousInto[at - 1] = this.lastInto[target]!;
    this.lastInto[target] = at;
  }
}

/** A copy of `a` with room at least up to index `i`. */
function grown(a: Int32Array, i: number): Int32Array {
  const b = new Int32Array(Math.max(a.length * 2, i + 1));
  b.set(a);
  return b;
}

/** An edge made whole at once, its optional fields present only when known (no object grows afterwards). */
function newEdge(
  kind: EdgeKind,
  source: string,
  target: string,
  evidence: string,
  label: string | null | undefined,
  at: string | null | undefined,
): LineageEdge {
  const id = edgeId(kind, source, target);
  if (label)
    return at ? { id, source, target, kind, evidence, label, at } : { id, source, target, kind, evidence, label };
  return at ? { id, source, target, kind, evidence, at } : { id, source, target, kind, evidence };
}

// ── nodes for everything listed ──────────────────────────────────────────────────────────────────────────────

/**
 * One list of the inventory as nodes: each node and what was read for it, in order. They are added one after
 * another, so the node at `k` has index `from + k` in the graph.
 */
interface Listed<N extends LineageNode, T> {
  from: number;
  nodes: N[];
  raws: T[];
}

/** How one list of an inventory becomes nodes: where the list is, where its id is, and how a node is read. */
type ListSpec<T, N extends LineageNode> = [
  list: (region: RegionInventory) => readonly T[] | undefined,
  idOf: (raw: T) => unknown,
  make: (raw: T, id: string, region: string, accountId: string | null) => N,
];

/** The nodes of one list of every region. A duplicate id (in two regions) keeps the first and is skipped entirely. */
function addListed<T, N extends LineageNode>(
  g: GraphBuilder,
  regions: readonly RegionInventory[],
  kind: N['kind'],
  [list, idOf, make]: ListSpec<T, N>,
  into: Listed<N, T> = { from: g.nodes.length, nodes: [], raws: [] },
): Listed<N, T> {
  for (const region of regions) {
    const raws = list(region);
    if (!raws) continue;
    const accountId = region.accountId ?? null;
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let k = 0; k < raws.length; k++) {
      const raw = raws[k]!;
      const id = readId(kind, idOf(raw));
      if (id === null) continue;
      const node = make(raw, id, region.region, accountId);
      if (g.add(node) === NONE) continue;
      into.nodes.push(node);
      into.raws.push(raw);
    }
  }
  return into;
}

interface Inventoried {
  instances: Listed<InstanceNode, InventoryInstance>;
  volumes: Listed<VolumeNode, InventoryVolume>;
  snapshots: Listed<SnapshotNode, InventorySnapshot>;
  images: Listed<ImageNode, InventoryImage>;
}

function addInventory(g: GraphBuilder, regions: readonly RegionInventory[]): Inventoried {
  const imageId = (raw: InventoryImage) => raw?.ImageId;
  const instances = addListed(g, regions, 'instance', [(r) => r.instances, (raw) => raw?.InstanceId, instanceNode]);
  const volumes = addListed(g, regions, 'volume', [(r) => r.volumes, (raw) => raw?.VolumeId, volumeNode]);
  const snapshots = addListed(g, regions, 'snapshot', [(r) => r.snapshots, (raw) => raw?.SnapshotId, snapshotNode]);
  const owned = (raw: InventoryImage, id: string, region: string, account: string | null) =>
    imageNode(raw, id, region, account, false);
  const images = addListed(g, regions, 'image', [(r) => r.images, imageId, owned]);
  // After the owned ones, so an image listed both as owned and as external stays owned.
  const external = (raw: InventoryImage, id: string, region: string, account: string | null) =>
    imageNode(raw, id, region, account, true);
  addListed(g, regions, 'image', [(r) => r.externalImages, imageId, external], images);
  return { instances, volumes, snapshots, images };
}

// ── one step per kind of evidence ────────────────────────────────────────────────────────────────────────────

/**
 * attached: instance → volume. Volume.Attachments first, so its evidence wins over the instance's mappings.
 * Returns the (instance, volume) index pairs of the new edges, for the instance sizes.
 */
function linkAttachments(g: GraphBuilder, { instances, volumes }: Inventoried): number[] {
  const attached: number[] = [];
  for (let k = 0; k < volumes.nodes.length; k++) {
    const node = volumes.nodes[k]!;
    const v = volumes.from + k;
    const attachments = volumes.raws[k]!.Attachments ?? [];
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let j = 0; j < attachments.length; j++) {
      const a = attachments[j]!;
      const instance = g.ref('instance', a?.InstanceId, 'not-listed', node.region, node.accountId);
      if (instance === NONE) continue;
      if (g.attach(instance, v, EVIDENCE.volumeAttachments, a.Device, a.AttachTime)) attached.push(instance, v);
    }
  }
  for (let k = 0; k < instances.nodes.length; k++) {
    const node = instances.nodes[k]!;
    const i = instances.from + k;
    const mappings = instances.raws[k]!.BlockDeviceMappings ?? [];
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let j = 0; j < mappings.length; j++) {
      const m = mappings[j]!;
      const volume = g.ref('volume', m?.Ebs?.VolumeId, 'not-listed', node.region, node.accountId);
      if (volume === NONE) continue;
      if (g.attach(i, volume, EVIDENCE.instanceMappings, m.DeviceName, m.Ebs?.AttachTime)) attached.push(i, volume);
    }
  }
  return attached;
}

/** backs: snapshot → image. Before restored, so that a snapshot of a public AMI is not called deleted. */
function linkBackingSnapshots(g: GraphBuilder, images: Inventoried['images']): void {
  for (let k = 0; k < images.nodes.length; k++) {
    const node = images.nodes[k]!;
    const mappings = node.details.blockDeviceMappings;
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let j = 0; j < mappings.length; j++) {
      const m = mappings[j]!;
      // An image's snapshots are its owner's.
      const snapshot = g.refId('snapshot', m.snapshotId, 'not-listed', node.region, node.accountId, m.sizeGiB);
      if (snapshot !== NONE)
        g.edge('backs', snapshot, images.from + k, EVIDENCE.imageMappings, m.deviceName, node.createdAt);
    }
  }
}

/** launched: image → instance. */
function linkLaunches(g: GraphBuilder, instances: Inventoried['instances']): void {
  for (let k = 0; k < instances.nodes.length; k++) {
    const node = instances.nodes[k]!;
    const image = g.refId('image', node.details.imageId, 'not-found', node.region);
    if (image !== NONE) g.edge('launched', image, instances.from + k, EVIDENCE.instanceImage, null, node.createdAt);
  }
}

/** restored: snapshot → volume. */
function linkRestores(g: GraphBuilder, volumes: Inventoried['volumes']): void {
  for (let k = 0; k < volumes.nodes.length; k++) {
    const node = volumes.nodes[k]!;
    const snapshot = g.refId('snapshot', node.details.snapshotId, 'deleted', node.region);
    if (snapshot !== NONE) g.only('restored', snapshot, volumes.from + k, EVIDENCE.volumeSnapshot, node.createdAt);
  }
}

type CopyImageFact = NonNullable<SnapshotProvenance['copyImage']>;

/** What snapshot descriptions say about images, by image id. */
interface DescribedImages {
  /** Image id → the CreateImage description naming it (the first one). */
  createdBy: Map<string, NonNullable<SnapshotProvenance['createImage']>>;
  /** Destination image id → the CopyImage description naming it (the first one). */
  copiedFrom: Map<string, CopyImageFact>;
  /** Every CopyImage snapshot copy (its index) with its description. */
  copies: { snapshot: number; fact: CopyImageFact }[];
}

/** snapshot-of: volume → snapshot, and copied: snapshot → snapshot from the console's CopySnapshot description. */
function linkSnapshots(g: GraphBuilder, snapshots: Inventoried['snapshots']): DescribedImages {
  const descriptions: DescribedImages = { createdBy: new Map(), copiedFrom: new Map(), copies: [] };
  for (let k = 0; k < snapshots.nodes.length; k++) {
    const node = snapshots.nodes[k]!;
    const s = snapshots.from + k;
    const { region, sizeGiB, createdAt } = node;
    const volume = g.refId('volume', node.details.volumeId, 'deleted', region, node.accountId, sizeGiB);
    if (volume !== NONE) g.only('snapshot-of', volume, s, EVIDENCE.snapshotVolume, createdAt);

    const provenance = node.details.provenance;
    if (provenance === null) continue;
    const { createImage, copyImage, copySnapshot } = provenance;
    if (createImage && !descriptions.createdBy.has(createImage.imageId))
      descriptions.createdBy.set(createImage.imageId, createImage);
    if (copyImage) {
      if (!descriptions.copiedFrom.has(copyImage.imageId)) descriptions.copiedFrom.set(copyImage.imageId, copyImage);
      descriptions.copies.push({ snapshot: s, fact: copyImage });
    }
    if (copySnapshot) {
      const source = g.ref(
        'snapshot',
        copySnapshot.snapshotId,
        'not-listed',
        region,
        null,
        sizeGiB,
        copySnapshot.region,
      );
      if (source !== NONE) g.edge('copied', source, s, fromDescription(copySnapshot.text), region, createdAt);
    }
  }
  return descriptions;
}

/** The region of a listed (not made up) node, or null. */
function listedRegion(g: GraphBuilder, id: string): string | null {
  const i = g.find(id);
  return i !== NONE && !g.ghost(i) ? g.nodes[i]!.region : null;
}

/** copied: snapshot → snapshot from CopyImage descriptions; the source snapshot lives where the source AMI lives. */
function linkImageCopySnapshots(g: GraphBuilder, copies: DescribedImages['copies']): void {
  for (const { snapshot, fact } of copies) {
    const dest = g.find(fact.imageId);
    const destImage = dest === NONE ? undefined : g.nodes[dest];
    const sourceRegion =
      listedRegion(g, fact.sourceImageId) ?? (destImage?.kind === 'image' ? destImage.details.sourceImageRegion : null);
    const { region, sizeGiB, createdAt } = g.nodes[snapshot]!;
    const source = g.ref('snapshot', fact.sourceSnapshotId, 'not-listed', region, null, sizeGiB, sourceRegion);
    if (source !== NONE) g.edge('copied', source, snapshot, fromDescription(fact.text), region, createdAt);
  }
}

/** created-image: instance → image, from the field, else from the CreateImage description naming this AMI. */
function linkCreator(g: GraphBuilder, at: number, image: ImageNode, descriptions: DescribedImages): number {
  const { region, createdAt, details } = image;
  const fact = details.sourceInstanceId === null ? descriptions.createdBy.get(image.id) : undefined;
  const instanceId = details.sourceInstanceId ?? fact?.instanceId;
  const creator = g.ref('instance', instanceId, 'terminated', region, image.accountId);
  if (creator === NONE) return NONE;
  const evidence = fact ? fromDescription(fact.text) : EVIDENCE.sourceInstance;
  g.only('created-image', creator, at, evidence, createdAt);
  return creator;
}

/**
 * Where an image came from besides its instance: CreateImage records as SourceImageId the AMI its instance was
 * launched from (launched: image → that instance); otherwise SourceImageId, else a CopyImage description, names
 * the image it was copied from (copied: image → image).
 */
function linkImageSource(g: GraphBuilder, at: number, image: ImageNode, creator: number, d: DescribedImages): void {
  const { region, createdAt } = image;
  const { sourceImageId, sourceImageRegion } = image.details;
  if (sourceImageId !== null && creator !== NONE) {
    const source = g.refId('image', sourceImageId, 'not-found', region, null, null, sourceImageRegion);
    const launchedAt = g.nodes[creator]!.createdAt;
    if (source !== NONE) g.edge('launched', source, creator, EVIDENCE.builderImage, null, launchedAt);
  } else if (sourceImageId !== null) {
    const source = g.refId('image', sourceImageId, 'source-not-listed', region, null, null, sourceImageRegion);
    const evidence = sourceImageRegion ? EVIDENCE.sourceImageAndRegion : EVIDENCE.sourceImage;
    if (source !== NONE) g.edge('copied', source, at, evidence, region, createdAt);
  } else if (creator === NONE) {
    const fact = d.copiedFrom.get(image.id);
    if (fact === undefined) return;
    // A missing source AMI lives where its (listed) source snapshot lives.
    const snapshotRegion = listedRegion(g, fact.sourceSnapshotId);
    const source = g.ref('image', fact.sourceImageId, 'source-not-listed', region, null, null, snapshotRegion);
    if (source !== NONE) g.edge('copied', source, at, fromDescription(fact.text), region, createdAt);
  }
}

/** An instance's size is the sum of its attached volumes' sizes, when any is known. */
function sumInstanceSizes(g: GraphBuilder, attached: readonly number[]): void {
  for (let k = 0; k < attached.length; k += 2) {
    const instance = g.nodes[attached[k]!]!;
    const size = g.nodes[attached[k + 1]!]!.sizeGiB;
    if (size !== null) instance.sizeGiB = (instance.sizeGiB ?? 0) + size;
  }
}

/** How many resources the inventory lists. */
function listedCount(regions: readonly RegionInventory[]): number {
  let count = 0;
  for (const r of regions) {
    count += (r.instances?.length ?? 0) + (r.volumes?.length ?? 0) + (r.snapshots?.length ?? 0);
    count += (r.images?.length ?? 0) + (r.externalImages?.length ?? 0);
  }
  return count;
}

/** Build the lineage graph of an inventory. */
export function buildLineage(inventory: Inventory): LineageGraph {
  const g = new GraphBuilder(listedCount(inventory.regions));
  const listed = addInventory(g, inventory.regions);
  const attached = linkAttachments(g, listed);
  linkBackingSnapshots(g, listed.images);
  linkLaunches(g, listed.instances);
  linkRestores(g, listed.volumes);
  const descriptions = linkSnapshots(g, listed.snapshots);
  linkImageCopySnapshots(g, descriptions.copies);
  const { images } = listed;
  for (let k = 0; k < images.nodes.length; k++) {
    const node = images.nodes[k]!;
    const at = images.from + k;
    const creator = linkCreator(g, at, node, descriptions);
    linkImageSource(g, at, node, creator, descriptions);
  }
  sumInstanceSizes(g, attached);
  return { nodes: g.nodes, edges: g.edges };
}
