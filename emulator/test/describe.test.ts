import {
  CopyImageCommand,
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Filter,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_VOLUME,
  type Harness,
  baseImageId,
  deviceVolume,
  failure,
  getImage,
  launch,
  perTest,
  start,
} from './harness';

const AMAZON = '137112412989';
const SELF = '123456789012';

/**
 * One account for the filter tests: EBSVolDemo (running, with a data volume), its AMI, an instance launched from
 * that AMI (stopped), a tagged standalone snapshot, a tagged loose volume and a copy of the AMI in eu-west-1.
 */
let h: Harness;
let c: EC2Client;
const f: Record<string, string> = {};
let demoSnapshots: string[] = [];

beforeAll(async () => {
  h = await start();
  c = h.client();
  f.base = await baseImageId(c);
  const demo = await launch(c, f.base, {
    BlockDeviceMappings: [DATA_VOLUME],
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'EBSVolDemo' }] }],
  });
  f.demo = demo.InstanceId!;
  f.demoRoot = deviceVolume(demo, '/dev/xvda');
  f.demoData = deviceVolume(demo, '/dev/sdf');
  f.image = (
    await c.send(
      new CreateImageCommand({
        InstanceId: f.demo,
        Name: 'ImageFromEBSVolDemo',
        Description: 'AMI created from EBSVolDemo',
      }),
    )
  ).ImageId!;
  demoSnapshots = (await getImage(c, f.image)).BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);
  const child = await launch(c, f.image, {
    TagSpecifications: [
      {
        ResourceType: 'instance',
        Tags: [
          { Key: 'Name', Value: 'CreatedFromEBSVolDemoAMI' },
          { Key: 'Env', Value: 'test' },
        ],
      },
    ],
  });
  f.child = child.InstanceId!;
  f.childData = deviceVolume(child, '/dev/sdf');
  await c.send(new StopInstancesCommand({ InstanceIds: [f.child] }));
  f.backup = (
    await c.send(
      new CreateSnapshotCommand({
        VolumeId: f.demoData,
        Description: 'Backup of EBSVolDemo data volume',
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: 'demo-backup' }] }],
      }),
    )
  ).SnapshotId!;
  f.scratch = (
    await c.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1a',
        Size: 20,
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'scratch' }] }],
      }),
    )
  ).VolumeId!;
  f.copy = (
    await h
      .client('eu-west-1')
      .send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: f.image, Name: 'ImageFromEBSVolDemo' }))
  ).ImageId!;
});

afterAll(async () => {
  await h?.close();
});

const instanceIds = async (Filters: Filter[]) =>
  ((await c.send(new DescribeInstancesCommand({ Filters }))).Reservations ?? [])
    .flatMap((r) => r.Instances!.map((i) => i.InstanceId!))
    .sort();
const volumeIds = async (Filters: Filter[]) =>
  ((await c.send(new DescribeVolumesCommand({ Filters }))).Volumes ?? []).map((v) => v.VolumeId!).sort();
const snapshotIds = async (Filters: Filter[], OwnerIds?: string[]) =>
  ((await c.send(new DescribeSnapshotsCommand({ Filters, OwnerIds }))).Snapshots ?? [])
    .map((s) => s.SnapshotId!)
    .sort();
const imageIds = async (Filters: Filter[], Owners?: string[], client = c) =>
  ((await client.send(new DescribeImagesCommand({ Filters, Owners }))).Images ?? []).map((i) => i.ImageId!).sort();
const sorted = (...ids: string[]) => [...ids].sort();

describe('instance filters', () => {
  it('instance-id, instance-state-name, image-id', async () => {
    expect(await instanceIds([{ Name: 'instance-id', Values: [f.demo!] }])).toEqual([f.demo]);
    expect(await instanceIds([{ Name: 'instance-state-name', Values: ['running'] }])).toEqual([f.demo]);
    expect(await instanceIds([{ Name: 'instance-state-name', Values: ['stopped'] }])).toEqual([f.child]);
    expect(await instanceIds([{ Name: 'instance-state-name', Values: ['running', 'stopped'] }])).toEqual(
      sorted(f.demo!, f.child!),
    );
    expect(await instanceIds([{ Name: 'image-id', Values: [f.image!] }])).toEqual([f.child]);
    expect(await instanceIds([{ Name: 'image-id', Values: [f.base!] }])).toEqual([f.demo]);
  });

  it('tag:KEY and tag-key, with wildcards, and several filters together', async () => {
    expect(await instanceIds([{ Name: 'tag:Name', Values: ['EBSVolDemo'] }])).toEqual([f.demo]);
    expect(await instanceIds([{ Name: 'tag:Name', Values: ['*EBSVolDemo*'] }])).toEqual(sorted(f.demo!, f.child!));
    expect(await instanceIds([{ Name: 'tag:Name', Values: ['EBSVolDem?'] }])).toEqual([f.demo]);
    expect(await instanceIds([{ Name: 'tag:Name', Values: ['ebsvoldemo'] }])).toEqual([]);
    expect(await instanceIds([{ Name: 'tag-key', Values: ['Env'] }])).toEqual([f.child]);
    expect(await instanceIds([{ Name: 'tag:Env', Values: ['*'] }])).toEqual([f.child]);
    expect(
      await instanceIds([
        { Name: 'tag:Name', Values: ['*EBSVolDemo*'] },
        { Name: 'instance-state-name', Values: ['running'] },
      ]),
    ).toEqual([f.demo]);
  });
});

describe('volume filters', () => {
  it('volume-id, status, snapshot-id, attachment.instance-id', async () => {
    expect(await volumeIds([{ Name: 'volume-id', Values: [f.scratch!, f.demoData!] }])).toEqual(
      sorted(f.scratch!, f.demoData!),
    );
    expect(await volumeIds([{ Name: 'status', Values: ['available'] }])).toEqual([f.scratch]);
    expect(await volumeIds([{ Name: 'snapshot-id', Values: [demoSnapshots[1]!] }])).toEqual([f.childData]);
    expect(await volumeIds([{ Name: 'attachment.instance-id', Values: [f.demo!] }])).toEqual(
      sorted(f.demoRoot!, f.demoData!),
    );
    expect(await volumeIds([{ Name: 'attachment.instance-id', Values: [f.child!] }])).toHaveLength(2);
  });

  it('tag:KEY, tag-key and wildcards', async () => {
    expect(await volumeIds([{ Name: 'tag:Name', Values: ['scr*'] }])).toEqual([f.scratch]);
    expect(await volumeIds([{ Name: 'tag-key', Values: ['Name'] }])).toEqual([f.scratch]);
    expect(await volumeIds([{ Name: 'tag-key', Values: ['Nope'] }])).toEqual([]);
  });
});

describe('snapshot filters', () => {
  it('snapshot-id, volume-id, status, description', async () => {
    expect(await snapshotIds([{ Name: 'snapshot-id', Values: [f.backup!] }])).toEqual([f.backup]);
    expect(await snapshotIds([{ Name: 'volume-id', Values: [f.demoData!] }])).toEqual(
      sorted(demoSnapshots[1]!, f.backup!),
    );
    expect(await snapshotIds([{ Name: 'volume-id', Values: [f.demoRoot!] }])).toEqual([demoSnapshots[0]]);
    expect(await snapshotIds([{ Name: 'status', Values: ['pending'] }])).toEqual([]);
    expect((await snapshotIds([{ Name: 'status', Values: ['completed'] }])).length).toBeGreaterThanOrEqual(6);
    expect(await snapshotIds([{ Name: 'description', Values: [`Created by CreateImage(${f.demo}) for *`] }])).toEqual(
      sorted(...demoSnapshots),
    );
    expect(await snapshotIds([{ Name: 'description', Values: ['Backup of EBSVolDemo data volume'] }])).toEqual([
      f.backup,
    ]);
  });

  it('owner-id, owner-alias, tag:KEY, tag-key', async () => {
    const own = await snapshotIds([{ Name: 'owner-id', Values: [SELF] }]);
    expect(own).toEqual(sorted(...demoSnapshots, f.backup!));
    const amazon = await snapshotIds([{ Name: 'owner-alias', Values: ['amazon'] }]);
    expect(amazon.length).toBeGreaterThanOrEqual(1);
    expect(await snapshotIds([{ Name: 'owner-id', Values: [AMAZON] }])).toEqual(amazon);
    expect(amazon.some((id) => own.includes(id))).toBe(false);
    expect(await snapshotIds([{ Name: 'tag:Name', Values: ['demo-backup'] }])).toEqual([f.backup]);
    expect(await snapshotIds([{ Name: 'tag-key', Values: ['Name'] }])).toEqual([f.backup]);
  });

  it('Owner self / amazon / account id', async () => {
    expect(await snapshotIds([], ['self'])).toEqual(sorted(...demoSnapshots, f.backup!));
    expect(await snapshotIds([], [SELF])).toEqual(sorted(...demoSnapshots, f.backup!));
    const amazon = await snapshotIds([], ['amazon']);
    expect(await snapshotIds([], [AMAZON])).toEqual(amazon);
    expect(await snapshotIds([], ['self', 'amazon'])).toEqual(sorted(...demoSnapshots, f.backup!, ...amazon));
    // Unfiltered also lists the public ones.
    expect(await snapshotIds([])).toEqual(sorted(...demoSnapshots, f.backup!, ...amazon));
    expect((await failure(c.send(new DescribeSnapshotsCommand({ OwnerIds: ['someone'] })))).name).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('image filters', () => {
  it('image-id, state, name, description', async () => {
    expect(await imageIds([{ Name: 'image-id', Values: [f.image!] }])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'state', Values: ['available'] }], ['self'])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'state', Values: ['pending'] }])).toEqual([]);
    expect(await imageIds([{ Name: 'name', Values: ['ImageFromEBSVolDemo'] }])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'name', Values: ['ImageFrom*'] }])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'name', Values: ['al2023-ami-*'] }])).toHaveLength(2);
    expect(await imageIds([{ Name: 'description', Values: ['*from EBSVolDemo'] }])).toEqual([f.image]);
  });

  it('owner-id, owner-alias, tag:KEY, tag-key', async () => {
    expect(await imageIds([{ Name: 'owner-id', Values: [SELF] }])).toEqual([f.image]);
    const amazon = await imageIds([{ Name: 'owner-alias', Values: ['amazon'] }]);
    expect(amazon).toHaveLength(3);
    expect(amazon).toContain(f.base);
    expect(await imageIds([{ Name: 'owner-id', Values: [AMAZON] }])).toEqual(amazon);
    await c.send(new CreateTagsCommand({ Resources: [f.image!], Tags: [{ Key: 'Release', Value: '1.0' }] }));
    expect(await imageIds([{ Name: 'tag:Release', Values: ['1.*'] }])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'tag-key', Values: ['Release'] }])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'tag:Release', Values: ['2.*'] }])).toEqual([]);
  });

  it('the lineage filters: block-device-mapping.snapshot-id, source-instance-id, source-image-id', async () => {
    expect(await imageIds([{ Name: 'block-device-mapping.snapshot-id', Values: [demoSnapshots[1]!] }])).toEqual([
      f.image,
    ]);
    expect(await imageIds([{ Name: 'source-instance-id', Values: [f.demo!] }])).toEqual([f.image]);
    expect(await imageIds([{ Name: 'source-instance-id', Values: [f.child!] }])).toEqual([]);
    const eu = h.client('eu-west-1');
    expect(await imageIds([{ Name: 'source-image-id', Values: [f.image!] }], undefined, eu)).toEqual([f.copy]);
    expect(await imageIds([{ Name: 'source-image-id', Values: [f.base!] }])).toEqual([f.image]);
  });

  it('Owners self / amazon / account id', async () => {
    expect(await imageIds([], ['self'])).toEqual([f.image]);
    expect(await imageIds([], [SELF])).toEqual([f.image]);
    const amazon = await imageIds([], ['amazon']);
    expect(amazon).toHaveLength(3);
    expect(await imageIds([], [AMAZON])).toEqual(amazon);
    expect(await imageIds([], ['self', 'amazon'])).toEqual(sorted(f.image!, ...amazon));
    expect((await failure(c.send(new DescribeImagesCommand({ Owners: ['nobody'] })))).name).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('regions', () => {
  it('resources made in eu-west-1 are invisible from us-east-1 and the other way round', async () => {
    const eu = h.client('eu-west-1');
    const euImages = await imageIds([], ['self'], eu);
    expect(euImages).toEqual([f.copy]);
    expect(await imageIds([], ['self'])).toEqual([f.image]);
    expect(await instanceIds([])).toEqual(sorted(f.demo!, f.child!));
    expect((await eu.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    expect((await eu.send(new DescribeVolumesCommand({}))).Volumes).toEqual([]);
    expect((await failure(eu.send(new DescribeVolumesCommand({ VolumeIds: [f.scratch!] })))).name).toBe(
      'InvalidVolume.NotFound',
    );
    const euSnapshots = ((await eu.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? []).map(
      (s) => s.SnapshotId,
    );
    expect(euSnapshots).toHaveLength(2);
    expect(euSnapshots.some((id) => demoSnapshots.includes(id!))).toBe(false);
  });

  it('every region has its own Amazon base images', async () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
    const perRegion = [];
    for (const region of regions) {
      const { Images } = await h.client(region).send(new DescribeImagesCommand({ Owners: ['amazon'] }));
      expect(Images!.length).toBeGreaterThanOrEqual(1);
      for (const image of Images!) {
        expect(image).toMatchObject({ ImageOwnerAlias: 'amazon', OwnerId: AMAZON, Public: true, State: 'available' });
      }
      perRegion.push(Images!.map((i) => i.ImageId).sort());
    }
    expect(perRegion[0]).not.toEqual(perRegion[1]);
  });
});

describe('pagination', () => {
  const emulator = perTest();

  /** Walks every page with the SDK paginator and returns the pages' ids. */
  async function walk<T>(pages: AsyncIterable<T>, ids: (page: T) => string[]): Promise<string[][]> {
    const out: string[][] = [];
    for await (const page of pages) out.push(ids(page));
    return out;
  }

  const noDuplicates = (ids: string[]) => expect(new Set(ids).size).toBe(ids.length);

  it('walks instances (by reservation), volumes, snapshots and images with the SDK paginators', async () => {
    const h2 = await emulator();
    const c2 = h2.client();
    const base = await baseImageId(c2);
    for (let i = 0; i < 11; i++) await launch(c2, base);
    await c2.send(new RunInstancesCommand({ ImageId: base, InstanceType: 't3.micro', MinCount: 3, MaxCount: 3 }));
    const allInstances = ((await c2.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((r) =>
      r.Instances!.map((i) => i.InstanceId!),
    );
    expect(allInstances).toHaveLength(14);
    const instancePages = await walk(paginateDescribeInstances({ client: c2, pageSize: 5 }, {}), (p) =>
      (p.Reservations ?? []).flatMap((r) => r.Instances!.map((i) => i.InstanceId!)),
    );
    // 12 reservations: 5 + 5 + 2; the last page holds the 3-instance reservation.
    expect(instancePages.map((p) => p.length)).toEqual([5, 5, 4]);
    noDuplicates(instancePages.flat());
    expect(instancePages.flat().sort()).toEqual([...allInstances].sort());

    for (let i = 0; i < 8; i++) await c2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 + i }));
    const allVolumes = (await c2.send(new DescribeVolumesCommand({}))).Volumes!.map((v) => v.VolumeId!);
    expect(allVolumes).toHaveLength(22);
    const volumePages = await walk(paginateDescribeVolumes({ client: c2, pageSize: 5 }, {}), (p) =>
      p.Volumes!.map((v) => v.VolumeId!),
    );
    expect(volumePages.map((p) => p.length)).toEqual([5, 5, 5, 5, 2]);
    expect(volumePages.flat()).toEqual(allVolumes);

    for (let i = 0; i < 7; i++) await c2.send(new CreateSnapshotCommand({ VolumeId: allVolumes[i] }));
    const allSnapshots = (await c2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots!.map(
      (s) => s.SnapshotId!,
    );
    expect(allSnapshots).toHaveLength(7);
    const snapshotPages = await walk(
      paginateDescribeSnapshots({ client: c2, pageSize: 5 }, { OwnerIds: ['self'] }),
      (p) => p.Snapshots!.map((s) => s.SnapshotId!),
    );
    expect(snapshotPages.map((p) => p.length)).toEqual([5, 2]);
    expect(snapshotPages.flat()).toEqual(allSnapshots);

    for (let i = 0; i < 4; i++)
      await c2.send(new CreateImageCommand({ InstanceId: allInstances[i], Name: `build-${i}` }));
    const allImages = (await c2.send(new DescribeImagesCommand({}))).Images!.map((i) => i.ImageId!);
    expect(allImages).toHaveLength(7);
    const imagePages = await walk(paginateDescribeImages({ client: c2, pageSize: 2 }, {}), (p) =>
      p.Images!.map((i) => i.ImageId!),
    );
    expect(imagePages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(imagePages.flat()).toEqual(allImages);
    // Filters apply before paging.
    const selfPages = await walk(
      paginateDescribeImages(
        { client: c2, pageSize: 3 },
        { Owners: ['self'], Filters: [{ Name: 'name', Values: ['build-*'] }] },
      ),
      (p) => p.Images!.map((i) => i.ImageId!),
    );
    expect(selfPages.map((p) => p.length)).toEqual([3, 1]);
  });

  it('answers at most 500 volumes or 1000 snapshots a page when asked for more, as EC2 does (the AWS CLI asks for 1000)', async () => {
    const h2 = await emulator();
    const c2 = h2.client();
    const rs = h2.running.emulator.region(h2.running.emulator.defaultAccountId, 'us-east-1');
    for (let i = 0; i < 501; i++)
      h2.running.emulator.invoke('us-east-1', 'CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 1 });
    const volumeId = Object.keys(rs.volumes)[0]!;
    for (let i = 0; i < 1000; i++) h2.running.emulator.invoke('us-east-1', 'CreateSnapshot', { VolumeId: volumeId });
    const volumes = await c2.send(new DescribeVolumesCommand({ MaxResults: 1000 }));
    expect(volumes.Volumes).toHaveLength(500);
    const rest = await c2.send(new DescribeVolumesCommand({ MaxResults: 1000, NextToken: volumes.NextToken }));
    expect(rest.Volumes).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();
    const snapshots = await c2.send(new DescribeSnapshotsCommand({ MaxResults: 5000 }));
    expect(snapshots.Snapshots).toHaveLength(1000);
    expect(snapshots.NextToken).toBeDefined();
  });

  it('leaves nextToken out on the last page, also when the last page is exactly full', async () => {
    const h2 = await emulator();
    const c2 = h2.client();
    for (let i = 0; i < 5; i++) await c2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    const page = await c2.send(new DescribeVolumesCommand({ MaxResults: 5 }));
    expect(page.Volumes).toHaveLength(5);
    expect(page.NextToken).toBeUndefined();
    const unpaged = await c2.send(new DescribeVolumesCommand({}));
    expect(unpaged.NextToken).toBeUndefined();
  });

  it('has no duplicates and no gaps when volumes, snapshots and images are deleted between pages', async () => {
    const h2 = await emulator();
    const c2 = h2.client();
    const base = await baseImageId(c2);
    const volumes: string[] = [];
    for (let i = 0; i < 12; i++)
      volumes.push((await c2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }))).VolumeId!);

    const first = await c2.send(new DescribeVolumesCommand({ MaxResults: 5 }));
    expect(first.Volumes!.map((v) => v.VolumeId)).toEqual(volumes.slice(0, 5));
    // Delete one already seen and one not yet seen; create one more.
    await c2.send(new DeleteVolumeCommand({ VolumeId: volumes[2] }));
    await c2.send(new DeleteVolumeCommand({ VolumeId: volumes[7] }));
    const added = (await c2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }))).VolumeId!;
    const rest: string[] = [];
    let token = first.NextToken;
    while (token) {
      const page = await c2.send(new DescribeVolumesCommand({ MaxResults: 5, NextToken: token }));
      rest.push(...page.Volumes!.map((v) => v.VolumeId!));
      token = page.NextToken;
    }
    expect(rest).toEqual([...volumes.slice(5, 7), ...volumes.slice(8), added]);

    const snapshots: string[] = [];
    for (let i = 0; i < 7; i++)
      snapshots.push((await c2.send(new CreateSnapshotCommand({ VolumeId: volumes[0] }))).SnapshotId!);
    const s1 = await c2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5 }));
    expect(s1.Snapshots!.map((s) => s.SnapshotId)).toEqual(snapshots.slice(0, 5));
    await c2.send(new DeleteSnapshotCommand({ SnapshotId: snapshots[4] }));
    await c2.send(new DeleteSnapshotCommand({ SnapshotId: snapshots[5] }));
    const s2 = await c2.send(
      new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5, NextToken: s1.NextToken }),
    );
    expect(s2.Snapshots!.map((s) => s.SnapshotId)).toEqual([snapshots[6]]);
    expect(s2.NextToken).toBeUndefined();

    const instance = await launch(c2, base);
    const images: string[] = [];
    for (let i = 0; i < 4; i++)
      images.push(
        (await c2.send(new CreateImageCommand({ InstanceId: instance.InstanceId, Name: `img-${i}` }))).ImageId!,
      );
    const i1 = await c2.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 2 }));
    expect(i1.Images!.map((i) => i.ImageId)).toEqual(images.slice(0, 2));
    await c2.send(new DeregisterImageCommand({ ImageId: images[0] }));
    await c2.send(new DeregisterImageCommand({ ImageId: images[2] }));
    const i2 = await c2.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 2, NextToken: i1.NextToken }));
    expect(i2.Images!.map((i) => i.ImageId)).toEqual([images[3]]);
    expect(i2.NextToken).toBeUndefined();
  });

  it('has no duplicates and no gaps when instances disappear between pages, even from a multi-instance reservation', async () => {
    const h2 = await emulator();
    const c2 = h2.client();
    const base = await baseImageId(c2);
    const reservations: string[][] = [];
    for (let i = 0; i < 7; i++) {
      const count = i === 4 ? 2 : 1;
      const run = await c2.send(
        new RunInstancesCommand({ ImageId: base, InstanceType: 't3.micro', MinCount: count, MaxCount: count }),
      );
      reservations.push(run.Instances!.map((x) => x.InstanceId!));
    }
    const first = await c2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const seen = first.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!));
    expect(seen).toEqual(reservations.slice(0, 5).flat());
    // The first instance of the last reservation seen and the only instance of a reservation not yet seen
    // terminate, and an hour later they are gone.
    await c2.send(new TerminateInstancesCommand({ InstanceIds: [reservations[4]![0]!, reservations[6]![0]!] }));
    h2.clock.advance(2 * 3_600_000);
    const second = await c2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken }));
    const next = second.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!));
    expect(next).toEqual(reservations[5]);
    expect(second.NextToken).toBeUndefined();
  });
});
