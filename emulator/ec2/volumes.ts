import type {
  AttachVolumeRequest,
  CreateVolumeRequest,
  DeleteVolumeRequest,
  DetachVolumeRequest,
  Volume,
  VolumeAttachment,
} from '@aws-sdk/client-ec2';
import { attachmentChanging } from '../blocks';
import { ApiError, incorrectInstanceState, incorrectState, invalidParameterValue } from '../errors';
import { schedule } from '../lifecycle';
import { zonesOf } from '../regions';
import type { VolumeRecord } from '../state';
import { volumeView } from './views';
import {
  type ActionContext,
  checkSpecsFor,
  define,
  dryRunGate,
  findInstance,
  findVolume,
  idempotent,
  required,
  tagsFor,
} from './context';
import { checkVolumeSize } from './instances';
import { encryptionFor } from './encryption';
import { isFastRestored } from './fast-restores';
import { findVisibleSnapshot } from './sharing';

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'];
const DEVICE_NAME = /^\/dev\/(sd[a-z]\d*|xvd[a-z]+\d*)$/;

/** Checks and creates a volume (ClientToken is checked before this). */
function createVolume(ctx: ActionContext, input: CreateVolumeRequest): Volume {
  const zone = required(input.AvailabilityZone, 'AvailabilityZone');
  if (!zonesOf(ctx.region).includes(zone)) throw invalidParameterValue(`Invalid availability zone: [${zone}]`);
  const volumeType = input.VolumeType ?? 'gp2';
  if (!VOLUME_TYPES.includes(volumeType)) throw invalidParameterValue(`Invalid value '${volumeType}' for VolumeType.`);
  const snapshot = input.SnapshotId ? findVisibleSnapshot(ctx, ctx.region, input.SnapshotId) : undefined;
  if (snapshot && snapshot.state !== 'completed') {
    throw incorrectState(`Snapshot ${snapshot.id} is in invalid state - ${snapshot.state}`);
  }
  const sizeGiB = input.Size ?? snapshot?.volumeSize;
  if (sizeGiB === undefined)
    throw new ApiError('MissingParameter', 'The request must contain the parameter size or snapshotId');
  checkVolumeSize(sizeGiB);
  if (snapshot && sizeGiB < snapshot.volumeSize) {
    throw invalidParameterValue(
      `Volume of ${sizeGiB}GiB is smaller than snapshot '${snapshot.id}', expect size >= ${snapshot.volumeSize}GiB`,
    );
  }
  if ((volumeType === 'io1' || volumeType === 'io2') && input.Iops === undefined) {
    throw new ApiError('MissingParameter', `The parameter iops must be specified for ${volumeType} volumes.`);
  }
  if (input.MultiAttachEnabled && volumeType !== 'io1' && volumeType !== 'io2') {
    throw invalidParameterValue('Multi-Attach is supported only on io1 and io2 volumes.');
  }
  checkSpecsFor(input.TagSpecifications, ['volume']);
  const tags = tagsFor(input.TagSpecifications, 'volume');
  const encryption = encryptionFor(ctx, input, { encryption: snapshot?.encryption, keepsKey: true });

  dryRunGate(ctx);
  const { em, rs, now } = ctx;
  const record: VolumeRecord = {
    seq: em.nextSeq(),
    id: em.nextId('vol'),
    sizeGiB,
    volumeType,
    iops: input.Iops ?? (volumeType === 'gp3' ? 3000 : undefined),
    throughput: input.Throughput ?? (volumeType === 'gp3' ? 125 : undefined),
    snapshotId: snapshot?.id,
    availabilityZone: zone,
    state: 'creating',
    settlesAt: now + em.delayMs,
    createTime: now,
    attachments: [],
    multiAttachEnabled: input.MultiAttachEnabled ?? false,
    encryption,
    fastRestored: snapshot ? isFastRestored(ctx, snapshot, zone) : undefined,
    tags,
  };
  rs.volumes[record.id] = record;
  schedule(rs, 'volume', record.id, record.settlesAt!);
  return volumeView(record);
}

export const volumeActions = {
  CreateVolume: define<CreateVolumeRequest, Volume>({
    mutating: true,
    handle: (ctx, input) => idempotent(ctx, 'CreateVolume', input, () => createVolume(ctx, input)),
  }),

  AttachVolume: define<AttachVolumeRequest, VolumeAttachment>({
    mutating: true,
    handle(ctx, input) {
      const device = required(input.Device, 'Device');
      const volume = findVolume(ctx.rs, required(input.VolumeId, 'VolumeId'));
      const instance = findInstance(ctx.rs, required(input.InstanceId, 'InstanceId'));
      if (!DEVICE_NAME.test(device))
        throw invalidParameterValue(
          `Value (${device}) for parameter device is invalid. ${device} is not a valid EBS device name.`,
        );
      if (instance.state !== 'running' && instance.state !== 'stopped') {
        throw incorrectInstanceState(instance.id, instance.state, 'attached to');
      }
      if (volume.availabilityZone !== instance.availabilityZone) {
        throw new ApiError(
          'InvalidVolume.ZoneMismatch',
          `The volume '${volume.id}' is not in the same availability zone as instance '${instance.id}'`,
        );
      }
      if (volume.state !== 'available' && volume.state !== 'in-use')
        throw incorrectState(`Volume '${volume.id}' is in the '${volume.state}' state.`);
      const busy = volume.state !== 'available' && !(volume.multiAttachEnabled && volume.state === 'in-use');
      if (busy || volume.attachments.some((a) => a.instanceId === instance.id)) {
        throw new ApiError('VolumeInUse', `${volume.id} is already attached to an instance`);
      }
      if (instance.devices.some((d) => d.deviceName === device)) {
        throw invalidParameterValue(`Attachment point ${device} is already in use`);
      }
      dryRunGate(ctx);
      const { now } = ctx;
      attachmentChanging(ctx.em, volume, now);
      volume.attachments.push({
        instanceId: instance.id,
        device,
        attachTime: now,
        deleteOnTermination: false,
        state: 'attached',
      });
      volume.state = 'in-use';
      instance.devices.push({ deviceName: device, volumeId: volume.id, attachTime: now, deleteOnTermination: false });
      return {
        VolumeId: volume.id,
        InstanceId: instance.id,
        Device: device,
        State: 'attaching',
        AttachTime: new Date(now),
      };
    },
  }),

  DetachVolume: define<DetachVolumeRequest, VolumeAttachment>({
    mutating: true,
    handle(ctx, input) {
      const volume = findVolume(ctx.rs, required(input.VolumeId, 'VolumeId'));
      const attachment = volume.attachments.find(
        (a) => (!input.InstanceId || a.instanceId === input.InstanceId) && (!input.Device || a.device === input.Device),
      );
      if (volume.attachments.length === 0)
        throw incorrectState(`Volume '${volume.id}' is in the '${volume.state}' state.`);
      if (!attachment) {
        throw new ApiError(
          'InvalidAttachment.NotFound',
          `Volume '${volume.id}' is not attached${input.InstanceId ? ` to instance '${input.InstanceId}'` : ''}${input.Device ? ` at '${input.Device}'` : ''}.`,
        );
      }
      const instance = ctx.rs.instances[attachment.instanceId];
      if (
        instance?.rootDeviceName === attachment.device &&
        instance.state !== 'stopped' &&
        instance.state !== 'terminated'
      ) {
        throw new ApiError(
          'OperationNotPermitted',
          `The root volume of ${instance.id} can only be detached while the instance is stopped.`,
        );
      }
      dryRunGate(ctx);
      attachmentChanging(ctx.em, volume, ctx.now);
      volume.attachments = volume.attachments.filter((a) => a !== attachment);
      if (volume.attachments.length === 0) volume.state = 'available';
      if (instance) instance.devices = instance.devices.filter((d) => d.volumeId !== volume.id);
      return {
        VolumeId: volume.id,
        InstanceId: attachment.instanceId,
        Device: attachment.device,
        State: 'detaching',
        AttachTime: new Date(attachment.attachTime),
      };
    },
  }),

  DeleteVolume: define<DeleteVolumeRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const volume = findVolume(ctx.rs, required(input.VolumeId, 'VolumeId'));
      if (volume.attachments.length > 0) {
        throw new ApiError(
          'VolumeInUse',
          `Volume ${volume.id} is currently attached to ${volume.attachments[0]!.instanceId}`,
        );
      }
      dryRunGate(ctx);
      delete ctx.rs.volumes[volume.id];
      return {};
    },
  }),
};
