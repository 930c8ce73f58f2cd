import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import { type SearchResponse, SearchResponseSchema } from '@/lib/api/search';
import { addFault, get, walkthroughApp } from './harness';

let search: (request: ReturnType<typeof get>) => Promise<Response>;
let lineage: (request: ReturnType<typeof get>) => Promise<Response>;

const app = walkthroughApp();

beforeAll(async () => {
  ({ GET: search } = await import('@/app/api/search/route'));
  ({ GET: lineage } = await import('@/app/api/lineage/route'));
});

async function find(query: string): Promise<SearchResponse> {
  const res = await search(get(`/api/search?${query}`));
  expect(res.status, await res.clone().text()).toBe(200);
  return SearchResponseSchema.parse(await res.json());
}

async function graph() {
  const res = await lineage(get('/api/lineage'));
  return LineageResponseSchema.parse(await res.json());
}

describe('GET /api/search against the walkthrough', () => {
  it('finds the scratch volume by Name=scratch, with its kind, region, account and state', async () => {
    const body = await find('q=Name%3Dscratch');
    expect(body.total).toBe(1);
    expect(body.results).toHaveLength(1);
    const [scratch] = body.results;
    expect(scratch).toMatchObject({
      kind: 'volume',
      name: 'scratch',
      region: 'us-east-1',
      state: 'available',
      external: false,
      sizeGiB: 20,
      match: { field: 'tag', text: 'Name=scratch' },
    });
    expect(scratch!.id).toMatch(/^vol-/);
    expect(scratch!.accountId).toMatch(/^\d{12}$/);
    expect(body.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect((await find('q=name:scratch')).results.map((r) => r.id)).toEqual([scratch!.id]);
  });

  it('finds every resource of eu-west-1 by its region, and counts them', async () => {
    const { nodes } = await graph();
    const eu = nodes.filter((n) => n.region === 'eu-west-1').map((n) => n.id);
    const body = await find('q=eu-west-1&limit=200');
    expect(body.total).toBe(eu.length);
    expect(body.results.map((r) => r.id).sort()).toEqual(eu.sort());
    expect(body.results.every((r) => r.region === 'eu-west-1')).toBe(true);
  });

  it('finds a tag value, an AMI name, an instance type and a description', async () => {
    const backups = await find('q=EBSVolDemo-data-backup');
    expect(backups.results.length).toBeGreaterThan(0);
    expect(backups.results[0]).toMatchObject({ kind: 'snapshot', name: 'EBSVolDemo-data-backup' });
    const image = await find('q=UnusedImage');
    expect(image.results[0]).toMatchObject({ kind: 'image', name: 'UnusedImage', match: { field: 'name' } });
    const types = await find('q=type%3Dt3.micro');
    expect(types.total).toBeGreaterThan(0);
    expect(types.results.every((r) => r.kind === 'instance')).toBe(true);
    const described = await find('q=%22Release 2.0 candidate%22');
    expect(described.results.map((r) => r.name)).toEqual(['UnusedImage']);
    expect(described.results[0]!.match).toEqual({ field: 'description', text: 'Release 2.0 candidate' });
  });

  it('pages through every match without repeats, and counts them all on each page', async () => {
    const all = await find('q=us-east-1&limit=200');
    expect(all.total).toBeGreaterThan(6);
    const first = await find('q=us-east-1&limit=3');
    const second = await find('q=us-east-1&limit=3&offset=3');
    expect(first.total).toBe(all.total);
    expect(second.total).toBe(all.total);
    expect([...first.results, ...second.results].map((r) => r.id)).toEqual(all.results.slice(0, 6).map((r) => r.id));
  });

  it('narrows to the regions asked for', async () => {
    const body = await find('q=EBSVolDemo&region=eu-west-1');
    expect(body.regions).toEqual(['eu-west-1']);
    expect(body.results.every((r) => r.region === 'eu-west-1')).toBe(true);
  });

  it('sees a change once the region is read again, and not before the cache says so', async () => {
    const before = await find('q=team%3Dsearch-test');
    expect(before.total).toBe(0);
    const scratch = (await find('q=Name%3Dscratch')).results[0]!;
    const ec2 = new EC2Client({
      region: 'us-east-1',
      endpoint: app.emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ec2.send(new CreateTagsCommand({ Resources: [scratch.id], Tags: [{ Key: 'team', Value: 'search-test' }] }));
    await app.reset();
    const after = await find('q=team%3Dsearch-test');
    expect(after.results.map((r) => r.id)).toEqual([scratch.id]);
    ec2.destroy();
  });

  it('refuses an empty query, a bad limit and a bad region with 400 naming the field', async () => {
    for (const [query, field] of [
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      ['q=x&limit=0', 'limit'],
      ['q=x&limit=1000', 'limit'],
      ['q=x&offset=-1', 'offset'],
      ['q=x&region=moon', 'region.0'],
    ] as const) {
      const res = await search(get(`/api/search?${query}`));
      expect(res.status, query).toBe(400);
      const body = ApiErrorSchema.parse(await res.json());
      expect(body.error).toMatchObject({ code: 'ValidationError', field });
    }
  });

  it('answers EC2’s refusal with its status when no region can be read', async () => {
    await addFault(app.emulator.url, { action: 'DescribeVolumes', code: 'UnauthorizedOperation', status: 403 });
    const res = await search(get('/api/search?q=scratch'));
    expect(res.status).toBe(403);
    expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('UnauthorizedOperation');
  });

  it('answers the regions that could be read, naming the one that failed', async () => {
    await addFault(app.emulator.url, {
      action: 'DescribeVolumes',
      region: 'eu-west-1',
      code: 'InternalError',
      status: 500,
    });
    const body = await find('q=EBSVolDemo');
    expect(body.regions).toEqual(['us-east-1']);
    expect(body.errors.map((e) => e.region)).toEqual(['eu-west-1']);
    expect(body.total).toBeGreaterThan(0);
  });
});
