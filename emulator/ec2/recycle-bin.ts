import type {
  ListImagesInRecycleBinRequest,
  ListImagesInRecycleBinResult,
  ListSnapshotsInRecycleBinRequest,
  ListSnapshotsInRecycleBinResult,
  RestoreImageFromRecycleBinRequest,
  RestoreImageFromRecycleBinResult,
  RestoreSnapshotFromRecycleBinRequest,
  RestoreSnapshotFromRecycleBinResult,
} from '@aws-sdk/client-ec2';
import { ApiError, imageNotFound, snapshotNotFound } from '../errors';
import { retentionFor } from '../rbin';
import type { BinnedRecord, ImageRecord, RegionState, SnapshotRecord } from '../state';
import { type ActionContext, checkIds, define, dryRunGate, required, unique } from './context';
import { paginate } from './pagination';

/**
 * The Recycle Bin as EC2 sees it: a snapshot deleted (or an image deregistered) while a retention rule of its
 * region keeps its kind (and, for a tag-level rule, one of its tags) leaves the inventory for the bin, where it
 * can be listed and restored as it was until its retention ends; then it is gone for good.
 */

const DAY_MS = 86_400_000;

type Bin<T> = Record<string, BinnedRecord<T>>;

const snapshotBin = (rs: RegionState): Bin<SnapshotRecord> => (rs.binnedSnapshots ??= {});
const imageBin = (rs: RegionState): Bin<ImageRecord> => (rs.binnedImages ??= {});

/** What is still in a bin at that time. */
const live = <T>(bin: Bin<T> | undefined, now: number): BinnedRecord<T>[] =>
  Object.values(bin ?? {}).filter((b) => b.exitsAt > now);

/** Forgets what has outlived its retention (in calls that change state, so the state file records it). */
function expire<T>(bin: Bin<T> | undefined, now: number): void {
  for (const [id, b] of Object.entries(bin ?? {})) if (b.exitsAt <= now) delete bin![id];
}

function binned<T>(ctx: ActionContext, ruleId: string, days: number, record: T): BinnedRecord<T> {
  return { seq: ctx.em.nextSeq(), record, enteredAt: ctx.now, exitsAt: ctx.now + days * DAY_MS, ruleId };
}

/** Deletes a snapshot: into the bin when a rule keeps it, else for good. */
export function deleteSnapshotRecord(ctx: ActionContext, snapshot: SnapshotRecord): void {
  const { rs } = ctx;
  delete rs.snapshots[snapshot.id];
  const rule = retentionFor(rs, 'EBS_SNAPSHOT', snapshot.tags);
  if (!rule) return;
  expire(rs.binnedSnapshots, ctx.now);
  snapshotBin(rs)[snapshot.id] = binned(ctx, rule.id, rule.retentionDays, snapshot);
}

/** Deregisters an image: into the bin when a rule keeps it, else for good. */
export function deregisterImageRecord(ctx: ActionContext, image: ImageRecord): void {
  const { rs } = ctx;
  delete rs.images[image.id];
  const rule = retentionFor(rs, 'EC2_IMAGE', image.tags);
  if (!rule) return;
  expire(rs.binnedImages, ctx.now);
  imageBin(rs)[image.id] = binned(ctx, rule.id, rule.retentionDays, image);
}

const exits = <T>(b: BinnedRecord<T>) => ({
  RecycleBinEnterTime: new Date(b.enteredAt),
  RecycleBinExitTime: new Date(b.exitsAt),
});

function listed<T extends { id: string }>(
  ctx: ActionContext,
  bin: Bin<T> | undefined,
  ids: string[],
  request: { MaxResults?: number; NextToken?: string },
  range: { scope: string; min: number },
) {
  const items = live(bin, ctx.now)
    .filter((b) => ids.length === 0 || ids.includes(b.record.id))
    .sort((a, b) => a.seq - b.seq);
  return paginate(items, request, { ...range, max: 1000 }, false);
}

export const recycleBinActions = {
  ListSnapshotsInRecycleBin: define<ListSnapshotsInRecycleBinRequest, ListSnapshotsInRecycleBinResult>({
    mutating: false,
    handle(ctx, input) {
      const ids = unique(input.SnapshotIds);
      checkIds('snapshot', ids);
      const page = listed(ctx, ctx.rs.binnedSnapshots, ids, input, { scope: 'ListSnapshotsInRecycleBin', min: 5 });
      dryRunGate(ctx);
      return {
        Snapshots: page.items.map((b) => ({
          SnapshotId: b.record.id,
          Description: b.record.description,
          VolumeId: b.record.volumeId,
          ...exits(b),
        })),
        NextToken: page.nextToken,
      };
    },
  }),

  ListImagesInRecycleBin: define<ListImagesInRecycleBinRequest, ListImagesInRecycleBinResult>({
    mutating: false,
    handle(ctx, input) {
      const ids = unique(input.ImageIds);
      checkIds('image', ids);
      const page = listed(ctx, ctx.rs.binnedImages, ids, input, { scope: 'ListImagesInRecycleBin', min: 1 });
      dryRunGate(ctx);
      return {
        Images: page.items.map((b) => ({
          ImageId: b.record.id,
          Name: b.record.name,
          Description: b.record.description,
          ...exits(b),
        })),
        NextToken: page.nextToken,
      };
    },
  }),

  RestoreSnapshotFromRecycleBin: define<RestoreSnapshotFromRecycleBinRequest, RestoreSnapshotFromRecycleBinResult>({
    mutating: true,
    handle(ctx, input) {
      const id = required(input.SnapshotId, 'SnapshotId');
      checkIds('snapshot', [id]);
      const entry = ctx.rs.binnedSnapshots?.[id];
      if (!entry || entry.exitsAt <= ctx.now) throw snapshotNotFound([id]);
      dryRunGate(ctx);
      expire(ctx.rs.binnedSnapshots, ctx.now);
      const s = entry.record;
      delete snapshotBin(ctx.rs)[id];
      ctx.rs.snapshots[id] = s;
      return {
        SnapshotId: s.id,
        Description: s.description,
        Encrypted: s.encryption !== undefined,
        OwnerId: s.ownerId,
        Progress: '100%',
        StartTime: new Date(s.startTime),
        State: s.state,
        VolumeId: s.volumeId,
        VolumeSize: s.volumeSize,
      };
    },
  }),

  RestoreImageFromRecycleBin: define<RestoreImageFromRecycleBinRequest, RestoreImageFromRecycleBinResult>({
    mutating: true,
    handle(ctx, input) {
      const id = required(input.ImageId, 'ImageId');
      checkIds('image', [id]);
      const entry = ctx.rs.binnedImages?.[id];
      if (!entry || entry.exitsAt <= ctx.now) throw imageNotFound([id]);
      const image = entry.record;
      const ownSnapshots = image.mappings.flatMap((m) => (m.snapshotId ? [m.snapshotId] : []));
      const binnedSnapshot = ownSnapshots.find((s) => !ctx.rs.snapshots[s] && ctx.rs.binnedSnapshots?.[s]);
      if (binnedSnapshot)
        throw new ApiError(
          'IncorrectState',
          `The snapshot ${binnedSnapshot} of image ${id} is in the Recycle Bin: restore it first.`,
        );
      const gone = ownSnapshots.find((s) => !ctx.rs.snapshots[s]);
      if (gone) throw new ApiError('IncorrectState', `The snapshot ${gone} of image ${id} no longer exists.`);
      dryRunGate(ctx);
      expire(ctx.rs.binnedImages, ctx.now);
      delete imageBin(ctx.rs)[id];
      ctx.rs.images[id] = image;
      return { Return: true };
    },
  }),
};
