/** CloudTrail events in the store: what each made, removed or changed, and how far each trail has been read. */
import 'server-only';
import type { Kysely } from 'kysely';
import { type ResourceAttribution, TRAIL_ROLES, type TrailFact, type TrailRole } from '@/lib/lineage';
import type { Database } from './schema';
import { idIn } from './sql';

type Db = Kysely<Database>;

/** Rows written at once. */
const BATCH = 1_000;

/** Where a trail (an AWS account's events in a region) has been read up to. */
export interface TrailCursor {
  readAt: string;
  newestEventAt: string | null;
}

/** A stored event as a resource's history tells it. */
export interface StoredTrailEvent {
  at: string;
  role: TrailRole;
  eventName: string;
  arn: string;
  region: string;
}

const isRole = (r: string): r is TrailRole => (TRAIL_ROLES as readonly string[]).includes(r);

export async function trailCursor(
  db: Db,
  account: string,
  trailAccount: string,
  region: string,
): Promise<TrailCursor | null> {
  const row = await db
    .selectFrom('lineage.trail_reads')
    .select(['read_at', 'newest_event_at'])
    .where('account', '=', account)
    .where('trail_account', '=', trailAccount)
    .where('region', '=', region)
    .executeTakeFirst();
  return row ? { readAt: row.read_at.toISOString(), newestEventAt: row.newest_event_at?.toISOString() ?? null } : null;
}

/** Stores what a read of a trail found (an event seen before is kept once) and moves its cursor on. */
export async function recordTrail(
  db: Db,
  scope: { account: string; trailAccount: string; region: string; readAt: string },
  facts: readonly TrailFact[],
): Promise<void> {
  const { account, trailAccount, region, readAt } = scope;
  const newest = facts.reduce<string | null>((max, f) => (max === null || f.at > max ? f.at : max), null);
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < facts.length; i += BATCH) {
      const rows = facts.slice(i, i + BATCH).map((f) => ({
        account,
        event_id: f.eventId,
        resource_id: f.resourceId,
        role: f.role,
        at: f.at,
        region: f.region,
        event_name: f.eventName,
        arn: f.arn,
      }));
      await tx
        .insertInto('lineage.trail_events')
        .values(rows)
        .onConflict((oc) => oc.columns(['account', 'event_id', 'resource_id']).doNothing())
        .execute();
    }
    const cursor = { read_at: readAt, ...(newest ? { newest_event_at: newest } : {}) };
    await tx
      .insertInto('lineage.trail_reads')
      .values({ account, trail_account: trailAccount, region, ...cursor })
      .onConflict((oc) =>
        oc.columns(['account', 'trail_account', 'region']).doUpdateSet(
          newest
            ? (eb) => ({
                read_at: readAt,
                newest_event_at: eb.fn('greatest', [
                  eb.ref('lineage.trail_reads.newest_event_at'),
                  eb.ref('excluded.newest_event_at'),
                ]),
              })
            : { read_at: readAt },
        ),
      )
      .execute();
  });
}

/**
 * Who made and who removed each resource an event names: the first creation and the last removal. With `ids`, only
 * those resources.
 */
export async function attributions(
  db: Db,
  account: string,
  ids?: readonly string[],
): Promise<Map<string, ResourceAttribution>> {
  let query = db
    .selectFrom('lineage.trail_events')
    .select(['resource_id', 'role', 'at', 'event_name', 'arn'])
    .where('account', '=', account)
    .where('role', 'in', ['created', 'deleted']);
  if (ids) query = query.where(idIn('resource_id', ids));
  const rows = await query.orderBy('at').execute();
  const out = new Map<string, ResourceAttribution>();
  for (const r of rows) {
    const entry = out.get(r.resource_id) ?? {};
    const by = { arn: r.arn, eventName: r.event_name, at: r.at.toISOString() };
    if (r.role === 'created') entry.createdBy ??= by;
    else entry.deletedBy = by;
    out.set(r.resource_id, entry);
  }
  return out;
}

/** The events that made, removed or changed a resource, oldest first. */
export async function resourceTrail(db: Db, account: string, id: string): Promise<StoredTrailEvent[]> {
  const rows = await db
    .selectFrom('lineage.trail_events')
    .select(['at', 'role', 'event_name', 'arn', 'region'])
    .where('account', '=', account)
    .where('resource_id', '=', id)
    .orderBy('at')
    .execute();
  return rows.flatMap((r) =>
    isRole(r.role)
      ? [{ at: r.at.toISOString(), role: r.role, eventName: r.event_name, arn: r.arn, region: r.region }]
      : [],
  );
}
