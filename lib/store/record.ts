/**
 * Recording one read: resources and edges upserted on a content hash (an unchanged resource is compared, never
 * written), versions opened and closed, and the changes appended. One transaction per read.
 */
import 'server-only';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { LineageNode, RecordedEdge } from '@/lib/lineage';
import { type ChangeFact, type ReadFacts, type ScopeRead, diffNodes, edgeHash, nodeHash } from './facts';
import type { Database } from './schema';
import { idIn } from './sql';

/** Rows per bulk statement: each JSON parameter (copied to the embedded store's worker) stays around a megabyte. */
const BATCH = 500;

export interface RecordSummary {
  scopes: number;
  appeared: number;
  changed: number;
  disappeared: number;
  unchanged: number;
  edgesWritten: number;
  edgesClosed: number;
  /** Scopes skipped because a read as new or newer was recorded already. */
  skipped: number;
}

const json = (value: unknown) => JSON.stringify(value);

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

interface ResourceRow {
  id: string;
  kind: string;
  region: string;
  name: string | null;
  state: string | null;
  size_gib: number | null;
  tags: Record<string, string>;
  node: LineageNode;
  hash: string;
}

interface ChangeRow {
  resource_id: string;
  resource_kind: string;
  name: string | null;
  kind: string;
  detail: Record<string, unknown>;
}

const resourceRow = (node: LineageNode, hash: string): ResourceRow => ({
  id: node.id,
  kind: node.kind,
  region: node.region,
  name: node.name,
  state: node.state,
  size_gib: node.sizeGiB,
  tags: node.tags,
  node,
  hash,
});

const changeRow = (node: Pick<LineageNode, 'id' | 'kind' | 'name'>, change: ChangeFact): ChangeRow => ({
  resource_id: node.id,
  resource_kind: node.kind,
  name: node.name,
  kind: change.kind,
  detail: change.detail,
});

type Tx = Transaction<Database>;

async function upsertResources(tx: Tx, account: string, at: string, rows: ResourceRow[]): Promise<void> {
  for (const batch of chunks(rows)) {
    await sql`
      insert into lineage.resources
        (account, id, kind, region, name, state, size_gib, tags, node, hash, first_seen_at, last_seen_at, gone_at)
      select ${account}, r.id, r.kind, r.region, r.name, r.state, r.size_gib, r.tags, r.node, r.hash,
             ${at}::timestamptz, null, null
      from jsonb_to_recordset(${json(batch)}::jsonb) as r(id text, kind text, region text, name text, state text,
           size_gib double precision, tags jsonb, node jsonb, hash text)
      on conflict (account, id) do update set kind = excluded.kind, region = excluded.region, name = excluded.name,
        state = excluded.state, size_gib = excluded.size_gib, tags = excluded.tags, node = excluded.node,
        hash = excluded.hash, last_seen_at = null, gone_at = null`.execute(tx);
  }
}

async function openVersions(tx: Tx, account: string, at: string, rows: ResourceRow[]): Promise<void> {
  for (const batch of chunks(rows)) {
    await sql`
      insert into lineage.resource_versions (account, id, region, valid_from, valid_to, node)
      select ${account}, r.id, r.region, ${at}::timestamptz, null, r.node
      from jsonb_to_recordset(${json(batch)}::jsonb) as r(id text, region text, node jsonb)
      on conflict (account, id, valid_from) do update set node = excluded.node, valid_to = null`.execute(tx);
  }
}

async function closeVersions(tx: Tx, account: string, at: string, ids: string[]): Promise<void> {
  for (const batch of chunks(ids)) {
    await sql`
      update lineage.resource_versions set valid_to = ${at}::timestamptz
      where account = ${account} and valid_to is null and ${idIn('id', batch)}`.execute(tx);
  }
}

async function appendChanges(tx: Tx, account: string, region: string, at: string, rows: ChangeRow[]) {
  for (const batch of chunks(rows)) {
    await sql`
      insert into lineage.changes (at, account, region, resource_id, resource_kind, name, kind, detail)
      select ${at}::timestamptz, ${account}, ${region}, c.resource_id, c.resource_kind, c.name, c.kind, c.detail
      from jsonb_to_recordset(${json(batch)}::jsonb) as c(resource_id text, resource_kind text, name text,
           kind text, detail jsonb)`.execute(tx);
  }
}

/** Stored content of resources that may have changed, by id. */
async function storedNodes(tx: Tx, account: string, ids: string[]): Promise<Map<string, LineageNode>> {
  const out = new Map<string, LineageNode>();
  for (const batch of chunks(ids)) {
    const rows = await tx
      .selectFrom('lineage.resources')
      .select(['id', 'node'])
      .where('account', '=', account)
      .where(idIn('id', batch))
      .execute();
    for (const r of rows) out.set(r.id, r.node as LineageNode);
  }
  return out;
}

interface ScopeOutcome {
  appeared: number;
  changed: number;
  disappeared: number;
  unchanged: number;
}

/**
 * The content hashes of a scope's listed resources and drawn edges as of its last recorded read. The store keeps
 * them between reads, so recording an unchanged read reads nothing back from the database.
 */
export interface ScopeHashes {
  readAt: string;
  resources: Map<string, string>;
  edges: Map<string, string>;
}

/** Where a store keeps the hashes of the scopes it recorded, by account and region. */
export type HashCache = Map<string, ScopeHashes>;

export const scopeKey = (account: string, region: string) => `${account}\u0000${region}`;

async function storedResourceHashes(tx: Tx, account: string, region: string): Promise<Map<string, string>> {
  const rows = await tx
    .selectFrom('lineage.resources')
    .select(['id', 'hash'])
    .where('account', '=', account)
    .where('region', '=', region)
    .where('gone_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.hash]));
}

async function storedEdgeHashes(tx: Tx, account: string, region: string): Promise<Map<string, string>> {
  const rows = await tx
    .selectFrom('lineage.edges')
    .select(['id', 'hash'])
    .where('account', '=', account)
    .where('region', '=', region)
    .where('valid_to', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.hash]));
}

/** The content hash of every node and edge of a read. */
interface Hashed {
  nodes: Map<LineageNode, string>;
  edges: Map<RecordedEdge, string>;
}

/** Items hashed between two yields to the event loop: hashing a large account takes a while, answers must not wait. */
const HASH_SLICE = 2_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function hashRead(facts: ReadFacts): Promise<Hashed> {
  const hashed: Hashed = { nodes: new Map(), edges: new Map() };
  let n = 0;
  for (const scope of facts.scopes) {
    for (const node of scope.nodes) {
      hashed.nodes.set(node, nodeHash(node));
      if (++n % HASH_SLICE === 0) await yieldToEventLoop();
    }
    for (const edge of scope.edges) {
      hashed.edges.set(edge, edgeHash(edge));
      if (++n % HASH_SLICE === 0) await yieldToEventLoop();
    }
  }
  return hashed;
}

/** Resources of one scope: new ones appear, changed ones get a version and their changes, missing ones disappear. */
async function recordResources(
  tx: Tx,
  account: string,
  at: string,
  scope: ScopeRead,
  previousRead: string | null,
  storedHash: Map<string, string>,
  hashed: Hashed,
): Promise<ScopeOutcome & { hashes: Map<string, string> }> {
  const hashes = new Map<string, string>();
  const appeared: ResourceRow[] = [];
  const maybeChanged: ResourceRow[] = [];
  const seen = new Set<string>();
  for (const node of scope.nodes) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    const hash = hashed.nodes.get(node)!;
    hashes.set(node.id, hash);
    const before = storedHash.get(node.id);
    if (before === undefined) appeared.push(resourceRow(node, hash));
    else if (before !== hash) maybeChanged.push(resourceRow(node, hash));
  }
  const gone = [...storedHash.keys()].filter((id) => !seen.has(id));

  const previous = await storedNodes(
    tx,
    account,
    maybeChanged.map((r) => r.id),
  );
  const changes: ChangeRow[] = appeared.map((r) =>
    changeRow(r.node, { kind: 'appeared', detail: { state: r.state, createdAt: r.node.createdAt } }),
  );
  const versioned: ResourceRow[] = [...appeared];
  for (const row of maybeChanged) {
    const before = previous.get(row.id);
    const diff = before ? diffNodes(before, row.node) : [];
    if (diff.length > 0) versioned.push(row);
    for (const change of diff) changes.push(changeRow(row.node, change));
  }
  const goneNodes = await storedNodes(tx, account, gone);
  for (const id of gone) {
    const node = goneNodes.get(id);
    if (node) changes.push(changeRow(node, { kind: 'disappeared', detail: { lastSeenAt: previousRead } }));
  }

  await upsertResources(tx, account, at, [...appeared, ...maybeChanged]);
  await closeVersions(tx, account, at, [...versioned.slice(appeared.length).map((r) => r.id), ...gone]);
  await openVersions(tx, account, at, versioned);
  for (const batch of chunks(gone)) {
    await sql`
      update lineage.resources set gone_at = ${at}::timestamptz, last_seen_at = ${previousRead ?? at}::timestamptz
      where account = ${account} and ${idIn('id', batch)}`.execute(tx);
  }
  await appendChanges(tx, account, scope.region, at, changes);
  const changed = versioned.length - appeared.length;
  return {
    appeared: appeared.length,
    changed,
    disappeared: gone.length,
    unchanged: seen.size - appeared.length - changed,
    hashes,
  };
}

/** Edges of one scope: new or changed ones open a span, missing ones close theirs. */
async function recordEdges(
  tx: Tx,
  account: string,
  at: string,
  scope: ScopeRead,
  storedHash: Map<string, string>,
  hashed: Hashed,
): Promise<[number, number, Map<string, string>]> {
  const current = new Map<string, { recorded: RecordedEdge; hash: string }>();
  for (const recorded of scope.edges) current.set(recorded.edge.id, { recorded, hash: hashed.edges.get(recorded)! });
  const write = [...current.values()].filter(({ recorded, hash }) => storedHash.get(recorded.edge.id) !== hash);
  const close = [
    ...[...storedHash.keys()].filter((id) => !current.has(id)),
    ...write.filter(({ recorded }) => storedHash.has(recorded.edge.id)).map(({ recorded }) => recorded.edge.id),
  ];
  for (const batch of chunks(close)) {
    await sql`
      update lineage.edges set valid_to = ${at}::timestamptz
      where account = ${account} and region = ${scope.region} and valid_to is null and ${idIn('id', batch)}`.execute(
      tx,
    );
  }
  const rows = write.map(({ recorded: { edge, sourceGhost, targetGhost }, hash }) => ({
    id: edge.id,
    kind: edge.kind,
    source: edge.source,
    target: edge.target,
    edge,
    source_ghost: sourceGhost ?? null,
    target_ghost: targetGhost ?? null,
    hash,
  }));
  for (const batch of chunks(rows)) {
    await sql`
      insert into lineage.edges
        (account, id, region, kind, source, target, valid_from, valid_to, edge, source_ghost, target_ghost, hash)
      select ${account}, e.id, ${scope.region}, e.kind, e.source, e.target, ${at}::timestamptz, null, e.edge,
             e.source_ghost, e.target_ghost, e.hash
      from jsonb_to_recordset(${json(batch)}::jsonb) as e(id text, kind text, source text, target text, edge jsonb,
           source_ghost jsonb, target_ghost jsonb, hash text)
      on conflict (account, id, valid_from) do update set edge = excluded.edge, hash = excluded.hash,
        source_ghost = excluded.source_ghost, target_ghost = excluded.target_ghost, valid_to = null`.execute(tx);
  }
  return [write.length, close.length, new Map([...current].map(([id, { hash }]) => [id, hash]))];
}

/** A read that is not newer than the one recorded for its scope. */
const STALE = Symbol('stale read');

/** When the scope was last recorded (null: never), or STALE when this read is not newer than that. */
async function previousRead(
  tx: Tx,
  account: string,
  region: string,
  at: string,
): Promise<string | null | typeof STALE> {
  const row = await tx
    .selectFrom('lineage.reads')
    .select('read_at')
    .where('account', '=', account)
    .where('region', '=', region)
    .executeTakeFirst();
  if (!row) return null;
  return row.read_at.getTime() >= Date.parse(at) ? STALE : row.read_at.toISOString();
}

/**
 * Records one read in one transaction. `cache` holds the hashes of the scopes as last recorded by this store; it is
 * used only while the scope's last read in the database is the one it was made from (another instance may have
 * recorded since), and is brought up to date once the transaction commits.
 */
export async function recordRead(
  db: Kysely<Database>,
  facts: ReadFacts,
  cache: HashCache = new Map(),
): Promise<RecordSummary> {
  const summary: RecordSummary = {
    scopes: 0,
    appeared: 0,
    changed: 0,
    disappeared: 0,
    unchanged: 0,
    edgesWritten: 0,
    edgesClosed: 0,
    skipped: 0,
  };
  const { account, at } = facts;
  const recorded: [string, ScopeHashes][] = [];
  const hashed = await hashRead(facts);
  await db.transaction().execute(async (tx) => {
    for (const scope of facts.scopes) {
      const previous = await previousRead(tx, account, scope.region, at);
      if (previous === STALE) {
        summary.skipped++;
        continue;
      }
      const key = scopeKey(account, scope.region);
      const known = cache.get(key);
      const fresh = known?.readAt === previous;
      const r = await recordResources(
        tx,
        account,
        at,
        scope,
        previous,
        fresh ? known.resources : await storedResourceHashes(tx, account, scope.region),
        hashed,
      );
      const [edgesWritten, edgesClosed, edgeHashes] = await recordEdges(
        tx,
        account,
        at,
        scope,
        fresh ? known.edges : await storedEdgeHashes(tx, account, scope.region),
        hashed,
      );
      recorded.push([key, { readAt: at, resources: r.hashes, edges: edgeHashes }]);
      await tx
        .insertInto('lineage.reads')
        .values({ account, region: scope.region, first_read_at: at, read_at: at, previous_read_at: previous })
        .onConflict((oc) => oc.columns(['account', 'region']).doUpdateSet({ read_at: at, previous_read_at: previous }))
        .execute();
      summary.scopes++;
      summary.appeared += r.appeared;
      summary.changed += r.changed;
      summary.disappeared += r.disappeared;
      summary.unchanged += r.unchanged;
      summary.edgesWritten += edgesWritten;
      summary.edgesClosed += edgesClosed;
    }
  });
  for (const [key, hashes] of recorded) cache.set(key, hashes);
  return summary;
}
