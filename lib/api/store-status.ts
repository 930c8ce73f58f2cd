import { z } from 'zod';

/** Shared by GET /api/lineage and the history routes: times in queries, and the history store's status. */

/** An ISO-8601 time with a zone (`2026-03-01T10:00:00Z`, `…+02:00`), normalised to UTC with milliseconds. */
export const InstantSchema = z.iso
  .datetime({ offset: true, message: 'is not an ISO-8601 time with a zone, like 2026-03-01T10:00:00Z' })
  .transform((s) => new Date(s).toISOString());

/** A time that is not in the future (a minute of clock skew allowed). */
export const PastInstantSchema = InstantSchema.refine((s) => Date.parse(s) <= Date.now() + 60_000, {
  message: 'is in the future',
});

/** Where history is kept and whether it can be used now; `error` names the setting to fix. */
export const HistoryStatusSchema = z.object({
  store: z.enum(['embedded', 'postgres', 'off']),
  available: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type HistoryStatus = z.infer<typeof HistoryStatusSchema>;

/**
 * Whether who made what is read from CloudTrail: `reading` until the first read is in, `denied` without
 * cloudtrail:LookupEvents, `error` for another failure, `off` when it is not read at all; `message` says why.
 */
export const TrailStatusSchema = z.object({
  state: z.enum(['ok', 'reading', 'denied', 'error', 'off']),
  message: z.string().optional(),
});
export type TrailStatus = z.infer<typeof TrailStatusSchema>;
