import {
  CreateVolumeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Image,
  type Instance,
  type Snapshot,
  type Volume,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { failure, perTest } from './harness';

const emulator = perTest();

const control = async (url: string, path: string, method = 'POST', body?: unknown) => {
  const res = await fetch(`${url}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

const volumeCount = async (c: EC2Client) => (await c.send(new DescribeVolumesCommand({}))).Volumes!.length;

describe('control plane', () => {
  it('GET /_emulator/health answers 200 with the scenario and account', async () => {
    const { url } = await emulator({ scenario: 'empty' });
    expect(await control(url, 'health', 'GET')).toEqual({
      status: 200,
      json: { status: 'ok', scenario: 'empty', accountId: '123456789012' },
    });
  });

  it('POST /_emulator/reset replays the current scenario', async () => {
    const h = await emulator({ scenario: 'empty' });
    const c = h.client();
    await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    expect(await volumeCount(c)).toBe(1);
    expect(await control(h.url, 'reset')).toEqual({ status: 200, json: { status: 'ok', scenario: 'empty' } });
    expect(await volumeCount(c)).toBe(0);
  });

  it('POST /_emulator/scenario/NAME loads a scenario; an unknown one is 404', async () => {
    const h = await emulator({ scenario: 'empty' });
    const c = h.client();
    expect(await control(h.url, 'scenario/walkthrough')).toEqual({
      status: 200,
      json: { status: 'ok', scenario: 'walkthrough' },
    });
    expect((await control(h.url, 'health', 'GET')).json.scenario).toBe('walkthrough');
    expect(await volumeCount(c)).toBe(5);
    const unknown = await control(h.url, 'scenario/nope');
    expect(unknown.status).toBe(404);
    expect(String(unknown.json.error)).toContain('nope');
    // The unknown scenario changed nothing.
    expect(await volumeCount(c)).toBe(5);
    // Reset now replays the walkthrough.
    await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    await control(h.url, 'reset');
    expect(await volumeCount(c)).toBe(5);
    await control(h.url, 'scenario/empty');
    expect(await volumeCount(c)).toBe(0);
  });

  it('listens on 127.0.0.1 only, on the port it was given (0: a free one)', async () => {
    const h = await emulator();
    expect(h.url).toBe(`http://127.0.0.1:${h.running.port}`);
    expect(h.running.port).toBeGreaterThan(0);
  });

  it('--latency-ms delays every answer', async () => {
    const h = await emulator({ latencyMs: 150 });
    const started = performance.now();
    await h.client().send(new DescribeVolumesCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    const { url } = await emulator();
    expect((await control(url, 'nothing-here')).status).toBe(404);
    expect((await control(url, 'reset', 'GET')).status).toBe(405);
    expect((await fetch(`${url}/other`, { method: 'POST' })).status).toBe(404);
  });

  it('POST /_emulator/faults injects errors by action and region, for count calls; DELETE clears them', async () => {
    const h = await emulator();
    const us = h.client();
    const eu = h.client('eu-west-1');
    const fault = {
      code: 'InternalError',
      message: 'boom',
      status: 500,
      region: 'eu-west-1',
      action: 'DescribeVolumes',
      count: 2,
    };
    expect(await control(h.url, 'faults', 'POST', fault)).toEqual({ status: 200, json: { status: 'ok' } });
    // Other regions and other actions are unaffected.
    await us.send(new DescribeVolumesCommand({}));
    await eu.send(new DescribeImagesCommand({}));
    for (let i = 0; i < 2; i++) {
      expect(await failure(eu.send(new DescribeVolumesCommand({})))).toMatchObject({
        name: 'InternalError',
        status: 500,
        message: 'boom',
      });
    }
    await eu.send(new DescribeVolumesCommand({}));

    // Without count a fault stays until DELETE; without action/region it hits everything.
    await control(h.url, 'faults', 'POST', { code: 'UnauthorizedOperation', status: 403 });
    for (const call of [
      () => us.send(new DescribeVolumesCommand({})),
      () => eu.send(new DescribeInstancesCommand({})),
    ]) {
      expect(await failure(call())).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    }
    expect(await control(h.url, 'faults', 'DELETE')).toEqual({ status: 200, json: { status: 'ok' } });
    await us.send(new DescribeVolumesCommand({}));

    // A fault defaults to HTTP 400.
    await control(h.url, 'faults', 'POST', { code: 'InvalidParameterValue', count: 1 });
    expect(await failure(us.send(new DescribeVolumesCommand({})))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    await us.send(new DescribeVolumesCommand({}));
  });

  it('refuses a malformed fault with 400', async () => {
    const { url } = await emulator();
    for (const body of [
      'not json',
      { message: 'no code' },
      { code: 'X', status: 200 },
      { code: 'X', count: 0 },
      { code: 'X', region: 5 },
    ]) {
      expect((await control(url, 'faults', 'POST', body)).status).toBe(400);
    }
  });
});

describe('scenarios', () => {
  const byName = <T extends { Tags?: { Key?: string; Value?: string }[] }>(items: T[], name: string) =>
    items.filter((i) => i.Tags?.some((t) => t.Key === 'Name' && t.Value === name));

  async function everything(c: EC2Client) {
    const instances: Instance[] = ((await c.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap(
      (r) => r.Instances!,
    );
    const volumes: Volume[] = (await c.send(new DescribeVolumesCommand({}))).Volumes!;
    const snapshots: Snapshot[] = (await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots!;
    const images: Image[] = (await c.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!;
    const amazon: Image[] = (await c.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images!;
    return { instances, volumes, snapshots, images, amazon };
  }

  it('every region has Amazon-owned public base images with public root snapshots, in every scenario', async () => {
    for (const scenario of ['empty', 'walkthrough']) {
      const h = await emulator({ scenario });
      for (const region of ['us-east-1', 'eu-west-1', 'sa-east-1']) {
        const c = h.client(region);
        const { Images } = await c.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
        expect(Images!.length).toBeGreaterThanOrEqual(2);
        for (const image of Images!) {
          expect(image).toMatchObject({ ImageOwnerAlias: 'amazon', Public: true, State: 'available' });
          const root = image.BlockDeviceMappings!.find((m) => m.DeviceName === image.RootDeviceName)!;
          const { Snapshots } = await c.send(new DescribeSnapshotsCommand({ SnapshotIds: [root.Ebs!.SnapshotId!] }));
          expect(Snapshots![0]).toMatchObject({ OwnerAlias: 'amazon', State: 'completed' });
        }
        expect(Images!.some((i) => i.Architecture === 'x86_64' && i.PlatformDetails === 'Linux/UNIX')).toBe(true);
      }
    }
  });

  it('walkthrough: the classic walkthrough, its copies and the cleanup material, all settled', async () => {
    const h = await emulator({ scenario: 'walkthrough', delayMs: 1000 });
    const us = await everything(h.client());
    const eu = await everything(h.client('eu-west-1'));

    // EBSVolDemo: from a base image, 8 GiB root plus a 2 GiB gp3 volume at /dev/sdf.
    const [demo] = byName(us.instances, 'EBSVolDemo');
    expect(byName(us.instances, 'EBSVolDemo')).toHaveLength(1);
    expect(us.amazon.map((i) => i.ImageId)).toContain(demo!.ImageId);
    expect(demo!.State?.Name).toBe('running');
    const devices = Object.fromEntries(demo!.BlockDeviceMappings!.map((m) => [m.DeviceName!, m.Ebs!.VolumeId!]));
    const volume = (id: string | undefined) => us.volumes.find((v) => v.VolumeId === id)!;
    expect(volume(devices['/dev/xvda'])).toMatchObject({ Size: 8, State: 'in-use' });
    expect(volume(devices['/dev/sdf'])).toMatchObject({ Size: 2, VolumeType: 'gp3', SnapshotId: '', State: 'in-use' });

    // ImageFromEBSVolDemo: made from EBSVolDemo, one snapshot of each of its volumes.
    const ami = us.images.find((i) => i.Name === 'ImageFromEBSVolDemo')!;
    expect(ami).toMatchObject({ State: 'available', SourceInstanceId: demo!.InstanceId });
    const amiSnapshots = ami.BlockDeviceMappings!.map((m) =>
      us.snapshots.find((s) => s.SnapshotId === m.Ebs!.SnapshotId)!,
    );
    expect(amiSnapshots.map((s) => s.VolumeId)).toEqual([devices['/dev/xvda'], devices['/dev/sdf']]);
    for (const s of amiSnapshots)
      expect(s.Description).toBe(`Created by CreateImage(${demo!.InstanceId}) for ${ami.ImageId}`);

    // CreatedFromEBSVolDemoAMI: launched from it, its two volumes restored from the AMI's snapshots.
    const [child] = byName(us.instances, 'CreatedFromEBSVolDemoAMI');
    expect(child).toMatchObject({ ImageId: ami.ImageId, State: { Name: 'running' } });
    const restored = child!.BlockDeviceMappings!.map((m) => volume(m.Ebs!.VolumeId));
    expect(restored.map((v) => v.SnapshotId)).toEqual(amiSnapshots.map((s) => s.SnapshotId));
    expect(restored.map((v) => v.Size)).toEqual([8, 2]);

    // The copy in eu-west-1, with two snapshot copies.
    const copy = eu.images.find((i) => i.Name === 'ImageFromEBSVolDemo')!;
    expect(copy).toMatchObject({ State: 'available', SourceImageId: ami.ImageId, SourceImageRegion: 'us-east-1' });
    const copySnapshots = copy.BlockDeviceMappings!.map((m) =>
      eu.snapshots.find((s) => s.SnapshotId === m.Ebs!.SnapshotId)!,
    );
    expect(copySnapshots).toHaveLength(2);
    copySnapshots.forEach((s, i) => {
      expect(s.VolumeId).toBe('vol-ffffffff');
      expect(s.Description).toMatch(
        new RegExp(
          `^Copied for DestinationAmi ${copy.ImageId} from SourceAmi ${ami.ImageId} for SourceSnapshot ${amiSnapshots[i]!.SnapshotId}\\. Task created on [\\d,]+\\.$`,
        ),
      );
    });

    // The 2 GiB volume's backups: two nightly ones, then a named one with its copy in eu-west-1; each a day apart.
    const inAnyAmi = new Set(us.images.flatMap((i) => i.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId)));
    const standalone = us.snapshots
      .filter((s) => s.VolumeId === devices['/dev/sdf'] && !inAnyAmi.has(s.SnapshotId))
      .sort((a, b) => a.StartTime!.getTime() - b.StartTime!.getTime());
    expect(standalone.map((s) => s.Description)).toEqual([
      'Nightly backup of EBSVolDemo data volume',
      'Nightly backup of EBSVolDemo data volume',
      'Backup of EBSVolDemo data volume',
    ]);
    const backup = standalone[2]!;
    const days = [amiSnapshots[1]!, ...standalone].map((s) => s.StartTime!.getTime() / 86_400_000);
    days.slice(1).forEach((day, i) => expect(day - days[i]!).toBeGreaterThan(0.9));
    const drCopies = eu.snapshots.filter((s) =>
      s.Description?.startsWith(`[Copied ${backup.SnapshotId} from us-east-1]`),
    );
    expect(drCopies).toHaveLength(1);
    expect(drCopies[0]).toMatchObject({ VolumeId: 'vol-ffffffff', VolumeSize: 2 });
    expect(eu.snapshots).toHaveLength(3);

    // Cleanup material: OldBuild deregistered with its snapshot left; UnusedImage never launched; scratch.
    expect(us.images.map((i) => i.Name).sort()).toEqual(['ImageFromEBSVolDemo', 'UnusedImage']);
    const orphans = us.snapshots.filter(
      (s) => !inAnyAmi.has(s.SnapshotId) && s.Description?.startsWith('Created by CreateImage('),
    );
    expect(orphans).toHaveLength(1);
    const goneAmi = /for (ami-[0-9a-f]+)$/.exec(orphans[0]!.Description!)![1]!;
    expect((await failure(h.client().send(new DescribeImagesCommand({ ImageIds: [goneAmi] })))).name).toBe(
      'InvalidAMIID.NotFound',
    );
    const unused = us.images.find((i) => i.Name === 'UnusedImage')!;
    expect(unused.State).toBe('available');
    expect(us.instances.filter((i) => i.ImageId === unused.ImageId)).toEqual([]);
    const [scratch] = byName(us.volumes, 'scratch');
    expect(scratch).toMatchObject({ State: 'available', Attachments: [] });

    // All settled: nothing pending anywhere.
    for (const account of [us, eu]) {
      expect(account.instances.filter((i) => i.State?.Name !== 'running')).toEqual([]);
      expect(account.volumes.filter((v) => v.State !== 'in-use' && v.State !== 'available')).toEqual([]);
      expect(account.snapshots.filter((s) => s.State !== 'completed' || s.Progress !== '100%')).toEqual([]);
      expect(account.images.filter((i) => i.State !== 'available')).toEqual([]);
    }
    expect(us.instances).toHaveLength(2);
    expect(us.volumes).toHaveLength(5);
  });

  it('walkthrough plays out with the longest delay the CLI allows, and is settled at once', async () => {
    const h = await emulator({ scenario: 'walkthrough', delayMs: 3_600_000 });
    const us = await everything(h.client());
    expect(us.images.map((i) => [i.Name, i.State]).sort()).toEqual([
      ['ImageFromEBSVolDemo', 'available'],
      ['UnusedImage', 'available'],
    ]);
    expect(us.instances.map((i) => i.State?.Name)).toEqual(['running', 'running']);
    expect(us.snapshots.every((s) => s.State === 'completed')).toBe(true);
    expect((await everything(h.client('eu-west-1'))).snapshots.map((s) => s.State)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
  });

  it('walkthrough plays out the same ids every time', async () => {
    const a = await emulator({ scenario: 'walkthrough' });
    const b = await emulator({ scenario: 'walkthrough' });
    const ids = async (c: EC2Client) => {
      const e = await everything(c);
      return [
        ...e.instances.map((i) => i.InstanceId),
        ...e.volumes.map((v) => v.VolumeId),
        ...e.snapshots.map((s) => s.SnapshotId),
        ...e.images.map((i) => i.ImageId),
      ];
    };
    expect(await ids(a.client())).toEqual(await ids(b.client()));
  });
});
