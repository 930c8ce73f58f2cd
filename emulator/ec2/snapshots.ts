import type {
  CopySnapshotRequest,
  CopySnapshotResult,
  CreateSnapshotRequest,
  CreateSnapshotsRequest,
  CreateSnapshotsResult,
  DeleteSnapshotRequest,
  ModifySnapshotTierRequest,
  ModifySnapshotTierResult,
  Snapshot,
} from '@aws-sdk/client-ec2';
import { snapshotCopied, snapshotTaken } from '../blocks';
import { ApiError, incorrectState, invalidParameterValue, unauthorized } from '../errors';
import { schedule } from '../lifecycle';
import { isEnabledRegion } from '../regions';
import { snapshotView } from './views';
import {
  type ActionContext,
  checkDescription,
  checkSpecsFor,
  define,
  dryRunGate,
  findInstance,
  findVolume,
  required,
  tagsFor,
} from './context';
import { volumesOf } from './instances';
import type { SnapshotRecord, Tag, VolumeRecord } from '../state';
import { imagesUsingSnapshot } from './images';
import { encryptionFor } from './encryption';
import { findVisibleSnapshot } from './sharing';

/** A new pending snapshot of a volume, with its encryption and blocks. */
function takeSnapshot(ctx: ActionContext, volume: VolumeRecord, description: string, tags: Tag[]): SnapshotRecord {
  const { em, rs, now } = ctx;
  const snapshotId = em.nextId('snap');
  const record = {
    seq: em.nextSeq(),
    id: snapshotId,
    volumeId: volume.id,
    volumeSize: volume.sizeGiB,
    description,
    state: 'pending' as const,
    startTime: now,
    settlesAt: now + em.delayMs,
    ownerId: ctx.account,
    public: false,
    encryption: volume.encryption && { ...volume.encryption },
    tags,
  };
  rs.snapshots[snapshotId] = record;
  snapshotTaken(em, record, volume);
  schedule(rs, 'snapshot', snapshotId, record.settlesAt);
  return record;
}

export const snapshotActions = {
  CreateSnapshot: define<CreateSnapshotRequest, Snapshot>({
    mutating: true,
    handle(ctx, input) {
      const volume = findVolume(ctx.rs, required(input.VolumeId, 'VolumeId'));
      checkDescription(input.Description);
      if (volume.state !== 'available' && volume.state !== 'in-use') {
        throw incorrectState(`The volume '${volume.id}' is in the '${volume.state}' state.`);
      }
      checkSpecsFor(input.TagSpecifications, ['snapshot']);
      const tags = tagsFor(input.TagSpecifications, 'snapshot');
      dryRunGate(ctx);
      return snapshotView(takeSnapshot(ctx, volume, input.Description ?? '', tags), ctx.now, ctx.account);
    },
  }),

  CreateSnapshots: define<CreateSnapshotsRequest, CreateSnapshotsResult>({
    mutating: true,
    handle(ctx, input) {
      const spec = required(input.InstanceSpecification, 'InstanceSpecification');
      const instance = findInstance(ctx.rs, required(spec.InstanceId, 'InstanceSpecification.InstanceId'));
      checkDescription(input.Description);
      if (input.OutpostArn !== undefined || input.Location !== undefined)
        throw new ApiError('UnsupportedOperation', 'The emulator does not model Outposts or Local Zones.');
      const excluded = new Set(spec.ExcludeDataVolumeIds ?? []);
      for (const id of excluded) findVolume(ctx.rs, id);
      const volumes = volumesOf(ctx.rs, instance.id).filter((v) => {
        const device = instance.devices.find((d) => d.volumeId === v.id);
        const boot = device?.deviceName === instance.rootDeviceName;
        return boot ? spec.ExcludeBootVolume !== true : !excluded.has(v.id);
      });
      if (volumes.length === 0) throw invalidParameterValue(`Instance ${instance.id} has no volumes left to snapshot.`);
      checkSpecsFor(input.TagSpecifications, ['snapshot']);
      const tags = tagsFor(input.TagSpecifications, 'snapshot');
      const copyTags = input.CopyTagsFromSource;
      if (copyTags !== undefined && copyTags !== 'volume')
        throw invalidParameterValue(`Invalid value '${String(copyTags)}' for CopyTagsFromSource.`);
      dryRunGate(ctx);
      // One moment for every volume: the snapshots are crash-consistent.
      const taken = volumes.map((v) =>
        takeSnapshot(
          ctx,
          v,
          input.Description ?? '',
          [...(copyTags ? v.tags.filter((t) => !tags.some((o) => o.key === t.key)) : []), ...tags].map((t) => ({
            ...t,
          })),
        ),
      );
      return {
        Snapshots: taken.map((r) => {
          const v = snapshotView(r, ctx.now, ctx.account);
          return {
            SnapshotId: v.SnapshotId,
            VolumeId: v.VolumeId,
            VolumeSize: v.VolumeSize,
            Description: v.Description,
            State: v.State,
            Progress: v.Progress,
            StartTime: v.StartTime,
            OwnerId: v.OwnerId,
            Encrypted: v.Encrypted,
            Tags: v.Tags,
          };
        }),
      };
    },
  }),

  CopySnapshot: define<CopySnapshotRequest, CopySnapshotResult>({
    mutating: true,
    handle(ctx, input) {
      const sourceRegion = required(input.SourceRegion, 'SourceRegion');
      const sourceSnapshotId = required(input.SourceSnapshotId, 'SourceSnapshotId');
      checkDescription(input.Description);
      if (!isEnabledRegion(sourceRegion)) throw invalidParameterValue(`Invalid source region: ${sourceRegion}`);
      const source = findVisibleSnapshot(ctx, sourceRegion, sourceSnapshotId);
      if (source.state !== 'completed') {
        throw incorrectState(`Snapshot ${source.id} is in invalid state - ${source.state}`);
      }
      checkSpecsFor(input.TagSpecifications, ['snapshot']);
      const tags = tagsFor(input.TagSpecifications, 'snapshot');
      const encryption = encryptionFor(ctx, input, { encryption: source.encryption, keepsKey: false });
      dryRunGate(ctx);
      const { em, rs, now } = ctx;
      const snapshotId = em.nextId('snap');
      const settlesAt = now + em.delayMs;
      const prefix = `[Copied ${source.id} from ${sourceRegion}]`;
      rs.snapshots[snapshotId] = {
        seq: em.nextSeq(),
        id: snapshotId,
        volumeId: 'vol-ffffffff',
        volumeSize: source.volumeSize,
        description: input.Description ? `${prefix} ${input.Description}` : prefix,
        state: 'pending',
        startTime: now,
        settlesAt,
        ownerId: ctx.account,
        public: false,
        encryption,
        tags,
      };
      snapshotCopied(em, rs.snapshots[snapshotId], source);
      schedule(rs, 'snapshot', snapshotId, settlesAt);
      return {
        SnapshotId: snapshotId,
        Tags: tags.length > 0 ? tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined,
      };
    },
  }),

  ModifySnapshotTier: define<ModifySnapshotTierRequest, ModifySnapshotTierResult>({
    mutating: true,
    handle(ctx, input) {
      const snapshot = findVisibleSnapshot(ctx, ctx.region, required(input.SnapshotId, 'SnapshotId'));
      if (snapshot.ownerId !== ctx.account) throw unauthorized(`You do not own snapshot ${snapshot.id}.`);
      const tier: string | undefined = input.StorageTier;
      if (tier !== undefined && tier !== 'archive')
        throw invalidParameterValue(`Invalid value '${tier}' for StorageTier: use archive.`);
      if (snapshot.state !== 'completed')
        throw incorrectState(`Snapshot ${snapshot.id} is in invalid state - ${snapshot.state}`);
      if (snapshot.storageTier === 'archive')
        throw incorrectState(`Snapshot ${snapshot.id} is already in the archive tier.`);
      dryRunGate(ctx);
      snapshot.storageTier = 'archive';
      snapshot.tieringStartTime = ctx.now;
      return { SnapshotId: snapshot.id, TieringStartTime: new Date(ctx.now) };
    },
  }),

  DeleteSnapshot: define<DeleteSnapshotRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const snapshot = findVisibleSnapshot(ctx, ctx.region, required(input.SnapshotId, 'SnapshotId'));
      if (snapshot.ownerId !== ctx.account) throw unauthorized(`You do not own snapshot ${snapshot.id}.`);
      const users = imagesUsingSnapshot(ctx.rs, snapshot.id);
      if (users.length > 0) {
        throw new ApiError(
          'InvalidSnapshot.InUse',
          `The snapshot ${snapshot.id} is currently in use by ${users[0]!.id}`,
        );
      }
      dryRunGate(ctx);
      delete ctx.rs.snapshots[snapshot.id];
      return {};
    },
  }),
};
