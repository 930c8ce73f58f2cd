import 'server-only';
import type { LineageQuery, Mode } from '@/lib/api/lineage';
import { type LineageGraph, assembleGraph } from '@/lib/lineage';
import { utcMinute } from '@/lib/lineage/external';
import type { CollectorLease, HistoryStore } from '@/lib/store';
import { config } from './config';
import type { Ec2Failure } from './errors';
import {
  historyAccount,
  historyStatus,
  historyStoreWithin,
  recordAfterResponse,
  rememberGhosts,
  warmSelections,
} from './history';
import { type LineageOutcome, STORED_FACTS, answer } from './lineage-answer';

/** How long the first answer after a start waits for the store before it answers from EC2 alone. */
const STORED_WAIT_MS = 5_000;
/** How long an instance waits for another one's read of the account when nothing is stored yet. */
const COLLECTOR_WAIT_MS = 60_000;
const COLLECTOR_POLL_MS = 500;

/** What a fresh read hands its graph to: remembered ghosts are filled in and the read is recorded after the answer. */
export interface Collection {
  collected(graph: LineageGraph, regionsRead: string[], fetchedAt: string): Promise<LineageGraph>;
}

const selectionKey = (regions: readonly string[]) => (regions.length === 0 ? '*' : [...regions].sort().join(','));

/** The regions a stored answer must cover: those asked for, else the configured ones, else all that were read. */
const wantedRegions = (query: LineageQuery) => (query.region.length > 0 ? query.region : (config().regions ?? []));

export function historyUnavailable(): Ec2Failure {
  const status = historyStatus();
  const message =
    status.error?.message ??
    (status.store === 'off'
      ? 'History is off (LINEAGE_HISTORY_DAYS=0): nothing is recorded.'
      : 'The history store is not ready yet; try again in a moment.');
  return { status: 503, code: 'HistoryUnavailable', message };
}

/** The last stored graph of the chosen regions, answered as stored; undefined when it does not cover them. */
async function storedAnswer(
  store: HistoryStore,
  query: LineageQuery,
  mode: Mode,
  account: string,
): Promise<LineageOutcome | undefined> {
  const wanted = wantedRegions(query);
  const facts = await store.graph(account, wanted, null);
  if (facts.regions.length === 0 || facts.readAt === null) return undefined;
  if (wanted.some((r) => !facts.regions.includes(r))) return undefined;
  const graph = assembleGraph(facts.listed, facts.edges, facts.remembered);
  const outcome = answer(
    graph,
    { regions: facts.regions, fetchedAt: facts.readAt, errors: [], ...STORED_FACTS, mode, stored: true },
    query,
  );
  return outcome.ok ? outcome : undefined;
}

async function waitToCollect(store: HistoryStore, account: string): Promise<CollectorLease | undefined> {
  const deadline = Date.now() + COLLECTOR_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, COLLECTOR_POLL_MS));
    const lease = await store.tryCollect(account).catch(() => undefined);
    if (lease !== null) return lease;
  }
  return undefined; // the other instance is stuck: read anyway rather than show nothing
}

/**
 * A fresh read through `read`, with history around it: right after a start the last stored graph is answered at
 * once while the read runs on; with PostgreSQL one instance at a time reads an account (an advisory lock), and
 * the others answer what it last stored.
 */
export async function withHistory(
  query: LineageQuery,
  mode: Mode,
  read: (collection: Collection) => Promise<LineageOutcome>,
): Promise<LineageOutcome> {
  const account = historyAccount(mode);
  const key = selectionKey(query.region);
  const cold = !query.refresh && !warmSelections().has(key);
  const store = await historyStoreWithin(cold ? STORED_WAIT_MS : 1_000);
  let lease: CollectorLease | null | undefined;
  if (store?.backend === 'postgres') {
    lease = await store.tryCollect(account).catch(() => undefined);
    if (lease === null) {
      const stored = await storedAnswer(store, query, mode, account).catch(() => undefined);
      if (stored) return stored;
      lease = await waitToCollect(store, account);
    }
  }
  let handedOver = false;
  const collection: Collection = {
    async collected(graph, regionsRead, fetchedAt) {
      handedOver = true;
      recordAfterResponse(graph, account, fetchedAt, regionsRead, lease ?? undefined);
      return rememberGhosts(graph, account, regionsRead);
    },
  };
  const live = read(collection).finally(() => {
    warmSelections().add(key); // after the first attempt, answers are live (and say what failed)
    if (!handedOver) void lease?.release();
  });
  if (cold && store) {
    const stored = await storedAnswer(store, query, mode, account).catch(() => undefined);
    if (stored) {
      live.catch(() => undefined);
      return stored;
    }
  }
  return live;
}

/** The graph as recorded at `asOf`: a past view, so read-only. */
export async function lineageAsOf(query: LineageQuery, asOf: string, mode: Mode): Promise<LineageOutcome> {
  const store = await historyStoreWithin(STORED_WAIT_MS);
  if (!store) return { ok: false, failure: historyUnavailable() };
  const account = historyAccount(mode);
  const facts = await store.graph(account, wantedRegions(query), asOf);
  if (facts.regions.length === 0) {
    const first = (await store.scopes(account)).map((s) => s.firstReadAt).sort()[0];
    const since = first ? `; history begins at ${utcMinute(first)}` : '; nothing has been recorded yet';
    return {
      ok: false,
      failure: {
        status: 404,
        code: 'NotRecorded',
        message: `Nothing was recorded as early as ${utcMinute(asOf)}${since}.`,
        field: 'asOf',
      },
    };
  }
  const graph = assembleGraph(facts.listed, facts.edges, facts.remembered);
  return answer(
    graph,
    { regions: facts.regions, fetchedAt: asOf, errors: [], ...STORED_FACTS, mode: { ...mode, readOnly: true }, asOf },
    query,
  );
}
