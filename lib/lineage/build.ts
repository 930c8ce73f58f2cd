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
  InventoryVolume,
  RegionInventory,
  Timestamp,
} from './inventory';
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

/** Book-keeping per node while building; for a listed resource, also what was read (one object per node). */
interface Rec<N extends LineageNode = LineageNode, T = unknown> {
  node: N;
  /** What the inventory listed; null for a ghost. */
  raw: T | null;
  /**
   * Edges into this node so far (one, or several). Duplicates are found by scanning the target's incoming
   * edges (an in-degree is small: a volume's instances, an image's mappings), so no map of edge ids is needed.
   */
  incoming: LineageEdge | LineageEdge[] | null;
  /** Made up from a reference (not listed, not even as an external image). */
  ghost: boolean;
  /** Ghosts only: whether the region came from explicit evidence (SourceImageRegion, `from REGION`). */
  explicitRegion: boolean;
}

/** A listed resource: its node and what was read. */
type ListedRec<N extends LineageNode, T> = Rec<N, T> & { raw: T };

/** How a resource is referenced, and what that says of it should it be a ghost. */
interface Reference {
  reason: ExternalReason;
  /** The region of the referencing resource: a ghost's region unless evidence names one. */
  near: string;
  /** The region explicit evidence names (SourceImageRegion, `from REGION`). */
  region?: string | null;
  sizeGiB?: number | null;
  /** The account the evidence implies (a volume's snapshot is in the volume's account); absent when it implies none. */
  account?: string | null;
}

class GraphBuilder {
  private readonly recs = new Map<string, Rec>();
  readonly nodes: LineageNode[] = [];
  readonly edges: LineageEdge[] = [];

  get(id: string): Rec | undefined {
    return this.recs.get(id);
  }

  /** Adds a listed resource unless one with that id exists (the first one wins). */
  add<N extends LineageNode, T>(node: N, raw: T): ListedRec<N, T> | null {
    if (this.recs.has(node.id)) return null;
    return this.insert(node, raw, false, false) as ListedRec<N, T>;
  }

  private insert<N extends LineageNode, T>(node: N, raw: T | null, ghost: boolean, explicitRegion: boolean): Rec<N, T> {
    const rec: Rec<N, T> = { node, raw, incoming: null, ghost, explicitRegion };
    this.recs.set(node.id, rec);
    this.nodes.push(node);
    return rec;
  }

  /**
   * A referenced resource: its node, or a new ghost if it is not in the inventory; null if the reference is absent
   * or not an id of that kind (moto's "None"). A ghost first placed near its referrer moves to the region explicit
   * evidence names later, and takes a size once one is known.
   */
  ref(kind: NodeKind, rawId: unknown, why: Reference): Rec | null {
    const id = readId(kind, rawId);
    if (id === null) return null;
    const region = why.region ?? null;
    const sizeGiB = why.sizeGiB ?? null;
    const rec = this.recs.get(id);
    if (rec === undefined) {
      const accountId = why.account ?? null;
      const node = ghostNode(kind, id, { region: region ?? why.near, reason: why.reason, sizeGiB, accountId });
      return this.insert(node, null, true, region !== null);
    }
    const node = rec.node;
    if (node.kind !== kind) return null;
    if (rec.ghost) {
      if (region !== null && !rec.explicitRegion) {
        node.region = region;
        rec.explicitRegion = true;
      }
      if (node.sizeGiB === null && sizeGiB !== null) node.sizeGiB = sizeGiB;
      if (node.accountId === null && why.account) node.accountId = why.account;
    }
    return rec;
  }

  /** Adds an edge; false if it was there already (or is a self-loop). */
  edge(kind: EdgeKind, source: Rec, target: Rec, evidence: string, label?: string | null, at?: string | null): boolean {
    if (source === target) return false;
    const existing = findIncoming(target.incoming, kind, source.node.id);
    if (existing) {
      // Same fact from a second field: keep the first evidence, fill in what it lacked.
      if (existing.label === undefined && label) existing.label = label;
      if (existing.at === undefined && at) existing.at = at;
      return false;
    }
    this.push(target, newEdge(kind, source.node.id, target.node.id, evidence, label, at));
    return true;
  }

  /**
   * attached, from a device name and an attach time as read: both sides of an attachment name it, so the second is
   * usually a duplicate, and its strings are read only if the edge is new or lacks them.
   */
  attach(source: Rec, target: Rec, evidence: string, device: unknown, time: Timestamp | null | undefined): boolean {
    if (source === target) return false;
    const existing = findIncoming(target.incoming, 'attached', source.node.id);
    if (existing) {
      const label = existing.label === undefined ? clean(device) : null;
      if (label) existing.label = label;
      const at = existing.at === undefined ? iso(time) : null;
      if (at) existing.at = at;
      return false;
    }
    this.push(target, newEdge('attached', source.node.id, target.node.id, evidence, clean(device), iso(time)));
    return true;
  }

  private push(target: Rec, e: LineageEdge): void {
    const incoming = target.incoming;
    if (incoming === null) target.incoming = e;
    else if (Array.isArray(incoming)) incoming.push(e);
    else target.incoming = [incoming, e];
    this.edges.push(e);
  }
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

function findIncoming(incoming: Rec['incoming'], kind: EdgeKind, sourceId: string): LineageEdge | undefined {
  if (incoming === null) return undefined;
  if (Array.isArray(incoming)) return incoming.find((e) => e.kind === kind && e.source === sourceId);
  return incoming.kind === kind && incoming.source === sourceId ? incoming : undefined;
}

// ── nodes for everything listed ──────────────────────────────────────────────────────────────────────────────

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
  into: ListedRec<N, T>[] = [],
): ListedRec<N, T>[] {
  for (const region of regions) {
    const raws = list(region);
    if (!raws) continue;
    const accountId = region.accountId ?? null;
    for (const raw of raws) {
      const id = readId(kind, idOf(raw));
      if (id === null) continue;
      const rec = g.add(make(raw, id, region.region, accountId), raw);
      if (rec) into.push(rec);
    }
  }
  return into;
}

interface Listed {
  instances: ListedRec<InstanceNode, InventoryInstance>[];
  volumes: ListedRec<VolumeNode, InventoryVolume>[];
  snapshots: ListedRec<SnapshotNode, unknown>[];
  images: ListedRec<ImageNode, unknown>[];
}

function addInventory(g: GraphBuilder, regions: readonly RegionInventory[]): Listed {
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
 * Returns the (instance, volume) pairs of the new edges, for the instance sizes.
 */
function linkAttachments(g: GraphBuilder, { instances, volumes }: Listed): Rec[] {
  const attached: Rec[] = [];
  for (const rec of volumes) {
    const { raw, node } = rec;
    const attachments = raw.Attachments ?? [];
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let j = 0; j < attachments.length; j++) {
      const a = attachments[j]!;
      const why: Reference = { reason: 'not-listed', near: node.region, account: node.accountId };
      const instance = g.ref('instance', a?.InstanceId, why);
      if (instance === null) continue;
      if (g.attach(instance, rec, EVIDENCE.volumeAttachments, a.Device, a.AttachTime)) {
        attached.push(instance, rec);
      }
    }
  }
  for (const rec of instances) {
    const { raw, node } = rec;
    const mappings = raw.BlockDeviceMappings ?? [];
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let j = 0; j < mappings.length; j++) {
      const m = mappings[j]!;
      const why: Reference = { reason: 'not-listed', near: node.region, account: node.accountId };
      const volume = g.ref('volume', m?.Ebs?.VolumeId, why);
      if (volume === null) continue;
      if (g.attach(rec, volume, EVIDENCE.instanceMappings, m.DeviceName, m.Ebs?.AttachTime)) {
        attached.push(rec, volume);
      }
    }
  }
  return attached;
}

/** backs: snapshot → image. Before restored, so that a snapshot of a public AMI is not called deleted. */
function linkBackingSnapshots(g: GraphBuilder, images: Listed['images']): void {
  for (const rec of images) {
    const node = rec.node;
    const mappings = node.details.blockDeviceMappings;
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let j = 0; j < mappings.length; j++) {
      const m = mappings[j]!;
      // An image's snapshots are its owner's.
      const why: Reference = { reason: 'not-listed', near: node.region, sizeGiB: m.sizeGiB, account: node.accountId };
      const snapshot = g.ref('snapshot', m.snapshotId, why);
      if (snapshot !== null) g.edge('backs', snapshot, rec, EVIDENCE.imageMappings, m.deviceName, node.createdAt);
    }
  }
}

/** launched: image → instance. */
function linkLaunches(g: GraphBuilder, instances: Listed['instances']): void {
  for (const rec of instances) {
    const node = rec.node;
    const image = g.ref('image', node.details.imageId, { reason: 'not-found', near: node.region });
    if (image !== null) g.edge('launched', image, rec, EVIDENCE.instanceImage, null, node.createdAt);
  }
}

/** restored: snapshot → volume. */
function linkRestores(g: GraphBuilder, volumes: Listed['volumes']): void {
  for (const rec of volumes) {
    const node = rec.node;
    const snapshot = g.ref('snapshot', node.details.snapshotId, { reason: 'deleted', near: node.region });
    if (snapshot !== null) g.edge('restored', snapshot, rec, EVIDENCE.volumeSnapshot, null, node.createdAt);
  }
}

type CopyImageFact = NonNullable<SnapshotProvenance['copyImage']>;

/** What snapshot descriptions say about images, by image id. */
interface DescribedImages {
  /** Image id → the CreateImage description naming it (the first one). */
  createdBy: Map<string, NonNullable<SnapshotProvenance['createImage']>>;
  /** Destination image id → the CopyImage description naming it (the first one). */
  copiedFrom: Map<string, CopyImageFact>;
  /** Every CopyImage snapshot copy with its description. */
  copies: { snapshot: Rec; fact: CopyImageFact }[];
}

/** snapshot-of: volume → snapshot, and copied: snapshot → snapshot from the console's CopySnapshot description. */
function linkSnapshots(g: GraphBuilder, snapshots: Listed['snapshots']): DescribedImages {
  const descriptions: DescribedImages = { createdBy: new Map(), copiedFrom: new Map(), copies: [] };
  for (const rec of snapshots) {
    const node = rec.node;
    const { region, sizeGiB, createdAt } = node;
    const why: Reference = { reason: 'deleted', near: region, sizeGiB, account: node.accountId };
    const volume = g.ref('volume', node.details.volumeId, why);
    if (volume !== null) g.edge('snapshot-of', volume, rec, EVIDENCE.snapshotVolume, null, createdAt);

    const provenance = node.details.provenance;
    if (provenance === null) continue;
    const { createImage, copyImage, copySnapshot } = provenance;
    if (createImage && !descriptions.createdBy.has(createImage.imageId))
      descriptions.createdBy.set(createImage.imageId, createImage);
    if (copyImage) {
      if (!descriptions.copiedFrom.has(copyImage.imageId)) descriptions.copiedFrom.set(copyImage.imageId, copyImage);
      descriptions.copies.push({ snapshot: rec, fact: copyImage });
    }
    if (copySnapshot) {
      const why: Reference = { reason: 'not-listed', near: region, region: copySnapshot.region, sizeGiB };
      const source = g.ref('snapshot', copySnapshot.snapshotId, why);
      if (source !== null) g.edge('copied', source, rec, fromDescription(copySnapshot.text), region, createdAt);
    }
  }
  return descriptions;
}

/** copied: snapshot → snapshot from CopyImage descriptions; the source snapshot lives where the source AMI lives. */
function linkImageCopySnapshots(g: GraphBuilder, copies: DescribedImages['copies']): void {
  for (const { snapshot, fact } of copies) {
    const sourceImage = g.get(fact.sourceImageId);
    const destImage = g.get(fact.imageId)?.node;
    const sourceRegion =
      sourceImage && !sourceImage.ghost
        ? sourceImage.node.region
        : destImage?.kind === 'image'
          ? destImage.details.sourceImageRegion
          : null;
    const copy = snapshot.node;
    const why: Reference = { reason: 'not-listed', near: copy.region, region: sourceRegion, sizeGiB: copy.sizeGiB };
    const source = g.ref('snapshot', fact.sourceSnapshotId, why);
    if (source !== null) g.edge('copied', source, snapshot, fromDescription(fact.text), copy.region, copy.createdAt);
  }
}

/** created-image: instance → image, from the field, else from the CreateImage description naming this AMI. */
function linkCreator(g: GraphBuilder, rec: Rec, image: ImageNode, descriptions: DescribedImages): Rec | null {
  const { region, createdAt, details } = image;
  const fact = details.sourceInstanceId === null ? descriptions.createdBy.get(image.id) : undefined;
  const instanceId = details.sourceInstanceId ?? fact?.instanceId;
  const creator = g.ref('instance', instanceId, { reason: 'terminated', near: region, account: image.accountId });
  if (creator === null) return null;
  const evidence = fact ? fromDescription(fact.text) : EVIDENCE.sourceInstance;
  g.edge('created-image', creator, rec, evidence, null, createdAt);
  return creator;
}

/**
 * Where an image came from besides its instance: CreateImage records as SourceImageId the AMI its instance was
 * launched from (launched: image → that instance); otherwise SourceImageId, else a CopyImage description, names
 * the image it was copied from (copied: image → image).
 */
function linkImageSource(g: GraphBuilder, rec: Rec, image: ImageNode, creator: Rec | null, d: DescribedImages): void {
  const { region, createdAt } = image;
  const { sourceImageId, sourceImageRegion } = image.details;
  if (sourceImageId !== null && creator !== null) {
    const source = g.ref('image', sourceImageId, { reason: 'not-found', near: region, region: sourceImageRegion });
    if (source !== null) g.edge('launched', source, creator, EVIDENCE.builderImage, null, creator.node.createdAt);
  } else if (sourceImageId !== null) {
    const why: Reference = { reason: 'source-not-listed', near: region, region: sourceImageRegion };
    const source = g.ref('image', sourceImageId, why);
    const evidence = sourceImageRegion ? EVIDENCE.sourceImageAndRegion : EVIDENCE.sourceImage;
    if (source !== null) g.edge('copied', source, rec, evidence, region, createdAt);
  } else if (creator === null) {
    const fact = d.copiedFrom.get(image.id);
    if (fact === undefined) return;
    // A missing source AMI lives where its (listed) source snapshot lives.
    const sourceSnapshot = g.get(fact.sourceSnapshotId);
    const snapshotRegion = sourceSnapshot && !sourceSnapshot.ghost ? sourceSnapshot.node.region : null;
    const why: Reference = { reason: 'source-not-listed', near: region, region: snapshotRegion };
    const source = g.ref('image', fact.sourceImageId, why);
    if (source !== null) g.edge('copied', source, rec, fromDescription(fact.text), region, createdAt);
  }
}

/** An instance's size is the sum of its attached volumes' sizes, when any is known. */
function sumInstanceSizes(attached: readonly Rec[]): void {
  for (let i = 0; i < attached.length; i += 2) {
    const instance = attached[i]!.node;
    const size = attached[i + 1]!.node.sizeGiB;
    if (size !== null) instance.sizeGiB = (instance.sizeGiB ?? 0) + size;
  }
}

/** Build the lineage graph of an inventory. */
export function buildLineage(inventory: Inventory): LineageGraph {
  const g = new GraphBuilder();
  const listed = addInventory(g, inventory.regions);
  const attached = linkAttachments(g, listed);
  linkBackingSnapshots(g, listed.images);
  linkLaunches(g, listed.instances);
  linkRestores(g, listed.volumes);
  const descriptions = linkSnapshots(g, listed.snapshots);
  linkImageCopySnapshots(g, descriptions.copies);
  for (const rec of listed.images) {
    const node = rec.node;
    const creator = linkCreator(g, rec, node, descriptions);
    linkImageSource(g, rec, node, creator, descriptions);
  }
  sumInstanceSizes(attached);
  return { nodes: g.nodes, edges: g.edges };
}
