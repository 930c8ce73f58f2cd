import 'server-only';
import type { BlockRanges } from '@/lib/lineage/chain-sizes';

/**
 * What the EBS direct API told about snapshots, kept because a snapshot never changes: the blocks of one snapshot
 * (ListSnapshotBlocks), or the blocks that differ between two (ListChangedBlocks). Keyed by the endpoint, account,
 * region and the snapshots with their start times, so a snapshot id reused by another endpoint is never mistaken.
 */

export type Measurement =
  | { kind: 'blocks'; blockSize: number; blocks: BlockRanges }
  | {
      kind: 'changes';
      blockSize: number;
      /** Blocks the second snapshot holds differently from the first. */
      captured: BlockRanges;
      /** Blocks the first snapshot holds that the second does not hold as they are. */
      replaced: BlockRanges;
    };

/** Where measurements are kept; the in-memory store until the history store keeps them across restarts. */
export interface MeasurementStore {
  get(key: string): Promise<Measurement | undefined>;
  put(key: string, value: Measurement): Promise<void>;
}

/** Measurements of the most recently used snapshots, in memory; the oldest are forgotten past `capacity`. */
export class MemoryMeasurements implements MeasurementStore {
  private readonly entries = new Map<string, Measurement>();

  constructor(private readonly capacity = 20_000) {}

  get(key: string): Promise<Measurement | undefined> {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return Promise.resolve(value);
  }

  put(key: string, value: Measurement): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return Promise.resolve();
  }

  clear(): void {
    this.entries.clear();
  }
}

const global = globalThis as typeof globalThis & { __lineageMeasurements?: MemoryMeasurements };

export function measurementStore(): MeasurementStore {
  return (global.__lineageMeasurements ??= new MemoryMeasurements());
}

/** Forgets every measurement (tests that reset the emulator, whose snapshot ids repeat). */
export function clearMeasurements(): void {
  global.__lineageMeasurements?.clear();
}
