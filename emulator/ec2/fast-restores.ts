import type {
  DescribeFastSnapshotRestoreSuccessItem,
  DescribeFastSnapshotRestoresRequest,
  DescribeFastSnapshotRestoresResult,
  EnableFastSnapshotRestoresRequest,
  EnableFastSnapshotRestoresResult,
} from '@aws-sdk/client-ec2';
import { invalidParameterValue, unauthorized } from '../errors';
import { zonesOf } from '../regions';
import type { SnapshotRecord } from '../state';
import { type ActionContext, define, dryRunGate, required, unique } from './context';
import { assertKnownFilters, compileFilters, type FilterValues, matchesFilters } from './filters';
import { findVisibleSnapshot } from './sharing';

/**
 * Fast snapshot restore, per snapshot and zone: `enabling` for the emulator's delay, `optimizing` as long again,
 * then `enabled`. Volumes restored in an enabled zone are fast-restored.
 */

type RestoreState = 'enabling' | 'optimizing' | 'enabled';

function stateOf(enabledAt: number, now: number, delay: number): RestoreState {
  if (now < enabledAt + delay) return 'enabling';
  if (now < enabledAt + 2 * delay) return 'optimizing';
  return 'enabled';
}

/** Whether volumes restored from the snapshot in the zone are fully initialised at once. */
export function isFastRestored(ctx: ActionContext, snapshot: SnapshotRecord, zone: string): boolean {
  const at = snapshot.fastRestores?.[zone];
  return at !== undefined && stateOf(at, ctx.now, ctx.em.delayMs) === 'enabled';
}

interface Item {
  snapshot: SnapshotRecord;
  zone: string;
  at: number;
}

function itemView(ctx: ActionContext, { snapshot, zone, at }: Item): DescribeFastSnapshotRestoreSuccessItem {
  const state = stateOf(at, ctx.now, ctx.em.delayMs);
  const delay = ctx.em.delayMs;
  return {
    SnapshotId: snapshot.id,
    AvailabilityZone: zone,
    State: state,
    StateTransitionReason:
      state === 'enabled' ? 'Client.UserInitiated - Lifecycle state transition' : 'Client.UserInitiated',
    OwnerId: snapshot.ownerId,
    EnablingTime: new Date(at),
    OptimizingTime: state === 'enabling' ? undefined : new Date(at + delay),
    EnabledTime: state === 'enabled' ? new Date(at + 2 * delay) : undefined,
  };
}

const itemFilters =
  (ctx: ActionContext): FilterValues<Item> =>
  (item, name) => {
    switch (name) {
      case 'snapshot-id':
        return [item.snapshot.id];
      case 'availability-zone':
        return [item.zone];
      case 'owner-id':
        return [item.snapshot.ownerId];
      case 'state':
        return [stateOf(item.at, ctx.now, ctx.em.delayMs)];
      default:
        return undefined;
    }
  };

export const fastRestoreActions = {
  EnableFastSnapshotRestores: define<EnableFastSnapshotRestoresRequest, EnableFastSnapshotRestoresResult>({
    mutating: true,
    handle(ctx, input) {
      const zones = unique(required(input.AvailabilityZones, 'AvailabilityZone'));
      for (const z of zones)
        if (!zonesOf(ctx.region).includes(z)) throw invalidParameterValue(`Invalid availability zone: [${z}]`);
      const snapshots = unique(required(input.SourceSnapshotIds, 'SourceSnapshotId')).map((id) => {
        const snapshot = findVisibleSnapshot(ctx, ctx.region, id);
        if (snapshot.ownerId !== ctx.account) throw unauthorized(`You do not own snapshot ${snapshot.id}.`);
        return snapshot;
      });
      dryRunGate(ctx);
      const items: Item[] = [];
      for (const snapshot of snapshots) {
        const restores = { ...snapshot.fastRestores };
        for (const zone of zones) {
          restores[zone] ??= ctx.now;
          items.push({ snapshot, zone, at: restores[zone] });
        }
        snapshot.fastRestores = restores;
      }
      return { Successful: items.map((i) => itemView(ctx, i)), Unsuccessful: [] };
    },
  }),

  DescribeFastSnapshotRestores: define<DescribeFastSnapshotRestoresRequest, DescribeFastSnapshotRestoresResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      const values = itemFilters(ctx);
      assertKnownFilters(filters, values, { snapshot: { ownerId: '', id: '' } as SnapshotRecord, zone: '', at: 0 });
      dryRunGate(ctx);
      const items = Object.values(ctx.rs.snapshots)
        .sort((a, b) => a.seq - b.seq)
        .flatMap((snapshot) =>
          Object.entries(snapshot.fastRestores ?? {}).map(([zone, at]) => ({ snapshot, zone, at })),
        )
        .filter((item) => matchesFilters(item, filters, values));
      return { FastSnapshotRestores: items.map((i) => itemView(ctx, i)) };
    },
  }),
};
