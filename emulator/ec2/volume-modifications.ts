import type {
  DescribeVolumesModificationsRequest,
  DescribeVolumesModificationsResult,
  ModifyVolumeRequest,
  ModifyVolumeResult,
  VolumeModification,
} from '@aws-sdk/client-ec2';
import { ApiError, invalidParameterValue } from '../errors';
import type { VolumeModificationRecord } from '../state';
import { type ActionContext, define, dryRunGate, findVolume, findVolumes, required, unique } from './context';
import { assertKnownFilters, compileFilters, type FilterValues, matchesFilters } from './filters';
import { checkVolumeSize } from './instances';

/**
 * ModifyVolume changes a volume's size, type, IOPS or throughput at once (as EC2 does, the volume is usable
 * throughout); the modification is `modifying` for the emulator's delay, `optimizing` as long again, then
 * `completed`. One at a time per volume.
 */

type ModificationState = 'modifying' | 'optimizing' | 'completed';

function stateOf(m: VolumeModificationRecord, now: number, delay: number): ModificationState {
  if (now < m.startTime + delay) return 'modifying';
  if (now < m.startTime + 2 * delay) return 'optimizing';
  return 'completed';
}

function view(m: VolumeModificationRecord, ctx: ActionContext): VolumeModification {
  const state = stateOf(m, ctx.now, ctx.em.delayMs);
  return {
    VolumeId: m.volumeId,
    ModificationState: state,
    TargetSize: m.target.size,
    TargetVolumeType: m.target.volumeType as 'gp3',
    TargetIops: m.target.iops,
    TargetThroughput: m.target.throughput,
    OriginalSize: m.original.size,
    OriginalVolumeType: m.original.volumeType as 'gp3',
    OriginalIops: m.original.iops,
    OriginalThroughput: m.original.throughput,
    Progress: state === 'completed' ? 100 : state === 'optimizing' ? 50 : 0,
    StartTime: new Date(m.startTime),
    EndTime: state === 'completed' ? new Date(m.startTime + 2 * ctx.em.delayMs) : undefined,
  };
}

const modificationFilters =
  (ctx: ActionContext): FilterValues<VolumeModificationRecord> =>
  (m, name) => {
    switch (name) {
      case 'volume-id':
        return [m.volumeId];
      case 'modification-state':
        return [stateOf(m, ctx.now, ctx.em.delayMs)];
      case 'target-size':
        return [String(m.target.size)];
      case 'target-volume-type':
        return [m.target.volumeType];
      case 'original-size':
        return [String(m.original.size)];
      case 'original-volume-type':
        return [m.original.volumeType];
      case 'start-time':
        return [new Date(m.startTime).toISOString()];
      default:
        return undefined;
    }
  };

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'];

export const volumeModificationActions = {
  ModifyVolume: define<ModifyVolumeRequest, ModifyVolumeResult>({
    mutating: true,
    handle(ctx, input) {
      const volume = findVolume(ctx.rs, required(input.VolumeId, 'VolumeId'));
      if (input.MultiAttachEnabled !== undefined)
        throw new ApiError('UnsupportedOperation', 'The emulator does not model changing Multi-Attach.');
      const current = ctx.rs.volumeModifications?.[volume.id];
      if (current && stateOf(current, ctx.now, ctx.em.delayMs) !== 'completed')
        throw new ApiError(
          'IncorrectModificationState',
          `Cannot modify volume ${volume.id}: a modification is already in progress.`,
        );
      const original = {
        size: volume.sizeGiB,
        volumeType: volume.volumeType,
        iops: volume.iops,
        throughput: volume.throughput,
      };
      const volumeType = input.VolumeType ?? volume.volumeType;
      if (!VOLUME_TYPES.includes(volumeType))
        throw invalidParameterValue(`Invalid value '${volumeType}' for VolumeType.`);
      const target = {
        size: input.Size ?? volume.sizeGiB,
        volumeType,
        iops: input.Iops ?? (volumeType === 'gp3' ? (volume.iops ?? 3000) : volume.iops),
        throughput: input.Throughput ?? (volumeType === 'gp3' ? (volume.throughput ?? 125) : undefined),
      };
      checkVolumeSize(target.size);
      if (target.size < original.size)
        throw invalidParameterValue(`New size cannot be smaller than existing size (${original.size} GiB).`);
      if ([input.Size, input.VolumeType, input.Iops, input.Throughput].every((v) => v === undefined))
        throw new ApiError('MissingParameter', 'Name a new size, volume type, IOPS or throughput.');
      dryRunGate(ctx);
      const record: VolumeModificationRecord = { volumeId: volume.id, startTime: ctx.now, original, target };
      (ctx.rs.volumeModifications ??= {})[volume.id] = record;
      volume.sizeGiB = target.size;
      volume.volumeType = target.volumeType;
      volume.iops = target.iops;
      volume.throughput = target.throughput;
      return { VolumeModification: view(record, ctx) };
    },
  }),

  DescribeVolumesModifications: define<DescribeVolumesModificationsRequest, DescribeVolumesModificationsResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      const values = modificationFilters(ctx);
      const sample: VolumeModificationRecord = {
        volumeId: '',
        startTime: 0,
        original: { size: 0, volumeType: '' },
        target: { size: 0, volumeType: '' },
      };
      assertKnownFilters(filters, values, sample);
      const ids = unique(input.VolumeIds);
      findVolumes(ctx.rs, ids);
      dryRunGate(ctx);
      const all = Object.values(ctx.rs.volumeModifications ?? {});
      const chosen = all.filter(
        (m) => (ids.length === 0 || ids.includes(m.volumeId)) && matchesFilters(m, filters, values),
      );
      return { VolumesModifications: chosen.map((m) => view(m, ctx)) };
    },
  }),
};
