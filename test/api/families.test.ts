import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_REGIONS } from '@/emulator/scenarios/synthetic';
import { type RunningEmulator, startEmulator } from '@/emulator/server';
import { FamiliesResponseSchema, FamilyResponseSchema } from '@/lib/api/families';
import { ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import { get, pointAppAt } from './harness';

type Handler = (request: ReturnType<typeof get>, context: { params: Promise<{ id: string }> }) => Promise<Response>;

let emulator: RunningEmulator;
let families: (request: ReturnType<typeof get>) => Promise<Response>;
let family: Handler;
let lineage: (request: ReturnType<typeof get>) => Promise<Response>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scenario: 'synthetic:600', delayMs: 0 });
  pointAppAt(emulator.url, { LINEAGE_REGIONS: SYNTHETIC_REGIONS.join(','), LINEAGE_OVERVIEW_FROM: '300' });
  ({ GET: families } = await import('@/app/api/families/route'));
  ({ GET: family } = await import('@/app/api/families/[id]/route'));
  ({ GET: lineage } = await import('@/app/api/lineage/route'));
}, 60_000);

afterAll(async () => {
  await emulator.close();
});

const familyAt = (id: string) => family(get(`/api/families/${id}`), { params: Promise.resolve({ id }) });

describe('GET /api/families and /api/families/{id} against synthetic:600', () => {
  it('summarises every resource once per family that draws it, biggest first, the rest per region', async () => {
    const whole = LineageResponseSchema.parse(await (await lineage(get('/api/lineage'))).json());
    const res = await families(get('/api/families?limit=5'));
    expect(res.status).toBe(200);
    const body = FamiliesResponseSchema.parse(await res.json());
    expect(body.families).toHaveLength(5);
    expect(body.overviewFrom).toBe(300);
    expect(body.overview).toBe(true);
    expect(body.totals.resources).toBe(whole.nodes.length);
    expect(body.totals.drawn).toBeGreaterThanOrEqual(whole.nodes.length);
    const sizes = body.families.map((f) => f.resources);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const shown = sizes.reduce((a, b) => a + b, 0);
    const rest = body.rest.reduce((a, r) => a + r.resources, 0);
    expect(shown + rest).toBe(body.totals.drawn);
    expect(body.rest.reduce((a, r) => a + r.families, 0)).toBe(body.totals.families - 5);
    for (const f of body.families) {
      expect(Object.values(f.kinds).reduce((a, b) => a + b, 0)).toBe(f.resources);
      expect(SYNTHETIC_REGIONS).toEqual(expect.arrayContaining(f.regions));
    }
    // Far fewer bytes than the whole graph, and no graph even when a small account's would be asked for.
    const bytes = JSON.stringify(body).length;
    expect(bytes).toBeLessThan(JSON.stringify(whole).length / 10);
    const asked = FamiliesResponseSchema.parse(await (await families(get('/api/families?limit=5&graph=small'))).json());
    expect(asked.overview).toBe(true);
    expect(asked.graph).toBeUndefined();
  });

  it('answers one family by its id and by any member, with only the edges inside it', async () => {
    const body = FamiliesResponseSchema.parse(await (await families(get('/api/families?limit=3'))).json());
    const second = body.families[1]!;
    const res = await familyAt(second.id);
    expect(res.status).toBe(200);
    const byId = FamilyResponseSchema.parse(await res.json());
    expect(byId.family).toEqual(second);
    expect(byId.nodes).toHaveLength(second.resources);
    const ids = new Set(byId.nodes.map((n) => n.id));
    expect(byId.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    const member = byId.nodes.find((n) => n.id !== second.id && !n.external)!;
    const byMember = FamilyResponseSchema.parse(await (await familyAt(member.id)).json());
    expect(byMember.family.id).toBe(second.id);
    expect(byMember.nodes.map((n) => n.id)).toEqual(byId.nodes.map((n) => n.id));
  });

  it('refuses an id that is no resource (400) and one that is not in the inventory (404)', async () => {
    const bad = await familyAt('not-an-id');
    expect(bad.status).toBe(400);
    expect(ApiErrorSchema.parse(await bad.json()).error.field).toBe('id');
    const missing = await familyAt('i-0ffffffffffffffff');
    expect(missing.status).toBe(404);
    expect(ApiErrorSchema.parse(await missing.json()).error).toMatchObject({ code: 'NotFound', field: 'id' });
    const limit = await families(get('/api/families?limit=0'));
    expect(limit.status).toBe(400);
  });

  it('reads sharing for the family it answers, not for the whole account', async () => {
    const { clearSharingCache } = await import('@/lib/server/sharing');
    clearSharingCache();
    const body = FamiliesResponseSchema.parse(await (await families(get('/api/families?limit=6'))).json());
    expect(body.background.sharing).toBe(0);
    const sharable = (nodes: readonly { kind: string; external: boolean }[]) =>
      nodes.filter((n) => !n.external && (n.kind === 'image' || n.kind === 'snapshot')).length;
    const answerOf = async (id: string) => FamilyResponseSchema.parse(await (await familyAt(id)).json());
    const [first, second] = body.families.filter((f) => f.kinds.snapshot + f.kinds.image > 0);
    const opened = await answerOf(first!.id);
    expect(opened.background.sharing).toBe(sharable(opened.nodes));
    expect(sharable(opened.nodes)).toBeLessThan(body.totals.resources);
    let settled = opened;
    for (let i = 0; i < 100 && settled.background.sharing > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      settled = await answerOf(first!.id);
    }
    expect(settled.background.sharing).toBe(0);
    const owned = settled.nodes.filter((n) => !n.external && (n.kind === 'image' || n.kind === 'snapshot'));
    expect(owned.every((n) => 'sharedWith' in n.details && Array.isArray(n.details.sharedWith))).toBe(true);
    // Nothing of another family was read meanwhile: its first answer has all of its own still to read.
    const other = await answerOf(second!.id);
    expect(other.background.sharing).toBe(sharable(other.nodes));
    expect(other.background.sharing).toBeGreaterThan(0);
  });
});
