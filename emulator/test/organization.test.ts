import type * as Ec2 from '@aws-sdk/client-ec2';
import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { userOf } from '../accounts';
import { ManualClock } from '../clock';
import { Emulator } from '../emulator';
import { loadScenario } from '../scenarios';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { SYNTHETIC_REGIONS } from '../scenarios/synthetic';
import { MANAGEMENT_ID, memberId } from '../scenarios/synthetic-org';
import { failure, perTest } from './harness';

/** The multi-account scenarios, read back through the emulator's own actions as each account sees them. */

const emulator = perTest();

const instances = async (c: EC2Client) =>
  ((await c.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
const nameOf = (tags: Ec2.Tag[] | undefined) => tags?.find((t) => t.Key === 'Name')?.Value;

describe('scenario organization', () => {
  it('tooling bakes golden-al2023 v1–v3 from builder instances, shares v2 and v3 with the organization, copies v3', async () => {
    const h = await emulator({ scenario: 'organization' });
    const tooling = h.as(ORG.tooling.accessKey).ec2();
    const { Images } = await tooling.send(new DescribeImagesCommand({ Owners: ['self'] }));
    const golden = Object.fromEntries((Images ?? []).map((i) => [i.Name!, i]));
    expect(Object.keys(golden).sort()).toEqual(['golden-al2023-v1', 'golden-al2023-v2', 'golden-al2023-v3']);
    for (const image of Object.values(golden)) expect(image.SourceInstanceId).toMatch(/^i-/);
    const shared = async (imageId: string) =>
      (await tooling.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' })))
        .LaunchPermissions;
    expect(await shared(golden['golden-al2023-v1']!.ImageId!)).toEqual([]);
    for (const v of ['v2', 'v3']) {
      expect(await shared(golden[`golden-al2023-${v}`]!.ImageId!)).toEqual([
        { OrganizationArn: `arn:aws:organizations::${ORG.management.id}:organization/o-a1b2c3d4e5` },
      ]);
    }
    const v3 = golden['golden-al2023-v3']!;
    const snapshot = v3.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    const storage = await tooling.send(
      new DescribeSnapshotAttributeCommand({ SnapshotId: snapshot, Attribute: 'createVolumePermission' }),
    );
    expect(storage.CreateVolumePermissions).toEqual([{ UserId: ORG.staging.id }]);
    const eu = await h
      .as(ORG.tooling.accessKey)
      .ec2('eu-west-1')
      .send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(eu.Images!.map((i) => [i.Name, i.SourceImageId, i.SourceImageRegion])).toEqual([
      ['golden-al2023-v3', v3.ImageId, 'us-east-1'],
    ]);
    // The builders are gone; the instances that remain run elsewhere.
    expect(await instances(tooling)).toEqual([]);
  });

  it('prod launches from v3 and v2 and restores a volume from a snapshot tooling shared; staging copies v3 privately', async () => {
    const h = await emulator({ scenario: 'organization' });
    const tooling = h.as(ORG.tooling.accessKey).ec2();
    const { Images } = await tooling.send(new DescribeImagesCommand({ Owners: ['self'] }));
    const id = (name: string) => Images!.find((i) => i.Name === name)!.ImageId!;
    const prod = h.as(ORG.prod.accessKey).ec2();
    const launched = (await instances(prod)).map((i) => [nameOf(i.Tags), i.ImageId]);
    expect(launched.sort()).toEqual(
      [
        ['prod-batch', id('golden-al2023-v2')],
        ['prod-web', id('golden-al2023-v3')],
        ['prod-web', id('golden-al2023-v3')],
        ['prod-web', id('golden-al2023-v3')],
      ].sort(),
    );
    const { Volumes } = await prod.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: ['prod-reference-data'] }] }),
    );
    const restored = Volumes![0]!;
    expect(restored.Attachments![0]!.Device).toBe('/dev/sdf');
    const { Snapshots } = await tooling.send(new DescribeSnapshotsCommand({ SnapshotIds: [restored.SnapshotId!] }));
    expect(Snapshots![0]).toMatchObject({ OwnerId: ORG.tooling.id, Description: 'Reference data set' });

    const staging = h.as(ORG.staging.accessKey).ec2();
    const copies = await staging.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(copies.Images!.map((i) => [i.Name, i.OwnerId, i.SourceImageId])).toEqual([
      ['staging-golden-al2023-v3', ORG.staging.id, id('golden-al2023-v3')],
    ]);
    const stagingRuns = (await instances(staging)).map((i) => [nameOf(i.Tags), i.ImageId]);
    expect(stagingRuns).toEqual(
      expect.arrayContaining([
        ['staging-web', id('golden-al2023-v3')],
        ['staging-canary', copies.Images![0]!.ImageId],
      ]),
    );
    const sandbox = (await instances(h.as(ORG.sandbox.accessKey).ec2())).map((i) => i.ImageId);
    expect(sandbox).toEqual([id('golden-al2023-v2'), id('golden-al2023-v2')]);
    // The sandbox cannot be read with LineageReader.
    const denied = h
      .as('test')
      .sts()
      .send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ORG.sandbox.id}:role/LineageReader`, RoleSessionName: 'r1' }),
      );
    expect((await failure(denied)).name).toBe('AccessDenied');
  });
});

describe('scenario synthetic-org:ACCOUNTS:N', () => {
  const NOW = Date.parse('2026-11-21T10:00:00.000Z');

  function seeded(scenario: string): Emulator {
    const em = new Emulator({ clock: new ManualClock(NOW) });
    loadScenario(em, scenario);
    return em;
  }

  /** Every resource an account owns in a region, as DescribeX answers it to that account. */
  function owned(em: Emulator, accountId: string, region: string): number {
    const call = <T>(action: string, input: Record<string, unknown> = {}) =>
      em.invoke(region, action, input, { caller: userOf(accountId) }) as T;
    const reservations = call<Ec2.DescribeInstancesResult>('DescribeInstances').Reservations ?? [];
    return (
      reservations.flatMap((r) => r.Instances ?? []).length +
      (call<Ec2.DescribeVolumesResult>('DescribeVolumes').Volumes ?? []).length +
      (call<Ec2.DescribeSnapshotsResult>('DescribeSnapshots', { OwnerIds: ['self'] }).Snapshots ?? []).length +
      (call<Ec2.DescribeImagesResult>('DescribeImages', { Owners: ['self'] }).Images ?? []).length
    );
  }

  it('holds about N resources in all, spread over the member accounts and four regions; deterministic per seed', () => {
    const em = seeded('synthetic-org:10:3000:4');
    const accounts = em.accounts();
    expect(accounts.map((a) => a.id)).toEqual([MANAGEMENT_ID, ...Array.from({ length: 9 }, (_, i) => memberId(i + 1))]);
    const perAccount = accounts.map((a) => SYNTHETIC_REGIONS.reduce((n, r) => n + owned(em, a.id, r), 0));
    expect(perAccount[0]).toBe(0);
    const total = perAccount.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3000 * 0.9);
    expect(total).toBeLessThanOrEqual(3000 * 1.1);
    for (const n of perAccount.slice(1)) expect(n).toBeGreaterThan(100);
    const again = seeded('synthetic-org:10:3000:4');
    expect(again.accounts().map((a) => SYNTHETIC_REGIONS.reduce((n, r) => n + owned(again, a.id, r), 0))).toEqual(
      perAccount,
    );
  });

  it('builds workloads on the tooling account’s golden image, shared with the organization in every region', () => {
    const em = seeded('synthetic-org:6:1500');
    const tooling = memberId(1);
    for (const region of SYNTHETIC_REGIONS) {
      const call = <T>(accountId: string, action: string, input: Record<string, unknown>) =>
        em.invoke(region, action, input, { caller: userOf(accountId) }) as T;
      const golden = call<Ec2.DescribeImagesResult>(tooling, 'DescribeImages', {
        Owners: ['self'],
        Filters: [{ Name: 'name', Values: ['golden-al2023'] }],
      }).Images!;
      expect(golden, region).toHaveLength(1);
      const goldenId = golden[0]!.ImageId!;
      const users = em
        .accounts()
        .slice(2)
        .filter((a) => {
          const { Reservations } = call<Ec2.DescribeInstancesResult>(a.id, 'DescribeInstances', {});
          const { Images } = call<Ec2.DescribeImagesResult>(a.id, 'DescribeImages', {
            Owners: ['self'],
            Filters: [{ Name: 'source-image-id', Values: [goldenId] }],
          });
          return (
            (Images ?? []).length > 0 ||
            (Reservations ?? []).some((r) => r.Instances!.some((i) => i.ImageId === goldenId))
          );
        });
      if (region === 'us-east-1') expect(users.length, region).toBeGreaterThan(0);
    }
  });

  it('lists its accounts through Organizations, and LineageReader opens every one', async () => {
    const h = await emulator({ scenario: 'synthetic-org:25:500' });
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: h.as('test').organizations() }, {}))
      ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
    expect(ids).toHaveLength(25);
    for (const id of ids) {
      const { Credentials } = await h
        .as('test')
        .sts()
        .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/LineageReader`, RoleSessionName: 'reader' }));
      expect(Credentials?.AccessKeyId).toMatch(/^ASIA/);
    }
  });

  it('refuses fewer than two accounts', async () => {
    const h = await emulator();
    const res = await fetch(`${h.url}/_emulator/scenario/synthetic-org:1:100`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
