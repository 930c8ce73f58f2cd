import 'server-only';
import type {
  Change,
  ChangesQuery,
  ChangesResponse,
  HistoryEvent,
  HistoryQuery,
  HistoryResponse,
} from '@/lib/api/history';
import { NODE_KINDS, type NodeKind, kindOfIssuedId } from '@/lib/lineage';
import type { StoredChange } from '@/lib/store';
import type { Ec2Failure } from './errors';
import { historyAccount, historyStoreWithin } from './history';
import { historyUnavailable } from './history-lineage';
import { currentMode } from './lineage';

const STORE_WAIT_MS = 5_000;

export type HistoryOutcome<T> = { ok: true; body: T } | { ok: false; failure: Ec2Failure & { field?: string } };

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const record = <T>(v: unknown): Record<string, T> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, T>) : {};

/** A stored change as the API tells it. */
export function toEvent(c: StoredChange): HistoryEvent {
  const d = c.detail;
  switch (c.kind) {
    case 'appeared':
      return { at: c.at, kind: c.kind, state: text(d.state), createdAt: text(d.createdAt) };
    case 'state-changed':
      return { at: c.at, kind: c.kind, from: text(d.from), to: text(d.to) };
    case 'tags-changed':
      return {
        at: c.at,
        kind: c.kind,
        added: record(d.added),
        removed: record(d.removed),
        changed: record<{ from: string; to: string }>(d.changed),
      };
    case 'modified':
      return {
        at: c.at,
        kind: c.kind,
        fields: Array.isArray(d.fields) ? d.fields.filter((f) => typeof f === 'string') : [],
      };
    case 'disappeared':
      return { at: c.at, kind: c.kind, lastSeenAt: text(d.lastSeenAt) };
    default: {
      const never: never = c.kind;
      return never;
    }
  }
}

const nodeKind = (kind: string): NodeKind =>
  (NODE_KINDS as readonly string[]).includes(kind) ? (kind as NodeKind) : 'volume';

/** GET /api/history: a resource's timeline, oldest first: what the store saw, and what CloudTrail says was done. */
export async function getHistory(query: HistoryQuery): Promise<HistoryOutcome<HistoryResponse>> {
  const store = await historyStoreWithin(STORE_WAIT_MS);
  if (!store) return { ok: false, failure: historyUnavailable() };
  const account = historyAccount(await currentMode());
  const [changes, trail] = await Promise.all([store.history(account, query.id), store.trail(account, query.id)]);
  // Nothing recorded yet (history starts when Lineage first reads a resource): an empty timeline, not an error.
  if (!changes && trail.length === 0) {
    const kind = kindOfIssuedId(query.id) ?? 'volume';
    return { ok: true, body: { id: query.id, kind, region: null, name: null, events: [] } };
  }
  const seen = changes ?? [];
  const trailEvents: HistoryEvent[] = trail.map((t) => ({
    at: t.at,
    kind: 'trail',
    role: t.role,
    eventName: t.eventName,
    arn: t.arn,
  }));
  // Stable: at one time, what was done comes before what the store then saw.
  const events = [...trailEvents, ...seen.map(toEvent)].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = seen.at(-1);
  const name = [...seen].reverse().find((c) => c.name !== null)?.name ?? null;
  const kind = last ? nodeKind(last.resourceKind) : (kindOfIssuedId(query.id) ?? 'volume');
  return { ok: true, body: { id: query.id, kind, region: last?.region ?? trail[0]!.region, name, events } };
}

/** GET /api/changes: what appeared, changed and disappeared since a time, oldest first. */
export async function getChanges(query: ChangesQuery): Promise<HistoryOutcome<ChangesResponse>> {
  const store = await historyStoreWithin(STORE_WAIT_MS);
  if (!store) return { ok: false, failure: historyUnavailable() };
  const { changes, truncated } = await store.changes(historyAccount(await currentMode()), query.since, {
    until: query.until,
    regions: query.region,
    limit: query.limit,
  });
  const rows: Change[] = changes.map((c) => ({
    ...toEvent(c),
    id: c.resourceId,
    resourceKind: nodeKind(c.resourceKind),
    region: c.region,
    name: c.name,
  }));
  return {
    ok: true,
    body: { since: query.since, ...(query.until ? { until: query.until } : {}), changes: rows, truncated },
  };
}
