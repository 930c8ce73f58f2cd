/**
 * The schema's versions, in order. A migration, once released, is never edited: a change is a new entry.
 * Kept in code (not files found at run time) so the bundled server carries them.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

async function run(db: Kysely<unknown>, statements: ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const migrations: Record<string, Migration> = {
  '0001-history': {
    async up(db) {
      await run(db, [
        sql`create schema if not exists lineage`,
        sql`create table lineage.reads (
          account text not null,
          region text not null,
          first_read_at timestamptz not null,
          read_at timestamptz not null,
          previous_read_at timestamptz,
          primary key (account, region)
        )`,
        sql`create table lineage.resources (
          account text not null,
          id text not null,
          kind text not null,
          region text not null,
          name text,
          state text,
          size_gib double precision,
          tags jsonb not null,
          node jsonb not null,
          hash text not null,
          first_seen_at timestamptz not null,
          last_seen_at timestamptz,
          gone_at timestamptz,
          primary key (account, id)
        )`,
        sql`create index resources_listed on lineage.resources (account, region) where gone_at is null`,
        sql`create index resources_gone on lineage.resources (gone_at) where gone_at is not null`,
        sql`create table lineage.resource_versions (
          account text not null,
          id text not null,
          region text not null,
          valid_from timestamptz not null,
          valid_to timestamptz,
          node jsonb not null,
          primary key (account, id, valid_from)
        )`,
        sql`create index resource_versions_scope on lineage.resource_versions (account, region, valid_from)`,
        sql`create table lineage.edges (
          account text not null,
          id text not null,
          region text not null,
          kind text not null,
          source text not null,
          target text not null,
          valid_from timestamptz not null,
          valid_to timestamptz,
          edge jsonb not null,
          source_ghost jsonb,
          target_ghost jsonb,
          hash text not null,
          primary key (account, id, valid_from)
        )`,
        sql`create index edges_drawn on lineage.edges (account, region) where valid_to is null`,
        sql`create index edges_scope on lineage.edges (account, region, valid_from)`,
        sql`create index edges_source on lineage.edges (account, source)`,
        sql`create index edges_target on lineage.edges (account, target)`,
        sql`create table lineage.changes (
          seq bigint generated always as identity primary key,
          at timestamptz not null,
          account text not null,
          region text not null,
          resource_id text not null,
          resource_kind text not null,
          name text,
          kind text not null,
          detail jsonb not null
        )`,
        sql`create index changes_resource on lineage.changes (account, resource_id, seq)`,
        sql`create index changes_at on lineage.changes (account, at)`,
      ]);
    },
  },
  '0002-block-measurements': {
    async up(db) {
      await run(db, [
        sql`create table lineage.block_measurements (
          key text primary key,
          measurement jsonb not null,
          measured_at timestamptz not null
        )`,
      ]);
    },
  },
  '0003-trail': {
    async up(db) {
      await run(db, [
        sql`create table lineage.trail_events (
          account text not null,
          event_id text not null,
          resource_id text not null,
          role text not null,
          at timestamptz not null,
          region text not null,
          event_name text not null,
          arn text not null,
          primary key (account, event_id, resource_id)
        )`,
        sql`create index trail_events_resource on lineage.trail_events (account, resource_id, at)`,
        sql`create index trail_events_at on lineage.trail_events (at)`,
        sql`create table lineage.trail_reads (
          account text not null,
          trail_account text not null,
          region text not null,
          read_at timestamptz not null,
          newest_event_at timestamptz,
          primary key (account, trail_account, region)
        )`,
      ]);
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
