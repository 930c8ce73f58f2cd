import { EBSClient, paginateListSnapshotBlocks } from '@aws-sdk/client-ebs';
import {
  AttachVolumeCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DetachVolumeCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  ModifySnapshotTierCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setChurn } from '@/emulator/blocks';
import { ManualClock } from '@/emulator/clock';
import { type RunningEmulator, startEmulator } from '@/emulator/server';
import { ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import { NDJSON, type SnapshotSizes, SnapshotSizesSchema, SizesStreamLineSchema } from '@/lib/api/snapshot-sizes';
import { FindingsResponseSchema } from '@/lib/api/findings';
import { freedBytes } from '@/lib/lineage/chain-sizes';
import { cleanupSaving } from '@/lib/lineage/chain-view';
import { roundCents, snapshotPricePerGiBMonth } from '@/lib/lineage/prices';
import { embedded } from '../store-backends';
import { addFault, clearFaults, get, pointAppAt } from './harness';

/** GET /api/snapshot-sizes against the emulator, checked against the EBS direct API's raw block lists. */

const DAY = 86_400_000;
const clock = new ManualClock(Date.parse('2026-11-21T10:00:00.000Z'));
let emulator: RunningEmulator;
let ec2: EC2Client;
let ebs: EBSClient;
let GET: typeof import('@/app/api/snapshot-sizes/route').GET;
let measurements: typeof import('@/lib/server/block-measurements');
let sizes: typeof import('@/lib/server/snapshot-sizes');

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scenario: 'walkthrough', delayMs: 0, clock });
  pointAppAt(emulator.url);
  const client = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  ec2 = new EC2Client(client);
  ebs = new EBSClient(client);
  ({ GET } = await import('@/app/api/snapshot-sizes/route'));
  measurements = await import('@/lib/server/block-measurements');
  sizes = await import('@/lib/server/snapshot-sizes');
});

afterAll(async () => {
  ec2.destroy();
  ebs.destroy();
  await emulator.close();
});

afterEach(async () => {
  await clearFaults(emulator.url);
});

async function measure(volumeId: string): Promise<SnapshotSizes> {
  const res = await GET(get(`/api/snapshot-sizes?region=us-east-1&volumeId=${volumeId}`));
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return SnapshotSizesSchema.parse(await res.json());
}

async function dataVolume(): Promise<string> {
  const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
  return Snapshots!.find((s) => s.Description === 'Backup of EBSVolDemo data volume')!.VolumeId!;
}

/** A running instance with a blank 4 GiB volume attached, in the walkthrough's account. */
async function attachedVolume(): Promise<string> {
  const run = await ec2.send(
    new RunInstancesCommand({ ImageId: await baseImage(), InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
  );
  const instance = run.Instances![0]!;
  const { VolumeId } = await ec2.send(
    new CreateVolumeCommand({ AvailabilityZone: instance.Placement!.AvailabilityZone!, Size: 4 }),
  );
  await ec2.send(new AttachVolumeCommand({ VolumeId, InstanceId: instance.InstanceId!, Device: '/dev/sdf' }));
  return VolumeId!;
}

async function baseImage(): Promise<string> {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({}));
  return Reservations!.flatMap((r) => r.Instances!).find((i) => i.Tags?.some((t) => t.Value === 'EBSVolDemo'))!
    .ImageId!;
}

async function snapshotsAfterDays(volumeId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    clock.advance(DAY);
    ids.push((await ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId }))).SnapshotId!);
  }
  return ids;
}

/** Every block version (index and token) the raw block lists show, and the snapshots that hold it. */
async function rawVersions(snapshotIds: string[]) {
  const holders = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const id of snapshotIds) {
    let count = 0;
    for await (const page of paginateListSnapshotBlocks({ client: ebs }, { SnapshotId: id })) {
      for (const b of page.Blocks!) {
        const key = `${b.BlockIndex}:${b.BlockToken}`;
        holders.set(key, [...(holders.get(key) ?? []), id]);
        count++;
      }
    }
    counts.set(id, count);
  }
  return { holders, counts };
}

const BLOCK = 524_288;

describe('GET /api/snapshot-sizes for the walkthrough data volume', () => {
  it('agrees with the SDK’s raw block lists: full, changed and unique sizes, and unique + shared = stored', async () => {
    const volumeId = await dataVolume();
    const body = await measure(volumeId);
    expect(body).toMatchObject({ volumeId, region: 'us-east-1', blockSize: BLOCK });
    const ids = body.snapshots.map((s) => s.snapshotId);
    expect(ids).toHaveLength(4);
    const { holders, counts } = await rawVersions(ids);
    body.snapshots.forEach((s, i) => {
      expect(s.reason).toBeUndefined();
      expect(s.fullBytes).toBe(counts.get(s.snapshotId)! * BLOCK);
      const versions = [...holders].filter(([, held]) => held.includes(s.snapshotId));
      const changed = versions.filter(([, held]) => i === 0 || !held.includes(ids[i - 1]!));
      expect(s.changedBytes).toBe(changed.length * BLOCK);
      expect(s.uniqueBytes).toBe(versions.filter(([, held]) => held.length === 1).length * BLOCK);
    });
    expect(body.storedBytes).toBe(holders.size * BLOCK);
    const unique = body.snapshots.reduce((sum, s) => sum + s.uniqueBytes!, 0);
    const shared = [...holders.values()].filter((held) => held.length > 1).length * BLOCK;
    expect(unique + shared).toBe(body.storedBytes);
    expect(body.spans.reduce((sum, s) => sum + s.bytes, 0)).toBe(body.storedBytes);
    // A few percent changed between backups.
    for (const s of body.snapshots.slice(1)) expect(s.changedBytes! / s.fullBytes!).toBeLessThan(0.1);
  });

  it('streams progress as NDJSON, then the same result', async () => {
    measurements.clearMeasurements();
    const volumeId = await dataVolume();
    const res = await GET(get(`/api/snapshot-sizes?region=us-east-1&volumeId=${volumeId}`, { accept: NDJSON }));
    expect(res.headers.get('content-type')).toBe(NDJSON);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => SizesStreamLineSchema.parse(JSON.parse(l)));
    const progress = lines.flatMap((l) => ('progress' in l ? [l.progress] : []));
    expect(progress[0]).toEqual({ done: 0, total: 4, blocks: 0 });
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4 });
    expect(progress.at(-1)!.blocks).toBeGreaterThan(2000);
    const last = lines.at(-1)!;
    expect('result' in last && last.result.snapshots.map((s) => s.uniqueBytes)).toEqual(
      (await measure(volumeId)).snapshots.map((s) => s.uniqueBytes),
    );
  });
});

describe('a chain of five daily snapshots', () => {
  it('frees only the middle snapshot’s unique blocks when it is deleted', async () => {
    const volumeId = await attachedVolume();
    // A busy volume: a quarter of its data rewritten a day, so each day's changes are partly rewritten the next.
    const record = emulator.emulator.settledRegion('123456789012', 'us-east-1').volumes[volumeId]!;
    setChurn(emulator.emulator, record, { fill: 0.5, dailyChange: 0.25, growth: 0.1 });
    const ids = await snapshotsAfterDays(volumeId, 5);
    const before = await measure(volumeId);
    expect(before.snapshots.map((s) => s.snapshotId)).toEqual(ids);
    const middle = before.snapshots[2]!;
    expect(middle.uniqueBytes).toBeGreaterThan(0);
    expect(middle.uniqueBytes).toBeLessThan(middle.changedBytes!);
    expect(middle.changedBytes).toBeLessThan(middle.fullBytes!);
    expect(freedBytes(ids, before.spans, [middle.snapshotId])).toBe(middle.uniqueBytes);
    expect(freedBytes(ids, before.spans, ids)).toBe(before.storedBytes);

    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: middle.snapshotId }));
    const after = await measure(volumeId);
    expect(after.snapshots.map((s) => s.snapshotId)).toEqual(ids.filter((id) => id !== middle.snapshotId));
    expect(after.storedBytes).toBe(before.storedBytes - middle.uniqueBytes!);
    // Its neighbours' full sizes are what they were; the one after it now holds its changes.
    expect(after.snapshots.map((s) => s.fullBytes)).toEqual(
      before.snapshots.filter((s) => s !== middle).map((s) => s.fullBytes),
    );
  });

  it('gives findings unique sizes once measured, and a clean-up of the chain frees what only the deleted hold', async () => {
    const { GET: findingsGET } = await import('@/app/api/findings/route');
    const { clearInventoryCache } = await import('@/lib/server/inventory');
    const volumeId = await attachedVolume();
    const record = emulator.emulator.settledRegion('123456789012', 'us-east-1').volumes[volumeId]!;
    setChurn(emulator.emulator, record, { fill: 0.5, dailyChange: 0.25, growth: 0.1 });
    const ids = await snapshotsAfterDays(volumeId, 5);
    await ec2.send(new DetachVolumeCommand({ VolumeId: volumeId }));
    await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    const findings = async () => {
      clearInventoryCache();
      const res = await findingsGET(get('/api/findings?region=us-east-1'));
      expect(res.status).toBe(200);
      const body = FindingsResponseSchema.parse(await res.json());
      return { body, chain: body.findings.filter((f) => ids.includes(f.resourceId)) };
    };
    // Not measured yet: orphans of a deleted volume, estimated at their full size.
    const before = await findings();
    expect(before.chain.map((f) => [f.kind, f.sizeBasis, f.sizeGiB])).toEqual(
      ids.map(() => ['orphan-snapshot', 'full', 4]),
    );
    expect(before.body.chains).toEqual([]);

    const sizes = await measure(volumeId);
    const after = await findings();
    expect(after.chain.map((f) => f.sizeBasis)).toEqual(ids.map(() => 'unique'));
    const price = snapshotPricePerGiBMonth('us-east-1');
    for (const f of after.chain) {
      const measured = sizes.snapshots.find((s) => s.snapshotId === f.resourceId)!;
      expect(f.sizeGiB).toBe(Math.round((measured.uniqueBytes! / 2 ** 30) * 100) / 100);
      expect(f.evidence.join('\n')).toMatch(/measured with the EBS direct API in the chain of vol-/);
    }
    expect(after.body.chains.map((c) => c.volumeId)).toEqual([volumeId]);
    // The clean-up total: the middle one alone frees its unique blocks; the whole chain everything it stores.
    const middle = after.chain.find((f) => f.resourceId === ids[2])!;
    const gib = (bytes: number) => bytes / 2 ** 30;
    expect(cleanupSaving([middle], after.body.chains)).toBe(roundCents(gib(sizes.snapshots[2]!.uniqueBytes!) * price));
    expect(cleanupSaving(after.chain, after.body.chains)).toBe(roundCents(gib(sizes.storedBytes) * price));
    expect(cleanupSaving(after.chain, after.body.chains)).toBeGreaterThan(
      after.chain.reduce((sum, f) => sum + f.monthlyCostUsd, 0),
    );
  });

  it('says why instead of a number for an archived snapshot, and measures the rest of the chain without it', async () => {
    const volumeId = await attachedVolume();
    const ids = await snapshotsAfterDays(volumeId, 3);
    await ec2.send(new ModifySnapshotTierCommand({ SnapshotId: ids[1], StorageTier: 'archive' }));
    const body = await measure(volumeId);
    expect(body.snapshots[1]).toMatchObject({ storageTier: 'archive', fullBytes: null, uniqueBytes: null });
    expect(body.snapshots[1]!.reason).toMatchObject({ code: 'archived' });
    expect(body.snapshots[0]!.fullBytes).toBeGreaterThan(0);
    expect(body.snapshots[2]!.changedBytes).toBeGreaterThan(0);
    expect(body.spans.every((s) => s.first !== ids[1] && s.last !== ids[1])).toBe(true);
  });

  it('says the EBS direct API refused when it answers AccessDeniedException', async () => {
    measurements.clearMeasurements();
    const volumeId = await dataVolume();
    await addFault(emulator.url, { code: 'AccessDeniedException', status: 403, service: 'ebs' });
    const body = await measure(volumeId);
    for (const s of body.snapshots) {
      expect(s.fullBytes).toBeNull();
      expect(s.reason).toMatchObject({ code: 'access-denied' });
      expect(s.reason!.message).toMatch(/AccessDeniedException/);
    }
  });
});

describe('measuring: cache, retries, cancellation and failures', () => {
  it('keeps every listing: a chain measured again asks the EBS direct API nothing', async () => {
    const volumeId = await dataVolume();
    const first = await measure(volumeId);
    await addFault(emulator.url, { code: 'InternalServerException', status: 500, service: 'ebs' });
    const again = await measure(volumeId);
    expect({ ...again, measuredAt: '' }).toEqual({ ...first, measuredAt: '' });
  });

  it('keeps listings in the history store: after a restart a chain is measured again without the EBS direct API', async () => {
    const place = await embedded().fresh();
    const history = await import('@/lib/server/history');
    try {
      await history.closeHistoryStore(); // forgets the settings read so far: history was off
      pointAppAt(emulator.url, place.env);
      measurements.clearMeasurements();
      await history.historyStarted(60_000);
      const volumeId = await dataVolume();
      const first = await measure(volumeId);
      // A restart: nothing in memory, the store opened again from its directory.
      await history.closeHistoryStore();
      measurements.clearMeasurements();
      await history.historyStarted(60_000);
      await addFault(emulator.url, { code: 'InternalServerException', status: 500, service: 'ebs' });
      const again = await measure(volumeId);
      expect({ ...again, measuredAt: '' }).toEqual({ ...first, measuredAt: '' });
    } finally {
      await history.closeHistoryStore();
      pointAppAt(emulator.url);
      await place.remove();
    }
  }, 120_000);

  it('rides out throttling through the SDK’s retries', async () => {
    measurements.clearMeasurements();
    await addFault(emulator.url, { code: 'RequestThrottledException', status: 400, service: 'ebs', count: 2 });
    const body = await measure(await dataVolume());
    expect(body.snapshots.every((s) => s.uniqueBytes !== null)).toBe(true);
  });

  it('stops when the request is cancelled, and goes on from the listings already kept', async () => {
    const volumeId = await dataVolume();
    const blocksListed = async (signal?: AbortSignal, onDone?: (done: number) => void) => {
      let blocks = 0;
      const outcome = await sizes.measureSnapshotSizes(
        { region: 'us-east-1', volumeId },
        {
          signal,
          onProgress: (p) => {
            blocks = Math.max(blocks, p.blocks);
            onDone?.(p.done);
          },
        },
      );
      return { outcome, blocks };
    };
    measurements.clearMeasurements();
    const fresh = await blocksListed();
    measurements.clearMeasurements();
    const controller = new AbortController();
    const seen: number[] = [];
    const outcome = await sizes.measureSnapshotSizes(
      { region: 'us-east-1', volumeId },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.done);
          if (p.done === 1) controller.abort(new Error('the browser went away'));
        },
      },
    );
    expect(outcome.ok).toBe(false);
    expect(Math.max(...seen)).toBeLessThan(4);
    const resumed = await blocksListed();
    expect(resumed.outcome.ok).toBe(true);
    // The listing finished before the cancel was kept: fewer blocks are listed than from nothing.
    expect(resumed.blocks).toBeLessThan(fresh.blocks);
  });

  it('assembles the chains already measured from the kept listings alone, for findings', async () => {
    measurements.clearMeasurements();
    const volumeId = await dataVolume();
    const { GET: lineageGET } = await import('@/app/api/lineage/route');
    const graph = LineageResponseSchema.parse(await (await lineageGET(get('/api/lineage?region=us-east-1'))).json());
    const snapshots = graph.nodes.filter((n) => n.kind === 'snapshot');
    expect(snapshots.length).toBeGreaterThan(4);
    expect(await sizes.measuredChains('us-east-1', snapshots)).toEqual([]);
    const measured = await measure(volumeId);
    await addFault(emulator.url, { code: 'InternalServerException', status: 500, service: 'ebs' });
    const chains = await sizes.measuredChains('us-east-1', snapshots);
    expect(chains.map((c) => ({ ...c, measuredAt: '' }))).toEqual([{ ...measured, measuredAt: '' }]);
  });

  it('answers 502 naming the EBS direct API when its endpoint cannot be reached', async () => {
    measurements.clearMeasurements();
    const volumeId = await dataVolume();
    const saved = process.env.AWS_ENDPOINT_URL_EBS;
    process.env.AWS_ENDPOINT_URL_EBS = 'http://127.0.0.1:9';
    try {
      const res = await GET(get(`/api/snapshot-sizes?region=us-east-1&volumeId=${volumeId}`));
      expect(res.status).toBe(502);
      const body = ApiErrorSchema.parse(await res.json());
      expect(body.error).toMatchObject({ code: 'EndpointUnreachable' });
      expect(body.error.message).toMatch(/EBS direct API/);
    } finally {
      process.env.AWS_ENDPOINT_URL_EBS = saved;
    }
  });

  it('answers 400 for a bad query, and an empty chain for a volume without snapshots', async () => {
    for (const query of ['region=nowhere&volumeId=vol-0123456789abcdef0', 'region=us-east-1&volumeId=snap-01234567']) {
      const res = await GET(get(`/api/snapshot-sizes?${query}`));
      expect(res.status).toBe(400);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('ValidationError');
    }
    const missing = await GET(get('/api/snapshot-sizes?region=us-east-1'));
    expect(ApiErrorSchema.parse(await missing.json()).error.field).toBe('volumeId');
    const body = await measure('vol-0123456789abcdef0');
    expect(body).toMatchObject({ snapshots: [], spans: [], storedBytes: 0 });
  });
});
