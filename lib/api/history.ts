import { z } from 'zod';
import { NODE_KINDS, TRAIL_ROLES } from '@/lib/lineage';
import { Region, ResourceId } from './fields';
import { InstantSchema, PastInstantSchema } from './store-status';

/** The contract of the history routes (GET /api/history, GET /api/changes) and of `asOf` on GET /api/lineage. */

export const HistoryQuerySchema = z.object({
  id: ResourceId,
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const ChangesQuerySchema = z.object({
  since: PastInstantSchema,
  until: InstantSchema.optional(),
  region: z.array(Region).default([]),
  limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
});
export type ChangesQuery = z.infer<typeof ChangesQuerySchema>;

/** What happened to a resource. `kind` says what; the other fields depend on it. */
export const HistoryEventSchema = z.discriminatedUnion('kind', [
  z.object({
    at: z.string(),
    kind: z.literal('appeared'),
    state: z.string().nullable(),
    createdAt: z.string().nullable(),
  }),
  z.object({
    at: z.string(),
    kind: z.literal('state-changed'),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  z.object({
    at: z.string(),
    kind: z.literal('tags-changed'),
    added: z.record(z.string(), z.string()),
    removed: z.record(z.string(), z.string()),
    changed: z.record(z.string(), z.object({ from: z.string(), to: z.string() })),
  }),
  z.object({ at: z.string(), kind: z.literal('modified'), fields: z.array(z.string()) }),
  z.object({ at: z.string(), kind: z.literal('disappeared'), lastSeenAt: z.string().nullable() }),
  /** From CloudTrail: a call that made, removed or changed the resource, and who made it. */
  z.object({
    at: z.string(),
    kind: z.literal('trail'),
    role: z.enum(TRAIL_ROLES),
    eventName: z.string(),
    arn: z.string(),
  }),
]);
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

export const HistoryResponseSchema = z.object({
  id: z.string(),
  kind: z.enum(NODE_KINDS),
  /** Null when nothing is recorded about it (then `events` is empty). */
  region: z.string().nullable(),
  /** The last name known. */
  name: z.string().nullable(),
  events: z.array(HistoryEventSchema),
});
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;

/** One change of one resource: the event, and which resource. */
export const ChangeSchema = z.intersection(
  HistoryEventSchema,
  z.object({ id: z.string(), resourceKind: z.enum(NODE_KINDS), region: z.string(), name: z.string().nullable() }),
);
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesResponseSchema = z.object({
  since: z.string(),
  until: z.string().optional(),
  /** Oldest first. */
  changes: z.array(ChangeSchema),
  /** More changes happened than `limit`: narrow the window with `until` or `region`, or raise `limit`. */
  truncated: z.boolean(),
});
export type ChangesResponse = z.infer<typeof ChangesResponseSchema>;
