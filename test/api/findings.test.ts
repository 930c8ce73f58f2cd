import { beforeAll, describe, expect, it } from 'vitest';
import { type FindingsResponse, FindingsResponseSchema } from '@/lib/api/findings';
import { ApiErrorSchema, type LineageResponse, LineageResponseSchema } from '@/lib/api/lineage';
import { FINDING_KINDS, type LineageNode } from '@/lib/lineage';
import { addFault, get, walkthroughApp } from './harness';

let GET: (request: ReturnType<typeof get>) => Promise<Response>;
let lineageGET: (request: ReturnType<typeof get>) => Promise<Response>;

const app = walkthroughApp();

beforeAll(async () => {
  ({ GET } = await import('@/app/api/findings/route'));
  ({ GET: lineageGET } = await import('@/app/api/lineage/route'));
});

async function findings(path = '/api/findings'): Promise<FindingsResponse> {
  const res = await GET(get(path));
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return FindingsResponseSchema.parse(await res.json());
}

async function lineage(path = '/api/lineage'): Promise<LineageResponse> {
  const res = await lineageGET(get(path));
  expect(res.status).toBe(200);
  return LineageResponseSchema.parse(await res.json());
}

const byName = (body: LineageResponse, name: string): LineageNode => {
  const found = body.nodes.filter((n) => n.name === name);
  expect(found, `nodes named ${name}`).toHaveLength(1);
  return found[0]!;
};

/** OldBuild's leftover: the snapshot whose description names an AMI that is not in the graph. */
function oldBuildSnapshot(body: LineageResponse): LineageNode {
  const found = body.nodes.filter((n) => {
    if (n.kind !== 'snapshot' || n.external) return false;
    const m = /Created by CreateImage\(i-[0-9a-f]+\) for (ami-[0-9a-f]+)/.exec(n.details.description ?? '');
    return m !== null && !body.nodes.some((other) => other.id === m[1]);
  });
  expect(found, 'snapshots naming a deregistered AMI').toHaveLength(1);
  return found[0]!;
}

const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

describe('GET /api/findings against the walkthrough', () => {
  it('finds exactly OldBuild’s snapshot, UnusedImage and the scratch volume, with costs that add up', async () => {
    const graph = await lineage();
    const body = await findings();
    const oldSnap = oldBuildSnapshot(graph);
    const unused = byName(graph, 'UnusedImage');
    const scratch = byName(graph, 'scratch');

    expect(body.findings.map((f) => [f.kind, f.resourceId])).toEqual([
      ['snapshot-of-deregistered-image', oldSnap.id],
      ['unused-image', unused.id],
      ['unattached-volume', scratch.id],
    ]);
    const [old, image, volume] = body.findings;
    expect(old).toMatchObject({ region: 'us-east-1', sizeGiB: oldSnap.sizeGiB, monthlyCostUsd: 0.4 });
    expect(old!.reason).toMatch(/no longer a registered image/);
    expect(
      old!.evidence.some(
        (e) => e.startsWith('description: Created by CreateImage(') && e.endsWith('that AMI is not registered'),
      ),
    ).toBe(true);
    expect(image).toMatchObject({
      name: 'UnusedImage',
      region: 'us-east-1',
      sizeGiB: 8,
      monthlyCostUsd: 0.4,
      lastLaunchedTime: null,
    });
    expect(volume).toMatchObject({ name: 'scratch', region: 'us-east-1', sizeGiB: 20, monthlyCostUsd: 1.6 });
    for (const f of body.findings) {
      expect(f.reason.length).toBeGreaterThan(20);
      expect(f.evidence.length).toBeGreaterThan(0);
    }

    expect(body.totals).toEqual({
      count: 3,
      sizeGiB: sum(body.findings.map((f) => f.sizeGiB)),
      monthlyCostUsd: sum(body.findings.map((f) => f.monthlyCostUsd)),
    });
    expect(body.totals).toEqual({ count: 3, sizeGiB: 36, monthlyCostUsd: 2.4 });
    expect(Object.keys(body.byKind)).toEqual([...FINDING_KINDS]);
    expect(body.byKind['orphan-snapshot']).toEqual({ count: 0, sizeGiB: 0, monthlyCostUsd: 0 });
    expect(body.byKind['snapshot-of-deregistered-image']).toEqual({ count: 1, sizeGiB: 8, monthlyCostUsd: 0.4 });
    expect(body.byKind['unused-image']).toEqual({ count: 1, sizeGiB: 8, monthlyCostUsd: 0.4 });
    expect(body.byKind['unattached-volume']).toEqual({ count: 1, sizeGiB: 20, monthlyCostUsd: 1.6 });
    expect(sum(FINDING_KINDS.map((k) => body.byKind[k].monthlyCostUsd))).toBe(body.totals.monthlyCostUsd);

    expect(body.pricesAsOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(body.costNote).toMatch(/estimate/i);
    expect(body.costNote).toMatch(/full size/);
    expect(body.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(body.errors).toEqual([]);
    expect(Date.parse(body.fetchedAt)).not.toBeNaN();
  });

  it('raises no false alarm on the chain, the eu-west-1 copies, the backup snapshot and its copy', async () => {
    const graph = await lineage();
    const flagged = new Set((await findings()).findings.map((f) => f.resourceId));
    const image = graph.nodes.find(
      (n) => n.kind === 'image' && n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1',
    )!;
    const copy = graph.nodes.find((n) => n.kind === 'image' && n.region === 'eu-west-1')!;
    const backup = byName(graph, 'EBSVolDemo-data-backup');
    const backupCopies = graph.edges.filter((e) => e.kind === 'copied' && e.source === backup.id).map((e) => e.target);
    expect(backupCopies).toHaveLength(1);
    const imageSnapshots = graph.edges
      .filter((e) => e.kind === 'backs' && (e.target === image.id || e.target === copy.id))
      .map((e) => e.source);
    expect(imageSnapshots).toHaveLength(4);
    const quiet = [image.id, copy.id, backup.id, ...backupCopies, ...imageSnapshots];
    for (const id of quiet) expect(flagged.has(id), id).toBe(false);
    // nothing external, nothing in eu-west-1
    const externals = new Set(graph.nodes.filter((n) => n.external).map((n) => n.id));
    expect([...flagged].some((id) => externals.has(id))).toBe(false);
    expect((await findings('/api/findings?region=eu-west-1')).findings).toEqual([]);
  });
});

describe('GET /api/findings with ?region=', () => {
  it('narrows the findings to those regions, judged against every region', async () => {
    const home = await findings('/api/findings?region=us-east-1');
    expect(home.regions).toEqual(['us-east-1']);
    expect(home.findings.map((f) => f.kind)).toEqual([
      'snapshot-of-deregistered-image',
      'unused-image',
      'unattached-volume',
    ]);
    const dr = await findings('/api/findings?region=eu-west-1');
    expect(dr.regions).toEqual(['eu-west-1']);
    expect(dr.findings).toEqual([]);
    expect(dr.totals).toEqual({ count: 0, sizeGiB: 0, monthlyCostUsd: 0 });
  });

  it('does not call the eu-west-1 copies orphans or unused when us-east-1 cannot be read', async () => {
    await addFault(app.emulator.url, {
      region: 'us-east-1',
      action: 'DescribeImages',
      code: 'UnauthorizedOperation',
      status: 403,
    });
    const body = await findings();
    expect(body.regions).toEqual(['eu-west-1']);
    expect(body.errors.map((e) => e.region)).toEqual(['us-east-1']);
    expect(body.findings).toEqual([]);
  });
});

describe('GET /api/findings errors', () => {
  it('refuses a bad region with 400 naming the field', async () => {
    const res = await GET(get('/api/findings?region=mars-1'));
    expect(res.status).toBe(400);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error).toMatchObject({ code: 'ValidationError', field: 'region.0' });
  });

  it('keeps the regions that worked when one fails, and answers 403 when all are refused', async () => {
    await addFault(app.emulator.url, {
      region: 'eu-west-1',
      action: 'DescribeSnapshots',
      code: 'UnauthorizedOperation',
      status: 403,
    });
    const partial = await findings();
    expect(partial.regions).toEqual(['us-east-1']);
    expect(partial.errors.map((e) => [e.region, e.code])).toEqual([['eu-west-1', 'UnauthorizedOperation']]);
    expect(partial.totals.count).toBe(3);
    await app.reset();
    await addFault(app.emulator.url, { action: 'DescribeInstances', code: 'UnauthorizedOperation', status: 403 });
    const res = await GET(get('/api/findings'));
    expect(res.status).toBe(403);
    expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('UnauthorizedOperation');
  });
});

// Last: it changes the emulator's state.
describe('after a cleanup', () => {
  it('drops OldBuild’s snapshot once it is deleted (after a refresh)', async () => {
    const oldSnap = oldBuildSnapshot(await lineage());
    expect((await findings()).totals.count).toBe(3);
    app.emulator.emulator.invoke('us-east-1', 'DeleteSnapshot', { SnapshotId: oldSnap.id });
    expect((await findings()).totals.count).toBe(3); // still cached
    const after = await findings('/api/findings?refresh=1');
    expect(after.findings.map((f) => f.kind)).toEqual(['unused-image', 'unattached-volume']);
    expect(after.findings.some((f) => f.resourceId === oldSnap.id)).toBe(false);
    expect(after.totals).toEqual({ count: 2, sizeGiB: 28, monthlyCostUsd: 2 });
  });
});
