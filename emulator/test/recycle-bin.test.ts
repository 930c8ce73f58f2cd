import {
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  ListImagesInRecycleBinCommand,
  ListSnapshotsInRecycleBinCommand,
  RestoreImageFromRecycleBinCommand,
  RestoreSnapshotFromRecycleBinCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateRuleCommand,
  DeleteRuleCommand,
  GetRuleCommand,
  ListRulesCommand,
  UpdateRuleCommand,
} from '@aws-sdk/client-rbin';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { type Harness, T0, baseImageId, failure, launch, perTest } from './harness';

const emulator = perTest();
const DAY = 86_400_000;

const days = (n: number) => ({ RetentionPeriodValue: n, RetentionPeriodUnit: 'DAYS' as const });

async function snapshot(h: Harness, tags: Record<string, string> = {}): Promise<string> {
  const c = h.client();
  const volume = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4 }));
  const { SnapshotId } = await c.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId, Description: 'nightly' }));
  const entries = Object.entries(tags);
  if (entries.length > 0)
    await c.send(
      new CreateTagsCommand({ Resources: [SnapshotId!], Tags: entries.map(([Key, Value]) => ({ Key, Value })) }),
    );
  return SnapshotId!;
}

describe('Recycle Bin rules (rbin service)', () => {
  it('creates, gets, lists, updates and deletes rules per region and resource type', async () => {
    const h = await emulator();
    const rbin = h.as('test').rbin();
    const made = await rbin.send(
      new CreateRuleCommand({
        ResourceType: 'EBS_SNAPSHOT',
        RetentionPeriod: days(7),
        Description: 'backups',
        ResourceTags: [{ ResourceTagKey: 'kind', ResourceTagValue: 'backup' }],
        Tags: [{ Key: 'team', Value: 'ops' }],
      }),
    );
    expect(made.Identifier).toMatch(/^[0-9a-zA-Z]{11}$/);
    expect(made).toMatchObject({ Status: 'available', RetentionPeriod: days(7), LockState: 'unlocked' });
    expect(made.RuleArn).toBe(`arn:aws:rbin:us-east-1:123456789012:rule/${made.Identifier}`);
    await rbin.send(new CreateRuleCommand({ ResourceType: 'EC2_IMAGE', RetentionPeriod: days(30) }));
    const got = await rbin.send(new GetRuleCommand({ Identifier: made.Identifier }));
    expect(got).toMatchObject({
      ResourceType: 'EBS_SNAPSHOT',
      Description: 'backups',
      ResourceTags: [{ ResourceTagKey: 'kind', ResourceTagValue: 'backup' }],
    });
    const snapshots = await rbin.send(new ListRulesCommand({ ResourceType: 'EBS_SNAPSHOT' }));
    expect(snapshots.Rules!.map((r) => r.Identifier)).toEqual([made.Identifier]);
    const tagged = await rbin.send(
      new ListRulesCommand({
        ResourceType: 'EBS_SNAPSHOT',
        ResourceTags: [{ ResourceTagKey: 'kind', ResourceTagValue: 'other' }],
      }),
    );
    expect(tagged.Rules).toEqual([]);
    // Another region has its own rules.
    expect(
      (
        await h
          .as('test')
          .rbin('eu-west-1')
          .send(new ListRulesCommand({ ResourceType: 'EC2_IMAGE' }))
      ).Rules,
    ).toEqual([]);
    const updated = await rbin.send(new UpdateRuleCommand({ Identifier: made.Identifier, RetentionPeriod: days(14) }));
    expect(updated.RetentionPeriod).toEqual(days(14));
    await rbin.send(new DeleteRuleCommand({ Identifier: made.Identifier }));
    const gone = await failure(rbin.send(new GetRuleCommand({ Identifier: made.Identifier })));
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('refuses bad rules with ValidationException', async () => {
    const rbin = (await emulator()).as('test').rbin();
    const tooLong = await failure(
      rbin.send(new CreateRuleCommand({ ResourceType: 'EBS_SNAPSHOT', RetentionPeriod: days(4000) })),
    );
    expect(tooLong).toMatchObject({ name: 'ValidationException', status: 400 });
    const kind = await failure(
      rbin.send(new CreateRuleCommand({ ResourceType: 'VOLUME' as 'EBS_SNAPSHOT', RetentionPeriod: days(1) })),
    );
    expect(kind.name).toBe('ValidationException');
    const locked = await failure(
      rbin.send(
        new CreateRuleCommand({
          ResourceType: 'EBS_SNAPSHOT',
          RetentionPeriod: days(1),
          LockConfiguration: { UnlockDelay: { UnlockDelayValue: 7, UnlockDelayUnit: 'DAYS' } },
        }),
      ),
    );
    expect(locked.message).toContain('LockConfiguration');
    expect((await failure(rbin.send(new ListRulesCommand({} as never)))).name).toBe('ValidationException');
  });
});

describe('the Recycle Bin in EC2', () => {
  it('a deleted snapshot a rule keeps is listed in the bin, restored as it was, and gone after its retention', async () => {
    const h = await emulator();
    const c = h.client();
    await h
      .as('test')
      .rbin()
      .send(
        new CreateRuleCommand({
          ResourceType: 'EBS_SNAPSHOT',
          RetentionPeriod: days(7),
          ResourceTags: [{ ResourceTagKey: 'kind', ResourceTagValue: 'backup' }],
        }),
      );
    const kept = await snapshot(h, { kind: 'backup' });
    const lost = await snapshot(h, { kind: 'scratch' });
    await c.send(new DeleteSnapshotCommand({ SnapshotId: kept }));
    await c.send(new DeleteSnapshotCommand({ SnapshotId: lost }));
    expect((await failure(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [kept] })))).name).toBe(
      'InvalidSnapshot.NotFound',
    );
    const { Snapshots } = await c.send(new ListSnapshotsInRecycleBinCommand({}));
    expect(Snapshots).toEqual([
      {
        SnapshotId: kept,
        Description: 'nightly',
        VolumeId: expect.stringMatching(/^vol-/) as string,
        RecycleBinEnterTime: new Date(T0),
        RecycleBinExitTime: new Date(T0 + 7 * DAY),
      },
    ]);
    const dry = await failure(c.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: kept, DryRun: true })));
    expect(dry.name).toBe('DryRunOperation');
    const restored = await c.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: kept }));
    expect(restored).toMatchObject({ SnapshotId: kept, State: 'completed', VolumeSize: 4, Description: 'nightly' });
    const back = await c.send(new DescribeSnapshotsCommand({ SnapshotIds: [kept] }));
    expect(back.Snapshots![0]!.Tags).toEqual([{ Key: 'kind', Value: 'backup' }]);
    expect((await c.send(new ListSnapshotsInRecycleBinCommand({}))).Snapshots).toEqual([]);
    const again = await failure(c.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: kept })));
    expect(again.name).toBe('InvalidSnapshot.NotFound');
    // Deleted again: in the bin until its retention ends, then gone for good.
    await c.send(new DeleteSnapshotCommand({ SnapshotId: kept }));
    h.clock.advance(7 * DAY);
    expect((await c.send(new ListSnapshotsInRecycleBinCommand({}))).Snapshots).toEqual([]);
    expect((await failure(c.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: kept })))).name).toBe(
      'InvalidSnapshot.NotFound',
    );
  });

  it('a deregistered image comes back once its snapshots are back', async () => {
    const h = await emulator();
    const c = h.client();
    const rbin = h.as('test').rbin();
    await rbin.send(new CreateRuleCommand({ ResourceType: 'EC2_IMAGE', RetentionPeriod: days(10) }));
    await rbin.send(new CreateRuleCommand({ ResourceType: 'EBS_SNAPSHOT', RetentionPeriod: days(3) }));
    await rbin.send(new CreateRuleCommand({ ResourceType: 'EBS_SNAPSHOT', RetentionPeriod: days(5) }));
    const instance = await launch(c, await baseImageId(c));
    const { ImageId } = await c.send(new CreateImageCommand({ InstanceId: instance.InstanceId, Name: 'release-3' }));
    const { Images } = await c.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }));
    const snapshotId = Images![0]!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    const result = await c.send(new DeregisterImageCommand({ ImageId, DeleteAssociatedSnapshots: true }));
    expect(result.DeleteSnapshotResults).toEqual([{ SnapshotId: snapshotId, ReturnCode: 'success' }]);
    const binned = await c.send(new ListImagesInRecycleBinCommand({ ImageIds: [ImageId!] }));
    expect(binned.Images).toEqual([
      {
        ImageId,
        Name: 'release-3',
        RecycleBinEnterTime: new Date(T0),
        RecycleBinExitTime: new Date(T0 + 10 * DAY),
      },
    ]);
    // The longest retention of the matching rules wins.
    const { Snapshots } = await c.send(new ListSnapshotsInRecycleBinCommand({ SnapshotIds: [snapshotId] }));
    expect(Snapshots![0]!.RecycleBinExitTime).toEqual(new Date(T0 + 5 * DAY));
    const early = await failure(c.send(new RestoreImageFromRecycleBinCommand({ ImageId })));
    expect(early.name).toBe('IncorrectState');
    expect(early.message).toContain(snapshotId);
    await c.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: snapshotId }));
    expect((await c.send(new RestoreImageFromRecycleBinCommand({ ImageId }))).Return).toBe(true);
    const image = await c.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }));
    expect(image.Images![0]).toMatchObject({ State: 'available', Name: 'release-3' });
    const none = await failure(c.send(new RestoreImageFromRecycleBinCommand({ ImageId })));
    expect(none.name).toBe('InvalidAMIID.NotFound');
  });

  it('without a rule, deleting is for good; malformed ids are refused', async () => {
    const h = await emulator();
    const c = h.client();
    const id = await snapshot(h);
    await c.send(new DeleteSnapshotCommand({ SnapshotId: id }));
    expect((await c.send(new ListSnapshotsInRecycleBinCommand({}))).Snapshots).toEqual([]);
    const malformed = await failure(c.send(new ListSnapshotsInRecycleBinCommand({ SnapshotIds: ['snap-x'] })));
    expect(malformed.name).toBe('InvalidSnapshotID.Malformed');
  });

  it('the walkthrough keeps deleted backups a week and holds bob’s backup of scratch', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const { Rules } = await h
      .as('test')
      .rbin()
      .send(new ListRulesCommand({ ResourceType: 'EBS_SNAPSHOT' }));
    expect(Rules!.map((r) => [r.Description, r.RetentionPeriod])).toEqual([['Deleted backups stay a week', days(7)]]);
    const { Snapshots } = await h.client().send(new ListSnapshotsInRecycleBinCommand({}));
    expect(Snapshots!.map((s) => s.Description)).toEqual(['Backup of scratch before clean-up']);
    expect(Snapshots![0]!.RecycleBinExitTime!.getTime()).toBeGreaterThan(T0);
  });
});

describe('the Recycle Bin in the state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbin-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('journals rules and what the bin holds, and a restarted emulator still has them', async () => {
    const statePath = join(dir, 'state.json');
    const clock = new ManualClock(T0);
    const first = await emulator({ statePath, clock });
    await first
      .as('test')
      .rbin()
      .send(new CreateRuleCommand({ ResourceType: 'EBS_SNAPSHOT', RetentionPeriod: days(2) }));
    const id = await snapshot(first);
    await first.client().send(new DeleteSnapshotCommand({ SnapshotId: id }));
    // Appended as changes, before any compaction.
    const journal = readFileSync(statePath, 'utf8').trim().split('\n').slice(1).join('\n');
    expect(journal).toContain('binnedSnapshots');
    expect(journal).toContain('rbinRules');
    await first.close();
    const second = await emulator({ statePath, clock });
    const { Snapshots } = await second.client().send(new ListSnapshotsInRecycleBinCommand({}));
    expect(Snapshots!.map((s) => s.SnapshotId)).toEqual([id]);
    const { Rules } = await second
      .as('test')
      .rbin()
      .send(new ListRulesCommand({ ResourceType: 'EBS_SNAPSHOT' }));
    expect(Rules).toHaveLength(1);
    await second.client().send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: id }));
    expect((await second.client().send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }))).Snapshots).toHaveLength(1);
  });
});
