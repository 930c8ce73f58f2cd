import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { FamiliesResponseSchema } from '@/lib/api/families';
import { ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import { get, pointAppAt, startWalkthrough } from './harness';

let emulator: RunningEmulator;
let families: (request: ReturnType<typeof get>) => Promise<Response>;
let lineage: (request: ReturnType<typeof get>) => Promise<Response>;

beforeAll(async () => {
  emulator = await startWalkthrough();
  pointAppAt(emulator.url);
  ({ GET: families } = await import('@/app/api/families/route'));
  ({ GET: lineage } = await import('@/app/api/lineage/route'));
}, 60_000);

afterAll(async () => {
  await emulator.close();
});

describe('GET /api/families for an account below the overview threshold', () => {
  it('carries the whole lineage answer when asked (graph=small), so one request draws the account', async () => {
    const res = await families(get('/api/families?limit=48&graph=small'));
    expect(res.status).toBe(200);
    const body = FamiliesResponseSchema.parse(await res.json());
    expect(body.overview).toBe(false);
    expect(body.overviewFrom).toBe(3000);
    const whole = LineageResponseSchema.parse(await (await lineage(get('/api/lineage'))).json());
    expect(body.graph).toBeDefined();
    expect(body.graph!.nodes.map((n) => n.id).sort()).toEqual(whole.nodes.map((n) => n.id).sort());
    expect(body.graph!.edges.map((e) => e.id).sort()).toEqual(whole.edges.map((e) => e.id).sort());
    expect(body.graph!.fetchedAt).toBe(body.fetchedAt);
    expect(body.totals.resources).toBe(whole.nodes.length);
  });

  it('leaves the graph out unless asked, and refuses an unknown graph option or a time to come', async () => {
    const body = FamiliesResponseSchema.parse(await (await families(get('/api/families'))).json());
    expect(body.graph).toBeUndefined();
    const bad = await families(get('/api/families?graph=all'));
    expect(bad.status).toBe(400);
    expect(ApiErrorSchema.parse(await bad.json()).error.field).toBe('graph');
    const future = await families(get('/api/families?asOf=2999-01-01T00:00:00Z'));
    expect(future.status).toBe(400);
    expect(ApiErrorSchema.parse(await future.json()).error.field).toBe('asOf');
  });
});
