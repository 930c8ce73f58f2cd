import type { Emulator } from '../emulator';
import { Random } from '../random';
import type { EmulatorState, SnapshotRecord, VolumeRecord } from '../state';
import { RUN as RUN_SIZE, type Runs, countBlocks, differences, highWater, overwrite } from './runs';
import {
  BLOCKS_PER_GIB,
  BLOCK_SIZE,
  type BlockLog,
  type BlockRef,
  type BlockState,
  type ChurnProfile,
  WRITE as WRITE_SIZE,
  writeIdOf,
} from './state';

/**
 * Volumes write blocks while they are attached, at the rate their churn profile gives (scenarios set it; new volumes
 * get a default), played lazily: a volume's writes are generated up to the moment something reads it (a snapshot
 * starting, an attachment changing). Deterministic: the choices come from a generator seeded by the log and its
 * length, the ids from the block state's own counter.
 */

const DAY = 86_400_000;
/** Numbers per run and per write, held locally: the loops below read them often. */
const RUN = RUN_SIZE;
const WRITE = WRITE_SIZE;

export const CHURN = {
  /** A blank data volume: about a third written once it is used, 2% of that rewritten a day, slowly growing. */
  blank: { fill: 0.35, dailyChange: 0.02, growth: 0.15 },
  /** A volume restored from a snapshot: its data is already there; 1% a day. */
  restored: { fill: 0, dailyChange: 0.01, growth: 0.15 },
  /** A snapshot that arrived without a history (an image's root, or a state file from before blocks). */
  image: { fill: 0.25, dailyChange: 0, growth: 0 },
} satisfies Record<string, ChurnProfile>;

/** What reading blocks keeps in memory, per block state: never saved, rebuilt from the logs when missing. */
interface Caches {
  /** Each log's blocks after all its writes, updated as it writes. */
  heads: Map<string, { upTo: number; runs: Runs; written: number }>;
  contents: Map<string, Runs>;
  diffs: Map<string, number[]>;
}

const caches = new WeakMap<BlockState, Caches>();
const MAX_CACHED = 64;

function cachesOf(bs: BlockState): Caches {
  let c = caches.get(bs);
  if (!c) {
    c = { heads: new Map(), contents: new Map(), diffs: new Map() };
    caches.set(bs, c);
  }
  return c;
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHED) map.delete(map.keys().next().value!);
  return value;
}

function logOf(bs: BlockState, id: string): BlockLog {
  const log = bs.logs[id];
  if (!log) throw new Error(`No block log ${id}.`);
  return log;
}

/** The blocks at a point of a log: its base's blocks with its first `upTo` writes over them. */
export function contentsAt(bs: BlockState, ref: BlockRef): Runs {
  const c = cachesOf(bs);
  const key = `${ref.log}@${ref.upTo}`;
  const cached = c.contents.get(key);
  if (cached) return cached;
  const log = logOf(bs, ref.log);
  const runs = log.base ? contentsAt(bs, log.base).slice() : [];
  for (let k = 0; k < ref.upTo; k++)
    overwrite(runs, log.writes[k * WRITE]!, log.writes[k * WRITE + 1]!, writeIdOf(ref.log, k));
  return remember(c.contents, key, runs);
}

function headOf(bs: BlockState, logId: string) {
  const c = cachesOf(bs);
  const upTo = logOf(bs, logId).writes.length / WRITE;
  let head = c.heads.get(logId);
  if (head?.upTo !== upTo) {
    const runs = contentsAt(bs, { log: logId, upTo }).slice();
    head = { upTo, runs, written: countBlocks(runs) };
    c.heads.set(logId, head);
  }
  return head;
}

function newLog(bs: BlockState, fields: Omit<BlockLog, 'writes' | 'lineage'> & { lineage?: number }): string {
  bs.counter += 1;
  const id = `log-${bs.counter}`;
  const lineage = fields.lineage ?? (bs.counter += 1);
  bs.logs[id] = { ...fields, lineage, writes: [] };
  return id;
}

function write(bs: BlockState, logId: string, start: number, length: number): void {
  const head = headOf(bs, logId);
  logOf(bs, logId).writes.push(start, length);
  head.written += overwrite(head.runs, start, length, writeIdOf(logId, head.upTo));
  head.upTo += 1;
}

function seedOf(logId: string, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < logId.length; i++) h = Math.imul(h ^ logId.charCodeAt(i), 0x01000193);
  return (h ^ Math.imul(length + 1, 0x9e3779b1)) >>> 0;
}

/** A blank volume's first use: `fill` of it written in a few large pieces from the start, with small gaps. */
function fill(bs: BlockState, logId: string, rng: Random): void {
  const log = logOf(bs, logId);
  let left = Math.round(log.churn.fill * log.sizeBlocks);
  const pieces = rng.int(2, 6);
  let pos = 0;
  for (let p = 0; p < pieces && left > 0 && pos < log.sizeBlocks; p++) {
    const share = p === pieces - 1 ? left : Math.ceil((left / (pieces - p)) * (0.5 + rng.next()));
    const length = Math.min(left, share, log.sizeBlocks - pos);
    write(bs, logId, pos, length);
    left -= length;
    pos += length + rng.int(0, Math.max(1, Math.floor(log.sizeBlocks / 200)));
  }
}

/** The block holding the k-th written block of runs (prefix: written blocks before each run). */
function kthBlock(runs: Runs, prefix: number[], k: number): number {
  let lo = 0;
  let hi = prefix.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (prefix[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  return runs[lo * RUN]! + (k - prefix[lo]!);
}

/**
 * `days` of writes: about eight extents a day whatever the volume's size (a terabyte's month of changes is a few
 * hundred runs), mostly rewriting written blocks, some growing the data past its end.
 */
function churn(bs: BlockState, logId: string, rng: Random, days: number): void {
  const log = logOf(bs, logId);
  const head = headOf(bs, logId);
  let left = Math.min(head.written, Math.round(log.churn.dailyChange * days * head.written));
  if (left <= 0) return;
  const mean = Math.max(4, Math.ceil(left / Math.max(1, days) / 8));
  // Where the rewrites land is drawn from the blocks as they were before this day's writes.
  const prefix: number[] = [];
  for (let i = 0, sum = 0; i < head.runs.length; i += RUN) {
    prefix.push(sum);
    sum += head.runs[i + 1]!;
  }
  const extents: number[] = [];
  let top = highWater(head.runs);
  while (left > 0) {
    const grow = top < log.sizeBlocks && rng.chance(log.churn.growth);
    const start = grow ? top : kthBlock(head.runs, prefix, rng.int(0, head.written - 1));
    const length = Math.min(left, rng.int(1, 2 * mean - 1), log.sizeBlocks - start);
    extents.push(start, length);
    if (grow) top += length;
    left -= length;
  }
  for (let i = 0; i < extents.length; i += 2) write(bs, logId, extents[i]!, extents[i + 1]!);
}

/**
 * Plays a log's writes up to `now`: nothing while its volume is not attached (`active` false); a blank volume's first
 * use writes its fill at once.
 */
function settle(bs: BlockState, logId: string, now: number, active: boolean): void {
  const log = logOf(bs, logId);
  if (now < log.settledAt) return;
  const days = (now - log.settledAt) / DAY;
  log.settledAt = now;
  if (!active) return;
  const head = headOf(bs, logId);
  const rng = new Random(seedOf(logId, head.upTo));
  if (head.written === 0 && !log.base && log.churn.fill > 0) fill(bs, logId, rng);
  if (days > 0) churn(bs, logId, rng, days);
}

/** A snapshot's record, wherever it lives. */
function snapshotRecord(state: Readonly<EmulatorState>, id: string): SnapshotRecord | undefined {
  for (const account of Object.values(state.accounts))
    for (const rs of Object.values(account.regions)) if (rs.snapshots[id]) return rs.snapshots[id];
  return undefined;
}

/**
 * A snapshot that has blocks of its own from the start (an image's root): `fill` of its size written at its start,
 * in a lineage of its own.
 */
export function seedSnapshot(em: Emulator, snapshot: SnapshotRecord, fillShare = CHURN.image.fill): BlockRef {
  const bs = em.blocks;
  const sizeBlocks = snapshot.volumeSize * BLOCKS_PER_GIB;
  const log = newLog(bs, {
    sizeBlocks,
    churn: { ...CHURN.image, fill: fillShare },
    settledAt: snapshot.startTime,
  });
  fill(bs, log, new Random(seedOf(snapshot.id, 0)));
  const ref = { log, upTo: headOf(bs, log).upTo };
  bs.snapshots[snapshot.id] = ref;
  snapshot.fullSizeBytes = headOf(bs, log).written * BLOCK_SIZE;
  return ref;
}

/** The point of a log a snapshot captured; one without a history (a state file from before blocks) gets one now. */
export function snapshotRef(em: Emulator, snapshotId: string): BlockRef {
  const known = em.blocks.snapshots[snapshotId];
  if (known) return known;
  const record = snapshotRecord(em.view, snapshotId);
  if (!record) throw new Error(`No snapshot ${snapshotId}.`);
  return seedSnapshot(em, record);
}

/** The snapshot a volume was restored from, if its blocks are still known. */
function restoredFrom(em: Emulator, volume: VolumeRecord): BlockRef | undefined {
  if (!volume.snapshotId) return undefined;
  try {
    return snapshotRef(em, volume.snapshotId);
  } catch {
    return undefined; // a state file from before blocks, whose snapshot is gone: the volume starts blank
  }
}

/**
 * A volume's log, made the first time anything asks (most volumes are never snapshotted): blank, or restored from its
 * snapshot in that snapshot's lineage, changing since it was created.
 */
function volumeLog(em: Emulator, volume: VolumeRecord): string {
  const bs = em.blocks;
  const known = bs.volumes[volume.id];
  if (known) return known;
  const base = restoredFrom(em, volume);
  const log = newLog(bs, {
    lineage: base ? logOf(bs, base.log).lineage : undefined,
    base,
    sizeBlocks: volume.sizeGiB * BLOCKS_PER_GIB,
    churn: base ? CHURN.restored : CHURN.blank,
    settledAt: volume.createTime,
  });
  bs.volumes[volume.id] = log;
  return log;
}

/** Scenarios: how a volume's data changes from now on. */
export function setChurn(em: Emulator, volume: VolumeRecord, profile: ChurnProfile): void {
  logOf(em.blocks, volumeLog(em, volume)).churn = { ...profile };
}

/** Scenarios: data loaded onto a volume now (its fill written, as on first use), attached or not. */
export function loadData(em: Emulator, volume: VolumeRecord, now: number): void {
  settle(em.blocks, volumeLog(em, volume), now, true);
}

/** Before a volume is attached or detached: what it wrote while it was (or was not) attached. */
export function attachmentChanging(em: Emulator, volume: VolumeRecord, now: number): void {
  settle(em.blocks, volumeLog(em, volume), now, volume.state === 'in-use');
}

/** A snapshot starts: it captures its volume's blocks as they are at its start time. */
export function snapshotTaken(em: Emulator, snapshot: SnapshotRecord, volume: VolumeRecord): void {
  const bs = em.blocks;
  const log = volumeLog(em, volume);
  settle(bs, log, snapshot.startTime, volume.state === 'in-use');
  const head = headOf(bs, log);
  bs.snapshots[snapshot.id] = { log, upTo: head.upTo };
  snapshot.fullSizeBytes = head.written * BLOCK_SIZE;
}

/** A snapshot copy: the source's blocks, in a lineage of its own (changed blocks are not listed across copies). */
export function snapshotCopied(em: Emulator, copy: SnapshotRecord, source: SnapshotRecord): void {
  const bs = em.blocks;
  const base = snapshotRef(em, source.id);
  const log = newLog(bs, {
    base,
    sizeBlocks: logOf(bs, base.log).sizeBlocks,
    churn: { fill: 0, dailyChange: 0, growth: 0 },
    settledAt: copy.startTime,
  });
  bs.snapshots[copy.id] = { log, upTo: 0 };
  copy.fullSizeBytes = source.fullSizeBytes ?? countBlocks(contentsAt(bs, base)) * BLOCK_SIZE;
}

export interface SnapshotBlocks {
  lineage: number;
  /** Runs of the snapshot's written blocks; read only. */
  runs: Runs;
}

/** What a snapshot holds, for the EBS direct API. */
export function snapshotBlocks(em: Emulator, snapshotId: string): SnapshotBlocks {
  const ref = snapshotRef(em, snapshotId);
  return { lineage: logOf(em.blocks, ref.log).lineage, runs: contentsAt(em.blocks, ref) };
}

/** Where two snapshots differ (see `differences`), kept for the pages that follow. */
export function changedBlocks(em: Emulator, firstId: string | undefined, secondId: string): number[] {
  const c = cachesOf(em.blocks);
  const key = `${firstId ?? ''}|${secondId}`;
  return (
    c.diffs.get(key) ??
    remember(
      c.diffs,
      key,
      differences(firstId ? snapshotBlocks(em, firstId).runs : [], snapshotBlocks(em, secondId).runs),
    )
  );
}

/** Forgets the blocks of volumes and snapshots that are gone, and the logs nothing needs any more. */
export function pruneBlocks(state: EmulatorState, bs: BlockState | undefined = state.blocks): void {
  if (!bs) return;
  const volumes = new Set<string>();
  const snapshots = new Set<string>();
  for (const account of Object.values(state.accounts)) {
    for (const rs of Object.values(account.regions)) {
      for (const volume of Object.values(rs.volumes)) {
        volumes.add(volume.id);
        // A volume whose log is not made yet will start from its snapshot's blocks, even once the snapshot is gone.
        if (volume.snapshotId) snapshots.add(volume.snapshotId);
      }
      for (const id in rs.snapshots) snapshots.add(id);
      // A snapshot in the Recycle Bin may come back with its blocks.
      for (const id in rs.binnedSnapshots ?? {}) snapshots.add(id);
    }
  }
  for (const id of Object.keys(bs.volumes)) if (!volumes.has(id)) delete bs.volumes[id];
  for (const id of Object.keys(bs.snapshots)) if (!snapshots.has(id)) delete bs.snapshots[id];
  const live = new Set<string>();
  const mark = (logId: string | undefined) => {
    for (let id = logId; id && !live.has(id); id = bs.logs[id]?.base?.log) live.add(id);
  };
  Object.values(bs.volumes).forEach(mark);
  Object.values(bs.snapshots).forEach((ref) => mark(ref.log));
  const heads = cachesOf(bs).heads;
  for (const id of Object.keys(bs.logs)) {
    if (live.has(id)) continue;
    delete bs.logs[id];
    heads.delete(id);
  }
}
