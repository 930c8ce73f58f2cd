/**
 * The history store: one typed query layer over embedded PGlite or PostgreSQL. Writes are queued one after
 * another, so two reads recorded at once never interleave.
 */
import 'server-only';
import { sql } from 'kysely';
import type { Pool } from 'pg';
import { type StoreConfig, describeLocation } from './config';
import { type OpenDatabase, openDatabase } from './db';
import type { ReadFacts } from './facts';
import {
  type StoredChange,
  type StoredGraph,
  changesSince,
  prune,
  readScopes,
  rememberNow,
  resourceHistory,
  storedGraph,
} from './queries';
import { type HashCache, type RecordSummary, recordRead } from './record';
import type { RememberedResource, ResourceAttribution, TrailFact } from '@/lib/lineage';
import {
  type StoredTrailEvent,
  type TrailCursor,
  attributions,
  recordTrail,
  resourceTrail,
  trailCursor,
} from './trail';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const ANALYZE_AFTER_ROWS = 1_000;

/** Held while this instance reads an account; released when the read is recorded. */
export interface CollectorLease {
  release(): Promise<void>;
}

/** Both numbers of a PostgreSQL advisory lock: this product's, and the account's. */
const LOCK_CLASS = 0x4c494e45; // "LINE"

/** The account's lock as this instance holds it: how to unlock it (null: another instance has it). */
interface HeldLock {
  lock: Promise<(() => Promise<void>) | null>;
  count: number;
}

/** Takes an account's advisory lock on a connection of its own; resolves to how to let it go, or null. */
async function lockAccount(pool: Pool, account: string): Promise<(() => Promise<void>) | null> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, hashtext($2)) as locked',
      [LOCK_CLASS, account],
    );
    if (!rows[0]?.locked) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release(true);
    throw error;
  }
  return async () => {
    try {
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, account]);
      client.release();
    } catch {
      client.release(true); // dropping the session drops its locks
    }
  };
}

export class HistoryStore {
  private writes: Promise<unknown> = Promise.resolve();
  private lastPrune = 0;
  private readonly held = new Map<string, HeldLock>();
  /** Hashes of the scopes this store recorded last, so an unchanged read is compared in memory. */
  private readonly hashes: HashCache = new Map();

  private constructor(
    private readonly opened: OpenDatabase,
    readonly location: string,
    private readonly historyDays: number,
  ) {}

  static async open(config: Exclude<StoreConfig, { kind: 'off' }>): Promise<HistoryStore> {
    return new HistoryStore(await openDatabase(config), describeLocation(config), config.historyDays);
  }

  get backend(): 'embedded' | 'postgres' {
    return this.opened.backend;
  }

  /** Records a read after the ones queued before it; history older than the bound is pruned now and then. */
  record(facts: ReadFacts): Promise<RecordSummary> {
    const task = this.writes.then(async () => {
      const summary = await recordRead(this.opened.db, facts, this.hashes);
      // Large writes change the tables' shape: fresh statistics keep the planner on the indexes (PGlite has no
      // autovacuum to do it).
      if (summary.appeared + summary.changed + summary.disappeared + summary.edgesWritten > ANALYZE_AFTER_ROWS) {
        await sql`analyze lineage.resources, lineage.resource_versions, lineage.edges, lineage.changes`.execute(
          this.opened.db,
        );
        // Embedded PostgreSQL has no background checkpointer: without one its write-ahead log only grows.
        if (this.backend === 'embedded') await sql`checkpoint`.execute(this.opened.db);
      }
      const now = Date.now();
      if (now - this.lastPrune > PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await prune(this.opened.db, new Date(now - this.historyDays * DAY_MS).toISOString());
        if (this.backend === 'embedded') await sql`checkpoint`.execute(this.opened.db);
      }
      return summary;
    });
    this.writes = task.catch(() => undefined);
    return task;
  }

  /** Forgets history older than `before` (ISO-8601); recording does it by itself with the configured bound. */
  prune(before: string): Promise<void> {
    const task = this.writes.then(() => prune(this.opened.db, before));
    this.writes = task.catch(() => undefined);
    return task;
  }

  /** Resolves once every write queued so far is done (or failed). */
  async idle(): Promise<void> {
    let current;
    do {
      current = this.writes;
      await current;
    } while (current !== this.writes);
  }

  history(account: string, id: string): Promise<StoredChange[] | null> {
    return resourceHistory(this.opened.db, account, id);
  }

  changes(account: string, since: string, options: { until?: string; regions?: readonly string[]; limit: number }) {
    return changesSince(this.opened.db, account, since, options);
  }

  scopes(account: string) {
    return readScopes(this.opened.db, account);
  }

  /** The graph's facts for `regions` (every region read when empty), as last stored or as of a time. */
  graph(account: string, regions: readonly string[], asOf: string | null): Promise<StoredGraph> {
    return storedGraph(this.opened.db, account, regions, asOf);
  }

  /** A kept EBS direct API listing (see lib/server/block-measurements.ts), as it was put. */
  async measurement(key: string): Promise<unknown> {
    const row = await this.opened.db
      .selectFrom('lineage.block_measurements')
      .select('measurement')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.measurement;
  }

  /** Keeps a listing for good; a second put of the same key keeps the first (a snapshot never changes). */
  async putMeasurement(key: string, measurement: Record<string, unknown>): Promise<void> {
    await this.opened.db
      .insertInto('lineage.block_measurements')
      .values({ key, measurement: JSON.stringify(measurement), measured_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  remember(account: string, ids: readonly string[], regionsRead: readonly string[]): Promise<RememberedResource[]> {
    return rememberNow(this.opened.db, account, ids, regionsRead);
  }

  /** Where an AWS account's trail in a region has been read up to; null before its first read. */
  trailCursor(account: string, trailAccount: string, region: string): Promise<TrailCursor | null> {
    return trailCursor(this.opened.db, account, trailAccount, region);
  }

  /** Stores what a read of a trail found, after the writes queued before it. */
  recordTrail(
    scope: { account: string; trailAccount: string; region: string; readAt: string },
    facts: readonly TrailFact[],
  ): Promise<void> {
    const task = this.writes.then(() => recordTrail(this.opened.db, scope, facts));
    this.writes = task.catch(() => undefined);
    return task;
  }

  /** Who made and who removed resources (all the account's, or those of `ids`). */
  attributions(account: string, ids?: readonly string[]): Promise<Map<string, ResourceAttribution>> {
    return attributions(this.opened.db, account, ids);
  }

  trail(account: string, id: string): Promise<StoredTrailEvent[]> {
    return resourceTrail(this.opened.db, account, id);
  }

  /**
   * Becomes the one collector of an account among the app instances sharing a PostgreSQL database (a session
   * advisory lock, held on its own connection); null when another instance is reading it. Within this instance
   * the lease is shared: concurrent reads hold it together and it is let go when the last one releases it.
   * Embedded: always granted.
   */
  async tryCollect(account: string): Promise<CollectorLease | null> {
    const pool = this.opened.pool;
    if (!pool) return { release: () => Promise.resolve() };
    let held = this.held.get(account);
    if (!held) {
      held = { lock: lockAccount(pool, account), count: 0 };
      this.held.set(account, held);
    }
    held.count++;
    const unlock = await held.lock.catch((error: unknown) => {
      this.letGo(account, held);
      throw error;
    });
    if (!unlock) {
      this.letGo(account, held);
      return null;
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        if (this.letGo(account, held)) await unlock();
      },
    };
  }

  /** One holder fewer; true when it was the last (the lock is then forgotten here and must be unlocked). */
  private letGo(account: string, held: HeldLock): boolean {
    held.count--;
    if (held.count > 0) return false;
    if (this.held.get(account) === held) this.held.delete(account);
    return true;
  }

  async close(): Promise<void> {
    await this.idle();
    await this.opened.close();
  }
}
