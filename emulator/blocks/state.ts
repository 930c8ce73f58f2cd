/**
 * The blocks behind volumes and snapshots, as plain JSON: each volume writes into a log of writes, and a snapshot is a
 * point in its volume's log. A restored volume's log starts from its snapshot's point (same lineage); a copied
 * snapshot starts a log (and a lineage) of its own. A terabyte volume with 30 daily snapshots is its writes (a few
 * thousand extents) and 30 references, never a list of its blocks.
 */

/** EBS's block size: 512 KiB. */
export const BLOCK_SIZE = 524_288;
export const BLOCKS_PER_GIB = 2048;

/** How a volume's data changes while it is attached. */
export interface ChurnProfile {
  /** Share of a blank volume written when it is first used. */
  fill: number;
  /** Share of its written blocks rewritten per day while attached. */
  dailyChange: number;
  /** Share of each day's writes that land on blocks never written before (the data grows). */
  growth: number;
}

/** A point in a log: its first `upTo` writes applied over its base. */
export interface BlockRef {
  log: string;
  upTo: number;
}

export interface BlockLog {
  /** Snapshots of one lineage can be compared block by block (EBS's volume/snapshot lineage). */
  lineage: number;
  /** What the volume started from: a snapshot's point (restored or copied), or nothing (blank). */
  base?: BlockRef;
  sizeBlocks: number;
  churn: ChurnProfile;
  /** `[start, length]` pairs, in the order they were written; the k-th is the write `writeIdOf(log, k)`. */
  writes: number[];
  /** Writes have been played up to this time. */
  settledAt: number;
}

export interface BlockState {
  /** Feeds log numbers and lineages (apart from the resource counter, so ids of resources never shift). */
  counter: number;
  /** By id, `log-N`. */
  logs: Record<string, BlockLog>;
  /** Volume id → its log. */
  volumes: Record<string, string>;
  /** Snapshot id → the point of its volume's log it captured. */
  snapshots: Record<string, BlockRef>;
}

/** The block state's tables, each journaled entry by entry. */
export type BlockTable = 'logs' | 'volumes' | 'snapshots';

/** Numbers per write in a log. */
export const WRITE = 2;
const WRITES_PER_LOG = 2 ** 24;

/** The id of a log's k-th write: unique across logs, so blocks a volume inherited are told from its own writes. */
export function writeIdOf(logId: string, k: number): number {
  return Number(logId.slice(logId.indexOf('-') + 1)) * WRITES_PER_LOG + k;
}

export function emptyBlockState(): BlockState {
  return { counter: 0, logs: {}, volumes: {}, snapshots: {} };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a saved value is a block state (the shape; the numbers are trusted as the emulator wrote them). */
export function isBlockState(value: unknown): value is BlockState {
  return (
    isObject(value) &&
    typeof value.counter === 'number' &&
    isObject(value.logs) &&
    isObject(value.volumes) &&
    isObject(value.snapshots) &&
    Object.values(value.logs).every((log) => isObject(log) && Array.isArray(log.writes))
  );
}
