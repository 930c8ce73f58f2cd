import { z } from 'zod';
import { NODE_KINDS } from '@/lib/lineage';
import type { FamilySummary, RegionRest } from '@/lib/lineage/family-index';
import type { Agrees } from './fields';
import { HistoryStatusSchema, TrailStatusSchema } from './store-status';
import {
  AccountSchema,
  BackgroundSchema,
  type LineageResponse,
  LineageResponseSchema,
  ModeSchema,
  ReadingQuery,
  RegionErrorSchema,
} from './lineage';

/** The contract of GET /api/families (the overview of a large account) and GET /api/families/{id} (one family). */

/** The same region, refresh, fresh and asOf as GET /api/lineage. */
export const FamilyQuerySchema = z.object(ReadingQuery);
export type FamilyQuery = z.infer<typeof FamilyQuerySchema>;

export const FamiliesQuerySchema = FamilyQuerySchema.extend({
  /** How many of the biggest families are summarised one by one; the rest are summed per region. */
  limit: z.coerce.number().int().min(1).max(1000).default(60),
  /** `small`: below the overview threshold the answer carries the whole graph as well, so one request draws it. */
  graph: z.enum(['small']).optional(),
});
export type FamiliesQuery = z.infer<typeof FamiliesQuerySchema>;
export const FamilySummarySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  resources: z.number().int(),
  kinds: z.object(
    Object.fromEntries(NODE_KINDS.map((k) => [k, z.number().int()])) as Record<
      (typeof NODE_KINDS)[number],
      z.ZodNumber
    >,
  ),
  sizeGiB: z.number(),
  regions: z.array(z.string()),
  accounts: z.record(z.string(), z.number().int()),
  findings: z.number().int(),
});

export const RegionRestSchema = z.object({
  region: z.string(),
  families: z.number().int(),
  resources: z.number().int(),
  sizeGiB: z.number(),
  findings: z.number().int(),
});

export const FamiliesResponseSchema = z.object({
  /** The biggest families, biggest first. */
  families: z.array(FamilySummarySchema),
  /** The other families, summed per region. */
  rest: z.array(RegionRestSchema),
  totals: z.object({ families: z.number().int(), resources: z.number().int(), drawn: z.number().int() }),
  /** From how many drawn resources the app opens on this overview rather than on the whole graph. */
  overviewFrom: z.number().int(),
  /** The account is above that: the app's first view is the overview. */
  overview: z.boolean(),
  regions: z.array(z.string()),
  fetchedAt: z.string(),
  errors: z.array(RegionErrorSchema),
  accounts: z.array(AccountSchema),
  background: BackgroundSchema,
  mode: ModeSchema,
  asOf: z.string().optional(),
  stored: z.boolean().optional(),
  history: HistoryStatusSchema.optional(),
  trail: TrailStatusSchema.optional(),
  /** Asked for with `graph=small` and the account is below the threshold: the whole lineage answer. */
  graph: LineageResponseSchema.optional(),
});
export type FamiliesResponse = Omit<z.infer<typeof FamiliesResponseSchema>, 'graph'> & { graph?: LineageResponse };

/** One family: the lineage answer for its resources, and its summary. */
export const FamilyResponseSchema = LineageResponseSchema.extend({ family: FamilySummarySchema });
export type FamilyResponse = LineageResponse & { family: FamilySummary };

const summariesAgree: Agrees<z.infer<typeof FamilySummarySchema>, FamilySummary> = true;
const restAgrees: Agrees<z.infer<typeof RegionRestSchema>, RegionRest> = true;
void summariesAgree;
void restAgrees;
