import { z } from 'zod';
import { FINDING_KINDS, type Finding, type FindingKind, type FindingTotals, SIZE_BASES } from '@/lib/lineage';
import type { Agrees } from './fields';
import { LineageQuerySchema, RegionErrorSchema, type RegionError } from './lineage';
import { type SnapshotSizes, SnapshotSizesSchema } from './snapshot-sizes';

/** The contract of GET /api/findings, shared by the route and the browser. */

/** Same `?region=` and `?refresh=1` as GET /api/lineage. */
export const FindingsQuerySchema = LineageQuerySchema.pick({ region: true, refresh: true });
export type FindingsQuery = z.infer<typeof FindingsQuerySchema>;

export const FindingKindSchema = z.enum(FINDING_KINDS);

export const FindingSchema = z.object({
  kind: FindingKindSchema,
  resourceId: z.string(),
  region: z.string(),
  sizeGiB: z.number(),
  monthlyCostUsd: z.number(),
  reason: z.string(),
  evidence: z.array(z.string()),
  name: z.string().nullable(),
  lastLaunchedTime: z.string().nullable().optional(),
  sizeBasis: z.enum(SIZE_BASES),
  createdAt: z.string().nullable().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

export const FindingTotalsSchema = z.object({
  count: z.number().int(),
  sizeGiB: z.number(),
  monthlyCostUsd: z.number(),
});

export const FindingsResponseSchema = z.object({
  findings: z.array(FindingSchema),
  totals: FindingTotalsSchema,
  byKind: z.object({
    'orphan-snapshot': FindingTotalsSchema,
    'snapshot-of-deregistered-image': FindingTotalsSchema,
    'unused-image': FindingTotalsSchema,
    'unattached-volume': FindingTotalsSchema,
    'shared-unencrypted': FindingTotalsSchema,
  }),
  /** The date of the price table (approximate list prices). */
  pricesAsOf: z.string(),
  /** "Estimates; snapshots counted at full size …": show it with every cost. */
  costNote: z.string(),
  regions: z.array(z.string()),
  errors: z.array(RegionErrorSchema),
  fetchedAt: z.string(),
  /** The measured chains the snapshot findings belong to: what deleting several of them frees together. */
  chains: z.array(SnapshotSizesSchema),
});

export interface FindingsResponse {
  findings: Finding[];
  totals: FindingTotals;
  byKind: Record<FindingKind, FindingTotals>;
  pricesAsOf: string;
  costNote: string;
  regions: string[];
  errors: RegionError[];
  fetchedAt: string;
  chains: SnapshotSizes[];
}

/** The schema and the model's types must agree; this fails to compile if they drift apart. */
const findingsAgree: Agrees<z.infer<typeof FindingSchema>, Finding> = true;
const responseAgrees: Agrees<z.infer<typeof FindingsResponseSchema>, FindingsResponse> = true;
void findingsAgree;
void responseAgrees;
