import { DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionResultSchema } from '@/lib/api/actions';
import { ApiErrorSchema, LineageResponseSchema, type LineageResponse } from '@/lib/api/lineage';
import { addFault, get, walkthroughApp } from './harness';

/**
 * The Recycle Bin through the app against the walkthrough (whose rule keeps deleted backups a week and holds bob's
 * backup of scratch): read in the background, drawn as a restorable ghost, restored through POST /api/actions.
 */

const APP = 'http://127.0.0.1:3000';
const app = walkthroughApp();
let lineageGET: typeof import('@/app/api/lineage/route').GET;
let actions: typeof import('@/app/api/actions/[action]/route');
let clearRecycleBinCache: () => void;
let ec2: EC2Client;

beforeAll(async () => {
  ({ GET: lineageGET } = await import('@/app/api/lineage/route'));
  actions = await import('@/app/api/actions/[action]/route');
  ({ clearRecycleBinCache } = await import('@/lib/server/recycle-bin'));
  ec2 = new EC2Client({
    region: 'us-east-1',
    endpoint: app.emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(() => ec2.destroy());

beforeEach(async () => {
  await fetch(`${app.emulator.url}/_emulator/reset`, { method: 'POST' });
  await app.reset();
  clearRecycleBinCache();
});

/** GET /api/lineage until the Recycle Bins have been read. */
async function lineageWithBins(): Promise<LineageResponse> {
  for (let i = 0; i < 100; i++) {
    const res = await lineageGET(get('/api/lineage'));
    expect(res.status).toBe(200);
    const body = LineageResponseSchema.parse(await res.json());
    if ((body.background.recycleBin ?? 0) === 0) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the Recycle Bins were never read');
}

async function act(action: string, body: unknown) {
  const req = new NextRequest(new URL(`/api/actions/${action}`, APP), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify(body),
  });
  const res = await actions.POST(req, { params: Promise.resolve({ action }) });
  return { status: res.status, json: (await res.json()) as unknown };
}

const binnedSnapshot = (body: LineageResponse) =>
  body.nodes.find((n) => n.kind === 'snapshot' && n.externalReason === 'recycle-bin');

describe('the Recycle Bin in GET /api/lineage', () => {
  it('draws what the bin holds as a restorable ghost on its volume, and answers the rules', async () => {
    const body = await lineageWithBins();
    const ghost = binnedSnapshot(body)!;
    expect(ghost).toMatchObject({ external: true, region: 'us-east-1', accountId: '123456789012' });
    expect(ghost.details).toMatchObject({ description: 'Backup of scratch before clean-up' });
    expect(Date.parse(ghost.recycleBin!.exitsAt)).toBeGreaterThan(Date.now());
    const edge = body.edges.find((e) => e.target === ghost.id)!;
    expect(body.nodes.find((n) => n.id === edge.source)).toMatchObject({ kind: 'volume', name: 'scratch' });
    const home = body.recycleBin!.find((b) => b.region === 'us-east-1')!;
    expect(home.rules).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-zA-Z]{11}$/) as string,
        resourceType: 'snapshot',
        retentionDays: 7,
        resourceTags: [{ key: 'kind', value: 'backup' }],
        description: 'Deleted backups stay a week',
      },
    ]);
    expect(body.recycleBin!.find((b) => b.region === 'eu-west-1')).toMatchObject({ rules: [] });
  });

  it('a region whose rules are refused is a note, not an error: the graph and the bin are still there', async () => {
    await addFault(app.emulator.url, { service: 'rbin', code: 'AccessDeniedException', status: 403 });
    const body = await lineageWithBins();
    expect(body.errors).toEqual([]);
    const home = body.recycleBin!.find((b) => b.region === 'us-east-1')!;
    expect(home.rules).toEqual([]);
    expect(home.unreadable).toContain('AccessDeniedException');
    expect(binnedSnapshot(body)).toBeDefined();
  });
});

describe('restore-snapshot', () => {
  it('dry-runs, restores, and answers the same again once restored; the graph shows it back', async () => {
    const ghost = binnedSnapshot(await lineageWithBins())!;
    const body = { region: 'us-east-1', snapshotId: ghost.id };
    const dry = await act('restore-snapshot', { ...body, dryRun: true });
    expect(dry).toEqual({ status: 200, json: { dryRun: 'allowed' } });
    const first = await act('restore-snapshot', { ...body, idempotencyKey: 'restore-1' });
    expect(first.status).toBe(200);
    expect(ActionResultSchema.parse(first.json)).toEqual({ snapshotId: ghost.id });
    const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [ghost.id] }));
    expect(Snapshots![0]).toMatchObject({
      State: 'completed',
      Tags: expect.arrayContaining([{ Key: 'kind', Value: 'backup' }]) as unknown,
    });
    // Another click (another key) after it is back: nothing to restore, and that is success.
    expect((await act('restore-snapshot', { ...body, idempotencyKey: 'restore-2' })).status).toBe(200);
    const after = await lineageWithBins();
    expect(after.nodes.find((n) => n.id === ghost.id)).toMatchObject({ external: false, state: 'completed' });
  });

  it('a snapshot that is in no bin is 404 with EC2’s code; a bad body is 400', async () => {
    const missing = await act('restore-snapshot', { region: 'us-east-1', snapshotId: 'snap-0123456789abcdef0' });
    expect(missing.status).toBe(404);
    expect(ApiErrorSchema.parse(missing.json).error.code).toBe('InvalidSnapshot.NotFound');
    const bad = await act('restore-snapshot', { region: 'us-east-1', snapshotId: 'vol-1' });
    expect(bad.status).toBe(400);
  });
});
