/** One node per listed resource, read field by field; and the ghost of a resource that is only referenced. */
import type { ExternalReason } from './external';
import type { InventoryImage, InventoryInstance, InventorySnapshot, InventoryVolume } from './inventory';
import { parseSnapshotDescription } from './provenance';
import { bool, clean, iso, num, readId, tagRecord } from './read';
import type {
  ImageMappingInfo,
  ImageNode,
  InstanceDetails,
  InstanceNode,
  LineageNode,
  NodeKind,
  NodeOfKind,
  SnapshotNode,
  VolumeAttachmentInfo,
  VolumeNode,
} from './types';

export function instanceNode(
  raw: InventoryInstance,
  id: string,
  region: string,
  accountId: string | null,
): InstanceNode {
  const tags = tagRecord(raw.Tags);
  return {
    id,
    kind: 'instance',
    region,
    accountId,
    name: clean(tags.Name),
    state: clean(raw.State?.Name),
    sizeGiB: null, // the sum of its attached volumes, once the edges exist
    createdAt: iso(raw.LaunchTime),
    tags,
    external: false,
    details: launchedWith(raw, {
      instanceType: clean(raw.InstanceType),
      imageId: readId('image', raw.ImageId),
      availabilityZone: clean(raw.Placement?.AvailabilityZone),
      rootDeviceName: clean(raw.RootDeviceName),
    }),
  };
}

/** An instance's subnet, groups, key pair and profile: only those it has, so a node without any stays as small. */
function launchedWith(raw: InventoryInstance, details: InstanceDetails): InstanceDetails {
  const subnetId = clean(raw.SubnetId);
  if (subnetId) details.subnetId = subnetId;
  const raws = raw.SecurityGroups;
  if (raws) {
    let groups: { id: string; name: string | null }[] | undefined;
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
    for (let i = 0; i < raws.length; i++) {
      const g = raws[i];
      if (g?.GroupId) (groups ??= []).push({ id: g.GroupId, name: clean(g.GroupName) });
    }
    if (groups) details.securityGroups = groups;
  }
  const keyName = clean(raw.KeyName);
  if (keyName) details.keyName = keyName;
  const profile = clean(raw.IamInstanceProfile?.Arn);
  if (profile) details.instanceProfileArn = profile;
  return details;
}

export function volumeNode(raw: InventoryVolume, id: string, region: string, accountId: string | null): VolumeNode {
  const tags = tagRecord(raw.Tags);
  const attachments: VolumeAttachmentInfo[] = [];
  const raws = raw.Attachments;

  for (let i = 0; raws && i < raws.length; i++) {
    const a = raws[i]!;
    const instanceId = readId('instance', a?.InstanceId);
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
      snapshotId: readId('snapshot', raw.SnapshotId),
      multiAttachEnabled: raw.MultiAttachEnabled === true,
      attachments,
      encrypted: bool(raw.Encrypted),
      kmsKeyId: clean(raw.KmsKeyId),
    },
  };
}

export function snapshotNode(
  raw: InventorySnapshot,
  id: string,
  region: string,
  accountId: string | null,
): SnapshotNode {
  const tags = tagRecord(raw.Tags);
  const description = clean(raw.Description);
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
      volumeId: readId('volume', raw.VolumeId),
      progress: clean(raw.Progress),
      description,
      ownerId: clean(raw.OwnerId),
      provenance: parseSnapshotDescription(description),
      storageTier: clean(raw.StorageTier),
      fullSizeBytes: num(raw.FullSnapshotSizeInBytes),
      encrypted: bool(raw.Encrypted),
      kmsKeyId: clean(raw.KmsKeyId),
    },
  };
}

/**
 * An image; `external` for one the account does not own (fetched because an instance was launched from it), which
 * belongs to its owner's account.
 */
export function imageNode(
  raw: InventoryImage,
  id: string,
  region: string,
  accountId: string | null,
  external: boolean,
): ImageNode {
  const tags = tagRecord(raw.Tags);
  const mappings: ImageMappingInfo[] = [];
  let size = 0;
  let sizeKnown = false;
  const raws = raw.BlockDeviceMappings;

  for (let i = 0; raws && i < raws.length; i++) {
    const m = raws[i];
    if (!m?.Ebs) continue; // instance-store / NoDevice entries
    const sizeGiB = num(m.Ebs.VolumeSize);
    if (sizeGiB !== null) {
      size += sizeGiB;
      sizeKnown = true;
    }
    mappings.push({
      deviceName: clean(m.DeviceName),
      snapshotId: readId('snapshot', m.Ebs.SnapshotId),
      sizeGiB,
      encrypted: bool(m.Ebs.Encrypted),
      kmsKeyId: clean(m.Ebs.KmsKeyId),
    });
  }
  const rootDeviceName = clean(raw.RootDeviceName);
  const encrypted = imageEncrypted(mappings);
  const node: ImageNode = {
    id,
    kind: 'image',
    region,
    accountId: external ? (clean(raw.OwnerId) ?? accountId) : accountId,
    name: clean(raw.Name) ?? clean(tags.Name),
    state: clean(raw.State),
    sizeGiB: sizeKnown ? size : null,
    createdAt: iso(raw.CreationDate),
    tags,
    external,
    details: {
      ownerId: clean(raw.OwnerId),
      ownerAlias: clean(raw.ImageOwnerAlias),
      public: bool(raw.Public),
      description: clean(raw.Description),
      rootDeviceName,
      sourceInstanceId: readId('instance', raw.SourceInstanceId),
      sourceImageId: readId('image', raw.SourceImageId),
      sourceImageRegion: clean(raw.SourceImageRegion),
      lastLaunchedTime: iso(raw.LastLaunchedTime),
      blockDeviceMappings: mappings,
      encrypted,
      kmsKeyId: encrypted === true ? imageKey(mappings, rootDeviceName) : null,
    },
  };
  if (external) node.externalReason = node.details.public === true ? 'public-image' : 'shared-image';
  return node;
}

/**
 * An image is encrypted when every snapshot it maps is; null when it maps none, or one of them does not say. (Loops,
 * not array methods: one per image, and no arrays made.)
 */
function imageEncrypted(mappings: readonly ImageMappingInfo[]): boolean | null {
  let backed = false;
  let all = true;
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
  for (let i = 0; i < mappings.length; i++) {
    const m = mappings[i]!;
    if (m.snapshotId === null) continue;
    if (m.encrypted == null) return null;
    backed = true;
    if (m.encrypted !== true) all = false;
  }
  return backed ? all : null;
}

/** An encrypted image's key: its root snapshot's, else the first mapped snapshot's. */
function imageKey(mappings: readonly ImageMappingInfo[], rootDevice: string | null): string | null {
  let first: ImageMappingInfo | undefined;
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
  for (let i = 0; i < mappings.length; i++) {
    const m = mappings[i]!;
    if (m.snapshotId === null) continue;
    if (m.deviceName === rootDevice) return m.kmsKeyId ?? null;
    first ??= m;
  }
  return first?.kmsKeyId ?? null;
}

/** What is known of a resource that is referenced but not listed: where, why, and perhaps its size. */
export interface GhostFacts {
  region: string;
  reason: ExternalReason;
  sizeGiB: number | null;
  /** The account its evidence implies, or null. */
  accountId: string | null;
}

/** Details of a resource known only by its id. */
const NO_DETAILS: { [K in NodeKind]: () => NodeOfKind<K>['details'] } = {
  instance: () => ({ instanceType: null, imageId: null, availabilityZone: null, rootDeviceName: null }),
  volume: () => ({
    volumeType: null,
    availabilityZone: null,
    snapshotId: null,
    multiAttachEnabled: false,
    attachments: [],
  }),
  snapshot: () => ({ volumeId: null, progress: null, description: null, ownerId: null, provenance: null }),
  image: () => ({
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
  }),
};

/**
 * The node of a referenced resource that is not in the inventory: every ghost is made here, so what else may be
 * known of it (a remembered name, a last-seen state) has one place to be filled in.
 */
export function ghostNode(kind: NodeKind, id: string, facts: GhostFacts): LineageNode {
  return {
    id,
    kind,
    region: facts.region,
    accountId: facts.accountId,
    name: null,
    state: null,
    sizeGiB: facts.sizeGiB,
    createdAt: null,
    tags: {},
    external: true,
    externalReason: facts.reason,
    details: NO_DETAILS[kind](),
  } as LineageNode;
}
