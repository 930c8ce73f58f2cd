import type {
  BlockDeviceMapping,
  EbsBlockDevice,
  InstanceStateChange,
  Reservation,
  RunInstancesRequest,
  StartInstancesRequest,
  StartInstancesResult,
  StopInstancesRequest,
  StopInstancesResult,
  TerminateInstancesRequest,
  TerminateInstancesResult,
} from '@aws-sdk/client-ec2';
import { ApiError, incorrectInstanceState, incorrectState, invalidParameterValue } from '../errors';
import { schedule } from '../lifecycle';
import { zonesOf } from '../regions';
import { instanceTypeInfo } from './instance-types';
import type {
  EncryptionRecord,
  ImageRecord,
  InstanceRecord,
  InstanceStateName,
  RegionState,
  SnapshotRecord,
  Tag,
  VolumeRecord,
} from '../state';
import { encryptionFor } from './encryption';
import { findKeyPair } from './key-pairs';
import { INSTANCE_STATE_CODES, instanceView } from './views';
import {
  type ActionContext,
  checkSpecsFor,
  define,
  dryRunGate,
  findInstances,
  idempotent,
  required,
  tagsFor,
  unique,
} from './context';
import { findVisibleImage, findVisibleSnapshot, ownerRegion } from './sharing';

const MAX_INSTANCES_PER_CALL = 20;

interface PlannedVolume {
  deviceName: string;
  sizeGiB: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
  snapshotId?: string;
  deleteOnTermination: boolean;
  encryption?: EncryptionRecord;
}

/** gp3 volumes have a baseline of 3000 IOPS and 125 MiB/s unless told otherwise. */
export const gp3Defaults = (volumeType: string, iops?: number, throughput?: number) =>
  volumeType === 'gp3' ? { iops: iops ?? 3000, throughput: throughput ?? 125 } : { iops, throughput };

/** One device of the request over the AMI's mapping of it (if any). */
function plannedDevice(
  ctx: ActionContext,
  device: string,
  ebs: EbsBlockDevice,
  base: PlannedVolume | undefined,
  sizeOf: (snapshotId: string) => SnapshotRecord,
): PlannedVolume {
  if (ebs.SnapshotId) findVisibleSnapshot(ctx, ctx.region, ebs.SnapshotId);
  const snapshotId = ebs.SnapshotId ?? base?.snapshotId;
  const snapshot = snapshotId ? sizeOf(snapshotId) : undefined;
  const sizeGiB = ebs.VolumeSize ?? base?.sizeGiB ?? snapshot?.volumeSize;
  if (sizeGiB === undefined) throw invalidParameterValue(`The device ${device} needs a volume size or a snapshot.`);
  if (snapshot && sizeGiB < snapshot.volumeSize) {
    throw invalidParameterValue(
      `Volume of ${sizeGiB}GiB is smaller than snapshot '${snapshotId}', expect size >= ${snapshot.volumeSize}GiB`,
    );
  }
  checkVolumeSize(sizeGiB);
  const volumeType = ebs.VolumeType ?? base?.volumeType ?? 'gp3';
  const sourceEncryption = ebs.SnapshotId ? snapshot?.encryption : (base?.encryption ?? snapshot?.encryption);
  return {
    deviceName: device,
    sizeGiB,
    volumeType,
    ...gp3Defaults(volumeType, ebs.Iops, ebs.Throughput),
    snapshotId,
    deleteOnTermination: ebs.DeleteOnTermination ?? base?.deleteOnTermination ?? true,
    encryption: encryptionFor(ctx, ebs, { encryption: sourceEncryption, keepsKey: true }),
  };
}

/**
 * The AMI's mappings, overridden or extended by the request's (NoDevice removes one). The AMI's own snapshots come
 * with its launch permission; a snapshot the request names must be one the caller may restore.
 */
function planVolumes(
  ctx: ActionContext,
  image: ImageRecord,
  requested: readonly BlockDeviceMapping[],
): PlannedVolume[] {
  const imageRs = ownerRegion(ctx.em, image, ctx.region);
  const snapshotOf = (snapshotId: string) =>
    imageRs.snapshots[snapshotId] ?? findVisibleSnapshot(ctx, ctx.region, snapshotId);
  const planned = new Map<string, PlannedVolume>(
    image.mappings.map((m) => [
      m.deviceName,
      {
        deviceName: m.deviceName,
        sizeGiB: m.volumeSize,
        volumeType: m.volumeType,
        ...gp3Defaults(m.volumeType),
        snapshotId: m.snapshotId,
        deleteOnTermination: m.deleteOnTermination,
        encryption: encryptionFor(ctx, {}, { encryption: m.encryption, keepsKey: true }),
      },
    ]),
  );
  for (const m of requested) {
    const device = required(m.DeviceName, 'BlockDeviceMapping.DeviceName');
    if (m.NoDevice !== undefined) planned.delete(device);
    else if (m.Ebs) planned.set(device, plannedDevice(ctx, device, m.Ebs, planned.get(device), snapshotOf));
  }
  return [...planned.values()];
}

export function checkVolumeSize(sizeGiB: number): void {
  if (!Number.isInteger(sizeGiB) || sizeGiB < 1 || sizeGiB > 16384) {
    throw invalidParameterValue(`Invalid volume size ${sizeGiB}: it must be a whole number of GiB from 1 to 16384.`);
  }
}

const privateIp = (n: number) => `172.31.${(n >> 8) & 255}.${n & 255}`;

function stateChange(r: InstanceRecord, previous: InstanceStateName): InstanceStateChange {
  return {
    InstanceId: r.id,
    PreviousState: { Code: INSTANCE_STATE_CODES[previous], Name: previous },
    CurrentState: { Code: INSTANCE_STATE_CODES[r.state], Name: r.state },
  };
}

function transition(ctx: ActionContext, r: InstanceRecord, to: InstanceStateName): void {
  r.state = to;
  r.settlesAt = ctx.now + ctx.em.delayMs;
  schedule(ctx.rs, 'instance', r.id, r.settlesAt);
}

/** A stop or terminate the user asked for: EC2 records why. */
function userTransition(ctx: ActionContext, r: InstanceRecord, to: InstanceStateName): void {
  transition(ctx, r, to);
  r.stateReason = 'Client.UserInitiatedShutdown';
  r.stateReasonAt = ctx.now;
}

/** The volumes attached to an instance, found through its devices rather than by scanning the region's volumes. */
export function volumesOf(rs: RegionState, instanceId: string): VolumeRecord[] {
  return (rs.instances[instanceId]?.devices ?? []).flatMap((d) => {
    const volume = rs.volumes[d.volumeId];
    return volume?.attachments.some((a) => a.instanceId === instanceId) ? [volume] : [];
  });
}

/** MinCount and MaxCount, as EC2 checks them: how many instances to launch. */
function countOf(input: RunInstancesRequest): number {
  const minCount = required(input.MinCount, 'MinCount');
  const maxCount = required(input.MaxCount, 'MaxCount');
  if (!Number.isInteger(minCount) || !Number.isInteger(maxCount) || minCount < 1 || maxCount < minCount) {
    throw invalidParameterValue('MinCount and MaxCount must be whole numbers with 1 <= MinCount <= MaxCount.');
  }
  if (minCount > MAX_INSTANCES_PER_CALL) {
    throw new ApiError(
      'InstanceLimitExceeded',
      `You have requested more instances (${minCount}) than your current instance limit of ${MAX_INSTANCES_PER_CALL} allows.`,
    );
  }
  return Math.min(maxCount, MAX_INSTANCES_PER_CALL);
}

/** The instance type, which must exist and match the image's architecture. */
function instanceTypeFor(input: RunInstancesRequest, image: ImageRecord): string {
  const instanceType = input.InstanceType ?? 'm1.small';
  const typeInfo = instanceTypeInfo(instanceType);
  if (!typeInfo) throw invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  if (typeInfo.architecture !== image.architecture) {
    throw invalidParameterValue(
      `The architecture '${typeInfo.architecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI.`,
    );
  }
  return instanceType;
}

/** Creates the planned volumes of a new instance, attached to it. */
function newVolumes(ctx: ActionContext, plan: PlannedVolume[], instanceId: string, zone: string, tags: Tag[]) {
  const { em, rs, now } = ctx;
  return plan.map((p) => {
    const volumeId = em.nextId('vol');
    rs.volumes[volumeId] = {
      seq: em.nextSeq(),
      id: volumeId,
      sizeGiB: p.sizeGiB,
      volumeType: p.volumeType,
      iops: p.iops,
      throughput: p.throughput,
      snapshotId: p.snapshotId,
      availabilityZone: zone,
      state: 'in-use',
      createTime: now,
      attachments: [
        {
          instanceId,
          device: p.deviceName,
          attachTime: now,
          deleteOnTermination: p.deleteOnTermination,
          state: 'attached',
        },
      ],
      multiAttachEnabled: false,
      encryption: p.encryption,
      tags: tags.map((t) => ({ ...t })),
    };
    return { deviceName: p.deviceName, volumeId, attachTime: now, deleteOnTermination: p.deleteOnTermination };
  });
}

/** What RunInstances honours; networking is left to the network model; anything else is refused, never dropped. */
const HONOURED = new Set([
  'ImageId',
  'InstanceType',
  'MinCount',
  'MaxCount',
  'BlockDeviceMappings',
  'TagSpecifications',
  'ClientToken',
  'DryRun',
  'Placement',
  'KeyName',
  'Monitoring',
  'EbsOptimized',
  'HibernationOptions',
  'UserData',
  'SecurityGroupIds',
  'SecurityGroups',
  'SubnetId',
  'NetworkInterfaces',
  'PrivateIpAddress',
]);

/** The launch options an instance keeps and describes back. */
function launchOptions(ctx: ActionContext, input: RunInstancesRequest, image: ImageRecord) {
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined && !HONOURED.has(name))
      throw new ApiError('UnsupportedOperation', `The emulator does not model the RunInstances parameter ${name}.`);
  }
  const { AvailabilityZone: _zone, Tenancy: tenancy = 'default', ...placement } = input.Placement ?? {};
  const extra = Object.entries(placement).find(([, v]) => v !== undefined);
  if (extra) throw new ApiError('UnsupportedOperation', `The emulator does not model Placement.${extra[0]}.`);
  if (!['default', 'dedicated'].includes(tenancy))
    throw invalidParameterValue(`Invalid value '${tenancy}' for tenancy.`);
  if (input.KeyName !== undefined) findKeyPair(ctx.rs, input.KeyName);
  const windows = image.platformDetails === 'Windows';
  return {
    keyName: input.KeyName,
    platform: windows ? ('windows' as const) : undefined,
    platformDetails: image.platformDetails,
    monitoring: input.Monitoring?.Enabled === true,
    ebsOptimized: input.EbsOptimized === true,
    hibernation: input.HibernationOptions?.Configured === true,
    tenancy,
  };
}

/** Checks a launch, then makes its instances and their volumes (ClientToken is checked before this). */
function launch(ctx: ActionContext, input: RunInstancesRequest): Reservation {
  const imageId = required(input.ImageId, 'ImageId');
  const image = findVisibleImage(ctx, ctx.region, imageId);
  if (image.state !== 'available') {
    throw incorrectState(`Image ${imageId} is not available (current state: ${image.state}).`);
  }
  const count = countOf(input);
  const instanceType = instanceTypeFor(input, image);
  const zones = zonesOf(ctx.region);
  const zone = input.Placement?.AvailabilityZone ?? zones[0]!;
  if (!zones.includes(zone)) throw invalidParameterValue(`Invalid availability zone: [${zone}]`);
  checkSpecsFor(input.TagSpecifications, ['instance', 'volume']);
  const instanceTags = tagsFor(input.TagSpecifications, 'instance');
  const volumeTags = tagsFor(input.TagSpecifications, 'volume');
  const plan = planVolumes(ctx, image, input.BlockDeviceMappings ?? []);
  const options = launchOptions(ctx, input, image);
  dryRunGate(ctx);
  const { em, rs, now } = ctx;
  const reservationId = em.nextId('r');
  const instances: InstanceRecord[] = [];
  for (let index = 0; index < count; index++) {
    const seq = em.nextSeq();
    const instanceId = em.nextId('i');
    const record: InstanceRecord = {
      seq,
      id: instanceId,
      imageId,
      instanceType,
      architecture: image.architecture,
      state: 'pending',
      launchTime: now,
      availabilityZone: zone,
      rootDeviceName: image.rootDeviceName,
      devices: newVolumes(ctx, plan, instanceId, zone, volumeTags),
      reservationId,
      amiLaunchIndex: index,
      privateIpAddress: privateIp(seq),
      clientToken: input.ClientToken,
      ...options,
      tags: instanceTags.map((t) => ({ ...t })),
    };
    rs.instances[instanceId] = record;
    transition(ctx, record, 'pending');
    instances.push(record);
  }
  image.lastLaunchedTime = now;
  return {
    ReservationId: reservationId,
    OwnerId: ctx.account,
    Groups: [],
    Instances: instances.map(instanceView),
  };
}

export const instanceActions = {
  RunInstances: define<RunInstancesRequest, Reservation>({
    mutating: true,
    handle: (ctx, input) => idempotent(ctx, 'RunInstances', input, () => launch(ctx, input)),
  }),

  StartInstances: define<StartInstancesRequest, StartInstancesResult>({
    mutating: true,
    handle(ctx, input) {
      const records = findInstances(ctx.rs, unique(required(input.InstanceIds, 'InstanceId')));
      for (const r of records) {
        if (!['stopped', 'running', 'pending'].includes(r.state))
          throw incorrectInstanceState(r.id, r.state, 'started');
      }
      dryRunGate(ctx);
      return {
        StartingInstances: records.map((r) => {
          const previous = r.state;
          if (previous === 'stopped') {
            transition(ctx, r, 'pending');
            r.stateReason = undefined;
            r.stateReasonAt = undefined;
          }
          return stateChange(r, previous);
        }),
      };
    },
  }),

  StopInstances: define<StopInstancesRequest, StopInstancesResult>({
    mutating: true,
    handle(ctx, input) {
      const records = findInstances(ctx.rs, unique(required(input.InstanceIds, 'InstanceId')));
      for (const r of records) {
        if (!['running', 'stopping', 'stopped'].includes(r.state))
          throw incorrectInstanceState(r.id, r.state, 'stopped');
      }
      dryRunGate(ctx);
      return {
        StoppingInstances: records.map((r) => {
          const previous = r.state;
          if (previous === 'running') userTransition(ctx, r, 'stopping');
          return stateChange(r, previous);
        }),
      };
    },
  }),

  TerminateInstances: define<TerminateInstancesRequest, TerminateInstancesResult>({
    mutating: true,
    handle(ctx, input) {
      const records = findInstances(ctx.rs, unique(required(input.InstanceIds, 'InstanceId')));
      dryRunGate(ctx);
      return {
        TerminatingInstances: records.map((r) => {
          const previous = r.state;
          if (previous !== 'terminated' && previous !== 'shutting-down') userTransition(ctx, r, 'shutting-down');
          return stateChange(r, previous);
        }),
      };
    },
  }),
};
