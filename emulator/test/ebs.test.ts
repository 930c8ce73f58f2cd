import {
  type ChangedBlock,
  type EBSClient,
  ListChangedBlocksCommand,
  ListSnapshotBlocksCommand,
  paginateListChangedBlocks,
  paginateListSnapshotBlocks,
} from '@aws-sdk/client-ebs';
import {
  AttachVolumeCommand,
  CopySnapshotCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  ModifySnapshotAttributeCommand,
  ModifySnapshotTierCommand,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setChurn } from '../blocks';
import { BLOCK_SIZE } from '../blocks/state';
import { ManualClock } from '../clock';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { T0, baseImageId, failure, getInstance, launch, perTest } from './harness';

/** The EBS direct API (ListSnapshotBlocks, ListChangedBlocks) through the real @aws-sdk/client-ebs over HTTP. */

const emulator = perTest();
const DAY = 86_400_000;

/** Every block of a snapshot, index → token, through the SDK's paginator. */
async function blocksOf(ebs: EBSClient, snapshotId: string, pageSize = 1000): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for await (const page of paginateListSnapshotBlocks({ client: ebs, pageSize }, { SnapshotId: snapshotId })) {
    expect(page.BlockSize).toBe(BLOCK_SIZE);
    for (const b of page.Blocks ?? []) {
      expect(out.has(b.BlockIndex!)).toBe(false);
      out.set(b.BlockIndex!, b.BlockToken!);
    }
  }
  return out;
}

async function changesOf(ebs: EBSClient, second: string, first?: string, pageSize = 1000): Promise<ChangedBlock[]> {
  const out: ChangedBlock[] = [];
  const input = { FirstSnapshotId: first, SecondSnapshotId: second };
  for await (const page of paginateListChangedBlocks({ client: ebs, pageSize }, input))
    out.push(...(page.ChangedBlocks ?? []));
  return out;
}

/** What ListChangedBlocks must answer, worked out from two full block lists. */
function expectedChanges(a: Map<number, string>, b: Map<number, string>) {
  const indexes = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  return indexes
    .filter((i) => a.get(i) !== b.get(i))
    .map((i) => ({ BlockIndex: i, FirstBlockToken: a.get(i), SecondBlockToken: b.get(i) }));
}

/** What the SDK saw of a refusal: the error's name, EBS's Reason, the HTTP status and the message. */
async function refusal(call: Promise<unknown>) {
  const seen = await failure(call);
  const reason = await call.then(
    () => undefined,
    (e: unknown) => (e as { Reason?: string }).Reason,
  );
  return { ...seen, reason };
}

const bySnapshotStart = (x: Snapshot, y: Snapshot) => x.StartTime!.getTime() - y.StartTime!.getTime();

async function dataVolumeChain(c: EC2Client): Promise<Snapshot[]> {
  const { Snapshots } = await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
  const backup = Snapshots!.find((s) => s.Description === 'Backup of EBSVolDemo data volume')!;
  return Snapshots!.filter((s) => s.VolumeId === backup.VolumeId).sort(bySnapshotStart);
}

/** A running instance with a blank volume of `sizeGiB` attached at /dev/sdf; `settle` lets pending states pass. */
async function attachedVolume(c: EC2Client, sizeGiB: number, settle: () => void = () => undefined): Promise<string> {
  const instance = await launch(c, await baseImageId(c));
  const { VolumeId } = await c.send(
    new CreateVolumeCommand({ AvailabilityZone: instance.Placement!.AvailabilityZone!, Size: sizeGiB }),
  );
  settle();
  await c.send(new AttachVolumeCommand({ VolumeId, InstanceId: instance.InstanceId!, Device: '/dev/sdf' }));
  return VolumeId!;
}

const snapshot = async (c: EC2Client, volumeId: string) =>
  (await c.send(new CreateSnapshotCommand({ VolumeId: volumeId }))).SnapshotId!;

describe('EBS direct API: the walkthrough data volume', () => {
  it('has a chain of four snapshots whose blocks add up to FullSnapshotSizeInBytes', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const chain = await dataVolumeChain(h.client());
    expect(chain.map((s) => s.Description)).toEqual([
      expect.stringMatching(/^Created by CreateImage/),
      'Nightly backup of EBSVolDemo data volume',
      'Nightly backup of EBSVolDemo data volume',
      'Backup of EBSVolDemo data volume',
    ]);
    const ebs = h.as('test').ebs();
    for (const s of chain) {
      const blocks = await blocksOf(ebs, s.SnapshotId!);
      expect(blocks.size * BLOCK_SIZE).toBe(s.FullSnapshotSizeInBytes);
      expect(blocks.size).toBeGreaterThan(0.5 * 4096); // more than half of the 2 GiB is written
      const indexes = [...blocks.keys()];
      expect(indexes).toEqual([...indexes].sort((x, y) => x - y));
    }
  });

  it('lists the changed blocks between consecutive backups: a few percent, exactly where the tokens differ', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const chain = await dataVolumeChain(h.client());
    const ebs = h.as('test').ebs();
    const lists = await Promise.all(chain.map((s) => blocksOf(ebs, s.SnapshotId!)));
    for (let i = 1; i < chain.length; i++) {
      const changes = await changesOf(ebs, chain[i]!.SnapshotId!, chain[i - 1]!.SnapshotId, 100);
      expect(changes).toEqual(expectedChanges(lists[i - 1]!, lists[i]!));
      const share = changes.length / lists[i]!.size;
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.1);
    }
    // Without a first snapshot: every block of the second, with its token.
    const all = await changesOf(ebs, chain[0]!.SnapshotId!);
    expect(all).toEqual([...lists[0]!].map(([i, t]) => ({ BlockIndex: i, SecondBlockToken: t })));
  });
});

describe('EBS direct API: paging', () => {
  it('reads MaxResults under 100 as 100, refuses more than 10,000, and starts at StartingBlockIndex', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const [first] = await dataVolumeChain(h.client());
    const ebs = h.as('test').ebs();
    const small = await ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: first!.SnapshotId, MaxResults: 10 }));
    expect(small.Blocks).toHaveLength(100);
    expect(small.NextToken).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(small.VolumeSize).toBe(2);
    expect(small.ExpiryTime!.getTime()).toBe(T0 + 7 * DAY);
    const tooMany = await failure(
      ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: first!.SnapshotId, MaxResults: 10_001 })),
    );
    expect(tooMany).toMatchObject({ name: 'ValidationException', status: 400 });

    const blocks = [...(await blocksOf(ebs, first!.SnapshotId!)).keys()];
    const gap = blocks.findIndex((b, i) => i > 0 && b !== blocks[i - 1]! + 1);
    expect(gap).toBeGreaterThan(0); // the data is written in pieces, with gaps between them
    const from = await ebs.send(
      new ListSnapshotBlocksCommand({ SnapshotId: first!.SnapshotId, StartingBlockIndex: blocks[gap - 1]! + 1 }),
    );
    expect(from.Blocks![0]!.BlockIndex).toBe(blocks[gap]);
    // NextToken wins over StartingBlockIndex.
    const next = await ebs.send(
      new ListSnapshotBlocksCommand({
        SnapshotId: first!.SnapshotId,
        NextToken: small.NextToken,
        StartingBlockIndex: 0,
      }),
    );
    expect(next.Blocks![0]!.BlockIndex).toBe(blocks[100]);
  });

  it('refuses a page token of another listing, or one older than an hour', async () => {
    const clock = new ManualClock(T0);
    const h = await emulator({ scenario: 'walkthrough', clock });
    const [first, second] = await dataVolumeChain(h.client());
    const ebs = h.as('test').ebs();
    const page = await ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: first!.SnapshotId, MaxResults: 100 }));
    const other = await failure(
      ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: second!.SnapshotId, NextToken: page.NextToken })),
    );
    expect(other).toMatchObject({ name: 'ValidationException', status: 400 });
    clock.advance(61 * 60_000);
    const expired = await refusal(
      ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: first!.SnapshotId, NextToken: page.NextToken })),
    );
    expect(expired).toMatchObject({ name: 'ValidationException', reason: 'INVALID_PAGE_TOKEN' });
    expect(expired.message).toMatch(/expired/);
  });

  it('pages scarce changes of a terabyte volume as short or empty pages with a NextToken', async () => {
    const clock = new ManualClock(T0);
    const h = await emulator({ clock });
    const c = h.client();
    const volumeId = await attachedVolume(c, 1024);
    const before = await snapshot(c, volumeId);
    clock.advance(3_600_000);
    const after = await snapshot(c, volumeId);
    const ebs = h.as('test').ebs();
    const pages: number[] = [];
    const seen: ChangedBlock[] = [];
    const input = { FirstSnapshotId: before, SecondSnapshotId: after };
    for await (const page of paginateListChangedBlocks({ client: ebs, pageSize: 100 }, input)) {
      pages.push(page.ChangedBlocks!.length);
      seen.push(...page.ChangedBlocks!);
    }
    expect(pages.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(100);
    expect(seen).toEqual(await changesOf(ebs, after, before, 10_000));
  });
});

describe('EBS direct API: lineages', () => {
  it('compares a restored volume’s snapshot with its source, but not snapshots of unrelated volumes', async () => {
    const clock = new ManualClock(T0);
    const h = await emulator({ clock });
    const c = h.client();
    const source = await snapshot(c, await attachedVolume(c, 4));
    const other = await snapshot(c, await attachedVolume(c, 4));
    const instance = await launch(c, await baseImageId(c));
    const { VolumeId: restored } = await c.send(
      new CreateVolumeCommand({ AvailabilityZone: instance.Placement!.AvailabilityZone!, SnapshotId: source }),
    );
    await c.send(new AttachVolumeCommand({ VolumeId: restored, InstanceId: instance.InstanceId!, Device: '/dev/sdf' }));
    clock.advance(DAY);
    const later = await snapshot(c, restored!);
    const ebs = h.as('test').ebs();
    const changes = await changesOf(ebs, later, source);
    const sourceBlocks = await blocksOf(ebs, source);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(sourceBlocks.size * 0.05); // 1% a day, and a little growth
    expect(changes).toEqual(expectedChanges(sourceBlocks, await blocksOf(ebs, later)));

    const unrelated = await refusal(
      ebs.send(new ListChangedBlocksCommand({ FirstSnapshotId: source, SecondSnapshotId: other })),
    );
    expect(unrelated).toMatchObject({ name: 'ValidationException', reason: 'UNRELATED_SNAPSHOTS', status: 400 });
  });

  it('keeps a copy’s blocks in a lineage of its own', async () => {
    const h = await emulator();
    const c = h.client();
    const source = await snapshot(c, await attachedVolume(c, 2));
    const { SnapshotId: copy } = await c.send(
      new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: source }),
    );
    const ebs = h.as('test').ebs();
    const [a, b] = await Promise.all([blocksOf(ebs, source), blocksOf(ebs, copy!)]);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...b.values()].some((t, i) => t === [...a.values()][i])).toBe(false);
    const [described] = (await c.send(new DescribeSnapshotsCommand({ SnapshotIds: [copy!] }))).Snapshots!;
    expect(described!.FullSnapshotSizeInBytes).toBe(a.size * BLOCK_SIZE);
    const refused = await failure(
      ebs.send(new ListChangedBlocksCommand({ FirstSnapshotId: source, SecondSnapshotId: copy })),
    );
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
  });
});

describe('EBS direct API: who may read what', () => {
  it('answers ResourceNotFoundException for a snapshot that is not there, ValidationException for a malformed id', async () => {
    const h = await emulator();
    const ebs = h.as('test').ebs();
    const missing = await refusal(ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: 'snap-0123456789abcdef0' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', reason: 'SNAPSHOT_NOT_FOUND', status: 404 });
    expect(await failure(ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: 'snap-XYZ' })))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
  });

  it('lets an account read a snapshot shared with it by id, and denies one that is not (nor a public one)', async () => {
    const h = await emulator({ scenario: 'organization' });
    const tooling = h.as(ORG.tooling.accessKey);
    const { Snapshots } = await tooling.ec2().send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    const dataset = Snapshots!.find((s) => s.Description === 'Reference data set')!.SnapshotId!;
    const own = await blocksOf(tooling.ebs(), dataset, 10_000);
    expect(own.size * BLOCK_SIZE).toBe(0.8 * 50 * 2 ** 30);
    expect(await blocksOf(h.as(ORG.prod.accessKey).ebs(), dataset, 10_000)).toEqual(own);

    const denied = await refusal(
      h
        .as(ORG.staging.accessKey)
        .ebs()
        .send(new ListSnapshotBlocksCommand({ SnapshotId: dataset })),
    );
    expect(denied).toMatchObject({ name: 'AccessDeniedException', reason: 'UNAUTHORIZED_ACCOUNT', status: 403 });

    await tooling.ec2().send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: dataset,
        CreateVolumePermission: { Add: [{ Group: 'all' }] },
      }),
    );
    expect(
      await failure(
        h
          .as(ORG.staging.accessKey)
          .ebs()
          .send(new ListSnapshotBlocksCommand({ SnapshotId: dataset })),
      ),
    ).toMatchObject({ name: 'AccessDeniedException', status: 403 });
  });

  it('reads only completed snapshots in the standard tier', async () => {
    const clock = new ManualClock(T0);
    const h = await emulator({ clock, delayMs: 60_000 });
    const c = h.client();
    const volumeId = await attachedVolume(c, 2, () => clock.advance(60_000));
    const pending = await snapshot(c, volumeId);
    const ebs = h.as('test').ebs();
    const notYet = await failure(ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: pending })));
    expect(notYet).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(notYet.message).toMatch(/pending/);
    clock.advance(60_000);
    expect((await blocksOf(ebs, pending)).size).toBeGreaterThan(0);

    await c.send(new ModifySnapshotTierCommand({ SnapshotId: pending, StorageTier: 'archive' }));
    const [archived] = (
      await c.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'storage-tier', Values: ['archive'] }] }))
    ).Snapshots!;
    expect(archived).toMatchObject({ SnapshotId: pending, StorageTier: 'archive' });
    const refused = await failure(ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: pending })));
    expect(refused).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(refused.message).toMatch(/archive/);
  });

  it('throttles the list actions at 50 a second per account with --throttle', async () => {
    const clock = new ManualClock(T0);
    const h = await emulator({ scenario: 'walkthrough', clock, throttle: true });
    const [first] = await dataVolumeChain(h.client());
    const ebs = h.as('test').ebs();
    const list = () => ebs.send(new ListSnapshotBlocksCommand({ SnapshotId: first!.SnapshotId, MaxResults: 100 }));
    const answers = await Promise.allSettled(Array.from({ length: 60 }, list));
    const refused = answers.flatMap((a) =>
      a.status === 'rejected' ? [a.reason as { name: string; Reason?: string }] : [],
    );
    expect(answers.length - refused.length).toBe(50);
    expect(refused[0]).toMatchObject({ name: 'RequestThrottledException', Reason: 'ACCOUNT_THROTTLED' });
    clock.advance(1000);
    expect((await list()).Blocks).toHaveLength(100);
  });
});

describe('EBS direct API: blocks in the state', () => {
  it('keeps a terabyte volume with 30 daily snapshots in a few thousand numbers, and reads the same after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-blocks-'));
    const statePath = join(dir, 'state.json');
    try {
      const clock = new ManualClock(T0);
      const h = await emulator({ clock, statePath });
      const c = h.client();
      const volumeId = await attachedVolume(c, 1024);
      const volume = h.running.emulator.settledRegion('123456789012', 'us-east-1').volumes[volumeId]!;
      setChurn(h.running.emulator, volume, { fill: 0.7, dailyChange: 0.01, growth: 0.1 });
      const chain: string[] = [];
      for (let day = 0; day < 30; day++) {
        clock.advance(DAY);
        chain.push(await snapshot(c, volumeId));
      }
      const ebs = h.as('test').ebs();
      const lastChanges = await changesOf(ebs, chain[29]!, chain[28], 10_000);
      const firstSize = (await c.send(new DescribeSnapshotsCommand({ SnapshotIds: [chain[0]!] }))).Snapshots![0]!;
      expect(firstSize.FullSnapshotSizeInBytes! / BLOCK_SIZE / (0.7 * 1024 * 2048)).toBeCloseTo(1, 2);
      expect(lastChanges.length / (firstSize.FullSnapshotSizeInBytes! / BLOCK_SIZE)).toBeCloseTo(0.01, 2);

      // The journal as it stands (no compaction yet): another emulator replays it to the same blocks.
      const journal = readFileSync(statePath, 'utf8');
      const lastLine = journal.trimEnd().split('\n').at(-1)!;
      expect(lastLine.length).toBeLessThan(journal.length / 10);
      const copyPath = join(dir, 'copy.json');
      writeFileSync(copyPath, journal);
      const replayed = await emulator({ clock, statePath: copyPath });
      expect(await changesOf(replayed.as('test').ebs(), chain[29]!, chain[28], 10_000)).toEqual(lastChanges);

      await h.close();
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { blocks: unknown };
      const numbers = JSON.stringify(saved.blocks).split(',').length;
      expect(numbers).toBeLessThan(20_000);
      const again = await emulator({ clock, statePath });
      expect(await changesOf(again.as('test').ebs(), chain[29]!, chain[28], 10_000)).toEqual(lastChanges);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts instances’ root volumes from their image’s snapshot: one lineage, a day’s changes apart', async () => {
    const clock = new ManualClock(T0);
    const h = await emulator({ clock });
    const c = h.client();
    const base = await baseImageId(c);
    const roots = await Promise.all(
      [launch(c, base), launch(c, base)].map(async (launched) => {
        const instance = await getInstance(c, (await launched).InstanceId!);
        return instance.BlockDeviceMappings![0]!.Ebs!.VolumeId!;
      }),
    );
    const [image] = (
      await c.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'owner-alias', Values: ['amazon'] }] }))
    ).Snapshots!.filter((s) => s.VolumeSize === 8);
    clock.advance(DAY);
    const [a, b] = [await snapshot(c, roots[0]!), await snapshot(c, roots[1]!)];
    const ebs = h.as('test').ebs();
    const [blocksA, blocksB] = await Promise.all([blocksOf(ebs, a), blocksOf(ebs, b)]);
    // Each holds the image's blocks and its own day of writes; they differ only where either wrote.
    expect(blocksA.size).toBeGreaterThanOrEqual(image!.FullSnapshotSizeInBytes! / BLOCK_SIZE);
    const changes = await changesOf(ebs, b, a);
    expect(changes).toEqual(expectedChanges(blocksA, blocksB));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThan(0.05 * blocksA.size);
  });
});
