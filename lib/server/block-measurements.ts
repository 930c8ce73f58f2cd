import 'server-only';
import { z } from 'zod';
import type { BlockRanges } from '@/lib/lineage/chain-sizes';
import type { HistoryStore } from '@/lib/store';
import { historyStore, historyStoreWithin } from './history';

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

/** Where measurements are kept. */
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

const MeasurementSchema: z.ZodType<Measurement> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('blocks'), blockSize: z.number(), blocks: z.array(z.number()) }),
  z.object({
    kind: z.literal('changes'),
    blockSize: z.number(),
    captured: z.array(z.number()),
    replaced: z.array(z.number()),
  }),
]);

/** How long a measurement waits for the history store to open before going on without it. */
const STORE_WAIT_MS = 1_000;

/**
 * Memory first, then the history store (when it is on), so measurements outlive a restart. A failing store only
 * costs the listings being asked again.
 */
class KeptMeasurements implements MeasurementStore {
  constructor(readonly memory: MemoryMeasurements) {}

  async get(key: string): Promise<Measurement | undefined> {
    const known = await this.memory.get(key);
    if (known) return known;
    const store = await historyStoreWithin(STORE_WAIT_MS);
    const kept = MeasurementSchema.safeParse(await store?.measurement(key).catch(() => undefined));
    if (!kept.success) return undefined;
    await this.memory.put(key, kept.data);
    return kept.data;
  }

  async put(key: string, value: Measurement): Promise<void> {
    await this.memory.put(key, value);
    const keep = (store: HistoryStore | null) => store?.putMeasurement(key, value).catch(() => undefined);
    const store = await historyStoreWithin(STORE_WAIT_MS);
    // A store still opening gets it later, without holding up the measurement.
    if (store) await keep(store);
    else void historyStore().then(keep);
  }
}

const global = globalThis as typeof globalThis & { __lineageMeasurements?: KeptMeasurements };

export function measurementStore(): MeasurementStore {
  return (global.__lineageMeasurements ??= new KeptMeasurements(new MemoryMeasurements()));
}

/** Forgets every measurement held in memory (tests that restart the app; the history store keeps its own). */
export function clearMeasurements(): void {
  global.__lineageMeasurements?.memory.clear();
}
