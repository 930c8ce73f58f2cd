import 'server-only';
import {
  CloudTrailClient,
  type Event,
  LookupEventsCommand,
  type LookupEventsRequest,
} from '@aws-sdk/client-cloudtrail';
import type { Mode } from '@/lib/api/lineage';
import type { TrailStatus } from '@/lib/api/store-status';
import {
  type LineageGraph,
  type ResourceAttribution,
  TRAIL_EVENT_NAMES,
  type TrailFact,
  attribute,
  trailFacts,
} from '@/lib/lineage';
import type { HistoryStore } from '@/lib/store';
import { type AccountKey, credentialsFor } from './credentials';
import { retrySettings } from './ec2';
import { classifyEc2Error } from './errors';
import { afterResponse, historyAccount, historyStatus, historyStore } from './history';
import type { AccountRead } from './inventory';
import { HTTP_TIMEOUTS } from './timeouts';

/**
 * Who did what: CloudTrail's management events for the lineage events, read after the graph is served, never on
 * the path of an answer. The first read of an account's trail in a region asks for each lineage event by name
 * over CloudTrail's 90 days; later reads ask for every write since the last read (less a delivery lag) and keep
 * the lineage events. What is read goes to the history store; answers take who made and removed each resource
 * from memory, loaded from the store.
 */

/** How often the trails are read again (⟳ reads them at once). */
const TRAIL_EVERY_MS = 60_000;
/** CloudTrail delivers an event within minutes of the call: each read goes back this far before the last one. */
const DELIVERY_LAG_MS = 15 * 60_000;
/** CloudTrail allows LookupEvents two calls a second per account and region. */
const CALLS_PER_SECOND = 2;

interface ScopeProblem {
  code: string;
  message: string;
  denied: boolean;
}

interface TrailState {
  /** Who made and removed what, per history account. */
  known: Map<string, Map<string, ResourceAttribution>>;
  lastRun: Map<string, number>;
  running: Map<string, Promise<void>>;
  /** What failed in the last read, per history account, then per `account region`. */
  problems: Map<string, Map<string, ScopeProblem>>;
  /** When each `account region` may be called next. */
  nextCall: Map<string, number>;
  clients: Map<string, CloudTrailClient>;
}

const globalTrail = globalThis as typeof globalThis & { __lineageTrail?: TrailState };
const state = (): TrailState =>
  (globalTrail.__lineageTrail ??= {
    known: new Map(),
    lastRun: new Map(),
    running: new Map(),
    problems: new Map(),
    nextCall: new Map(),
    clients: new Map(),
  });

/** Forgets what was read (a restart, tests). */
export function clearTrailState(): void {
  for (const client of globalTrail.__lineageTrail?.clients.values() ?? []) client.destroy();
  globalTrail.__lineageTrail = undefined;
}

/** The endpoint CloudTrail is asked at, as the SDK reads it; undefined for AWS itself. */
const trailEndpoint = () => process.env.AWS_ENDPOINT_URL_CLOUDTRAIL || process.env.AWS_ENDPOINT_URL || undefined;

/** Why CloudTrail is not read at all, or undefined when it is. */
function notRead(mode: Mode): string | undefined {
  if (mode.kind !== 'aws' && !trailEndpoint())
    return `${mode.endpoint ?? 'This endpoint'} is not AWS: set AWS_ENDPOINT_URL_CLOUDTRAIL (or AWS_ENDPOINT_URL) to read who made what.`;
  return undefined;
}

function client(account: AccountKey, region: string): CloudTrailClient {
  const { clients } = state();
  const key = `${account} ${region} ${trailEndpoint() ?? ''}`;
  let c = clients.get(key);
  if (!c) {
    c = new CloudTrailClient({
      region,
      credentials: credentialsFor(account),
      requestHandler: HTTP_TIMEOUTS,
      ...retrySettings('read'),
    });
    clients.set(key, c);
  }
  return c;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the scope's turn: calls to one account and region are spaced to CloudTrail's rate. */
async function turn(scope: string): Promise<void> {
  const { nextCall } = state();
  const now = Date.now();
  const at = Math.max(now, nextCall.get(scope) ?? 0);
  nextCall.set(scope, at + 1000 / CALLS_PER_SECOND);
  if (at > now) await sleep(at - now);
}

const inputOf = (e: Event) => ({
  eventId: e.EventId ?? '',
  eventName: e.EventName ?? '',
  at: (e.EventTime ?? new Date(0)).toISOString(),
  username: e.Username ?? null,
  record: e.CloudTrailEvent ?? null,
});

/** Every page of one lookup, in the scope's turn. */
async function lookup(
  c: CloudTrailClient,
  scope: string,
  region: string,
  request: LookupEventsRequest,
): Promise<TrailFact[]> {
  const facts: TrailFact[] = [];
  let token: string | undefined;
  do {
    await turn(scope);
    const page = await c.send(new LookupEventsCommand({ ...request, NextToken: token }));
    for (const e of page.Events ?? []) if (e.EventId) facts.push(...trailFacts(inputOf(e), region));
    token = page.NextToken;
  } while (token);
  return facts;
}

interface TrailScope {
  history: string;
  key: AccountKey;
  accountId: string;
  region: string;
}

/** Reads one account's trail in one region since its cursor, and stores what it found. */
async function readScope(store: HistoryStore, s: TrailScope): Promise<void> {
  const readAt = new Date().toISOString();
  const scope = `${s.key} ${s.region}`;
  const c = client(s.key, s.region);
  const cursor = await store.trailCursor(s.history, s.accountId, s.region);
  let facts: TrailFact[];
  if (cursor) {
    const start = new Date(Date.parse(cursor.readAt) - DELIVERY_LAG_MS);
    const attribute = { AttributeKey: 'ReadOnly' as const, AttributeValue: 'false' };
    facts = await lookup(c, scope, s.region, { StartTime: start, LookupAttributes: [attribute] });
  } else {
    facts = [];
    for (const name of TRAIL_EVENT_NAMES) {
      const attribute = { AttributeKey: 'EventName' as const, AttributeValue: name };
      facts.push(...(await lookup(c, scope, s.region, { LookupAttributes: [attribute] })));
    }
  }
  await store.recordTrail({ account: s.history, trailAccount: s.accountId, region: s.region, readAt }, facts);
}

const placeOf = (s: TrailScope) => (s.accountId === 'current' ? s.region : `${s.accountId} ${s.region}`);

const DENIED = /AccessDenied|Unauthorized|NotAuthorized|AuthFailure/i;

function problemOf(error: unknown): ScopeProblem {
  const { code, message } = classifyEc2Error(error);
  return { code, message, denied: DENIED.test(code) };
}

/** Reads every trail of the accounts and regions read, each account and region in parallel. */
async function readTrails(history: string, scopes: readonly TrailScope[]): Promise<void> {
  const store = await historyStore();
  if (!store) return;
  const problems = new Map<string, ScopeProblem>();
  await Promise.all(
    scopes.map((s) => readScope(store, s).catch((error: unknown) => problems.set(placeOf(s), problemOf(error)))),
  );
  state().problems.set(history, problems);
  state().known.set(history, await store.attributions(history));
}

/** Loads what the store knows once per process, so the first answers after a restart have it. */
function loadKnown(history: string): void {
  const s = state();
  if (s.known.has(history) || s.running.has(history)) return;
  const loading = historyStore()
    .then(async (store) => {
      if (store && !s.known.has(history)) s.known.set(history, await store.attributions(history));
    })
    .finally(() => s.running.delete(history));
  s.running.set(history, loading);
}

/**
 * Sets reading the trails of what was just read, after the answer; at most once a minute per account unless
 * `refresh`, and never twice at once.
 */
export function readTrailsAfter(mode: Mode, accounts: readonly AccountRead[], refresh: boolean): void {
  if (notRead(mode) || historyStatus().store === 'off') return;
  const history = historyAccount(mode);
  const s = state();
  if (s.running.has(history)) return;
  if (!refresh && Date.now() - (s.lastRun.get(history) ?? 0) < TRAIL_EVERY_MS) return;
  s.lastRun.set(history, Date.now());
  // With the current credentials alone the account id may not be known: their trail is 'current'.
  const scopes = accounts.flatMap((a) =>
    a.failed ? [] : a.regions.map((region) => ({ history, key: a.key, accountId: a.accountId ?? 'current', region })),
  );
  let done!: () => void;
  s.running.set(history, new Promise<void>((resolve) => (done = resolve)));
  afterResponse(() =>
    readTrails(history, scopes).finally(() => {
      s.running.delete(history);
      done();
    }),
  );
}

/** The graph with who made and removed its resources, as far as is known now (never waits). */
export function attributed(graph: LineageGraph, mode: Mode): LineageGraph {
  if (notRead(mode)) return graph;
  const history = historyAccount(mode);
  loadKnown(history);
  const known = state().known.get(history);
  return known ? attribute(graph, known) : graph;
}

/** For the answer's `trail` field: whether who made what is read, and why not where it is not. */
export function trailStatus(mode: Mode): TrailStatus {
  const off = notRead(mode);
  if (off) return { state: 'off', message: off };
  const history = historyStatus();
  if (!history.available)
    return {
      state: 'off',
      message: 'Who made what is kept in history, which is not available: see the history store.',
    };
  const account = historyAccount(mode);
  const s = state();
  const problems = [...(s.problems.get(account)?.entries() ?? [])];
  const denied = problems.find(([, p]) => p.denied);
  const failed = denied ?? problems[0];
  if (failed) {
    const [where, p] = failed;
    return {
      state: denied ? 'denied' : 'error',
      message: denied
        ? `CloudTrail refused LookupEvents in ${where} (${p.code}): allow cloudtrail:LookupEvents to see who made what.`
        : `CloudTrail could not be read in ${where}: ${p.code} — ${p.message}`,
    };
  }
  if (!s.known.has(account) || (s.running.has(account) && !s.problems.has(account))) return { state: 'reading' };
  return { state: 'ok' };
}
