import {
  CopyImageCommand,
  CreateImageCommand,
  CreateSnapshotsCommand,
  CreateVolumeCommand,
  DescribeFastSnapshotRestoresCommand,
  DescribeInstanceAttributeCommand,
  DescribeTagsCommand,
  DescribeVolumesModificationsCommand,
  EnableFastSnapshotRestoresCommand,
  GetImageAncestryCommand,
  ModifyInstanceAttributeCommand,
  ModifyVolumeCommand,
  CreateSnapshotCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { DATA_VOLUME, baseImageId, deviceVolume, failure, getVolumes, launch, perTest } from './harness';

const emulator = perTest();

describe('actions for lineage', () => {
  it('CreateSnapshots takes every volume of an instance at once, without the boot volume when told', async () => {
    const c = (await emulator()).client();
    const instance = await launch(c, await baseImageId(c), {
      BlockDeviceMappings: [DATA_VOLUME],
      TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'team', Value: 'data' }] }],
    });
    const all = await c.send(
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: instance.InstanceId },
        Description: 'crash-consistent',
        CopyTagsFromSource: 'volume',
      }),
    );
    expect(all.Snapshots!.map((s) => s.VolumeId).sort()).toEqual(
      [deviceVolume(instance, '/dev/xvda'), deviceVolume(instance, '/dev/sdf')].sort(),
    );
    expect(new Set(all.Snapshots!.map((s) => s.StartTime!.getTime())).size).toBe(1);
    expect(all.Snapshots![0]!.Tags).toEqual([{ Key: 'team', Value: 'data' }]);
    const data = await c.send(
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: instance.InstanceId, ExcludeBootVolume: true },
      }),
    );
    expect(data.Snapshots!.map((s) => s.VolumeId)).toEqual([deviceVolume(instance, '/dev/sdf')]);
  });

  it('DescribeTags lists the tags of every kind of resource, filtered and paged', async () => {
    const c = (await emulator()).client();
    await launch(c, await baseImageId(c), {
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'web-root' }] },
      ],
    });
    const { Tags } = await c.send(new DescribeTagsCommand({}));
    expect(Tags!.map((t) => [t.ResourceType, t.Value])).toEqual([
      ['instance', 'web'],
      ['volume', 'web-root'],
    ]);
    const volumes = await c.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['volume'] }] }));
    expect(volumes.Tags).toHaveLength(1);
    expect((await failure(c.send(new DescribeTagsCommand({ Filters: [{ Name: 'nope', Values: ['x'] }] })))).code).toBe(
      'InvalidParameterValue',
    );
  });

  it("ModifyInstanceAttribute sets a block device's DeleteOnTermination, which DescribeInstanceAttribute reads back", async () => {
    const c = (await emulator()).client();
    const instance = await launch(c, await baseImageId(c), { BlockDeviceMappings: [DATA_VOLUME] });
    await c.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: instance.InstanceId,
        BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: true } }],
      }),
    );
    const { BlockDeviceMappings } = await c.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instance.InstanceId, Attribute: 'blockDeviceMapping' }),
    );
    expect(BlockDeviceMappings!.find((m) => m.DeviceName === '/dev/sdf')!.Ebs!.DeleteOnTermination).toBe(true);
    const [volume] = await getVolumes(c, [deviceVolume(instance, '/dev/sdf')]);
    expect(volume!.Attachments![0]!.DeleteOnTermination).toBe(true);
    const running = await failure(
      c.send(
        new ModifyInstanceAttributeCommand({ InstanceId: instance.InstanceId, InstanceType: { Value: 'm6i.large' } }),
      ),
    );
    expect(running.code).toBe('IncorrectInstanceState');
    await c.send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    await c.send(
      new ModifyInstanceAttributeCommand({ InstanceId: instance.InstanceId, InstanceType: { Value: 'm6i.large' } }),
    );
    const type = await c.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instance.InstanceId, Attribute: 'instanceType' }),
    );
    expect(type.InstanceType!.Value).toBe('m6i.large');
  });

  it('ModifyVolume grows a volume at once; the modification moves from modifying to completed', async () => {
    const h = await emulator({ delayMs: 1000 });
    const c = h.client();
    const { VolumeId } = await c.send(
      new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4, VolumeType: 'gp2' }),
    );
    const { VolumeModification } = await c.send(new ModifyVolumeCommand({ VolumeId, Size: 8, VolumeType: 'gp3' }));
    expect(VolumeModification).toMatchObject({
      ModificationState: 'modifying',
      OriginalSize: 4,
      TargetSize: 8,
      TargetIops: 3000,
    });
    expect((await failure(c.send(new ModifyVolumeCommand({ VolumeId, Size: 9 })))).code).toBe(
      'IncorrectModificationState',
    );
    h.clock.advance(2000);
    const [volume] = await getVolumes(c, [VolumeId!]);
    expect(volume).toMatchObject({ Size: 8, VolumeType: 'gp3', Iops: 3000, Throughput: 125 });
    const { VolumesModifications } = await c.send(new DescribeVolumesModificationsCommand({ VolumeIds: [VolumeId!] }));
    expect(VolumesModifications![0]!.ModificationState).toBe('completed');
    expect((await failure(c.send(new ModifyVolumeCommand({ VolumeId, Size: 2 })))).code).toBe('InvalidParameterValue');
  });

  it('GetImageAncestry follows a copy of a copy back to the root, across regions', async () => {
    const h = await emulator();
    const east = h.client('us-east-1');
    const base = await baseImageId(east);
    const builder = await launch(east, base);
    const { ImageId: root } = await east.send(new CreateImageCommand({ InstanceId: builder.InstanceId, Name: 'root' }));
    const { ImageId: west } = await h
      .client('eu-west-1')
      .send(new CopyImageCommand({ SourceImageId: root, SourceRegion: 'us-east-1', Name: 'copy' }));
    const { ImageId: north } = await h
      .client('eu-north-1')
      .send(new CopyImageCommand({ SourceImageId: west, SourceRegion: 'eu-west-1', Name: 'copy-of-copy' }));
    const { ImageAncestryEntries } = await h.client('eu-north-1').send(new GetImageAncestryCommand({ ImageId: north }));
    expect(ImageAncestryEntries!.map((e) => [e.ImageId, e.SourceImageRegion])).toEqual([
      [north, 'eu-west-1'],
      [west, 'us-east-1'],
      [root, 'us-east-1'],
      [base, undefined],
    ]);
  });

  it('fast snapshot restore is enabling, then enabled; volumes restored in that zone are fast-restored', async () => {
    const h = await emulator({ delayMs: 1000 });
    const c = h.client();
    const { VolumeId } = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    h.clock.advance(1000);
    const { SnapshotId } = await c.send(new CreateSnapshotCommand({ VolumeId }));
    h.clock.advance(1000);
    const { Successful } = await c.send(
      new EnableFastSnapshotRestoresCommand({ AvailabilityZones: ['us-east-1a'], SourceSnapshotIds: [SnapshotId!] }),
    );
    expect(Successful![0]!.State).toBe('enabling');
    h.clock.advance(2000);
    const { FastSnapshotRestores } = await c.send(
      new DescribeFastSnapshotRestoresCommand({ Filters: [{ Name: 'state', Values: ['enabled'] }] }),
    );
    expect(FastSnapshotRestores!.map((r) => r.SnapshotId)).toEqual([SnapshotId]);
    const restored = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId }));
    const elsewhere = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1b', SnapshotId }));
    const [fast, slow] = await getVolumes(c, [restored.VolumeId!, elsewhere.VolumeId!]);
    expect([fast!.FastRestored, slow!.FastRestored]).toEqual([true, false]);
  });
});
