import type {
  DescribeFastSnapshotRestoreSuccessItem,
  DescribeFastSnapshotRestoresRequest,
  DescribeFastSnapshotRestoresResult,
  DisableFastSnapshotRestoresRequest,
  DisableFastSnapshotRestoresResult,
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
 * then `enabled`. Volumes restored in an enabled zone are fast-restored. Disabling answers `disabling` and takes
 * effect at once (the zone is no longer described); a zone that was not enabled answers `disabled`.
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

/** The zones and owned snapshots a request names, checked. */
function named(ctx: ActionContext, input: { AvailabilityZones?: string[]; SourceSnapshotIds?: string[] }) {
  const zones = unique(required(input.AvailabilityZones, 'AvailabilityZone'));
  for (const z of zones)
    if (!zonesOf(ctx.region).includes(z)) throw invalidParameterValue(`Invalid availability zone: [${z}]`);
  const snapshots = unique(required(input.SourceSnapshotIds, 'SourceSnapshotId')).map((id) => {
    const snapshot = findVisibleSnapshot(ctx, ctx.region, id);
    if (snapshot.ownerId !== ctx.account) throw unauthorized(`You do not own snapshot ${snapshot.id}.`);
    return snapshot;
  });
  return { zones, snapshots };
}

export const fastRestoreActions = {
  EnableFastSnapshotRestores: define<EnableFastSnapshotRestoresRequest, EnableFastSnapshotRestoresResult>({
    mutating: true,
    handle(ctx, input) {
      const { zones, snapshots } = named(ctx, input);
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

  DisableFastSnapshotRestores: define<DisableFastSnapshotRestoresRequest, DisableFastSnapshotRestoresResult>({
    mutating: true,
    handle(ctx, input) {
      const { zones, snapshots } = named(ctx, input);
      dryRunGate(ctx);
      const successful = snapshots.flatMap((snapshot) => {
        const restores = { ...snapshot.fastRestores };
        const items = zones.map((zone) => {
          const at = restores[zone];
          delete restores[zone];
          const was = at === undefined ? undefined : itemView(ctx, { snapshot, zone, at });
          return {
            ...was,
            SnapshotId: snapshot.id,
            AvailabilityZone: zone,
            OwnerId: snapshot.ownerId,
            State: at === undefined ? ('disabled' as const) : ('disabling' as const),
            StateTransitionReason: 'Client.UserInitiated',
            DisablingTime: new Date(ctx.now),
          };
        });
        snapshot.fastRestores = Object.keys(restores).length > 0 ? restores : undefined;
        return items;
      });
      return { Successful: successful, Unsuccessful: [] };
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
