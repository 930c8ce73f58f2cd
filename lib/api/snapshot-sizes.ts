import { z } from 'zod';
import { Region, VolumeId } from './fields';

/**
 * The contract of GET /api/snapshot-sizes: what each snapshot of a volume really holds, measured with the EBS direct
 * API. As JSON by default; with `Accept: application/x-ndjson`, as a stream of progress lines ending with the result.
 */

export const SnapshotSizesQuerySchema = z.object({ region: Region, volumeId: VolumeId });
export type SnapshotSizesQuery = z.infer<typeof SnapshotSizesQuerySchema>;

/** Why a snapshot has no measured sizes (its numbers are null). */
export const UNMEASURED_REASONS = ['pending', 'error', 'archived', 'access-denied', 'not-found', 'unreadable'] as const;
export type UnmeasuredReason = (typeof UNMEASURED_REASONS)[number];

export const SnapshotSizeSchema = z.object({
  snapshotId: z.string(),
  startTime: z.string(),
  state: z.string(),
  storageTier: z.string(),
  /** The volume's size when the snapshot was taken. */
  volumeSizeGiB: z.number().nullable(),
  /** Blocks written on the volume at that time. */
  fullBytes: z.number().nullable(),
  /** Blocks changed since the snapshot before it in the chain (the first: all of them). */
  changedBytes: z.number().nullable(),
  /** Blocks no other snapshot of the chain holds: what deleting it frees. */
  uniqueBytes: z.number().nullable(),
  /** Why the numbers are null. */
  reason: z.object({ code: z.enum(UNMEASURED_REASONS), message: z.string() }).optional(),
});
export type SnapshotSize = z.infer<typeof SnapshotSizeSchema>;

/** Block versions first held by snapshot `first` and last by `last` (every snapshot between holds them too). */
export const SnapshotSpanSchema = z.object({ first: z.string(), last: z.string(), bytes: z.number() });

export const SnapshotSizesSchema = z.object({
  volumeId: z.string(),
  region: z.string(),
  /** Every snapshot of the volume in the region, oldest first; copies in other regions are chains of their own. */
  snapshots: z.array(SnapshotSizeSchema),
  /** The measured chain's block versions, from which what deleting any set of its snapshots frees follows. */
  spans: z.array(SnapshotSpanSchema),
  /** What the measured snapshots store in all: each block version once. */
  storedBytes: z.number(),
  blockSize: z.number(),
  measuredAt: z.string(),
});
export type SnapshotSizes = z.infer<typeof SnapshotSizesSchema>;

/** How far a measurement is: steps (one listing per snapshot) done of all, and blocks listed so far. */
export const SizesProgressSchema = z.object({ done: z.number(), total: z.number(), blocks: z.number() });
export type SizesProgress = z.infer<typeof SizesProgressSchema>;

/** One line of the NDJSON stream. */
export const SizesStreamLineSchema = z.union([
  z.object({ progress: SizesProgressSchema }),
  z.object({ result: SnapshotSizesSchema }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type SizesStreamLine = z.infer<typeof SizesStreamLineSchema>;

export const NDJSON = 'application/x-ndjson';
