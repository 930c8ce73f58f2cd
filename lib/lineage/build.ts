/**
 * Inventory → LineageGraph, pure and synchronous; the edge table it implements is in docs/ARCHITECTURE.md.
 *
 * A short pipeline: every listed resource becomes a node, then one step per kind of evidence adds its edges.
 * Each step is one pass over one list, and every lookup is by id, so the cost is linear in the inventory.
 * Nodes come in inventory order, then ghosts in order of first reference.
 */
import type { ExternalReason } from './external';
import type { Inventory, InventoryImage, InventoryInstance, InventoryVolume, RegionInventory } from './inventory';
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

/** Book-keeping per node while building. */
interface Rec {
  node: LineageNode;
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

/** A listed resource: what was read, its node, and its book-keeping. */
interface Entry<T, N extends LineageNode> {
  raw: T;
  rec: Rec;
  node: N;
}

/** How a resource is referenced, and what that says of it should it be a ghost. */
interface Reference {
  reason: ExternalReason;
  /** The region of the referencing resource: a ghost's region unless evidence names one. */
  near: string;
  /** The region explicit evidence names (SourceImageRegion, `from REGION`). */
  region?: string | null;
  sizeGiB?: number | null;
}

class GraphBuilder {
  private readonly recs = new Map<string, Rec>();
  readonly nodes: LineageNode[] = [];
  readonly edges: LineageEdge[] = [];

  get(id: string): Rec | undefined {
    return this.recs.get(id);
  }

  /** Adds a listed resource unless one with that id exists (the first one wins). */
  add(node: LineageNode): Rec | null {
    if (this.recs.has(node.id)) return null;
    return this.insert(node, false, false);
  }

  private insert(node: LineageNode, ghost: boolean, explicitRegion: boolean): Rec {
    const rec: Rec = { node, incoming: null, ghost, explicitRegion };
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
      const node = ghostNode(kind, id, { region: region ?? why.near, reason: why.reason, sizeGiB });
      return this.insert(node, true, region !== null);
    }
    const node = rec.node;
    if (node.kind !== kind) return null;
    if (rec.ghost) {
      if (region !== null && !rec.explicitRegion) {
        node.region = region;
        rec.explicitRegion = true;
      }
      if (node.sizeGiB === null && sizeGiB !== null) node.sizeGiB = sizeGiB;
    }
    return rec;
  }

  /** Adds an edge; false if it was there already (or is a self-loop). */
  edge(kind: EdgeKind, source: Rec, target: Rec, evidence: string, label?: string | null, at?: string | null): boolean {
    if (source === target) return false;
    const sourceId = source.node.id;
    const existing = findIncoming(target.incoming, kind, sourceId);
    if (existing) {
      // Same fact from a second field: keep the first evidence, fill in what it lacked.
      if (existing.label === undefined && label) existing.label = label;
      if (existing.at === undefined && at) existing.at = at;
      return false;
    }
    const targetId = target.node.id;
    const e: LineageEdge = { id: edgeId(kind, sourceId, targetId), source: sourceId, target: targetId, kind, evidence };
    if (label) e.label = label;
    if (at) e.at = at;
    const incoming = target.incoming;
    if (incoming === null) target.incoming = e;
    else if (Array.isArray(incoming)) incoming.push(e);
    else target.incoming = [incoming, e];
    this.edges.push(e);
    return true;
  }
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
  make: (raw: T, id: string, region: string) => N,
];

/** The nodes of one list of every region. A duplicate id (in two regions) keeps the first and is skipped entirely. */
function addListed<T, N extends LineageNode>(
  g: GraphBuilder,
  regions: readonly RegionInventory[],
  kind: N['kind'],
  [list, idOf, make]: ListSpec<T, N>,
  into: Entry<T, N>[] = [],
): Entry<T, N>[] {
  for (const region of regions) {
    for (const raw of list(region) ?? []) {
      const id = readId(kind, idOf(raw));
      if (id === null) continue;
      const node = make(raw, id, region.region);
      const rec = g.add(node);
      if (rec) into.push({ raw, rec, node });
    }
  }
  return into;
}

interface Listed {
  instances: Entry<InventoryInstance, InstanceNode>[];
  volumes: Entry<InventoryVolume, VolumeNode>[];
  snapshots: Entry<unknown, SnapshotNode>[];
  images: Entry<unknown, ImageNode>[];
}

function addInventory(g: GraphBuilder, regions: readonly RegionInventory[]): Listed {
  const imageId = (raw: InventoryImage) => raw?.ImageId;
  const instances = addListed(g, regions, 'instance', [(r) => r.instances, (raw) => raw?.InstanceId, instanceNode]);
  const volumes = addListed(g, regions, 'volume', [(r) => r.volumes, (raw) => raw?.VolumeId, volumeNode]);
  const snapshots = addListed(g, regions, 'snapshot', [(r) => r.snapshots, (raw) => raw?.SnapshotId, snapshotNode]);
  const owned = (raw: InventoryImage, id: string, region: string) => imageNode(raw, id, region, false);
  const images = addListed(g, regions, 'image', [(r) => r.images, imageId, owned]);
  // After the owned ones, so an image listed both as owned and as external stays owned.
  const external = (raw: InventoryImage, id: string, region: string) => imageNode(raw, id, region, true);
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
  for (const { raw, rec, node } of volumes) {
    for (const a of raw.Attachments ?? []) {
      const instance = g.ref('instance', a?.InstanceId, { reason: 'not-listed', near: node.region });
      if (instance === null) continue;
      if (g.edge('attached', instance, rec, EVIDENCE.volumeAttachments, clean(a.Device), iso(a.AttachTime))) {
        attached.push(instance, rec);
      }
    }
  }
  for (const { raw, rec, node } of instances) {
    for (const m of raw.BlockDeviceMappings ?? []) {
      const volume = g.ref('volume', m?.Ebs?.VolumeId, { reason: 'not-listed', near: node.region });
      if (volume === null) continue;
      if (g.edge('attached', rec, volume, EVIDENCE.instanceMappings, clean(m.DeviceName), iso(m.Ebs?.AttachTime))) {
        attached.push(rec, volume);
      }
    }
  }
  return attached;
}

/** backs: snapshot → image. Before restored, so that a snapshot of a public AMI is not called deleted. */
function linkBackingSnapshots(g: GraphBuilder, images: Listed['images']): void {
  for (const { rec, node } of images) {
    for (const m of node.details.blockDeviceMappings) {
      const why: Reference = { reason: 'not-listed', near: node.region, sizeGiB: m.sizeGiB };
      const snapshot = g.ref('snapshot', m.snapshotId, why);
      if (snapshot !== null) g.edge('backs', snapshot, rec, EVIDENCE.imageMappings, m.deviceName, node.createdAt);
    }
  }
}

/** launched: image → instance. */
function linkLaunches(g: GraphBuilder, instances: Listed['instances']): void {
  for (const { rec, node } of instances) {
    const image = g.ref('image', node.details.imageId, { reason: 'not-found', near: node.region });
    if (image !== null) g.edge('launched', image, rec, EVIDENCE.instanceImage, null, node.createdAt);
  }
}

/** restored: snapshot → volume. */
function linkRestores(g: GraphBuilder, volumes: Listed['volumes']): void {
  for (const { rec, node } of volumes) {
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
  for (const { rec, node } of snapshots) {
    const { region, sizeGiB, createdAt } = node;
    const volume = g.ref('volume', node.details.volumeId, { reason: 'deleted', near: region, sizeGiB });
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
  const creator = g.ref('instance', instanceId, { reason: 'terminated', near: region });
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
  for (const { rec, node } of listed.images) {
    const creator = linkCreator(g, rec, node, descriptions);
    linkImageSource(g, rec, node, creator, descriptions);
  }
  sumInstanceSizes(attached);
  return { nodes: g.nodes, edges: g.edges };
}
