import 'server-only';
import { after } from 'next/server';
import type { Mode } from '@/lib/api/lineage';
import type { HistoryStatus } from '@/lib/api/store-status';
import type { LineageGraph } from '@/lib/lineage';
import { remember } from '@/lib/lineage';
import {
  type CollectorLease,
  HistoryStore,
  type StoreConfig,
  StoreError,
  factsOfRead,
  parseStoreConfig,
} from '@/lib/store';
import { clearTrailState } from './trail';

/** How long a failed store is left alone before it is tried again. */
const RETRY_MS = 30_000;

interface HistoryState {
  /** The first attempt to open the store, from the start. */
  first?: Promise<unknown>;
  config?: StoreConfig;
  opening?: Promise<HistoryStore | null>;
  store?: HistoryStore;
  failure?: StoreError;
  failedAt?: number;
  /** Region selections read from EC2 since the start (a restart forgets them). */
  warm?: Set<string>;
  /** Work queued to run after answers: recording reads. */
  pending?: Set<Promise<void>>;
  /** The read last queued for recording per account and region (its time): answers from the same read record nothing. */
  queued?: Map<string, string>;
}

const globalHistory = globalThis as typeof globalThis & { __lineageHistory?: HistoryState };
const state = (): HistoryState => (globalHistory.__lineageHistory ??= {});

function log(message: string): void {
  console.error(`lineage: ${message}`);
}

function storeConfig(s: HistoryState): StoreConfig | StoreError {
  if (s.config) return s.config;
  try {
    s.config = parseStoreConfig(process.env);
    return s.config;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
}

/** The history store, opened on first use; null when history is off or the store cannot be used (logged once). */
export function historyStore(): Promise<HistoryStore | null> {
  const s = state();
  if (s.store) return Promise.resolve(s.store);
  if (s.opening) return s.opening;
  if (s.failure && Date.now() - (s.failedAt ?? 0) < RETRY_MS) return Promise.resolve(null);
  const config = storeConfig(s);
  if (config instanceof StoreError) {
    if (!s.failure) log(config.message);
    s.failure = config;
    s.failedAt = Date.now();
    return Promise.resolve(null);
  }
  if (config.kind === 'off') return Promise.resolve(null);
  const opening = HistoryStore.open(config).then(
    (store) => {
      s.store = store;
      s.failure = undefined;
      s.opening = undefined;
      return store;
    },
    (error: unknown) => {
      const failure =
        error instanceof StoreError ? error : new StoreError('StoreUnavailable', `History store: ${String(error)}`);
      if (s.failure?.message !== failure.message) log(failure.message);
      s.failure = failure;
      s.failedAt = Date.now();
      s.opening = undefined;
      return null;
    },
  );
  s.opening = opening;
  s.first ??= opening;
  return opening;
}

/**
 * Resolves when the first attempt to open the store since the start has succeeded or failed (at most `ms`), so a
 * readiness check can wait for it: a new embedded store takes a few seconds to create. Later calls are immediate.
 */
export async function historyStarted(ms: number): Promise<void> {
  void historyStore();
  const first = state().first;
  if (first) await Promise.race([first, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

/** The store if it is (or becomes) ready within `ms`; null otherwise, without giving up on opening it. */
export async function historyStoreWithin(ms: number): Promise<HistoryStore | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([historyStore(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** For the answer's `history` field: where history is kept, and why it cannot be used when it cannot. */
export function historyStatus(): HistoryStatus {
  const s = state();
  const config = storeConfig(s);
  if (config instanceof StoreError) return { store: 'off', available: false, error: errorOf(config) };
  if (config.kind === 'off') return { store: 'off', available: false };
  const failure = s.store ? undefined : s.failure;
  return { store: config.kind, available: !!s.store, ...(failure ? { error: errorOf(failure) } : {}) };
}

const errorOf = (e: StoreError) => ({ code: e.code, message: e.message });

/**
 * Closes the store and forgets what this process read, as a restart does (tests, and a clean shutdown); the next
 * use opens the store again from the environment.
 */
export async function closeHistoryStore(): Promise<void> {
  await historyIdle();
  const s = state();
  const store = s.store ?? (s.opening ? await s.opening : null);
  globalHistory.__lineageHistory = {};
  clearTrailState();
  await store?.close();
}

/** The key history is kept under: the AWS account, or the endpoint's host (a demo keeps one across ports). */
export function historyAccount(mode: Mode): string {
  if (mode.kind === 'aws') return mode.accountId ?? 'aws:unknown-account';
  try {
    return `endpoint:${new URL(mode.endpoint ?? '').hostname}`;
  } catch {
    return `endpoint:${mode.endpoint ?? 'unknown'}`;
  }
}

/** Region selections read from EC2 since this process started. */
export const warmSelections = (): Set<string> => (state().warm ??= new Set());

/** Runs `task` once the response has been sent (or soon, outside a request). Its failure is logged, never thrown. */
export function afterResponse(task: () => Promise<unknown>): void {
  const pending = (state().pending ??= new Set());
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  pending.add(finished);
  const run = () =>
    task()
      .catch((error: unknown) => log(`recording history failed: ${(error as Error).message}`))
      .finally(() => {
        pending.delete(finished);
        done();
      });
  try {
    after(() => {
      void run();
    });
  } catch {
    setTimeout(() => void run(), 0);
  }
}

/** Resolves once everything queued after answers so far has run (tests, benchmarks). */
export async function historyIdle(): Promise<void> {
  const pending = state().pending;
  while (pending && pending.size > 0) await Promise.all(pending);
  await state().store?.idle();
}

/** How long an answer waits for the store to say what it remembers of the graph's ghosts (it may be writing a read). */
const REMEMBER_WAIT_MS = 1_000;

/** What the store remembers of a graph's ghosts, asked once per graph built and regions read. */
interface Remembering {
  asked: Promise<LineageGraph>;
  graph?: LineageGraph;
}
const rememberedOnce = new WeakMap<LineageGraph, Map<string, Remembering>>();

/**
 * Remembered ghosts, when the store can answer quickly; the graph unchanged otherwise. The first answer of a read
 * waits up to REMEMBER_WAIT_MS for the store (it may be writing a large read); later ones take what it has answered.
 */
export async function rememberGhosts(
  graph: LineageGraph,
  account: string,
  regionsRead: readonly string[],
): Promise<LineageGraph> {
  const key = `${account} ${regionsRead.join(',')}`;
  const known = rememberedOnce.get(graph)?.get(key);
  if (known) return known.graph ?? graph;
  const ghosts = graph.nodes.filter((n) => n.external).map((n) => n.id);
  if (ghosts.length === 0) return graph;
  const store = await historyStoreWithin(REMEMBER_WAIT_MS);
  if (!store) return graph;
  const remembering: Remembering = {
    asked: store.remember(account, ghosts, regionsRead).then(
      (rows) => (remembering.graph = remember(graph, rows)),
      (error: unknown) => {
        log(`reading history failed: ${(error as Error).message}`);
        rememberedOnce.get(graph)?.delete(key); // asked again by the next answer
        return graph;
      },
    ),
  };
  rememberedOnce.set(graph, (rememberedOnce.get(graph) ?? new Map<string, Remembering>()).set(key, remembering));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<LineageGraph>((resolve) => (timer = setTimeout(() => resolve(graph), REMEMBER_WAIT_MS)));
  try {
    return await Promise.race([remembering.asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Records a read after the response; releases the collector lease once it is written. */
export function recordAfterResponse(
  graph: LineageGraph,
  account: string,
  at: string,
  regionsRead: readonly string[],
  lease?: CollectorLease,
): void {
  const queued = (state().queued ??= new Map());
  const newer = regionsRead.filter((region) => (queued.get(`${account} ${region}`) ?? '') < at);
  for (const region of newer) queued.set(`${account} ${region}`, at);
  afterResponse(async () => {
    try {
      const store = await historyStore();
      if (store && newer.length > 0) {
        await store.record(factsOfRead(graph, account, at, newer));
        rememberedOnce.delete(graph); // what is remembered now includes this read
      }
    } finally {
      await lease?.release();
    }
  });
}
