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
    details: {
      instanceType: clean(raw.InstanceType),
      imageId: readId('image', raw.ImageId),
      availabilityZone: clean(raw.Placement?.AvailabilityZone),
      rootDeviceName: clean(raw.RootDeviceName),
      ...launchedWith(raw),
    },
  };
}

/** An instance's subnet, groups, key pair and profile: only those it has, so a node without any stays as small. */
function launchedWith(raw: InventoryInstance): Partial<InstanceDetails> {
  const out: Partial<InstanceDetails> = {};
  const subnetId = clean(raw.SubnetId);
  if (subnetId) out.subnetId = subnetId;
  const groups = (raw.SecurityGroups ?? []).flatMap((g) =>
    g?.GroupId ? [{ id: g.GroupId, name: clean(g.GroupName) }] : [],
  );
  if (groups.length) out.securityGroups = groups;
  const keyName = clean(raw.KeyName);
  if (keyName) out.keyName = keyName;
  const profile = clean(raw.IamInstanceProfile?.Arn);
  if (profile) out.instanceProfileArn = profile;
  return out;
}

export function volumeNode(raw: InventoryVolume, id: string, region: string, accountId: string | null): VolumeNode {
  const tags = tagRecord(raw.Tags);
  const attachments: VolumeAttachmentInfo[] = [];
  const raws = raw.Attachments ?? [];
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
  for (let i = 0; i < raws.length; i++) {
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
  const raws = raw.BlockDeviceMappings ?? [];
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- per node: no iterator objects
  for (let i = 0; i < raws.length; i++) {
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
      rootDeviceName: clean(raw.RootDeviceName),
      sourceInstanceId: readId('instance', raw.SourceInstanceId),
      sourceImageId: readId('image', raw.SourceImageId),
      sourceImageRegion: clean(raw.SourceImageRegion),
      lastLaunchedTime: iso(raw.LastLaunchedTime),
      blockDeviceMappings: mappings,
      ...imageEncryption(mappings, clean(raw.RootDeviceName)),
    },
  };
  if (external) node.externalReason = node.details.public === true ? 'public-image' : 'shared-image';
  return node;
}

/** An image is encrypted when every snapshot it maps is; its key is its root snapshot's (else the first one's). */
function imageEncryption(
  mappings: readonly ImageMappingInfo[],
  rootDevice: string | null,
): { encrypted: boolean | null; kmsKeyId: string | null } {
  const backed = mappings.filter((m) => m.snapshotId !== null);
  if (backed.length === 0 || backed.some((m) => m.encrypted == null)) return { encrypted: null, kmsKeyId: null };
  if (!backed.every((m) => m.encrypted === true)) return { encrypted: false, kmsKeyId: null };
  const root = backed.find((m) => m.deviceName === rootDevice) ?? backed[0]!;
  return { encrypted: true, kmsKeyId: root.kmsKeyId ?? null };
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
