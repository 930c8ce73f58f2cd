/**
 * Inventory → LineageGraph. Pure and synchronous; implements the edge table of DESIGN.md
 * ("Lineage model"). Every resource is indexed by id once; each rule is one pass over one resource list,
 * so the cost is linear in the size of the inventory.
 */
import type {
  Inventory,
  InventoryImage,
  InventoryInstance,
  InventorySnapshot,
  InventoryTags,
  InventoryVolume,
  Timestamp,
} from './inventory';
import {
  edgeId,
  type EdgeKind,
  type ImageMappingInfo,
  type ImageNode,
  type InstanceNode,
  type LineageEdge,
  type LineageGraph,
  type LineageNode,
  type NodeKind,
  type SnapshotNode,
  type VolumeAttachmentInfo,
  type VolumeNode,
} from './types';

/** The VolumeId every copied snapshot carries. Never a node, never an edge. */
export const COPIED_SNAPSHOT_VOLUME_ID = 'vol-ffffffff';

const ID_PATTERNS: Record<NodeKind, RegExp> = {
  instance: /^i-[A-Za-z0-9][\w-]*$/,
  volume: /^vol-[A-Za-z0-9][\w-]*$/,
  snapshot: /^snap-[A-Za-z0-9][\w-]*$/,
  image: /^ami-[A-Za-z0-9][\w-]*$/,
};

/** `Created by CreateImage(i-…) for ami-…`, older ones followed by ` from vol-…`. */
const CREATE_IMAGE_RE =
  /Created by CreateImage\((i-[A-Za-z0-9]+)\) for (ami-[A-Za-z0-9]+)(?: from (vol-[A-Za-z0-9]+))?/;
/** `Copied for DestinationAmi ami-X from SourceAmi ami-Y for SourceSnapshot snap-Z. Task created on …` */
const COPY_IMAGE_RE =
  /Copied for DestinationAmi (ami-[A-Za-z0-9]+) from SourceAmi (ami-[A-Za-z0-9]+) for SourceSnapshot (snap-[A-Za-z0-9]+)/;
/** `[Copied snap-… from eu-north-1] user text` (the console's CopySnapshot). The first one is the direct source. */
const COPY_SNAPSHOT_RE = /\[Copied (snap-[A-Za-z0-9]+) from ([a-z]{2}(?:-[a-z0-9]+)+)\]/;

/** moto and LocalStack send the string "None"; treat it, "" and null as absent. */
function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.trim();
  return s === '' || s === 'None' ? null : s;
}

/** A valid id of that kind, or null. `vol-ffffffff` is not a volume id: it is what every copied snapshot carries. */
function cleanId(kind: NodeKind, value: unknown): string | null {
  const s = clean(value);
  if (s === null || !ID_PATTERNS[kind].test(s)) return null;
  return kind === 'volume' && s === COPIED_SNAPSHOT_VOLUME_ID ? null : s;
}

function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const s = clean(value);
    if (s === null) return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const MIN_FAST_MS = -62167219200000; // 0000-01-01T00:00:00.000Z
const MAX_FAST_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const isoCodes: number[] = Array.from('0000-00-00T00:00:00.000Z', (c) => c.charCodeAt(0));

function putDigits(at: number, value: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    isoCodes[i] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

/**
 * `Date.prototype.toISOString` for years 0–9999, about three times faster and, unlike a concatenation,
 * a flat string (a 50k-resource graph holds 100k of them). Civil-from-days after Howard Hinnant.
 */
function isoFromMs(ms: number): string {
  if (ms < MIN_FAST_MS || ms > MAX_FAST_MS) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86400000);
  const msOfDay = ms - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  putDigits(0, yoe + era * 400 + (month <= 2 ? 1 : 0), 4);
  putDigits(5, month, 2);
  putDigits(8, doy - Math.floor((153 * mp + 2) / 5) + 1, 2);
  putDigits(11, Math.floor(msOfDay / 3600000), 2);
  putDigits(14, Math.floor(msOfDay / 60000) % 60, 2);
  putDigits(17, Math.floor(msOfDay / 1000) % 60, 2);
  putDigits(20, msOfDay % 1000, 3);
  return String.fromCharCode.apply(null, isoCodes);
}

/** ISO-8601 with milliseconds (UTC), or null for absent or unparseable values. */
function iso(value: Timestamp | null | undefined): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') {
    // a Date, possibly from another realm (so no instanceof)
    const t = typeof value.getTime === 'function' ? value.getTime() : Number.NaN;
    return Number.isNaN(t) ? null : isoFromMs(t);
  }
  const s = clean(value);
  if (s === null) return null;
  if (s.length === 24 && CANONICAL_ISO.test(s)) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : isoFromMs(t);
}

function tagRecord(tags: InventoryTags): Record<string, string> {
  if (!tags || tags.length === 0) return {};
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const key = tag?.Key;
    if (typeof key !== 'string' || key === '' || key === '__proto__') continue;
    out[key] = typeof tag.Value === 'string' ? tag.Value : '';
  }
  return out;
}

function imageOwnerReason(image: InventoryImage): string {
  const owner = clean(image.ImageOwnerAlias) ?? clean(image.OwnerId) ?? 'another account';
  return `${image.Public === true ? 'public' : 'shared'} AMI, owned by ${owner}`;
}

interface Entry<T, N extends LineageNode> {
  raw: T;
  rec: Rec;
  node: N;
}

interface CreateImageFact {
  instanceId: string;
  text: string;
}

/** A snapshot description `Copied for DestinationAmi … from SourceAmi … for SourceSnapshot …`. */
interface CopyImageFact {
  snapshot: Rec;
  destImageId: string;
  sourceImageId: string;
  sourceSnapshotId: string;
  text: string;
}

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
   * A referenced resource: its node, or a new ghost if it is not in the inventory; null if the reference
   * is absent or not an id of that kind (moto's "None"). A ghost first placed in the referencing node's
   * region moves to the region explicit evidence names later.
   */
  ref(
    kind: NodeKind,
    rawId: unknown,
    region: string,
    reason: string,
    explicitRegion: string | null = null,
    sizeGiB: number | null = null,
    accountId: string | null = null,
  ): Rec | null {
    const id = cleanId(kind, rawId);
    if (id === null) return null;
    const rec = this.recs.get(id);
    if (rec === undefined) {
      const ghost = ghostNode(kind, id, explicitRegion ?? region, reason, sizeGiB, accountId);
      return this.insert(ghost, true, explicitRegion !== null);
    }
    const node = rec.node;
    if (node.kind !== kind) return null;
    if (rec.ghost) {
      if (explicitRegion !== null && !rec.explicitRegion) {
        node.region = explicitRegion;
        rec.explicitRegion = true;
      }
      if (node.sizeGiB === null && sizeGiB !== null) node.sizeGiB = sizeGiB;
      if (node.accountId === null && accountId !== null) node.accountId = accountId;
    }
    return rec;
  }

  /** Adds an edge; false if it was there already (or is a self-loop). */
  edge(kind: EdgeKind, source: Rec, target: Rec, evidence: string, label?: string | null, at?: string | null): boolean {
    if (source === target) return false;
    const sourceId = source.node.id;
    const incoming = target.incoming;
    if (incoming !== null) {
      const existing = Array.isArray(incoming)
        ? incoming.find((e) => e.kind === kind && e.source === sourceId)
        : incoming.kind === kind && incoming.source === sourceId
          ? incoming
          : undefined;
      if (existing) {
        // Same fact from a second field: keep the first evidence, fill in what it lacked.
        if (existing.label === undefined && label) existing.label = label;
        if (existing.at === undefined && at) existing.at = at;
        return false;
      }
    }
    const targetId = target.node.id;
    const e: LineageEdge = { id: edgeId(kind, sourceId, targetId), source: sourceId, target: targetId, kind, evidence };
    if (label) e.label = label;
    if (at) e.at = at;
    if (incoming === null) target.incoming = e;
    else if (Array.isArray(incoming)) incoming.push(e);
    else target.incoming = [incoming, e];
    this.edges.push(e);
    return true;
  }
}

/** A node for a referenced resource that is not in the inventory: all we know is its id (and maybe a size). */
function ghostNode(
  kind: NodeKind,
  id: string,
  region: string,
  reason: string,
  sizeGiB: number | null,
  accountId: string | null,
): LineageNode {
  // Written out per kind (no spread of a common part): ghosts are many in a big account, and this is hot.
  switch (kind) {
    case 'instance':
      return {
        id,
        kind,
        region,
        accountId,
        name: null,
        state: null,
        sizeGiB,
        createdAt: null,
        tags: {},
        external: true,
        externalReason: reason,
        details: { instanceType: null, imageId: null, availabilityZone: null, rootDeviceName: null },
      };
    case 'volume':
      return {
        id,
        kind,
        region,
        accountId,
        name: null,
        state: null,
        sizeGiB,
        createdAt: null,
        tags: {},
        external: true,
        externalReason: reason,
        details: {
          volumeType: null,
          availabilityZone: null,
          snapshotId: null,
          multiAttachEnabled: false,
          attachments: [],
        },
      };
    case 'snapshot':
      return {
        id,
        kind,
        region,
        accountId,
        name: null,
        state: null,
        sizeGiB,
        createdAt: null,
        tags: {},
        external: true,
        externalReason: reason,
        details: { volumeId: null, progress: null, description: null, ownerId: null },
      };
    case 'image':
      return {
        id,
        kind,
        region,
        accountId,
        name: null,
        state: null,
        sizeGiB,
        createdAt: null,
        tags: {},
        external: true,
        externalReason: reason,
        details: {
          ownerId: null,
          ownerAlias: null,
          public: null,
          description: null,
          rootDeviceName: null,
          sourceInstanceId: null,
          sourceImageId: null,
          sourceImageRegion: null,
          lastLaunchedTime: null,
          blockDeviceMappings: [],
        },
      };
  }
}

function instanceNode(raw: InventoryInstance, id: string, region: string, accountId: string | null): InstanceNode {
  const tags = tagRecord(raw.Tags);
  return {
    id,
    kind: 'instance',
    region,
    accountId,
    name: clean(tags.Name),
    state: clean(raw.State?.Name),
    sizeGiB: null, // filled in from the attached volumes once the edges exist
    createdAt: iso(raw.LaunchTime),
    tags,
    external: false,
    details: {
      instanceType: clean(raw.InstanceType),
      imageId: cleanId('image', raw.ImageId),
      availabilityZone: clean(raw.Placement?.AvailabilityZone),
      rootDeviceName: clean(raw.RootDeviceName),
    },
  };
}

function volumeNode(raw: InventoryVolume, id: string, region: string, accountId: string | null): VolumeNode {
  const tags = tagRecord(raw.Tags);
  const attachments: VolumeAttachmentInfo[] = [];
  for (const a of raw.Attachments ?? []) {
    const instanceId = cleanId('instance', a?.InstanceId);
    if (instanceId === null) continue;
    attachments.push({
      instanceId,
      device: clean(a.Device),
      state: clean(a.State),
      deleteOnTermination: bool(a.DeleteOnTermination),
    });
  }
  return {
    id,
    kind: 'volume',
    region,
    accountId,
    name: clean(tags.Name),
    state: clean(raw.State),
    sizeGiB: num(raw.Size),
    createdAt: iso(raw.CreateTime),
    tags,
    external: false,
    details: {
      volumeType: clean(raw.VolumeType),
      availabilityZone: clean(raw.AvailabilityZone),
      snapshotId: cleanId('snapshot', raw.SnapshotId),
      multiAttachEnabled: raw.MultiAttachEnabled === true,
      attachments,
    },
  };
}

function snapshotNode(raw: InventorySnapshot, id: string, region: string, accountId: string | null): SnapshotNode {
  const tags = tagRecord(raw.Tags);
  return {
    id,
    kind: 'snapshot',
    region,
    accountId,
    name: clean(tags.Name),
    state: clean(raw.State),
    sizeGiB: num(raw.VolumeSize),
    createdAt: iso(raw.StartTime),
    tags,
    external: false,
    details: {
      volumeId: cleanId('volume', raw.VolumeId),
      progress: clean(raw.Progress),
      description: clean(raw.Description),
      ownerId: clean(raw.OwnerId),
    },
  };
}

function imageNode(
  raw: InventoryImage,
  id: string,
  region: string,
  accountId: string | null,
  externalReason: string | null,
): ImageNode {
  const tags = tagRecord(raw.Tags);
  const mappings: ImageMappingInfo[] = [];
  let size = 0;
  let sizeKnown = false;
  for (const m of raw.BlockDeviceMappings ?? []) {
    if (!m?.Ebs) continue; // instance-store / NoDevice entries
    const sizeGiB = num(m.Ebs.VolumeSize);
    if (sizeGiB !== null) {
      size += sizeGiB;
      sizeKnown = true;
    }
    mappings.push({ deviceName: clean(m.DeviceName), snapshotId: cleanId('snapshot', m.Ebs.SnapshotId), sizeGiB });
  }
  const node: ImageNode = {
    id,
    kind: 'image',
    region,
    accountId: externalReason === null ? accountId : (clean(raw.OwnerId) ?? accountId),
    name: clean(raw.Name) ?? clean(tags.Name),
    state: clean(raw.State),
    sizeGiB: sizeKnown ? size : null,
    createdAt: iso(raw.CreationDate),
    tags,
    external: externalReason !== null,
    details: {
      ownerId: clean(raw.OwnerId),
      ownerAlias: clean(raw.ImageOwnerAlias),
      public: bool(raw.Public),
      description: clean(raw.Description),
      rootDeviceName: clean(raw.RootDeviceName),
      sourceInstanceId: cleanId('instance', raw.SourceInstanceId),
      sourceImageId: cleanId('image', raw.SourceImageId),
      sourceImageRegion: clean(raw.SourceImageRegion),
      lastLaunchedTime: iso(raw.LastLaunchedTime),
      blockDeviceMappings: mappings,
    },
  };
  if (externalReason !== null) node.externalReason = externalReason;
  return node;
}

/** Build the lineage graph of an inventory. Nodes: inventory order, then ghosts in order of first reference. */
export function buildLineage(inventory: Inventory): LineageGraph {
  const g = new GraphBuilder();
  const instances: Entry<InventoryInstance, InstanceNode>[] = [];
  const volumes: Entry<InventoryVolume, VolumeNode>[] = [];
  const snapshots: Entry<InventorySnapshot, SnapshotNode>[] = [];
  const images: Entry<InventoryImage, ImageNode>[] = [];

  // 1. Nodes for everything listed. A duplicate id (in two regions) keeps the first and is skipped entirely.
  for (const { region, accountId: account, instances: list } of inventory.regions) {
    for (const raw of list ?? []) {
      const id = cleanId('instance', raw?.InstanceId);
      if (id === null) continue;
      const node = instanceNode(raw, id, region, account ?? null);
      const rec = g.add(node);
      if (rec) instances.push({ raw, rec, node });
    }
  }
  for (const { region, accountId: account, volumes: list } of inventory.regions) {
    for (const raw of list ?? []) {
      const id = cleanId('volume', raw?.VolumeId);
      if (id === null) continue;
      const node = volumeNode(raw, id, region, account ?? null);
      const rec = g.add(node);
      if (rec) volumes.push({ raw, rec, node });
    }
  }
  for (const { region, accountId: account, snapshots: list } of inventory.regions) {
    for (const raw of list ?? []) {
      const id = cleanId('snapshot', raw?.SnapshotId);
      if (id === null) continue;
      const node = snapshotNode(raw, id, region, account ?? null);
      const rec = g.add(node);
      if (rec) snapshots.push({ raw, rec, node });
    }
  }
  for (const { region, accountId: account, images: list } of inventory.regions) {
    for (const raw of list ?? []) {
      const id = cleanId('image', raw?.ImageId);
      if (id === null) continue;
      const node = imageNode(raw, id, region, account ?? null, null);
      const rec = g.add(node);
      if (rec) images.push({ raw, rec, node });
    }
  }
  // After the owned ones, so an image listed both as owned and as external stays owned.
  for (const { region, accountId: account, externalImages: list } of inventory.regions) {
    for (const raw of list ?? []) {
      const id = cleanId('image', raw?.ImageId);
      if (id === null) continue;
      const node = imageNode(raw, id, region, account ?? null, imageOwnerReason(raw));
      const rec = g.add(node);
      if (rec) images.push({ raw, rec, node });
    }
  }

  // 2. attached: instance → volume. Volume.Attachments first, so its evidence wins over the instance's mappings.
  const attached: Rec[] = []; // (instance, volume) pairs of new edges, for the instance sizes
  for (const { raw, rec, node } of volumes) {
    for (const a of raw.Attachments ?? []) {
      const instance = g.ref(
        'instance',
        a?.InstanceId,
        node.region,
        'instance not in inventory',
        null,
        null,
        node.accountId,
      );
      if (instance === null) continue;
      if (g.edge('attached', instance, rec, 'Volume.Attachments', clean(a.Device), iso(a.AttachTime))) {
        attached.push(instance, rec);
      }
    }
  }
  for (const { raw, rec, node } of instances) {
    for (const m of raw.BlockDeviceMappings ?? []) {
      const volume = g.ref(
        'volume',
        m?.Ebs?.VolumeId,
        node.region,
        'volume not in inventory',
        null,
        null,
        node.accountId,
      );
      if (volume === null) continue;
      const evidence = 'Instance.BlockDeviceMappings[].Ebs.VolumeId';
      if (g.edge('attached', rec, volume, evidence, clean(m.DeviceName), iso(m.Ebs?.AttachTime)))
        attached.push(rec, volume);
    }
  }

  // 3. backs: snapshot → image. Before restored, so that a snapshot of a public AMI is not called deleted.
  for (const { raw, rec, node } of images) {
    for (const m of raw.BlockDeviceMappings ?? []) {
      const ebs = m?.Ebs;
      const snapshot = g.ref(
        'snapshot',
        ebs?.SnapshotId,
        node.region,
        'snapshot not in inventory',
        null,
        num(ebs?.VolumeSize),
        node.accountId, // an image's snapshots are its owner's
      );
      if (snapshot !== null) {
        g.edge(
          'backs',
          snapshot,
          rec,
          'Image.BlockDeviceMappings[].Ebs.SnapshotId',
          clean(m.DeviceName),
          node.createdAt,
        );
      }
    }
  }

  // 4. launched: image → instance.
  for (const { raw, rec, node } of instances) {
    const image = g.ref('image', raw.ImageId, node.region, 'image not found');
    if (image !== null) g.edge('launched', image, rec, 'Instance.ImageId', null, node.createdAt);
  }

  // 5. restored: snapshot → volume.
  for (const { raw, rec, node } of volumes) {
    const snapshot = g.ref('snapshot', raw.SnapshotId, node.region, 'snapshot deleted');
    if (snapshot !== null) g.edge('restored', snapshot, rec, 'Volume.SnapshotId', null, node.createdAt);
  }

  // 6. Snapshots: snapshot-of, and what their descriptions say (parsed once, used again for images).
  const createdBy = new Map<string, CreateImageFact>(); // ami id → CreateImage fact
  const copiedFrom = new Map<string, CopyImageFact>(); // destination ami id → CopyImage fact
  const copyImageFacts: CopyImageFact[] = [];
  for (const { raw, rec, node } of snapshots) {
    const region = node.region;
    const volume = g.ref('volume', raw.VolumeId, region, 'volume deleted', null, node.sizeGiB, node.accountId);
    if (volume !== null) g.edge('snapshot-of', volume, rec, 'Snapshot.VolumeId', null, node.createdAt);

    const description = node.details.description;
    if (description === null) continue;
    if (description.includes('CreateImage(')) {
      const m = CREATE_IMAGE_RE.exec(description);
      if (m && !createdBy.has(m[2]!)) createdBy.set(m[2]!, { instanceId: m[1]!, text: m[0] });
    }
    if (description.includes('DestinationAmi')) {
      const m = COPY_IMAGE_RE.exec(description);
      if (m) {
        const fact = { snapshot: rec, destImageId: m[1]!, sourceImageId: m[2]!, sourceSnapshotId: m[3]!, text: m[0] };
        if (!copiedFrom.has(fact.destImageId)) copiedFrom.set(fact.destImageId, fact);
        copyImageFacts.push(fact);
      }
    }
    if (description.includes('[Copied ')) {
      const m = COPY_SNAPSHOT_RE.exec(description);
      if (m) {
        const source = g.ref('snapshot', m[1], region, 'snapshot not in inventory', m[2]!, node.sizeGiB);
        if (source !== null) g.edge('copied', source, rec, `snapshot description: ${m[0]}`, region, node.createdAt);
      }
    }
  }
  // CopyImage snapshot copies: the source snapshot lives where the source AMI lives.
  for (const c of copyImageFacts) {
    const sourceImage = g.get(c.sourceImageId);
    const destImage = g.get(c.destImageId)?.node;
    const sourceRegion =
      sourceImage && !sourceImage.ghost
        ? sourceImage.node.region
        : destImage?.kind === 'image'
          ? destImage.details.sourceImageRegion
          : null;
    const copy = c.snapshot.node;
    const source = g.ref(
      'snapshot',
      c.sourceSnapshotId,
      copy.region,
      'snapshot not in inventory',
      sourceRegion,
      copy.sizeGiB,
    );
    if (source !== null)
      g.edge('copied', source, c.snapshot, `snapshot description: ${c.text}`, copy.region, copy.createdAt);
  }

  // 7. Images: created-image, and copied (or, for a CreateImage AMI, what its instance was launched from).
  for (const { rec, node } of images) {
    const { region, createdAt, details } = node;

    // The instance it was made from: the field, else the CreateImage description of a snapshot naming this AMI.
    let creator: Rec | null = null;
    if (details.sourceInstanceId !== null) {
      creator = g.ref(
        'instance',
        details.sourceInstanceId,
        region,
        'instance terminated and gone',
        null,
        null,
        node.accountId,
      );
      if (creator !== null) g.edge('created-image', creator, rec, 'Image.SourceInstanceId', null, createdAt);
    } else {
      const fact = createdBy.get(node.id);
      if (fact) {
        creator = g.ref(
          'instance',
          fact.instanceId,
          region,
          'instance terminated and gone',
          null,
          null,
          node.accountId,
        );
        if (creator !== null)
          g.edge('created-image', creator, rec, `snapshot description: ${fact.text}`, null, createdAt);
      }
    }

    const { sourceImageId, sourceImageRegion } = details;
    if (sourceImageId !== null && creator !== null) {
      // CreateImage records as SourceImageId the AMI its instance was launched from: not a copy.
      const image = g.ref('image', sourceImageId, region, 'image not found', sourceImageRegion);
      if (image !== null) {
        g.edge(
          'launched',
          image,
          creator,
          'Image.SourceImageId (the AMI its source instance was launched from)',
          null,
          creator.node.createdAt,
        );
      }
    } else if (sourceImageId !== null) {
      const image = g.ref('image', sourceImageId, region, 'source image not in inventory', sourceImageRegion);
      const evidence = sourceImageRegion ? 'Image.SourceImageId + Image.SourceImageRegion' : 'Image.SourceImageId';
      if (image !== null) g.edge('copied', image, rec, evidence, region, createdAt);
    } else if (creator === null) {
      const fact = copiedFrom.get(node.id);
      if (fact) {
        // A missing source AMI lives where its (listed) source snapshot lives.
        const sourceSnapshot = g.get(fact.sourceSnapshotId);
        const image = g.ref(
          'image',
          fact.sourceImageId,
          region,
          'source image not in inventory',
          sourceSnapshot && !sourceSnapshot.ghost ? sourceSnapshot.node.region : null,
        );
        if (image !== null) g.edge('copied', image, rec, `snapshot description: ${fact.text}`, region, createdAt);
      }
    }
  }

  // 8. An instance's size is the sum of its attached volumes' sizes, when any is known.
  for (let i = 0; i < attached.length; i += 2) {
    const instance = attached[i]!.node;
    const size = attached[i + 1]!.node.sizeGiB;
    if (size !== null) instance.sizeGiB = (instance.sizeGiB ?? 0) + size;
  }

  return { nodes: g.nodes, edges: g.edges };
}
