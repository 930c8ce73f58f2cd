/**
 * The tables of the history store, as Kysely sees them. They live in the `lineage` schema (created by the first
 * migration); `migrations.ts` is the one place that creates or changes them.
 *
 * A scope is one (account, region) read. `account` is the AWS account id, or `endpoint:HOST` for an
 * EC2-compatible endpoint. Times are timestamptz: inserted as ISO strings, read back as Date.
 */
import type { ColumnType, Generated } from 'kysely';

type Time = ColumnType<Date, string, string>;
type NullableTime = ColumnType<Date | null, string | null | undefined, string | null>;
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** The last successful read of each scope. */
export interface ReadsTable {
  account: string;
  region: string;
  first_read_at: Time;
  read_at: Time;
  previous_read_at: NullableTime;
}

/** Each resource as last seen (one row per account and EC2 id). */
export interface ResourcesTable {
  account: string;
  id: string;
  kind: string;
  region: string;
  name: string | null;
  state: string | null;
  size_gib: number | null;
  tags: Json<Record<string, string>>;
  /** The node as drawn (a LineageNode). */
  node: Json<unknown>;
  /** Content hash of the node, volatile fields (snapshot progress, last launch) left out. */
  hash: string;
  first_seen_at: Time;
  /** Set when it disappears (the last read that still listed it); for a resource still listed, its scope's read_at. */
  last_seen_at: NullableTime;
  /** The read that first missed it; null while it is listed. */
  gone_at: NullableTime;
}

/** Each distinct content of a resource and the time it held: valid_from ≤ t < valid_to (null: still so). */
export interface ResourceVersionsTable {
  account: string;
  id: string;
  region: string;
  valid_from: Time;
  valid_to: NullableTime;
  node: Json<unknown>;
}

/**
 * Each edge and the time it was drawn. An edge belongs to the scope of its target (where the evidence for it is
 * read). An endpoint that was not one of the account's listed resources at the time (a public AMI, a deleted
 * volume) is kept with it as the node that was drawn for it.
 */
export interface EdgesTable {
  account: string;
  id: string;
  region: string;
  kind: string;
  source: string;
  target: string;
  valid_from: Time;
  valid_to: NullableTime;
  /** The LineageEdge. */
  edge: Json<unknown>;
  source_ghost: NullableJson<unknown>;
  target_ghost: NullableJson<unknown>;
  hash: string;
}

/** Append-only: what happened to a resource, when the store noticed. */
export interface ChangesTable {
  seq: Generated<string>;
  at: Time;
  account: string;
  region: string;
  resource_id: string;
  resource_kind: string;
  name: string | null;
  kind: string;
  /** Kind-specific facts (from/to, tags added and removed, …). */
  detail: Json<Record<string, unknown>>;
}

/** What the EBS direct API listed for a snapshot or a pair of snapshots: kept for good, as snapshots never change. */
export interface BlockMeasurementsTable {
  key: string;
  measurement: Json<Record<string, unknown>>;
  measured_at: Time;
}

/** One resource one CloudTrail event made, removed or changed (`role`), with who made the call. */
export interface TrailEventsTable {
  account: string;
  event_id: string;
  resource_id: string;
  role: string;
  at: Time;
  region: string;
  event_name: string;
  /** The caller's ARN. */
  arn: string;
}

/** How far CloudTrail has been read, per AWS account (`trail_account`) and region. */
export interface TrailReadsTable {
  account: string;
  trail_account: string;
  region: string;
  read_at: Time;
  /** The newest event read: the next read starts a little before it. */
  newest_event_at: NullableTime;
}

export interface Database {
  'lineage.reads': ReadsTable;
  'lineage.resources': ResourcesTable;
  'lineage.resource_versions': ResourceVersionsTable;
  'lineage.edges': EdgesTable;
  'lineage.changes': ChangesTable;
  'lineage.block_measurements': BlockMeasurementsTable;
  'lineage.trail_events': TrailEventsTable;
  'lineage.trail_reads': TrailReadsTable;
}
