import type { InstanceRecord, RegionState } from './state';

/** Terminated instances stay listed this long unless told otherwise, as on EC2 (about an hour). */
export const TERMINATED_TTL_MS = 60 * 60 * 1000;

type Kind = 'instance' | 'volume' | 'snapshot' | 'image';

/** Records that will change by themselves, per region, with the earliest time any of them is due. */
interface Watch {
  keys: Set<string>;
  due: number;
}

const watches = new WeakMap<RegionState, Watch>();

/** A region loaded from a file has no watch list yet: build it from the records once. */
function watchOf(rs: RegionState): Watch {
  let watch = watches.get(rs);
  if (watch) return watch;
  watch = { keys: new Set(), due: -Infinity };
  for (const r of Object.values(rs.instances))
    if (r.settlesAt !== undefined || r.state === 'terminated') watch.keys.add(`instance:${r.id}`);
  for (const r of Object.values(rs.volumes)) if (r.settlesAt !== undefined) watch.keys.add(`volume:${r.id}`);
  for (const r of Object.values(rs.snapshots)) if (r.state === 'pending') watch.keys.add(`snapshot:${r.id}`);
  for (const r of Object.values(rs.images)) if (r.state === 'pending') watch.keys.add(`image:${r.id}`);
  watches.set(rs, watch);
  return watch;
}

/** Marks a record as changing by itself at the given time. */
export function schedule(rs: RegionState, kind: Kind, id: string, at: number): void {
  const watch = watchOf(rs);
  watch.keys.add(`${kind}:${id}`);
  if (at < watch.due) watch.due = at;
}

/**
 * Moves every transitional state whose time has come: pending → running/completed/available, and so on; a terminated
 * instance is forgotten terminatedTtlMs after it terminated. False when nothing was due (nothing changed).
 */
export function settleRegion(rs: RegionState, now: number, terminatedTtlMs = TERMINATED_TTL_MS): boolean {
  const watch = watchOf(rs);
  if (watch.due > now) return false;
  let next = Infinity;
  const later = (t: number) => {
    if (t < next) next = t;
  };
  const keys = [...watch.keys].sort(byKindOrder);
  for (const key of keys) {
    const [kind, id] = key.split(':') as [Kind, string];
    const stillWatched = settleOne(rs, kind, id, { now, terminatedTtlMs }, later);
    if (!stillWatched) watch.keys.delete(key);
  }
  watch.due = next;
  return true;
}

/** Snapshots settle before the images that wait on them. */
const ORDER: Record<string, number> = { snapshot: 0, image: 1, volume: 2, instance: 3 };
const byKindOrder = (a: string, b: string) => ORDER[a.slice(0, a.indexOf(':'))]! - ORDER[b.slice(0, b.indexOf(':'))]!;

interface SettleClock {
  now: number;
  terminatedTtlMs: number;
}

function settleOne(rs: RegionState, kind: Kind, id: string, clock: SettleClock, later: (t: number) => void): boolean {
  const { now } = clock;
  switch (kind) {
    case 'snapshot': {
      const snap = rs.snapshots[id];
      if (snap?.state !== 'pending' || snap.settlesAt === undefined) return false;
      if (snap.settlesAt > now) return (later(snap.settlesAt), true);
      snap.state = 'completed';
      snap.completedAt = snap.settlesAt;
      snap.settlesAt = undefined;
      return false;
    }
    case 'image': {
      const image = rs.images[id];
      if (image?.state !== 'pending') return false;
      const waiting = image.mappings
        .map((m) => (m.snapshotId ? rs.snapshots[m.snapshotId] : undefined))
        .filter((s) => s?.state === 'pending');
      if (waiting.length === 0) {
        image.state = 'available';
        return false;
      }
      for (const s of waiting) if (s?.settlesAt !== undefined) later(s.settlesAt);
      return true;
    }
    case 'volume': {
      const vol = rs.volumes[id];
      if (vol?.settlesAt === undefined) return false;
      if (vol.settlesAt > now) return (later(vol.settlesAt), true);
      if (vol.state === 'creating') vol.state = vol.attachments.length > 0 ? 'in-use' : 'available';
      vol.settlesAt = undefined;
      return false;
    }
    case 'instance': {
      const inst = rs.instances[id];
      if (!inst) return false;
      if (inst.settlesAt !== undefined) {
        if (inst.settlesAt > now) return (later(inst.settlesAt), true);
        const at = inst.settlesAt;
        inst.settlesAt = undefined;
        if (inst.state === 'pending') inst.state = 'running';
        else if (inst.state === 'stopping') inst.state = 'stopped';
        else if (inst.state === 'shutting-down') {
          inst.state = 'terminated';
          inst.terminatedAt = at;
          releaseVolumes(rs, inst);
          inst.devices = [];
        }
      }
      if (inst.state !== 'terminated' || inst.terminatedAt === undefined) return false;
      const gone = inst.terminatedAt + clock.terminatedTtlMs;
      if (gone > now) return (later(gone), true);
      delete rs.instances[inst.id];
      return false;
    }
  }
}

/**
 * A terminated instance's volumes: deleted when marked DeleteOnTermination, otherwise detached. Its devices name
 * them (every attachment has its device), so this never scans the region's volumes.
 */
function releaseVolumes(rs: RegionState, inst: InstanceRecord): void {
  for (const device of inst.devices) {
    const vol = rs.volumes[device.volumeId];
    const attachment = vol?.attachments.find((a) => a.instanceId === inst.id);
    if (!vol || !attachment) continue;
    if (attachment.deleteOnTermination) {
      delete rs.volumes[vol.id];
    } else {
      vol.attachments = vol.attachments.filter((a) => a !== attachment);
      if (vol.attachments.length === 0) vol.state = 'available';
    }
  }
}
