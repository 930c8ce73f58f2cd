import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { ActionResultSchema } from '@/lib/api/actions';
import { ChangesResponseSchema, HistoryResponseSchema } from '@/lib/api/history';
import { ApiErrorSchema, type LineageResponse, LineageResponseSchema } from '@/lib/api/lineage';
import { externalReasonText } from '@/lib/lineage';
import { HistoryStore } from '@/lib/store';
import { type Backend, backends } from '../store-backends';
import { addFault, clearFaults, get, pointAppAt, startWalkthrough } from './harness';

/**
 * History through the real routes and the emulator, on each store: create a volume from a snapshot, snapshot it,
 * delete it (all through /api/actions), and the volume is remembered — as a ghost, in its history, in the graph
 * as of before the deletion, and after a restart.
 */

type Routes = {
  lineage: typeof import('@/app/api/lineage/route');
  history: typeof import('@/app/api/history/route');
  changes: typeof import('@/app/api/changes/route');
  actions: typeof import('@/app/api/actions/[action]/route');
  server: typeof import('@/lib/server/history');
  inventory: typeof import('@/lib/server/inventory');
};

const APP = 'http://127.0.0.1:3000';

async function loadRoutes(): Promise<Routes> {
  return {
    lineage: await import('@/app/api/lineage/route'),
    history: await import('@/app/api/history/route'),
    changes: await import('@/app/api/changes/route'),
    actions: await import('@/app/api/actions/[action]/route'),
    server: await import('@/lib/server/history'),
    inventory: await import('@/lib/server/inventory'),
  };
}

async function act(routes: Routes, action: string, body: Record<string, unknown>) {
  const req = new NextRequest(new URL(`/api/actions/${action}`, APP), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify(body),
  });
  const res = await routes.actions.POST(req, { params: Promise.resolve({ action }) });
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json)).toBeLessThan(300);
  return ActionResultSchema.parse(json);
}

async function lineage(routes: Routes, query = ''): Promise<LineageResponse> {
  const res = await routes.lineage.GET(get(`/api/lineage${query}`));
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(200);
  return LineageResponseSchema.parse(json);
}

async function errorOf(res: Response, status: number) {
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(status);
  return ApiErrorSchema.parse(json).error;
}

const node = (body: LineageResponse, id: string) => body.nodes.find((n) => n.id === id);

function scenario(backend: Backend) {
  // Embedded PostgreSQL opens and writes slowly on a busy machine: each step gets two minutes.
  describe(`history on ${backend.name}, through the routes`, { timeout: 120_000 }, () => {
    let emulator: RunningEmulator;
    let routes: Routes;
    let place: Awaited<ReturnType<Backend['fresh']>>;
    const ids = { snapshot: '', volume: '', volumeSnapshot: '', image: '' };
    let beforeDeletion = '';

    beforeAll(async () => {
      emulator = await startWalkthrough();
      place = await backend.fresh();
      pointAppAt(emulator.url, place.env);
      routes = await loadRoutes();
      await routes.server.closeHistoryStore();
      routes.inventory.clearInventoryCache();
      await routes.server.historyStarted(120_000); // as the readiness check (/api/health) waits for it
    }, 120_000);

    afterAll(async () => {
      await routes?.server.closeHistoryStore();
      await emulator?.close();
      await place?.remove();
      await backend.stop();
    });

    it('records the walkthrough and what the actions make', async () => {
      const first = await lineage(routes);
      expect(first.history).toMatchObject({ store: backend.name, available: true });
      expect(first.stored).toBeUndefined();
      const snapshot = first.nodes.find((n) => n.kind === 'snapshot' && !n.external && n.region === 'us-east-1')!;
      ids.snapshot = snapshot.id;
      await routes.server.historyIdle();

      const { volumeId } = await act(routes, 'create-volume', {
        region: 'us-east-1',
        snapshotId: snapshot.id,
        availabilityZone: 'us-east-1a',
      });
      ids.volume = volumeId!;
      expect(node(await lineage(routes), ids.volume)).toMatchObject({ external: false });
      await routes.server.historyIdle();

      const { snapshotId } = await act(routes, 'create-snapshot', { region: 'us-east-1', volumeId: ids.volume });
      ids.volumeSnapshot = snapshotId!;
      const withSnapshot = await lineage(routes);
      expect(withSnapshot.edges.some((e) => e.kind === 'snapshot-of' && e.target === ids.volumeSnapshot)).toBe(true);
      await routes.server.historyIdle();

      // Who made it: CloudTrail's CreateImage, read after the answer.
      const instance = first.nodes.find((n) => n.kind === 'instance' && !n.external && n.region === 'us-east-1')!;
      const { imageId } = await act(routes, 'create-image', {
        region: 'us-east-1',
        instanceId: instance.id,
        name: `history-${backend.name}`,
      });
      ids.image = imageId!;
      await lineage(routes, '?refresh=1');
      await routes.server.historyIdle();
      const made = await lineage(routes);
      expect(made.trail).toEqual({ state: 'ok' });
      expect(node(made, ids.image)?.createdBy).toMatchObject({
        eventName: 'CreateImage',
        arn: 'arn:aws:iam::123456789012:user/admin',
      });
      expect(Date.parse(node(made, ids.image)!.createdBy!.at)).toBeLessThanOrEqual(Date.now());
      // The walkthrough's past, as its trail tells it: the pipeline baked the AMIs.
      const baked = made.nodes.find((n) => n.kind === 'image' && n.name === 'ImageFromEBSVolDemo');
      expect(baked?.createdBy?.arn).toMatch(/ci-pipeline$/);
      beforeDeletion = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
    }, 180_000);

    it('draws the deleted volume as a remembered ghost: last seen, its size, the restored edge', async () => {
      await act(routes, 'delete-volume', { region: 'us-east-1', volumeId: ids.volume });
      const after = await lineage(routes, '?refresh=1');
      const ghost = node(after, ids.volume)!;
      expect(ghost).toMatchObject({ external: true, sizeGiB: expect.any(Number), state: null });
      expect(ghost.lastSeenAt).toBeDefined();
      expect(Date.parse(ghost.lastSeenAt!)).toBeLessThanOrEqual(Date.parse(beforeDeletion));
      expect(ghost.externalReason).toBe('deleted');
      expect(externalReasonText(ghost)).toMatch(/^volume deleted, last seen /);
      expect(after.edges.find((e) => e.kind === 'restored' && e.target === ids.volume)?.source).toBe(ids.snapshot);
      expect(after.edges.some((e) => e.kind === 'snapshot-of' && e.source === ids.volume)).toBe(true);
      await routes.server.historyIdle();
      expect(node(await lineage(routes), ids.volume)).toMatchObject({
        createdBy: { eventName: 'CreateVolume' },
        deletedBy: { eventName: 'DeleteVolume', arn: 'arn:aws:iam::123456789012:user/admin' },
      });
    });

    it('answers the volume history, oldest first', async () => {
      const res = await routes.history.GET(get(`/api/history?id=${ids.volume}`));
      expect(res.status).toBe(200);
      const body = HistoryResponseSchema.parse(await res.json());
      expect(body).toMatchObject({ id: ids.volume, kind: 'volume', region: 'us-east-1' });
      const kinds = body.events.map((e) => e.kind);
      expect(kinds.filter((k) => k !== 'trail')).toEqual(['appeared', 'disappeared']);
      expect(body.events.filter((e) => e.kind === 'trail')).toMatchObject([
        { role: 'created', eventName: 'CreateVolume' },
        { role: 'deleted', eventName: 'DeleteVolume' },
      ]);
      expect(kinds.at(-1)).toBe('disappeared');
      const times = body.events.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('answers what changed since a time', async () => {
      const res = await routes.changes.GET(get(`/api/changes?since=${beforeDeletion}`));
      expect(res.status).toBe(200);
      const body = ChangesResponseSchema.parse(await res.json());
      expect(body.changes).toContainEqual(
        expect.objectContaining({ kind: 'disappeared', id: ids.volume, resourceKind: 'volume', region: 'us-east-1' }),
      );
      expect(body.changes.some((c) => c.kind === 'appeared' && c.id === ids.volume)).toBe(false);
    });

    it('draws the graph as of a moment before the deletion, read-only', async () => {
      const past = await lineage(routes, `?asOf=${beforeDeletion}`);
      expect(past.asOf).toBe(beforeDeletion);
      expect(past.mode.readOnly).toBe(true);
      expect(node(past, ids.volume)).toMatchObject({ external: false, kind: 'volume' });
      expect(past.edges.some((e) => e.kind === 'restored' && e.target === ids.volume)).toBe(true);
      const focused = await lineage(routes, `?asOf=${beforeDeletion}&focus=${ids.volume}&depth=1`);
      expect(focused.nodes.map((n) => n.id)).toContain(ids.snapshot);
    });

    it('serves the last stored graph at once after a restart, then fresh reads, and keeps the history', async () => {
      await routes.server.closeHistoryStore();
      routes.inventory.clearInventoryCache();
      await routes.server.historyStarted(120_000); // the restarted app is ready (/api/health) once its store is open
      const invoke = vi.spyOn(emulator.emulator, 'invoke');
      const stored = await lineage(routes);
      expect(stored.stored).toBe(true);
      expect(Date.parse(stored.fetchedAt)).toBeGreaterThan(Date.parse(beforeDeletion));
      expect(node(stored, ids.volume)).toMatchObject({ external: true, lastSeenAt: expect.any(String) });
      expect(stored.edges.some((e) => e.kind === 'restored' && e.target === ids.volume)).toBe(true);
      await vi.waitFor(() => expect(invoke.mock.calls.some(([, a]) => a === 'DescribeSnapshots')).toBe(true));
      invoke.mockRestore();

      await vi.waitFor(async () => expect((await lineage(routes)).stored).toBeUndefined(), { timeout: 10_000 });
      const history = HistoryResponseSchema.parse(
        await (await routes.history.GET(get(`/api/history?id=${ids.volume}`))).json(),
      );
      expect(history.events.map((e) => e.kind)).toContain('disappeared');
      expect(node(await lineage(routes, `?asOf=${beforeDeletion}`), ids.volume)?.external).toBe(false);
      // Who made it comes from CloudTrail, read after the answer: a later answer carries it.
      await vi.waitFor(
        async () => expect(node(await lineage(routes), ids.image)?.createdBy?.eventName).toBe('CreateImage'),
        { timeout: 10_000 },
      );
    });

    it('serves the graph without cloudtrail:LookupEvents, and says why who made what is missing', async () => {
      await routes.server.historyIdle(); // a read of CloudTrail under way would be read again after it
      await addFault(emulator.url, {
        service: 'cloudtrail',
        action: 'LookupEvents',
        code: 'AccessDeniedException',
        status: 400,
        message: 'User is not authorized to perform: cloudtrail:LookupEvents',
      });
      try {
        await lineage(routes, '?refresh=1');
        await routes.server.historyIdle();
        const body = await lineage(routes);
        expect(body.trail?.state).toBe('denied');
        expect(body.trail?.message).toMatch(/AccessDeniedException.*allow cloudtrail:LookupEvents/);
        expect(body.nodes.some((n) => n.name === 'EBSVolDemo')).toBe(true);
      } finally {
        await clearFaults(emulator.url);
      }
      await lineage(routes, '?refresh=1');
      await routes.server.historyIdle();
      expect((await lineage(routes)).trail).toEqual({ state: 'ok' });
    }, 60_000);

    it('refuses bad queries and unknown ids', async () => {
      expect((await errorOf(await routes.history.GET(get('/api/history?id=nope')), 400)).field).toBe('id');
      // Nothing recorded is an empty timeline, not an error (a browser logs every 404 it is answered).
      const nothing = await routes.history.GET(get('/api/history?id=vol-0123456789abcdef0'));
      expect(nothing.status).toBe(200);
      expect(HistoryResponseSchema.parse(await nothing.json())).toEqual({
        id: 'vol-0123456789abcdef0',
        kind: 'volume',
        region: null,
        name: null,
        events: [],
      });
      expect((await errorOf(await routes.changes.GET(get('/api/changes')), 400)).field).toBe('since');
      expect((await errorOf(await routes.changes.GET(get('/api/changes?since=yesterday')), 400)).field).toBe('since');
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect((await errorOf(await routes.lineage.GET(get(`/api/lineage?asOf=${future}`)), 400)).field).toBe('asOf');
      const early = await errorOf(await routes.lineage.GET(get('/api/lineage?asOf=2001-01-01T00:00:00Z')), 404);
      expect(early).toMatchObject({ code: 'NotRecorded', field: 'asOf' });
      expect(early.message).toMatch(
        /^Nothing was recorded as early as 2001-01-01 00:00 UTC; history begins at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
      );
    });

    if (backend.name === 'postgres') {
      it('answers what another instance stored while that instance reads the account', async () => {
        await lineage(routes, '?refresh=1');
        await routes.server.historyIdle();
        const other = await HistoryStore.open(place.config);
        const lease = await other.tryCollect(`endpoint:127.0.0.1`);
        expect(lease).not.toBeNull();
        const invoke = vi.spyOn(emulator.emulator, 'invoke');
        try {
          const body = await lineage(routes, '?refresh=1');
          expect(body.stored).toBe(true);
          expect(invoke.mock.calls.filter(([, a]) => a.startsWith('Describe'))).toEqual([]);
        } finally {
          invoke.mockRestore();
          await lease!.release();
          await other.close();
        }
        expect((await lineage(routes, '?refresh=1')).stored).toBeUndefined();
      });
    }
  });
}

for (const backend of backends()) scenario(backend);

describe('without a usable store', () => {
  let emulator: RunningEmulator;
  let routes: Routes;

  beforeAll(async () => {
    emulator = await startWalkthrough();
    pointAppAt(emulator.url, {
      DATABASE_URL: 'postgres://lineage:s3cret@127.0.0.1:1/lineage',
      LINEAGE_HISTORY_DAYS: '30',
    });
    routes = await loadRoutes();
    await routes.server.closeHistoryStore();
    routes.inventory.clearInventoryCache();
  });

  afterAll(async () => {
    await routes?.server.closeHistoryStore();
    await emulator?.close();
  });

  it('still serves live data, and says which setting to fix', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const body = await lineage(routes, '?refresh=1');
    expect(body.nodes.some((n) => n.name === 'EBSVolDemo')).toBe(true);
    expect(body.history).toMatchObject({ store: 'postgres', available: false, error: { code: 'StoreUnavailable' } });
    expect(body.history?.error?.message).toMatch(/DATABASE_URL=postgres:\/\/lineage:\*\*\*@127\.0\.0\.1:1/);
    expect(JSON.stringify(body)).not.toMatch(/s3cret/);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/DATABASE_URL=/);
    errors.mockRestore();

    const history = await errorOf(await routes.history.GET(get('/api/history?id=vol-0123456789abcdef0')), 503);
    expect(history.code).toBe('HistoryUnavailable');
    expect(history.message).toMatch(/DATABASE_URL/);
    expect((await errorOf(await routes.lineage.GET(get('/api/lineage?asOf=2026-01-01T00:00:00Z')), 503)).code).toBe(
      'HistoryUnavailable',
    );
  });

  it('answers 503 when history is off', async () => {
    await routes.server.closeHistoryStore();
    process.env.LINEAGE_HISTORY_DAYS = '0';
    const off = await errorOf(await routes.changes.GET(get('/api/changes?since=2026-01-01T00:00:00Z')), 503);
    expect(off.message).toMatch(/LINEAGE_HISTORY_DAYS=0/);
    expect((await lineage(routes, '?refresh=1')).history).toEqual({ store: 'off', available: false });
  });
});
