import {
  AttachVolumeCommand,
  CopyImageCommand,
  CopySnapshotCommand,
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DeregisterImageCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstanceTypesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorState } from '../state';
import {
  DATA_VOLUME,
  baseImageId,
  deviceVolume,
  failure,
  getImage,
  getInstance,
  getSnapshots,
  getVolumes,
  launch,
  perTest,
} from './harness';

const emulator = perTest();

const HOUR = 3_600_000;

/** The walkthrough's first steps through the SDK: EBSVolDemo, then an AMI of it. */
async function demoFamily(options: Parameters<typeof emulator>[0] = {}) {
  const h = await emulator(options);
  const c = h.client();
  const base = await baseImageId(c);
  const demo = await launch(c, base, {
    BlockDeviceMappings: [DATA_VOLUME],
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'EBSVolDemo' }] }],
  });
  const rootVolume = deviceVolume(demo, '/dev/xvda');
  const dataVolume = deviceVolume(demo, '/dev/sdf');
  h.clock.advance(h.running.emulator.delayMs);
  const { ImageId: imageId } = await c.send(
    new CreateImageCommand({
      InstanceId: demo.InstanceId,
      Name: 'ImageFromEBSVolDemo',
      Description: 'from demo',
      NoReboot: true,
    }),
  );
  if (!imageId) throw new Error('no image id');
  h.clock.advance(h.running.emulator.delayMs);
  const image = await getImage(c, imageId);
  const snapshotIds = (image.BlockDeviceMappings ?? []).map((m) => m.Ebs!.SnapshotId!);
  return { h, c, base, demo, demoId: demo.InstanceId!, rootVolume, dataVolume, imageId, image, snapshotIds };
}

describe('account and region actions', () => {
  it('DescribeRegions lists the enabled regions, all of them with AllRegions, and filters by name', async () => {
    const c = (await emulator()).client();
    const { Regions } = await c.send(new DescribeRegionsCommand({}));
    const names = Regions!.map((r) => r.RegionName);
    expect(names).toContain('us-east-1');
    expect(names).toContain('eu-west-1');
    expect(names).not.toContain('af-south-1');
    expect(Regions!.find((r) => r.RegionName === 'eu-west-1')).toMatchObject({
      Endpoint: 'ec2.eu-west-1.amazonaws.com',
      OptInStatus: 'opt-in-not-required',
    });
    const all = await c.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions!.find((r) => r.RegionName === 'af-south-1')?.OptInStatus).toBe('not-opted-in');
    const one = await c.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] }));
    expect(one.Regions!.map((r) => r.RegionName)).toEqual(['eu-west-1']);
    const filtered = await c.send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['us-*'] }] }));
    expect(filtered.Regions!.map((r) => r.RegionName).sort()).toEqual([
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ]);
  });

  it('DescribeAvailabilityZones answers the zones of the signing region', async () => {
    const h = await emulator();
    const { AvailabilityZones } = await h.client('eu-west-1').send(new DescribeAvailabilityZonesCommand({}));
    expect(AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(AvailabilityZones!.every((z) => z.RegionName === 'eu-west-1' && z.State === 'available')).toBe(true);
    const one = await h.client().send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1b'] }));
    expect(one.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['us-east-1b']);
  });

  it('DescribeInstanceTypes answers a handful of types with their sizes', async () => {
    const c = (await emulator()).client();
    const { InstanceTypes } = await c.send(new DescribeInstanceTypesCommand({}));
    expect(InstanceTypes!.length).toBeGreaterThanOrEqual(3);
    const one = await c.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro'] }));
    expect(one.InstanceTypes).toEqual([
      expect.objectContaining({
        InstanceType: 't3.micro',
        VCpuInfo: { DefaultVCpus: 2 },
        MemoryInfo: { SizeInMiB: 1024 },
        ProcessorInfo: { SupportedArchitectures: ['x86_64'] },
      }),
    ]);
    const arm = await c.send(
      new DescribeInstanceTypesCommand({
        Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }],
      }),
    );
    expect(arm.InstanceTypes!.length).toBeGreaterThan(0);
    expect(arm.InstanceTypes!.every((t) => t.ProcessorInfo?.SupportedArchitectures?.[0] === 'arm64')).toBe(true);
  });
});

describe('instances', () => {
  it('RunInstances launches from a base image with its root volume restored and an added blank volume', async () => {
    const h = await emulator();
    const c = h.client();
    const base = await baseImageId(c);
    const baseImage = await getImage(c, base);
    const baseSnapshot = baseImage.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    const { Instances, ReservationId, OwnerId } = await c.send(
      new RunInstancesCommand({
        ImageId: base,
        InstanceType: 't3.micro',
        MinCount: 2,
        MaxCount: 2,
        BlockDeviceMappings: [DATA_VOLUME],
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] },
          { ResourceType: 'volume', Tags: [{ Key: 'Team', Value: 'blue' }] },
        ],
      }),
    );
    expect(ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(OwnerId).toBe('123456789012');
    expect(Instances).toHaveLength(2);
    const [first] = Instances!;
    expect(first).toMatchObject({
      ImageId: base,
      InstanceType: 't3.micro',
      State: { Code: 0, Name: 'pending' },
      RootDeviceName: '/dev/xvda',
      AmiLaunchIndex: 0,
      Tags: [{ Key: 'Name', Value: 'web' }],
    });
    expect(first!.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(Instances![1]!.AmiLaunchIndex).toBe(1);
    expect(first!.BlockDeviceMappings!.map((m) => [m.DeviceName, m.Ebs?.DeleteOnTermination])).toEqual([
      ['/dev/xvda', true],
      ['/dev/sdf', false],
    ]);
    const [root, data] = await getVolumes(c, [deviceVolume(first!, '/dev/xvda'), deviceVolume(first!, '/dev/sdf')]);
    expect(root).toMatchObject({
      SnapshotId: baseSnapshot,
      Size: 8,
      VolumeType: 'gp3',
      State: 'in-use',
      AvailabilityZone: 'us-east-1a',
    });
    expect(root!.Attachments).toEqual([
      expect.objectContaining({
        InstanceId: first!.InstanceId,
        Device: '/dev/xvda',
        State: 'attached',
        DeleteOnTermination: true,
      }),
    ]);
    expect(data).toMatchObject({ SnapshotId: '', Size: 2, VolumeType: 'gp3', Tags: [{ Key: 'Team', Value: 'blue' }] });
    expect(data!.Attachments![0]).toMatchObject({ Device: '/dev/sdf', DeleteOnTermination: false });
    // Each instance has volumes of its own.
    expect(deviceVolume(Instances![1]!, '/dev/xvda')).not.toBe(root!.VolumeId);
    // The launch shows on the AMI.
    expect((await getImage(c, base)).LastLaunchedTime).toBeDefined();
  });

  it('StopInstances and StartInstances move through stopping → stopped → pending → running', async () => {
    const h = await emulator();
    const c = h.client();
    const i = await launch(c, await baseImageId(c));
    expect((await getInstance(c, i.InstanceId!)).State).toEqual({ Code: 16, Name: 'running' });
    const stop = await c.send(new StopInstancesCommand({ InstanceIds: [i.InstanceId!] }));
    expect(stop.StoppingInstances).toEqual([
      {
        InstanceId: i.InstanceId,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 64, Name: 'stopping' },
      },
    ]);
    expect((await getInstance(c, i.InstanceId!)).State).toEqual({ Code: 80, Name: 'stopped' });
    const start = await c.send(new StartInstancesCommand({ InstanceIds: [i.InstanceId!] }));
    expect(start.StartingInstances).toEqual([
      {
        InstanceId: i.InstanceId,
        PreviousState: { Code: 80, Name: 'stopped' },
        CurrentState: { Code: 0, Name: 'pending' },
      },
    ]);
    expect((await getInstance(c, i.InstanceId!)).State?.Name).toBe('running');
  });

  it('TerminateInstances deletes DeleteOnTermination volumes, detaches the others and keeps AMI and snapshots', async () => {
    const { h, c, demoId, rootVolume, dataVolume, imageId, snapshotIds } = await demoFamily();
    const extra = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    await c.send(new AttachVolumeCommand({ VolumeId: extra.VolumeId, InstanceId: demoId, Device: '/dev/sdh' }));
    const out = await c.send(new TerminateInstancesCommand({ InstanceIds: [demoId] }));
    expect(out.TerminatingInstances).toEqual([
      {
        InstanceId: demoId,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 32, Name: 'shutting-down' },
      },
    ]);
    const terminated = await getInstance(c, demoId);
    expect(terminated.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(terminated.BlockDeviceMappings ?? []).toEqual([]);
    expect((await failure(c.send(new DescribeVolumesCommand({ VolumeIds: [rootVolume] })))).name).toBe(
      'InvalidVolume.NotFound',
    );
    const [data, attached] = await getVolumes(c, [dataVolume, extra.VolumeId!]);
    expect(data).toMatchObject({ State: 'available', Attachments: [] });
    expect(attached).toMatchObject({ State: 'available', Attachments: [] });
    expect((await getImage(c, imageId)).State).toBe('available');
    expect(await getSnapshots(c, snapshotIds)).toHaveLength(2);
    // Terminating again is harmless.
    const again = await c.send(new TerminateInstancesCommand({ InstanceIds: [demoId] }));
    expect(again.TerminatingInstances![0]!.CurrentState?.Name).toBe('terminated');
    // Listed for about an hour, then gone.
    h.clock.advance(HOUR - 60_000);
    expect((await getInstance(c, demoId)).State?.Name).toBe('terminated');
    h.clock.advance(2 * 60_000);
    const { Reservations } = await c.send(new DescribeInstancesCommand({}));
    expect(Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId)).not.toContain(demoId);
    expect((await failure(c.send(new DescribeInstancesCommand({ InstanceIds: [demoId] })))).name).toBe(
      'InvalidInstanceID.NotFound',
    );
  });

  it('refuses state changes an instance cannot make with IncorrectInstanceState', async () => {
    const h = await emulator({ delayMs: 1000 });
    const c = h.client();
    const i = await launch(c, await baseImageId(c));
    const id = i.InstanceId!;
    // Pending: no image yet.
    const pending = await failure(c.send(new CreateImageCommand({ InstanceId: id, Name: 'too-early' })));
    expect(pending).toMatchObject({ name: 'IncorrectInstanceState', status: 400 });
    h.clock.advance(1000);
    await c.send(new StopInstancesCommand({ InstanceIds: [id] }));
    const stopping = await failure(c.send(new StartInstancesCommand({ InstanceIds: [id] })));
    expect(stopping).toMatchObject({ name: 'IncorrectInstanceState', status: 400 });
    h.clock.advance(1000);
    await c.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    h.clock.advance(1000);
    for (const call of [
      () => c.send(new StartInstancesCommand({ InstanceIds: [id] })),
      () => c.send(new StopInstancesCommand({ InstanceIds: [id] })),
      () => c.send(new CreateImageCommand({ InstanceId: id, Name: 'too-late' })),
    ]) {
      expect(await failure(call())).toMatchObject({ name: 'IncorrectInstanceState', status: 400 });
    }
    const vol = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    h.clock.advance(1000);
    expect(
      await failure(c.send(new AttachVolumeCommand({ VolumeId: vol.VolumeId, InstanceId: id, Device: '/dev/sdh' }))),
    ).toMatchObject({ name: 'IncorrectInstanceState', status: 400 });
  });
});

describe('images', () => {
  it('CreateImage takes one snapshot per attached volume and records the instance and the mappings', async () => {
    const { c, demoId, rootVolume, dataVolume, imageId, image, snapshotIds, base } = await demoFamily();
    expect(imageId).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(image).toMatchObject({
      Name: 'ImageFromEBSVolDemo',
      Description: 'from demo',
      OwnerId: '123456789012',
      Public: false,
      RootDeviceName: '/dev/xvda',
      Architecture: 'x86_64',
      SourceInstanceId: demoId,
      SourceImageId: base,
      SourceImageRegion: 'us-east-1',
    });
    expect(image.ImageOwnerAlias).toBeUndefined();
    expect(image.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/xvda',
        Ebs: expect.objectContaining({
          SnapshotId: snapshotIds[0],
          VolumeSize: 8,
          VolumeType: 'gp3',
          DeleteOnTermination: true,
        }),
      },
      {
        DeviceName: '/dev/sdf',
        Ebs: expect.objectContaining({
          SnapshotId: snapshotIds[1],
          VolumeSize: 2,
          VolumeType: 'gp3',
          DeleteOnTermination: false,
        }),
      },
    ]);
    const snapshots = await getSnapshots(c, snapshotIds);
    expect(snapshots.map((s) => [s.VolumeId, s.VolumeSize, s.Description, s.OwnerId])).toEqual([
      [rootVolume, 8, `Created by CreateImage(${demoId}) for ${imageId}`, '123456789012'],
      [dataVolume, 2, `Created by CreateImage(${demoId}) for ${imageId}`, '123456789012'],
    ]);
  });

  it('CreateImage refuses a name already used in the region, but not in another region', async () => {
    const { h, c, demoId } = await demoFamily();
    const dup = await failure(c.send(new CreateImageCommand({ InstanceId: demoId, Name: 'ImageFromEBSVolDemo' })));
    expect(dup).toMatchObject({ name: 'InvalidAMIName.Duplicate', status: 400 });
    expect(dup.message).toContain('ImageFromEBSVolDemo');
    const eu = h.client('eu-west-1');
    const euInstance = await launch(eu, await baseImageId(eu));
    const ok = await eu.send(
      new CreateImageCommand({ InstanceId: euInstance.InstanceId, Name: 'ImageFromEBSVolDemo' }),
    );
    expect(ok.ImageId).toMatch(/^ami-/);
  });

  it('CreateImage snapshots a volume attached after launch too, with its DeleteOnTermination', async () => {
    const { c, demoId } = await demoFamily();
    const { VolumeId } = await c.send(
      new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 5, VolumeType: 'io1', Iops: 100 }),
    );
    await c.send(new AttachVolumeCommand({ VolumeId, InstanceId: demoId, Device: '/dev/sdh' }));
    const { ImageId } = await c.send(new CreateImageCommand({ InstanceId: demoId, Name: 'three-volumes' }));
    const image = await getImage(c, ImageId!);
    expect(
      image.BlockDeviceMappings!.map((m) => [
        m.DeviceName,
        m.Ebs!.VolumeSize,
        m.Ebs!.VolumeType,
        m.Ebs!.DeleteOnTermination,
      ]),
    ).toEqual([
      ['/dev/xvda', 8, 'gp3', true],
      ['/dev/sdf', 2, 'gp3', false],
      ['/dev/sdh', 5, 'io1', false],
    ]);
    const [, , attached] = await getSnapshots(
      c,
      image.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!),
    );
    expect(attached).toMatchObject({ VolumeId, VolumeSize: 5 });
  });

  it('CreateImage works on a stopped instance and leaves out NoDevice mappings', async () => {
    const { c, demoId, rootVolume } = await demoFamily();
    await c.send(new StopInstancesCommand({ InstanceIds: [demoId] }));
    const { ImageId } = await c.send(
      new CreateImageCommand({
        InstanceId: demoId,
        Name: 'root-only',
        BlockDeviceMappings: [{ DeviceName: '/dev/sdf', NoDevice: '' }],
      }),
    );
    const image = await getImage(c, ImageId!);
    expect(image.BlockDeviceMappings!.map((m) => m.DeviceName)).toEqual(['/dev/xvda']);
    const [snap] = await getSnapshots(c, [image.BlockDeviceMappings![0]!.Ebs!.SnapshotId!]);
    expect(snap!.VolumeId).toBe(rootVolume);
  });

  it('RunInstances from a created AMI restores one volume per snapshot, with the recorded defaults, plus added mappings', async () => {
    const { c, imageId, snapshotIds } = await demoFamily();
    const child = await launch(c, imageId, {
      BlockDeviceMappings: [{ DeviceName: '/dev/sdg', Ebs: { VolumeSize: 3 } }],
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'CreatedFromEBSVolDemoAMI' }] }],
    });
    expect(child.ImageId).toBe(imageId);
    const devices = child.BlockDeviceMappings!.map((m) => m.DeviceName);
    expect(devices).toEqual(['/dev/xvda', '/dev/sdf', '/dev/sdg']);
    const [root, data, added] = await getVolumes(
      c,
      devices.map((d) => deviceVolume(child, d!)),
    );
    expect(root).toMatchObject({ SnapshotId: snapshotIds[0], Size: 8, VolumeType: 'gp3' });
    expect(root!.Attachments![0]).toMatchObject({
      InstanceId: child.InstanceId,
      Device: '/dev/xvda',
      DeleteOnTermination: true,
    });
    // The data volume was launched with DeleteOnTermination=false: restored with false again.
    expect(data).toMatchObject({ SnapshotId: snapshotIds[1], Size: 2, VolumeType: 'gp3' });
    expect(data!.Attachments![0]).toMatchObject({
      InstanceId: child.InstanceId,
      Device: '/dev/sdf',
      DeleteOnTermination: false,
    });
    expect(added).toMatchObject({ SnapshotId: '', Size: 3 });
    expect(added!.Attachments![0]!.DeleteOnTermination).toBe(true);
  });

  it("RunInstances mappings override the AMI's (size, DeleteOnTermination) and NoDevice removes one", async () => {
    const { c, imageId, snapshotIds } = await demoFamily();
    const child = await launch(c, imageId, {
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, DeleteOnTermination: false } },
        { DeviceName: '/dev/sdf', NoDevice: '' },
      ],
    });
    expect(child.BlockDeviceMappings!.map((m) => m.DeviceName)).toEqual(['/dev/xvda']);
    const [root] = await getVolumes(c, [deviceVolume(child, '/dev/xvda')]);
    expect(root).toMatchObject({ SnapshotId: snapshotIds[0], Size: 20 });
    expect(root!.Attachments![0]!.DeleteOnTermination).toBe(false);
    const tooSmall = await failure(
      launch(c, imageId, { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 4 } }] }),
    );
    expect(tooSmall).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });

  it('CopyImage copies every snapshot into the destination region and records the source', async () => {
    const { h, c, imageId, snapshotIds } = await demoFamily();
    const eu = h.client('eu-west-1');
    const { ImageId: copyId } = await eu.send(
      new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: imageId, Name: 'ImageFromEBSVolDemo' }),
    );
    expect(copyId).toMatch(/^ami-/);
    expect(copyId).not.toBe(imageId);
    const copy = await getImage(eu, copyId!);
    expect(copy).toMatchObject({
      Name: 'ImageFromEBSVolDemo',
      Description: 'from demo',
      State: 'available',
      SourceImageId: imageId,
      SourceImageRegion: 'us-east-1',
      OwnerId: '123456789012',
    });
    expect(copy.SourceInstanceId).toBeUndefined();
    const copiedSnapshots = copy.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);
    expect(copy.BlockDeviceMappings!.map((m) => [m.DeviceName, m.Ebs!.VolumeSize, m.Ebs!.DeleteOnTermination])).toEqual(
      [
        ['/dev/xvda', 8, true],
        ['/dev/sdf', 2, false],
      ],
    );
    const snaps = await getSnapshots(eu, copiedSnapshots);
    snaps.forEach((s, i) => {
      expect(s.VolumeId).toBe('vol-ffffffff');
      expect(s.Description).toMatch(
        new RegExp(
          `^Copied for DestinationAmi ${copyId} from SourceAmi ${imageId} for SourceSnapshot ${snapshotIds[i]}\\. Task created on \\d{1,3}(,\\d{3})+\\.$`,
        ),
      );
      expect(s.SnapshotId).not.toBe(snapshotIds[i]);
    });
    expect(snaps.map((s) => s.VolumeSize)).toEqual([8, 2]);
    // The copy and its snapshots live only in eu-west-1.
    expect((await failure(c.send(new DescribeImagesCommand({ ImageIds: [copyId!] })))).name).toBe(
      'InvalidAMIID.NotFound',
    );
    expect((await failure(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [copiedSnapshots[0]!] })))).name).toBe(
      'InvalidSnapshot.NotFound',
    );
    // A second copy under the same name in the destination region is a duplicate.
    const dup = await failure(
      eu.send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: imageId, Name: 'ImageFromEBSVolDemo' })),
    );
    expect(dup).toMatchObject({ name: 'InvalidAMIName.Duplicate', status: 400 });
  });

  it('DeregisterImage removes the image and keeps its snapshots unless asked', async () => {
    const { c, imageId, snapshotIds } = await demoFamily();
    const out = await c.send(new DeregisterImageCommand({ ImageId: imageId }));
    expect(out.Return).toBe(true);
    expect((await failure(c.send(new DescribeImagesCommand({ ImageIds: [imageId] })))).name).toBe(
      'InvalidAMIID.NotFound',
    );
    expect(await getSnapshots(c, snapshotIds)).toHaveLength(2);
    // Now unused, the snapshots can be deleted.
    await c.send(new DeleteSnapshotCommand({ SnapshotId: snapshotIds[0] }));
    expect(await getSnapshots(c, [snapshotIds[1]!])).toHaveLength(1);
  });

  it('DeregisterImage with DeleteAssociatedSnapshots deletes its snapshots, skipping one another AMI uses', async () => {
    // EC2 shares a snapshot between AMIs through RegisterImage, which the emulator does not speak: build the
    // family through the API with a state file, register a second AMI on the root snapshot in that file, restart.
    const dir = mkdtempSync(join(tmpdir(), 'emulator-deregister-'));
    try {
      const statePath = join(dir, 'state.json');
      const first = await demoFamily({ statePath });
      await first.h.close();
      const { imageId, snapshotIds, demoId } = first;
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorState;
      const images = saved.accounts[saved.defaultAccountId]!.regions['us-east-1']!.images;
      const otherId = 'ami-0aaaaaaaaaaaaaaa1';
      const original = images[imageId]!;
      images[otherId] = {
        ...original,
        id: otherId,
        seq: saved.counter + 1,
        name: 'SharesRootSnapshot',
        mappings: [original.mappings[0]!],
      };
      saved.counter += 1;
      writeFileSync(statePath, JSON.stringify(saved));

      const h = await emulator({ statePath });
      const c = h.client();
      const out = await c.send(new DeregisterImageCommand({ ImageId: imageId, DeleteAssociatedSnapshots: true }));
      expect(out.Return).toBe(true);
      expect(out.DeleteSnapshotResults).toEqual([
        { SnapshotId: snapshotIds[0], ReturnCode: 'skipped' },
        { SnapshotId: snapshotIds[1], ReturnCode: 'success' },
      ]);
      expect((await failure(c.send(new DescribeImagesCommand({ ImageIds: [imageId] })))).name).toBe(
        'InvalidAMIID.NotFound',
      );
      expect(await getSnapshots(c, [snapshotIds[0]!])).toHaveLength(1);
      expect((await failure(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotIds[1]!] })))).name).toBe(
        'InvalidSnapshot.NotFound',
      );
      // The snapshot is still the other AMI's.
      expect((await getImage(c, otherId)).BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId)).toEqual([snapshotIds[0]]);
      expect((await failure(c.send(new DeleteSnapshotCommand({ SnapshotId: snapshotIds[0] })))).name).toBe(
        'InvalidSnapshot.InUse',
      );
      // Once that AMI goes too, its snapshot is deleted with it.
      const last = await c.send(new DeregisterImageCommand({ ImageId: otherId, DeleteAssociatedSnapshots: true }));
      expect(last.DeleteSnapshotResults).toEqual([{ SnapshotId: snapshotIds[0], ReturnCode: 'success' }]);
      // The instance the AMI came from is untouched.
      expect((await getInstance(c, demoId)).State?.Name).toBe('running');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("DeregisterImage refuses Amazon's images", async () => {
    const h = await emulator();
    const c = h.client();
    const e = await failure(c.send(new DeregisterImageCommand({ ImageId: await baseImageId(c) })));
    expect(e).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
  });
});

describe('snapshots', () => {
  it('CreateSnapshot snapshots a volume with the description and tags given', async () => {
    const { c, dataVolume } = await demoFamily({ delayMs: 1000 });
    const snap = await c.send(
      new CreateSnapshotCommand({
        VolumeId: dataVolume,
        Description: 'Backup of EBSVolDemo data volume',
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: 'backup' }] }],
      }),
    );
    expect(snap).toMatchObject({
      VolumeId: dataVolume,
      VolumeSize: 2,
      State: 'pending',
      Progress: '0%',
      Description: 'Backup of EBSVolDemo data volume',
      OwnerId: '123456789012',
      Tags: [{ Key: 'Name', Value: 'backup' }],
    });
    expect(snap.SnapshotId).toMatch(/^snap-[0-9a-f]{17}$/);
    expect(snap.StartTime).toBeInstanceOf(Date);
  });

  it('CopySnapshot copies into the calling region with the console-style description', async () => {
    const { h, c, dataVolume } = await demoFamily();
    const { SnapshotId: source } = await c.send(
      new CreateSnapshotCommand({ VolumeId: dataVolume, Description: 'backup' }),
    );
    const eu = h.client('eu-west-1');
    const withText = await eu.send(
      new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: source, Description: 'DR copy' }),
    );
    const bare = await eu.send(new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: source }));
    const [a, b] = await getSnapshots(eu, [withText.SnapshotId!, bare.SnapshotId!]);
    expect(a).toMatchObject({
      VolumeId: 'vol-ffffffff',
      VolumeSize: 2,
      Description: `[Copied ${source} from us-east-1] DR copy`,
      State: 'completed',
    });
    expect(b!.Description).toBe(`[Copied ${source} from us-east-1]`);
    expect((await failure(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [withText.SnapshotId!] })))).name).toBe(
      'InvalidSnapshot.NotFound',
    );
  });

  it('DeleteSnapshot deletes an unused snapshot and refuses one an AMI uses with InvalidSnapshot.InUse', async () => {
    const { c, dataVolume, imageId, snapshotIds } = await demoFamily();
    const inUse = await failure(c.send(new DeleteSnapshotCommand({ SnapshotId: snapshotIds[1] })));
    expect(inUse).toMatchObject({ name: 'InvalidSnapshot.InUse', status: 400 });
    expect(inUse.message).toBe(`The snapshot ${snapshotIds[1]} is currently in use by ${imageId}`);
    const { SnapshotId } = await c.send(new CreateSnapshotCommand({ VolumeId: dataVolume }));
    await c.send(new DeleteSnapshotCommand({ SnapshotId }));
    expect((await failure(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [SnapshotId!] })))).name).toBe(
      'InvalidSnapshot.NotFound',
    );
    expect((await failure(c.send(new DeleteSnapshotCommand({ SnapshotId })))).name).toBe('InvalidSnapshot.NotFound');
  });
});

describe('volumes', () => {
  it('CreateVolume makes a blank volume and one restored from a snapshot', async () => {
    const { c, snapshotIds } = await demoFamily();
    const blank = await c.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1b',
        Size: 20,
        VolumeType: 'gp3',
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'scratch' }] }],
      }),
    );
    expect(blank).toMatchObject({
      Size: 20,
      VolumeType: 'gp3',
      AvailabilityZone: 'us-east-1b',
      SnapshotId: '',
      Iops: 3000,
      Throughput: 125,
    });
    expect(blank.VolumeId).toMatch(/^vol-[0-9a-f]{17}$/);
    expect(blank.Tags).toEqual([{ Key: 'Name', Value: 'scratch' }]);
    const restored = await c.send(
      new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: snapshotIds[1] }),
    );
    expect(restored).toMatchObject({ Size: 2, SnapshotId: snapshotIds[1], VolumeType: 'gp2' });
    const [v] = await getVolumes(c, [restored.VolumeId!]);
    expect(v).toMatchObject({ State: 'available', SnapshotId: snapshotIds[1], Attachments: [] });
  });

  it('AttachVolume and DetachVolume change both the volume and the instance', async () => {
    const { c, demoId } = await demoFamily();
    const { VolumeId } = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 5 }));
    const att = await c.send(new AttachVolumeCommand({ VolumeId, InstanceId: demoId, Device: '/dev/sdh' }));
    expect(att).toMatchObject({ VolumeId, InstanceId: demoId, Device: '/dev/sdh' });
    const [v] = await getVolumes(c, [VolumeId!]);
    expect(v).toMatchObject({ State: 'in-use' });
    expect(v!.Attachments).toEqual([
      expect.objectContaining({
        InstanceId: demoId,
        Device: '/dev/sdh',
        State: 'attached',
        DeleteOnTermination: false,
      }),
    ]);
    expect(deviceVolume(await getInstance(c, demoId), '/dev/sdh')).toBe(VolumeId);
    const attached = await c.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [demoId] }] }),
    );
    expect(attached.Volumes!.map((x) => x.VolumeId)).toContain(VolumeId);
    // Already attached.
    expect(
      await failure(c.send(new AttachVolumeCommand({ VolumeId, InstanceId: demoId, Device: '/dev/sdi' }))),
    ).toMatchObject({
      name: 'VolumeInUse',
      status: 400,
    });
    const det = await c.send(new DetachVolumeCommand({ VolumeId }));
    expect(det).toMatchObject({ VolumeId, InstanceId: demoId, Device: '/dev/sdh', State: 'detaching' });
    const [after] = await getVolumes(c, [VolumeId!]);
    expect(after).toMatchObject({ State: 'available', Attachments: [] });
    expect((await getInstance(c, demoId)).BlockDeviceMappings!.map((m) => m.DeviceName)).toEqual([
      '/dev/xvda',
      '/dev/sdf',
    ]);
  });

  it("AttachVolume refuses another zone; DetachVolume refuses a running instance's root volume", async () => {
    const { c, demoId, rootVolume } = await demoFamily();
    const { VolumeId } = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1c', Size: 5 }));
    expect(
      (await failure(c.send(new AttachVolumeCommand({ VolumeId, InstanceId: demoId, Device: '/dev/sdh' })))).name,
    ).toBe('InvalidVolume.ZoneMismatch');
    expect((await failure(c.send(new DetachVolumeCommand({ VolumeId: rootVolume })))).name).toBe(
      'OperationNotPermitted',
    );
  });

  it('DeleteVolume deletes an available volume and refuses an attached one with VolumeInUse', async () => {
    const { c, dataVolume } = await demoFamily();
    const inUse = await failure(c.send(new DeleteVolumeCommand({ VolumeId: dataVolume })));
    expect(inUse).toMatchObject({ name: 'VolumeInUse', status: 400 });
    await c.send(new DetachVolumeCommand({ VolumeId: dataVolume }));
    await c.send(new DeleteVolumeCommand({ VolumeId: dataVolume }));
    expect((await failure(c.send(new DescribeVolumesCommand({ VolumeIds: [dataVolume] })))).name).toBe(
      'InvalidVolume.NotFound',
    );
  });
});

describe('tags', () => {
  it('CreateTags adds and overwrites tags on every kind of resource; DeleteTags removes them', async () => {
    const { c, demoId, dataVolume, imageId, snapshotIds } = await demoFamily();
    const resources = [demoId, dataVolume, imageId, snapshotIds[0]!];
    await c.send(
      new CreateTagsCommand({
        Resources: resources,
        Tags: [
          { Key: 'Env', Value: 'dev' },
          { Key: 'Owner', Value: 'ana' },
        ],
      }),
    );
    await c.send(new CreateTagsCommand({ Resources: resources, Tags: [{ Key: 'Env', Value: 'prod' }] }));
    const tagsOf = async () => {
      const instance = await getInstance(c, demoId);
      const [volume] = await getVolumes(c, [dataVolume]);
      const image = await getImage(c, imageId);
      const [snapshot] = await getSnapshots(c, [snapshotIds[0]!]);
      return [instance.Tags, volume!.Tags, image.Tags, snapshot!.Tags].map((tags) =>
        Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value])),
      );
    };
    const tags = await tagsOf();
    expect(tags[0]).toEqual({ Name: 'EBSVolDemo', Env: 'prod', Owner: 'ana' });
    for (const t of tags.slice(1)) expect(t).toEqual({ Env: 'prod', Owner: 'ana' });
    // A value that does not match keeps the tag; a key alone removes it.
    await c.send(new DeleteTagsCommand({ Resources: resources, Tags: [{ Key: 'Env', Value: 'dev' }] }));
    expect((await tagsOf())[1]).toEqual({ Env: 'prod', Owner: 'ana' });
    await c.send(new DeleteTagsCommand({ Resources: resources, Tags: [{ Key: 'Env' }] }));
    expect((await tagsOf())[1]).toEqual({ Owner: 'ana' });
    await c.send(new DeleteTagsCommand({ Resources: [dataVolume] }));
    expect((await tagsOf())[1]).toEqual({});
  });

  it("CreateTags refuses reserved keys, unknown resources and Amazon's images", async () => {
    const { c, dataVolume, base } = await demoFamily();
    expect(
      await failure(c.send(new CreateTagsCommand({ Resources: [dataVolume], Tags: [{ Key: 'aws:x', Value: '1' }] }))),
    ).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    expect(
      (
        await failure(
          c.send(new CreateTagsCommand({ Resources: ['vol-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })),
        )
      ).name,
    ).toBe('InvalidVolume.NotFound');
    expect(
      (await failure(c.send(new CreateTagsCommand({ Resources: [base], Tags: [{ Key: 'a', Value: 'b' }] })))).status,
    ).toBe(403);
  });
});
