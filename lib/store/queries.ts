/** Reading history back: a resource's timeline, changes since a time, the graph as stored or as of a time. */
import 'server-only';
import { type Kysely, sql } from 'kysely';
import type { LineageEdge, LineageNode, RecordedEdge, RememberedResource } from '@/lib/lineage';
import type { ChangeKind } from './facts';
import type { Database } from './schema';
import { idIn } from './sql';

type Db = Kysely<Database>;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface StoredChange {
  at: string;
  kind: ChangeKind;
  resourceId: string;
  resourceKind: string;
  region: string;
  name: string | null;
  detail: Record<string, unknown>;
}

function toChange(r: {
  at: Date;
  kind: string;
  resource_id: string;
  resource_kind: string;
  region: string;
  name: string | null;
  detail: Record<string, unknown>;
}): StoredChange {
  return {
    at: r.at.toISOString(),
    kind: r.kind as ChangeKind,
    resourceId: r.resource_id,
    resourceKind: r.resource_kind,
    region: r.region,
    name: r.name,
    detail: r.detail,
  };
}

const CHANGE_COLUMNS = ['at', 'kind', 'resource_id', 'resource_kind', 'region', 'name', 'detail'] as const;

/** A resource's changes, oldest first; null when the store never saw it. */
export async function resourceHistory(db: Db, account: string, id: string): Promise<StoredChange[] | null> {
  const rows = await db
    .selectFrom('lineage.changes')
    .select(CHANGE_COLUMNS)
    .where('account', '=', account)
    .where('resource_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.length === 0 ? null : rows.map(toChange);
}

/** Changes after `since` (and up to `until`), oldest first, at most `limit`. */
export async function changesSince(
  db: Db,
  account: string,
  since: string,
  options: { until?: string; regions?: readonly string[]; limit: number },
): Promise<{ changes: StoredChange[]; truncated: boolean }> {
  let query = db
    .selectFrom('lineage.changes')
    .select(CHANGE_COLUMNS)
    .where('account', '=', account)
    .where('at', '>', since as unknown as Date);
  if (options.until) query = query.where('at', '<=', options.until as unknown as Date);
  if (options.regions && options.regions.length > 0) query = query.where('region', 'in', options.regions);
  const rows = await query
    .orderBy('seq')
    .limit(options.limit + 1)
    .execute();
  return { changes: rows.slice(0, options.limit).map(toChange), truncated: rows.length > options.limit };
}

export interface ScopeReadTimes {
  region: string;
  firstReadAt: string;
  readAt: string;
}

/** The scopes of an account the store has read, with when. */
export async function readScopes(db: Db, account: string): Promise<ScopeReadTimes[]> {
  const rows = await db
    .selectFrom('lineage.reads')
    .select(['region', 'first_read_at', 'read_at'])
    .where('account', '=', account)
    .orderBy('region')
    .execute();
  return rows.map((r) => ({
    region: r.region,
    firstReadAt: r.first_read_at.toISOString(),
    readAt: r.read_at.toISOString(),
  }));
}

interface RememberRow {
  id: string;
  node: unknown;
  lastSeenAt: string;
}

/** Edges that touched these resources when each was last seen. */
async function edgesAtLastSight(db: Db, account: string, rows: RememberRow[]): Promise<RememberedResource[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const spans = await db
    .selectFrom('lineage.edges')
    .select(['source', 'target', 'edge', 'valid_from', 'valid_to'])
    .where('account', '=', account)
    .where((eb) => eb.or([idIn('source', ids), idIn('target', ids)]))
    .execute();
  return rows.map((r) => {
    const t = Date.parse(r.lastSeenAt);
    const edges = spans
      .filter((s) => (s.source === r.id || s.target === r.id) && s.valid_from.getTime() <= t)
      .filter((s) => s.valid_to === null || s.valid_to.getTime() > t)
      .map((s) => s.edge as LineageEdge);
    return { node: r.node as LineageNode, lastSeenAt: r.lastSeenAt, edges };
  });
}

/**
 * What is remembered of these resources now: those the store saw disappear, and those it still holds as listed
 * in a region that was just read without them (that read is not recorded yet).
 */
export async function rememberNow(
  db: Db,
  account: string,
  ids: readonly string[],
  regionsRead: readonly string[],
): Promise<RememberedResource[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('lineage.resources as r')
    .leftJoin('lineage.reads as s', (j) => j.onRef('s.account', '=', 'r.account').onRef('s.region', '=', 'r.region'))
    .select(['r.id', 'r.node', 'r.region', 'r.gone_at', 'r.last_seen_at', 's.read_at'])
    .where('r.account', '=', account)
    .where(idIn('r.id', ids))
    .execute();
  const read = new Set(regionsRead);
  const found: RememberRow[] = [];
  for (const r of rows) {
    if (r.gone_at === null && !read.has(r.region)) continue;
    const lastSeenAt = iso(r.gone_at === null ? r.read_at : (r.last_seen_at ?? r.gone_at));
    if (lastSeenAt) found.push({ id: r.id, node: r.node, lastSeenAt });
  }
  return edgesAtLastSight(db, account, found);
}

/** What is remembered at `asOf` of resources that had disappeared by then. */
async function rememberAsOf(db: Db, account: string, ids: string[], asOf: string): Promise<RememberedResource[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{
    id: string;
    node: unknown;
    valid_to: Date;
    last_seen_at: Date | null;
    gone_at: Date | null;
  }>`
    select distinct on (v.id) v.id, v.node, v.valid_to, r.last_seen_at, r.gone_at
    from lineage.resource_versions v
    join lineage.resources r on r.account = v.account and r.id = v.id
    where v.account = ${account} and ${idIn('v.id', ids)}
      and v.valid_to <= ${asOf}::timestamptz
    order by v.id, v.valid_to desc`.execute(db);
  const found = rows.rows.map((r) => {
    const sameGoing = r.gone_at !== null && r.gone_at.getTime() === r.valid_to.getTime() && r.last_seen_at !== null;
    return { id: r.id, node: r.node, lastSeenAt: (sameGoing ? r.last_seen_at! : r.valid_to).toISOString() };
  });
  return edgesAtLastSight(db, account, found);
}

export interface StoredGraph {
  listed: LineageNode[];
  edges: RecordedEdge[];
  remembered: RememberedResource[];
  /** The regions the answer covers: those asked for that the store has read. */
  regions: string[];
  /** The oldest of those regions' reads (for the stored graph), or the time asked for. */
  readAt: string | null;
}

const edgeOf = (r: { edge: unknown; source_ghost: unknown; target_ghost: unknown }): RecordedEdge => {
  const recorded: RecordedEdge = { edge: r.edge as LineageEdge };
  if (r.source_ghost) recorded.sourceGhost = r.source_ghost as LineageNode;
  if (r.target_ghost) recorded.targetGhost = r.target_ghost as LineageNode;
  return recorded;
};

/** Listed nodes and drawn edges of `regions`, as last stored (`asOf` null) or as of a time. */
async function scopeFacts(db: Db, account: string, regions: string[], asOf: string | null) {
  if (asOf === null) {
    const [nodes, edges] = await Promise.all([
      db
        .selectFrom('lineage.resources')
        .select('node')
        .where('account', '=', account)
        .where('region', 'in', regions)
        .where('gone_at', 'is', null)
        .execute(),
      db
        .selectFrom('lineage.edges')
        .select(['edge', 'source_ghost', 'target_ghost'])
        .where('account', '=', account)
        .where('region', 'in', regions)
        .where('valid_to', 'is', null)
        .execute(),
    ]);
    return { listed: nodes.map((r) => r.node as LineageNode), edges: edges.map(edgeOf) };
  }
  const at = asOf as unknown as Date;
  const [nodes, edges] = await Promise.all([
    db
      .selectFrom('lineage.resource_versions')
      .select('node')
      .where('account', '=', account)
      .where('region', 'in', regions)
      .where('valid_from', '<=', at)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
      .execute(),
    db
      .selectFrom('lineage.edges')
      .select(['edge', 'source_ghost', 'target_ghost'])
      .where('account', '=', account)
      .where('region', 'in', regions)
      .where('valid_from', '<=', at)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
      .execute(),
  ]);
  return { listed: nodes.map((r) => r.node as LineageNode), edges: edges.map(edgeOf) };
}

/**
 * The facts to draw `regions` (all the store has read when empty) as last stored, or as of a time: listed nodes,
 * edges, listed nodes of other regions that edges reach, and what is remembered of the gone ones.
 */
export async function storedGraph(
  db: Db,
  account: string,
  wanted: readonly string[],
  asOf: string | null,
): Promise<StoredGraph> {
  const scopes = (await readScopes(db, account)).filter(
    (s) => (wanted.length === 0 || wanted.includes(s.region)) && (asOf === null || s.firstReadAt <= asOf),
  );
  const regions = scopes.map((s) => s.region);
  if (regions.length === 0) return { listed: [], edges: [], remembered: [], regions, readAt: null };
  const { listed, edges } = await scopeFacts(db, account, regions, asOf);
  const have = new Set(listed.map((n) => n.id));
  const missing = [...new Set(edges.flatMap((e) => [e.edge.source, e.edge.target]))].filter((id) => !have.has(id));
  if (missing.length > 0) {
    const elsewhere =
      asOf === null
        ? await db
            .selectFrom('lineage.resources')
            .select('node')
            .where('account', '=', account)
            .where(idIn('id', missing))
            .where('gone_at', 'is', null)
            .execute()
        : await db
            .selectFrom('lineage.resource_versions')
            .select('node')
            .where('account', '=', account)
            .where(idIn('id', missing))
            .where('valid_from', '<=', asOf as unknown as Date)
            .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', asOf as unknown as Date)]))
            .execute();
    for (const r of elsewhere) {
      const node = r.node as LineageNode;
      listed.push(node);
      have.add(node.id);
    }
  }
  const ghosts = missing.filter((id) => !have.has(id));
  const remembered =
    asOf === null ? await rememberNow(db, account, ghosts, []) : await rememberAsOf(db, account, ghosts, asOf);
  const readAt = asOf ?? scopes.map((s) => s.readAt).sort()[0]!;
  return { listed, edges, remembered, regions, readAt };
}

/**
 * Forgets what is older than the history bound: closed versions and edges, changes, resources gone since, and
 * block listings kept that long.
 */
export async function prune(db: Db, before: string): Promise<void> {
  const t = before as unknown as Date;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('lineage.changes').where('at', '<', t).execute();
    await tx.deleteFrom('lineage.resource_versions').where('valid_to', '<', t).execute();
    await tx.deleteFrom('lineage.edges').where('valid_to', '<', t).execute();
    await tx.deleteFrom('lineage.resources').where('gone_at', '<', t).execute();
    await tx.deleteFrom('lineage.block_measurements').where('measured_at', '<', t).execute();
    await tx.deleteFrom('lineage.trail_events').where('at', '<', t).execute();
  });
}
