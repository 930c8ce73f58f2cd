import {
  AttachVolumeCommand,
  CopySnapshotCommand,
  CreateKeyPairCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteKeyPairCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstanceTypesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  ImportKeyPairCommand,
  ModifyEbsDefaultKmsKeyIdCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  RegisterImageCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type InstanceTypeInfo,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { baseImageId, deviceVolume, failure, getImage, getSnapshots, getVolumes, launch, perTest } from './harness';

const emulator = perTest();

const KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):123456789012:key\/[0-9a-f-]{36}$/;

describe("the project's own checks", () => {
  it('the same ClientToken with another instance type is IdempotentParameterMismatch, even an invalid type', async () => {
    const c = (await emulator()).client();
    const base = await baseImageId(c);
    const first = await launch(c, base, { ClientToken: 'launch-1' });
    const again = await launch(c, base, { ClientToken: 'launch-1' });
    expect(again.InstanceId).toBe(first.InstanceId);
    for (const InstanceType of ['m5.large', 'no-such.type'] as const) {
      const e = await failure(launch(c, base, { ClientToken: 'launch-1', InstanceType: InstanceType as 'm5.large' }));
      expect(e.code).toBe('IdempotentParameterMismatch');
    }
    const volume = await failure(
      c
        .send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, ClientToken: 'v' }))
        .then(() => c.send(new CreateVolumeCommand({ AvailabilityZone: 'nowhere', Size: 1, ClientToken: 'v' }))),
    );
    expect(volume.code).toBe('IdempotentParameterMismatch');
  });

  it('every instance type of the SDK launches: t2.micro and m6i.large; arm64 types need an arm64 image', async () => {
    const c = (await emulator()).client();
    const base = await baseImageId(c);
    for (const InstanceType of ['t2.micro', 'm6i.large', 't1.micro', 'c6i.large', 'm5.xlarge'] as const) {
      const instance = await launch(c, base, { InstanceType });
      expect(instance.InstanceType).toBe(InstanceType);
    }
    const arm = await failure(launch(c, base, { InstanceType: 'c7g.large' }));
    expect(arm.code).toBe('InvalidParameterValue');
    const { InstanceTypes } = await c.send(
      new DescribeInstanceTypesCommand({
        InstanceTypes: ['t2.micro', 'm6i.large', 'c7g.2xlarge', 'mac2.metal', 'r7i.4xlarge'],
      }),
    );
    const info: Record<string, InstanceTypeInfo> = Object.fromEntries(InstanceTypes!.map((t) => [t.InstanceType, t]));
    expect(info['t2.micro']).toMatchObject({ VCpuInfo: { DefaultVCpus: 1 }, MemoryInfo: { SizeInMiB: 1024 } });
    expect(info['m6i.large']).toMatchObject({ VCpuInfo: { DefaultVCpus: 2 }, MemoryInfo: { SizeInMiB: 8192 } });
    expect(info['c7g.2xlarge']).toMatchObject({
      VCpuInfo: { DefaultVCpus: 8 },
      MemoryInfo: { SizeInMiB: 16384 },
      ProcessorInfo: { SupportedArchitectures: ['arm64'] },
    });
    expect(info['mac2.metal']!.ProcessorInfo!.SupportedArchitectures).toEqual(['arm64_mac']);
    expect(info['r7i.4xlarge']).toMatchObject({ VCpuInfo: { DefaultVCpus: 16 }, MemoryInfo: { SizeInMiB: 131072 } });
    const page = await c.send(new DescribeInstanceTypesCommand({ MaxResults: 5 }));
    expect(page.InstanceTypes).toHaveLength(5);
    expect(page.NextToken).toBeDefined();
  });

  it('DescribeImages by the id of a deregistered AMI an instance still uses answers an empty list', async () => {
    const h = await emulator();
    const c = h.client();
    const base = await baseImageId(c);
    const builder = await launch(c, base);
    const { ImageId } = await c.send(
      new (await import('@aws-sdk/client-ec2')).CreateImageCommand({
        InstanceId: builder.InstanceId,
        Name: 'gone-soon',
      }),
    );
    await launch(c, ImageId!);
    await c.send(new DeregisterImageCommand({ ImageId }));
    const { Images } = await c.send(new DescribeImagesCommand({ ImageIds: [ImageId!, base] }));
    expect(Images!.map((i) => i.ImageId)).toEqual([base]);
    // An id no instance uses is still NotFound.
    expect((await failure(c.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })))).code).toBe(
      'InvalidAMIID.NotFound',
    );
  });

  it("an encrypted volume's snapshot, its cross-region copy with a destination key and the AMI made from it are encrypted with the right keys", async () => {
    const h = await emulator();
    const east = h.client('us-east-1');
    const west = h.client('eu-west-1');
    const { VolumeId } = await east.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1a',
        Size: 4,
        Encrypted: true,
        KmsKeyId: 'alias/lineage-data',
      }),
    );
    const [volume] = await getVolumes(east, [VolumeId!]);
    expect(volume).toMatchObject({ Encrypted: true, KmsKeyId: expect.stringMatching(KEY_ARN) });
    const { SnapshotId } = await east.send(new CreateSnapshotCommand({ VolumeId }));
    const [snapshot] = await getSnapshots(east, [SnapshotId!]);
    expect(snapshot).toMatchObject({ Encrypted: true, KmsKeyId: volume!.KmsKeyId });

    const { KmsKeyId: westDefault } = await west.send(new GetEbsDefaultKmsKeyIdCommand({}));
    expect(westDefault).toBe('arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs');
    const copied = await west.send(
      new CopySnapshotCommand({
        SourceRegion: 'us-east-1',
        SourceSnapshotId: SnapshotId,
        Encrypted: true,
        KmsKeyId: 'alias/lineage-data',
      }),
    );
    const [copy] = await getSnapshots(west, [copied.SnapshotId!]);
    expect(copy!.Encrypted).toBe(true);
    expect(copy!.KmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:/);
    expect(copy!.KmsKeyId).not.toBe(snapshot!.KmsKeyId);
    // Without a key, a copy of an encrypted snapshot takes the destination's default key.
    const plain = await west.send(new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: SnapshotId }));
    const [defaultCopy] = await getSnapshots(west, [plain.SnapshotId!]);
    expect(defaultCopy!.KmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:/);
    expect(defaultCopy!.KmsKeyId).not.toBe(copy!.KmsKeyId);

    const { ImageId } = await west.send(
      new RegisterImageCommand({
        Name: 'from-copy',
        RootDeviceName: '/dev/xvda',
        Architecture: 'x86_64',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: copied.SnapshotId, VolumeType: 'gp3' } }],
      }),
    );
    const image = await getImage(west, ImageId!);
    expect(image.BlockDeviceMappings![0]!.Ebs).toMatchObject({
      Encrypted: true,
      KmsKeyId: copy!.KmsKeyId,
      SnapshotId: copied.SnapshotId,
    });
    const instance = await launch(west, ImageId!);
    const [root] = await getVolumes(west, [deviceVolume(instance, '/dev/xvda')]);
    expect(root).toMatchObject({ Encrypted: true, KmsKeyId: copy!.KmsKeyId, Iops: 3000, Throughput: 125 });
  });
});

describe('encryption', () => {
  it('KmsKeyId without Encrypted is InvalidParameterDependency; an unknown key is refused', async () => {
    const c = (await emulator()).client();
    const dependency = await failure(
      c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, KmsKeyId: 'alias/lineage-data' })),
    );
    expect(dependency.code).toBe('InvalidParameterDependency');
    const unknown = await failure(
      c.send(
        new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, Encrypted: true, KmsKeyId: 'alias/nope' }),
      ),
    );
    expect(unknown.code).toBe('InvalidParameterValue');
  });

  it('encryption by default encrypts new volumes with the default key, which may be changed', async () => {
    const c = (await emulator()).client();
    expect((await c.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
    await c.send(new EnableEbsEncryptionByDefaultCommand({}));
    expect((await c.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    const { VolumeId } = await c.send(
      new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, Encrypted: false }),
    );
    const [v] = await getVolumes(c, [VolumeId!]);
    expect(v).toMatchObject({ Encrypted: true, KmsKeyId: expect.stringMatching(KEY_ARN) });
    const { KmsKeyId } = await c.send(new ModifyEbsDefaultKmsKeyIdCommand({ KmsKeyId: 'alias/lineage-data' }));
    expect(KmsKeyId).toBe('arn:aws:kms:us-east-1:123456789012:alias/lineage-data');
    const second = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    const [w] = await getVolumes(c, [second.VolumeId!]);
    expect(w!.KmsKeyId).not.toBe(v!.KmsKeyId);
    const { Volumes } = await c.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'encrypted', Values: ['true'] }] }),
    );
    expect(Volumes).toHaveLength(2);
    // Another region keeps its own setting.
    expect(
      (await (await emulator()).client('eu-west-1').send(new GetEbsEncryptionByDefaultCommand({})))
        .EbsEncryptionByDefault,
    ).toBe(false);
  });

  it('sharing an encrypted snapshot or AMI needs a customer key, and encrypted ones are never public', async () => {
    const c = (await emulator()).client();
    const base = await baseImageId(c);
    const managed = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, Encrypted: true }));
    const customer = await c.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1a',
        Size: 1,
        Encrypted: true,
        KmsKeyId: 'alias/lineage-data',
      }),
    );
    const [s1, s2] = await Promise.all(
      [managed, customer].map((v) => c.send(new CreateSnapshotCommand({ VolumeId: v.VolumeId }))),
    );
    const share = (SnapshotId: string, add: object) =>
      c.send(new ModifySnapshotAttributeCommand({ SnapshotId, CreateVolumePermission: { Add: [add] } }));
    expect((await failure(share(s1!.SnapshotId!, { UserId: '444455556666' }))).code).toBe('OperationNotPermitted');
    expect((await failure(share(s2!.SnapshotId!, { Group: 'all' }))).code).toBe('OperationNotPermitted');
    await share(s2!.SnapshotId!, { UserId: '444455556666' });

    const instance = await launch(c, base, {
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }],
    });
    const { ImageId } = await c.send(
      new (await import('@aws-sdk/client-ec2')).CreateImageCommand({ InstanceId: instance.InstanceId, Name: 'enc' }),
    );
    const image = await getImage(c, ImageId!);
    expect(image.BlockDeviceMappings![0]!.Ebs!.Encrypted).toBe(true);
    const shared = await failure(
      c.send(new ModifyImageAttributeCommand({ ImageId, LaunchPermission: { Add: [{ UserId: '444455556666' }] } })),
    );
    expect(shared).toMatchObject({ code: 'InvalidParameter' });
    const { Snapshots } = await c.send(
      new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'encrypted', Values: ['true'] }] }),
    );
    expect(Snapshots!.length).toBe(3);
  });
});

describe('key pairs', () => {
  it('CreateKeyPair, ImportKeyPair, DescribeKeyPairs and DeleteKeyPair; RunInstances names one by KeyName', async () => {
    const c = (await emulator()).client();
    const base = await baseImageId(c);
    const created = await c.send(new CreateKeyPairCommand({ KeyName: 'ci', KeyType: 'ed25519' }));
    expect(created.KeyMaterial).toContain('PRIVATE KEY');
    expect((await failure(c.send(new CreateKeyPairCommand({ KeyName: 'ci' })))).code).toBe('InvalidKeyPair.Duplicate');
    const line = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx2c8QY0u3wL2m6Yw8F4a1vYg2pWJ1Xq0e0Y5m8m2Zk alice@laptop';
    const imported = await c.send(new ImportKeyPairCommand({ KeyName: 'alice', PublicKeyMaterial: Buffer.from(line) }));
    expect(imported.KeyFingerprint).toMatch(/=$/);
    const bad = await failure(
      c.send(new ImportKeyPairCommand({ KeyName: 'x', PublicKeyMaterial: Buffer.from('nope') })),
    );
    expect(bad.code).toBe('InvalidKey.Format');
    const { KeyPairs } = await c.send(new DescribeKeyPairsCommand({ IncludePublicKey: true }));
    expect(KeyPairs!.map((k) => k.KeyName)).toEqual(['ci', 'alice']);
    expect(KeyPairs![1]!.PublicKey).toBe(line);
    const unknown = await failure(launch(c, base, { KeyName: 'nobody' }));
    expect(unknown.code).toBe('InvalidKeyPair.NotFound');
    const instance = await launch(c, base, { KeyName: 'ci', Monitoring: { Enabled: true }, EbsOptimized: true });
    expect(instance).toMatchObject({ KeyName: 'ci', Monitoring: { State: 'enabled' }, EbsOptimized: true });
    const { Reservations } = await c.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'key-name', Values: ['ci'] }] }),
    );
    expect(Reservations).toHaveLength(1);
    await c.send(new DeleteKeyPairCommand({ KeyName: 'ci' }));
    await c.send(new DeleteKeyPairCommand({ KeyName: 'ci' }));
    expect((await failure(c.send(new DescribeKeyPairsCommand({ KeyNames: ['ci'] })))).code).toBe(
      'InvalidKeyPair.NotFound',
    );
    const unmodelled = await failure(launch(c, base, { DisableApiTermination: true }));
    expect(unmodelled.code).toBe('UnsupportedOperation');
  });
});

describe('limits, codes and filters', () => {
  it('answers EC2 codes for tags, states and devices', async () => {
    const h = await emulator({ delayMs: 1000 });
    const c = h.client();
    const base = await baseImageId(c);
    const instance = await launch(c, base);
    expect((await failure(c.send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] })))).code).toBe(
      'IncorrectInstanceState',
    );
    h.clock.advance(1000);
    const { VolumeId } = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    const creating = await failure(
      c.send(new AttachVolumeCommand({ VolumeId, InstanceId: instance.InstanceId, Device: '/dev/sdg' })),
    );
    expect(creating.code).toBe('IncorrectState');
    h.clock.advance(1000);
    await c.send(new AttachVolumeCommand({ VolumeId, InstanceId: instance.InstanceId, Device: '/dev/sdg' }));
    const wrongDevice = await failure(c.send(new DetachVolumeCommand({ VolumeId, Device: '/dev/sdh' })));
    expect(wrongDevice.code).toBe('InvalidAttachment.NotFound');

    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const tooMany = await failure(c.send(new CreateTagsCommand({ Resources: [VolumeId!], Tags: tags })));
    expect(tooMany.code).toBe('TagLimitExceeded');
    await c.send(new CreateTagsCommand({ Resources: [VolumeId!], Tags: tags.slice(0, 50) }));
    const control = await failure(
      c.send(new CreateTagsCommand({ Resources: [VolumeId!], Tags: [{ Key: 'a', Value: 'x\u0001' }] })),
    );
    expect(control.code).toBe('InvalidParameterValue');

    const both = await failure(
      c.send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId!], MaxResults: 5 })),
    );
    expect(both.code).toBe('InvalidParameterCombination');
  });

  it('filters by times, platform and state reason; refuses networking filters plainly; a NextToken belongs to its Describe', async () => {
    const h = await emulator();
    const c = h.client();
    const { Images } = await c.send(
      new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'platform', Values: ['windows'] }] }),
    );
    expect(Images).toHaveLength(1);
    const windows = await launch(c, Images![0]!.ImageId!, { InstanceType: 'm5.large' });
    expect(windows).toMatchObject({ Platform: 'windows', PlatformDetails: 'Windows' });
    await c.send(new TerminateInstancesCommand({ InstanceIds: [windows.InstanceId!] }));
    const stopped = await c.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'state-reason-code', Values: ['Client.UserInitiatedShutdown'] }],
      }),
    );
    expect(stopped.Reservations![0]!.Instances![0]!.StateReason!.Code).toBe('Client.UserInitiatedShutdown');
    await launch(c, await baseImageId(c));
    const day = new Date(h.clock.now()).toISOString().slice(0, 10);
    const byTime = await c.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'create-time', Values: [`${day}T*`] }] }),
    );
    expect(byTime.Volumes).toHaveLength(1);
    const attached = await c.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.attach-time', Values: ['1999-*'] }] }),
    );
    expect(attached.Volumes).toHaveLength(0);
    const images = await c.send(
      new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'creation-date', Values: ['20*'] }] }),
    );
    expect(images.Images!.length).toBeGreaterThan(0);
    const network = await failure(
      c.send(new DescribeInstancesCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }] })),
    );
    expect(network.message).toContain('networking');
    const { NextToken } = await c.send(new DescribeImagesCommand({ MaxResults: 1 }));
    expect(NextToken).toBeDefined();
    const crossed = await failure(c.send(new DescribeSnapshotsCommand({ MaxResults: 5, NextToken })));
    expect(crossed.code).toBe('InvalidParameterValue');
  });
});
