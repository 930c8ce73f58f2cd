import type { Image, Instance, Snapshot, Tag as SdkTag, Volume } from '@aws-sdk/client-ec2';
import type { ImageRecord, InstanceRecord, InstanceStateName, SnapshotRecord, Tag, VolumeRecord } from '../state';

/**
 * Records as the SDK's output shapes: the compiler checks them against the service model. An image's or snapshot's
 * tags belong to its owner: another account sees it without them, as on EC2.
 */

export const INSTANCE_STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const sdkTags = (tags: readonly Tag[]): SdkTag[] | undefined =>
  tags.length > 0 ? tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined;

export const iso = (ms: number) => new Date(ms).toISOString();

const STATE_REASONS: Record<string, string> = {
  'Client.UserInitiatedShutdown': 'User initiated shutdown',
};

/** EC2's StateReason message: the code, then what it means. */
/** EC2's time in a StateTransitionReason: `2026-11-21 10:00:00 GMT`. */
const transitionTime = (r: InstanceRecord) =>
  `${iso(r.stateReasonAt ?? r.launchTime)
    .slice(0, 19)
    .replace('T', ' ')} GMT`;

export const stateReasonMessage = (code: string) => `${code}: ${STATE_REASONS[code] ?? code}`;

export function instanceView(r: InstanceRecord): Instance {
  return {
    InstanceId: r.id,
    ImageId: r.imageId,
    State: { Code: INSTANCE_STATE_CODES[r.state], Name: r.state },
    InstanceType: r.instanceType as Instance['InstanceType'],
    Architecture: r.architecture as Instance['Architecture'],
    LaunchTime: new Date(r.launchTime),
    Placement: { AvailabilityZone: r.availabilityZone, Tenancy: (r.tenancy ?? 'default') as 'default' },
    KeyName: r.keyName,
    Platform: r.platform as Instance['Platform'],
    PlatformDetails: r.platformDetails ?? 'Linux/UNIX',
    Monitoring: { State: r.monitoring ? 'enabled' : 'disabled' },
    EbsOptimized: r.ebsOptimized ?? false,
    HibernationOptions: { Configured: r.hibernation ?? false },
    PrivateIpAddress: r.state === 'terminated' ? undefined : r.privateIpAddress,
    RootDeviceName: r.rootDeviceName,
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    AmiLaunchIndex: r.amiLaunchIndex,
    ClientToken: r.clientToken,
    StateTransitionReason: r.stateReason ? `User initiated (${transitionTime(r)})` : '',
    StateReason: r.stateReason ? { Code: r.stateReason, Message: stateReasonMessage(r.stateReason) } : undefined,
    BlockDeviceMappings: r.devices.map((d) => ({
      DeviceName: d.deviceName,
      Ebs: {
        VolumeId: d.volumeId,
        Status: 'attached',
        AttachTime: new Date(d.attachTime),
        DeleteOnTermination: d.deleteOnTermination,
      },
    })),
    Tags: sdkTags(r.tags),
  };
}

export function volumeView(r: VolumeRecord): Volume {
  return {
    VolumeId: r.id,
    Size: r.sizeGiB,
    SnapshotId: r.snapshotId ?? '',
    AvailabilityZone: r.availabilityZone,
    State: r.state,
    CreateTime: new Date(r.createTime),
    VolumeType: r.volumeType as Volume['VolumeType'],
    Iops: r.iops,
    Throughput: r.throughput,
    Encrypted: r.encryption !== undefined,
    KmsKeyId: r.encryption?.kmsKeyId,
    MultiAttachEnabled: r.multiAttachEnabled,
    FastRestored: r.fastRestored,
    Attachments: r.attachments.map((a) => ({
      VolumeId: r.id,
      InstanceId: a.instanceId,
      Device: a.device,
      State: a.state,
      AttachTime: new Date(a.attachTime),
      DeleteOnTermination: a.deleteOnTermination,
    })),
    Tags: sdkTags(r.tags),
  };
}

export function snapshotProgress(r: SnapshotRecord, now: number): string {
  if (r.state !== 'pending') return r.state === 'completed' ? '100%' : '0%';
  const span = (r.settlesAt ?? now) - r.startTime;
  if (span <= 0) return '0%';
  return `${Math.min(99, Math.max(0, Math.floor(((now - r.startTime) / span) * 100)))}%`;
}

export function snapshotView(r: SnapshotRecord, now: number, viewer: string): Snapshot {
  return {
    SnapshotId: r.id,
    VolumeId: r.volumeId,
    VolumeSize: r.volumeSize,
    Description: r.description,
    State: r.state,
    Progress: snapshotProgress(r, now),
    StartTime: new Date(r.startTime),
    CompletionTime: r.completedAt === undefined ? undefined : new Date(r.completedAt),
    OwnerId: r.ownerId,
    OwnerAlias: r.ownerAlias,
    Encrypted: r.encryption !== undefined,
    KmsKeyId: r.encryption?.kmsKeyId,
    StorageTier: r.storageTier ?? 'standard',
    FullSnapshotSizeInBytes: r.fullSizeBytes,
    Tags: viewer === r.ownerId ? sdkTags(r.tags) : undefined,
  };
}

export function imageView(r: ImageRecord, viewer: string): Image {
  return {
    ImageId: r.id,
    Name: r.name,
    Description: r.description,
    State: r.state,
    CreationDate: iso(r.creationDate),
    OwnerId: r.ownerId,
    ImageOwnerAlias: r.ownerAlias,
    Public: r.public,
    Architecture: r.architecture as Image['Architecture'],
    ImageType: 'machine',
    ImageLocation: `${r.ownerAlias ?? r.ownerId}/${r.name}`,
    PlatformDetails: r.platformDetails,
    Platform: r.platformDetails === 'Windows' ? ('windows' as 'Windows') : undefined,
    UsageOperation: r.platformDetails === 'Windows' ? 'RunInstances:0002' : 'RunInstances',
    RootDeviceName: r.rootDeviceName,
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EnaSupport: true,
    BootMode: r.architecture === 'arm64' ? 'uefi' : undefined,
    BlockDeviceMappings: r.mappings.map((m) => ({
      DeviceName: m.deviceName,
      Ebs: {
        SnapshotId: m.snapshotId,
        VolumeSize: m.volumeSize,
        VolumeType: m.volumeType as 'gp3',
        DeleteOnTermination: m.deleteOnTermination,
        Encrypted: m.encryption !== undefined,
        KmsKeyId: m.encryption?.kmsKeyId,
      },
    })),
    SourceInstanceId: r.sourceInstanceId,
    SourceImageId: r.sourceImageId,
    SourceImageRegion: r.sourceImageRegion,
    LastLaunchedTime: r.lastLaunchedTime === undefined ? undefined : iso(r.lastLaunchedTime),
    Tags: viewer === r.ownerId ? sdkTags(r.tags) : undefined,
  };
}
