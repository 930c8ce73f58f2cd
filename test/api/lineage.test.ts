import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FamiliesResponseSchema, FamilyResponseSchema } from '@/lib/api/families';
import { ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import type { LineageResponse } from '@/lib/api/lineage';
import { EDGE_KINDS, externalReasonText } from '@/lib/lineage';
import { addFault, get, walkthroughApp } from './harness';

let GET: (request: ReturnType<typeof get>) => Promise<Response>;

const app = walkthroughApp();

beforeAll(async () => {
  ({ GET } = await import('@/app/api/lineage/route'));
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function lineage(path = '/api/lineage'): Promise<LineageResponse> {
  const res = await GET(get(path));
  expect(res.status).toBe(200);
  return LineageResponseSchema.parse(await res.json());
}

const byName = (body: LineageResponse, name: string) => {
  const found = body.nodes.filter((n) => n.name === name);
  expect(found, `nodes named ${name}`).toHaveLength(1);
  return found[0]!;
};

const edgesFrom = (body: LineageResponse, id: string, kind: string) =>
  body.edges.filter((e) => e.source === id && e.kind === kind).map((e) => e.target);

describe('GET /api/lineage against the walkthrough', () => {
  it('draws the whole chain from EBSVolDemo to the restored volumes and the eu-west-1 copy', async () => {
    const body = await lineage();
    expect(body.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(body.errors).toEqual([]);
    expect(body.mode).toEqual({ kind: 'endpoint', endpoint: app.emulator.url, readOnly: false, accessToken: false });

    const demo = byName(body, 'EBSVolDemo');
    const demoVolumes = edgesFrom(body, demo.id, 'attached');
    expect(demoVolumes).toHaveLength(2);
    const sizes = demoVolumes.map((id) => body.nodes.find((n) => n.id === id)!.sizeGiB).sort();
    expect(sizes).toEqual([2, 8]);

    const image = body.nodes.find(
      (n) => n.kind === 'image' && n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1',
    )!;
    expect(edgesFrom(body, demo.id, 'created-image')).toEqual([image.id]);
    const imageSnapshots = body.edges.filter((e) => e.kind === 'backs' && e.target === image.id).map((e) => e.source);
    expect(imageSnapshots).toHaveLength(2);
    for (const snap of imageSnapshots) {
      const volume = body.edges.find((e) => e.kind === 'snapshot-of' && e.target === snap)!.source;
      expect(demoVolumes).toContain(volume);
    }

    const launched = byName(body, 'CreatedFromEBSVolDemoAMI');
    expect(edgesFrom(body, image.id, 'launched')).toEqual([launched.id]);
    const restored = edgesFrom(body, launched.id, 'attached');
    expect(restored).toHaveLength(2);
    const restoredFrom = restored.map((v) => body.edges.find((e) => e.kind === 'restored' && e.target === v)!.source);
    expect(restoredFrom.sort()).toEqual([...imageSnapshots].sort());

    const copy = body.nodes.find((n) => n.kind === 'image' && n.region === 'eu-west-1')!;
    expect(edgesFrom(body, image.id, 'copied')).toEqual([copy.id]);
    const copiedSnapshots = imageSnapshots.flatMap((s) => edgesFrom(body, s, 'copied'));
    expect(copiedSnapshots).toHaveLength(2);
    expect(copiedSnapshots.every((id) => body.nodes.find((n) => n.id === id)!.region === 'eu-west-1')).toBe(true);

    expect(new Set(body.edges.map((e) => e.kind))).toEqual(new Set(EDGE_KINDS));
    expect(body.edges.every((e) => e.evidence.length > 0)).toBe(true);
  });

  it('shows the cleanup material and the public base image as an external node', async () => {
    const body = await lineage();
    expect(byName(body, 'UnusedImage').kind).toBe('image');
    expect(byName(body, 'scratch').details).toMatchObject({ attachments: [] });
    expect(body.nodes.some((n) => n.name === 'OldBuild')).toBe(false);
    const demo = byName(body, 'EBSVolDemo');
    const base = body.nodes.find((n) => n.id === (demo.details as { imageId: string }).imageId)!;
    expect(base.external).toBe(true);
    expect(base.externalReason).toBe('public-image');
    expect(externalReasonText(base)).toBe('public AMI, owned by amazon');
  });

  it('narrows to one region', async () => {
    const body = await lineage('/api/lineage?region=eu-west-1');
    expect(body.regions).toEqual(['eu-west-1']);
    expect(body.nodes.filter((n) => !n.external).every((n) => n.region === 'eu-west-1')).toBe(true);
    expect(body.nodes.some((n) => n.kind === 'image' && n.name === 'ImageFromEBSVolDemo')).toBe(true);
  });

  it('returns a resource neighbourhood with ?focus and ?depth', async () => {
    const all = await lineage();
    const image = all.nodes.find((n) => n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1')!;
    const near = await lineage(`/api/lineage?focus=${image.id}&depth=1`);
    expect(near.focus).toBe(image.id);
    const ids = new Set(near.nodes.map((n) => n.id));
    expect(ids.has(image.id)).toBe(true);
    expect(ids.has(byName(all, 'EBSVolDemo').id)).toBe(true);
    expect(ids.has(byName(all, 'CreatedFromEBSVolDemoAMI').id)).toBe(true);
    expect(ids.has(byName(all, 'scratch').id)).toBe(false);
    expect(near.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
  });

  it.each([
    ['/api/lineage?region=mars-1', 'region.0'],
    ['/api/lineage?focus=not-an-id', 'focus'],
    ['/api/lineage?focus=ami-0123456789abcdef0&depth=0', 'depth'],
  ])('refuses %s with 400 naming the field', async (path, field) => {
    const res = await GET(get(path));
    expect(res.status).toBe(400);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe('ValidationError');
    expect(body.error.field).toBe(field);
  });

  it('answers 404 for a focus that is not in the inventory', async () => {
    const res = await GET(get('/api/lineage?focus=ami-0123456789abcdef0'));
    expect(res.status).toBe(404);
    expect(ApiErrorSchema.parse(await res.json()).error.field).toBe('focus');
  });
});

describe('failures', () => {
  it('keeps the regions that worked when one region fails', async () => {
    await addFault(app.emulator.url, {
      region: 'eu-west-1',
      action: 'DescribeSnapshots',
      code: 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    });
    const body = await lineage();
    expect(body.regions).toEqual(['us-east-1']);
    expect(body.errors).toEqual([
      {
        region: 'eu-west-1',
        status: 403,
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
      },
    ]);
    expect(body.nodes.some((n) => n.name === 'EBSVolDemo')).toBe(true);
  });

  it('answers 403 with the EC2 code when every region is refused', async () => {
    await addFault(app.emulator.url, { action: 'DescribeInstances', code: 'UnauthorizedOperation', status: 403 });
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(403);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe('UnauthorizedOperation');
    expect(body.errors?.map((e) => e.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('slows down on throttling instead of failing', async () => {
    await addFault(app.emulator.url, {
      region: 'us-east-1',
      action: 'DescribeVolumes',
      code: 'RequestLimitExceeded',
      status: 503,
      count: 2,
    });
    const body = await lineage();
    expect(body.errors).toEqual([]);
    expect(body.nodes.some((n) => n.name === 'scratch')).toBe(true);
  });

  it('does not cache a failed region', async () => {
    await addFault(app.emulator.url, {
      region: 'eu-west-1',
      action: 'DescribeImages',
      code: 'UnauthorizedOperation',
      status: 403,
      count: 1,
    });
    expect((await lineage()).errors).toHaveLength(1);
    const again = await lineage();
    expect(again.errors).toEqual([]);
    expect(again.regions).toEqual(['us-east-1', 'eu-west-1']);
  });
});

describe('cache', () => {
  it('shares one fetch between concurrent requests and reuses it within the TTL', async () => {
    const invoke = vi.spyOn(app.emulator.emulator, 'invoke');
    const snapshotsCalls = () => invoke.mock.calls.filter(([, action]) => action === 'DescribeSnapshots').length;
    await Promise.all([lineage(), lineage(), lineage()]);
    expect(snapshotsCalls()).toBe(2);
    await lineage();
    expect(snapshotsCalls()).toBe(2);
    await lineage('/api/lineage?refresh=1');
    expect(snapshotsCalls()).toBe(4);
  });

  it('sees new resources after a refresh', async () => {
    await lineage();
    const demo = (await lineage()).nodes.find((n) => n.name === 'EBSVolDemo')!;
    app.emulator.emulator.invoke('us-east-1', 'CreateTags', {
      Resources: [demo.id],
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    expect((await lineage()).nodes.find((n) => n.id === demo.id)!.tags.team).toBeUndefined();
    expect((await lineage('/api/lineage?refresh=1')).nodes.find((n) => n.id === demo.id)!.tags.team).toBe('platform');
  });

  it('reads the regions named `fresh` past the cache and the others from it', async () => {
    const demo = (await lineage()).nodes.find((n) => n.name === 'EBSVolDemo')!;
    const invoke = vi.spyOn(app.emulator.emulator, 'invoke');
    const snapshotsCalls = (region: string) =>
      invoke.mock.calls.filter(([r, action]) => r === region && action === 'DescribeSnapshots').length;
    app.emulator.emulator.invoke('us-east-1', 'CreateTags', {
      Resources: [demo.id],
      Tags: [{ Key: 'team', Value: 'ops' }],
    });
    const body = await lineage('/api/lineage?fresh=us-east-1');
    expect(body.nodes.find((n) => n.id === demo.id)!.tags.team).toBe('ops');
    expect([snapshotsCalls('us-east-1'), snapshotsCalls('eu-west-1')]).toEqual([1, 0]);
  });

  it('the family routes take `fresh` as the lineage route does, and refuse a bad region in it', async () => {
    const { GET: families } = await import('@/app/api/families/route');
    const { GET: family } = await import('@/app/api/families/[id]/route');
    const demo = (await lineage()).nodes.find((n) => n.name === 'EBSVolDemo')!;
    const invoke = vi.spyOn(app.emulator.emulator, 'invoke');
    const volumesCalls = (region: string) =>
      invoke.mock.calls.filter(([r, action]) => r === region && action === 'DescribeVolumes').length;
    const tag = (value: string) =>
      app.emulator.emulator.invoke('us-east-1', 'CreateTags', {
        Resources: [demo.id],
        Tags: [{ Key: 'team', Value: value }],
      });
    const one = (query: string) =>
      family(get(`/api/families/${demo.id}${query}`), { params: Promise.resolve({ id: demo.id }) });

    tag('one');
    const cached = FamilyResponseSchema.parse(await (await one('')).json());
    expect(cached.nodes.find((n) => n.id === demo.id)!.tags.team).toBe(demo.tags.team);
    const read = FamilyResponseSchema.parse(await (await one('?fresh=us-east-1')).json());
    expect(read.nodes.find((n) => n.id === demo.id)!.tags.team).toBe('one');
    expect([volumesCalls('us-east-1'), volumesCalls('eu-west-1')]).toEqual([1, 0]);

    tag('two');
    const res = await families(get('/api/families?graph=small&fresh=us-east-1'));
    const overview = FamiliesResponseSchema.parse(await res.json());
    expect(overview.graph!.nodes.find((n) => n.id === demo.id)!.tags.team).toBe('two');
    expect([volumesCalls('us-east-1'), volumesCalls('eu-west-1')]).toEqual([2, 0]);

    for (const bad of [families(get('/api/families?fresh=nowhere')), one('?fresh=nowhere')]) {
      const answer = await bad;
      expect(answer.status).toBe(400);
      expect(ApiErrorSchema.parse(await answer.json()).error.field).toBe('fresh.0');
    }
  });
});
