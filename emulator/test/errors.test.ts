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
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  type EC2Client,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import {
  DATA_VOLUME,
  type Harness,
  baseImageId,
  deviceVolume,
  failure,
  getImage,
  inventory,
  launch,
  perTest,
  rawPost,
} from './harness';

const emulator = perTest();

/** An instance with a data volume, its AMI, a loose volume and a loose snapshot, all settled. */
async function account(h: Harness) {
  const c = h.client();
  const base = await baseImageId(c);
  const instance = await launch(c, base, { BlockDeviceMappings: [DATA_VOLUME] });
  const instanceId = instance.InstanceId!;
  const dataVolume = deviceVolume(instance, '/dev/sdf');
  const { ImageId: imageId } = await c.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'golden' }));
  const { VolumeId: looseVolume } = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 3 }));
  const { SnapshotId: looseSnapshot } = await c.send(new CreateSnapshotCommand({ VolumeId: looseVolume }));
  return {
    c,
    base,
    instanceId,
    dataVolume,
    imageId: imageId!,
    looseVolume: looseVolume!,
    looseSnapshot: looseSnapshot!,
  };
}

const MISSING = {
  instance: 'i-0123456789abcdef0',
  volume: 'vol-0123456789abcdef0',
  snapshot: 'snap-0123456789abcdef0',
  image: 'ami-0123456789abcdef0',
};

describe('DryRun', () => {
  it('answers 412 DryRunOperation on every mutating action and changes nothing', async () => {
    const h = await emulator();
    const a = await account(h);
    const eu = h.client('eu-west-1');
    const before = await inventory(h);
    const calls: [string, () => Promise<unknown>][] = [
      [
        'RunInstances',
        () =>
          a.c.send(
            new RunInstancesCommand({
              ImageId: a.base,
              InstanceType: 't3.micro',
              MinCount: 1,
              MaxCount: 1,
              DryRun: true,
            }),
          ),
      ],
      ['StartInstances', () => a.c.send(new StartInstancesCommand({ InstanceIds: [a.instanceId], DryRun: true }))],
      ['StopInstances', () => a.c.send(new StopInstancesCommand({ InstanceIds: [a.instanceId], DryRun: true }))],
      [
        'TerminateInstances',
        () => a.c.send(new TerminateInstancesCommand({ InstanceIds: [a.instanceId], DryRun: true })),
      ],
      ['CreateImage', () => a.c.send(new CreateImageCommand({ InstanceId: a.instanceId, Name: 'dry', DryRun: true }))],
      [
        'CopyImage',
        () =>
          eu.send(
            new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: a.imageId, Name: 'dry', DryRun: true }),
          ),
      ],
      [
        'DeregisterImage',
        () =>
          a.c.send(new DeregisterImageCommand({ ImageId: a.imageId, DeleteAssociatedSnapshots: true, DryRun: true })),
      ],
      ['CreateSnapshot', () => a.c.send(new CreateSnapshotCommand({ VolumeId: a.looseVolume, DryRun: true }))],
      [
        'CopySnapshot',
        () =>
          eu.send(
            new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: a.looseSnapshot, DryRun: true }),
          ),
      ],
      ['DeleteSnapshot', () => a.c.send(new DeleteSnapshotCommand({ SnapshotId: a.looseSnapshot, DryRun: true }))],
      [
        'CreateVolume',
        () => a.c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1, DryRun: true })),
      ],
      [
        'AttachVolume',
        () =>
          a.c.send(
            new AttachVolumeCommand({
              VolumeId: a.looseVolume,
              InstanceId: a.instanceId,
              Device: '/dev/sdh',
              DryRun: true,
            }),
          ),
      ],
      ['DetachVolume', () => a.c.send(new DetachVolumeCommand({ VolumeId: a.dataVolume, DryRun: true }))],
      ['DeleteVolume', () => a.c.send(new DeleteVolumeCommand({ VolumeId: a.looseVolume, DryRun: true }))],
      [
        'CreateTags',
        () =>
          a.c.send(
            new CreateTagsCommand({ Resources: [a.instanceId], Tags: [{ Key: 'k', Value: 'v' }], DryRun: true }),
          ),
      ],
      ['DeleteTags', () => a.c.send(new DeleteTagsCommand({ Resources: [a.instanceId], DryRun: true }))],
    ];
    for (const [action, call] of calls) {
      const e = await failure(call());
      expect({ action, name: e.name, status: e.status }).toEqual({ action, name: 'DryRunOperation', status: 412 });
      expect(e.message).toBe('Request would have succeeded, but DryRun flag is set.');
    }
    expect(await inventory(h)).toEqual(before);
  });

  it('answers the real error when the call would not have succeeded', async () => {
    const h = await emulator();
    const a = await account(h);
    expect((await failure(a.c.send(new DeleteVolumeCommand({ VolumeId: a.dataVolume, DryRun: true })))).name).toBe(
      'VolumeInUse',
    );
    expect(
      (await failure(a.c.send(new DeleteSnapshotCommand({ SnapshotId: MISSING.snapshot, DryRun: true })))).name,
    ).toBe('InvalidSnapshot.NotFound');
    expect(
      (await failure(a.c.send(new CreateImageCommand({ InstanceId: a.instanceId, Name: 'golden', DryRun: true }))))
        .name,
    ).toBe('InvalidAMIName.Duplicate');
  });

  it('works on describes too', async () => {
    const c = (await emulator()).client();
    expect(await failure(c.send(new DescribeInstancesCommand({ DryRun: true })))).toMatchObject({
      name: 'DryRunOperation',
      status: 412,
    });
    expect(await failure(c.send(new DescribeImagesCommand({ DryRun: true })))).toMatchObject({
      name: 'DryRunOperation',
      status: 412,
    });
  });

  it('does not use up a client token', async () => {
    const h = await emulator();
    const c = h.client();
    const base = await baseImageId(c);
    const request = {
      ImageId: base,
      InstanceType: 't3.micro' as const,
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'dry-token',
    };
    expect(
      (await failure(c.send(new RunInstancesCommand({ ...request, InstanceType: 't3.small', DryRun: true })))).name,
    ).toBe('DryRunOperation');
    const run = await c.send(new RunInstancesCommand(request));
    expect(run.Instances).toHaveLength(1);
  });
  it('answers DryRunOperation even for a client token already used with the same parameters', async () => {
    const h = await emulator();
    const c = h.client();
    const request = { AvailabilityZone: 'us-east-1a', Size: 2, ClientToken: 'used-token' };
    await c.send(new CreateVolumeCommand(request));
    const before = await inventory(h, ['us-east-1']);
    expect(await failure(c.send(new CreateVolumeCommand({ ...request, DryRun: true })))).toMatchObject({
      name: 'DryRunOperation',
      status: 412,
    });
    expect(await inventory(h, ['us-east-1'])).toEqual(before);
  });
});

describe('ClientToken', () => {
  async function count(c: EC2Client) {
    const i = await c.send(new DescribeInstancesCommand({}));
    const v = await c.send(new DescribeVolumesCommand({}));
    const s = await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    const im = await c.send(new DescribeImagesCommand({ Owners: ['self'] }));
    return {
      instances: i.Reservations!.flatMap((r) => r.Instances!).length,
      volumes: v.Volumes!.length,
      snapshots: s.Snapshots!.length,
      images: im.Images!.length,
    };
  }

  it('RunInstances: same token and parameters answer the first result; other parameters are a mismatch', async () => {
    const h = await emulator();
    const c = h.client();
    const base = await baseImageId(c);
    const request = {
      ImageId: base,
      InstanceType: 't3.micro' as const,
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'run-1',
      BlockDeviceMappings: [DATA_VOLUME],
    };
    const first = await c.send(new RunInstancesCommand(request));
    const counted = await count(c);
    const again = await c.send(new RunInstancesCommand(request));
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances!.map((i) => i.InstanceId)).toEqual(first.Instances!.map((i) => i.InstanceId));
    expect(again.Instances![0]!.ClientToken).toBe('run-1');
    expect(await count(c)).toEqual(counted);
    const mismatch = await failure(c.send(new RunInstancesCommand({ ...request, InstanceType: 't3.small' })));
    expect(mismatch).toMatchObject({ name: 'IdempotentParameterMismatch', status: 400 });
    expect(await count(c)).toEqual(counted);
    // The same token is free in another region.
    const eu = h.client('eu-west-1');
    const other = await eu.send(new RunInstancesCommand({ ...request, ImageId: await baseImageId(eu) }));
    expect(other.Instances).toHaveLength(1);
  });

  it('CopyImage: same token and parameters answer the first copy without new snapshots', async () => {
    const h = await emulator();
    const a = await account(h);
    const eu = h.client('eu-west-1');
    const request = { SourceRegion: 'us-east-1', SourceImageId: a.imageId, Name: 'golden-copy', ClientToken: 'copy-1' };
    const first = await eu.send(new CopyImageCommand(request));
    const counted = await count(eu);
    expect(counted.images).toBe(1);
    expect(counted.snapshots).toBe(2);
    const again = await eu.send(new CopyImageCommand(request));
    expect(again.ImageId).toBe(first.ImageId);
    expect(await count(eu)).toEqual(counted);
    const mismatch = await failure(eu.send(new CopyImageCommand({ ...request, Name: 'other-name' })));
    expect(mismatch).toMatchObject({ name: 'IdempotentParameterMismatch', status: 400 });
    expect(await count(eu)).toEqual(counted);
  });

  it('CreateVolume: same token and parameters answer the first volume; other parameters are a mismatch', async () => {
    const h = await emulator();
    const c = h.client();
    const request = { AvailabilityZone: 'us-east-1a', Size: 4, ClientToken: 'vol-token' };
    const first = await c.send(new CreateVolumeCommand(request));
    const again = await c.send(new CreateVolumeCommand(request));
    expect(again.VolumeId).toBe(first.VolumeId);
    expect((await c.send(new DescribeVolumesCommand({}))).Volumes).toHaveLength(1);
    const mismatch = await failure(c.send(new CreateVolumeCommand({ ...request, Size: 5 })));
    expect(mismatch).toMatchObject({ name: 'IdempotentParameterMismatch', status: 400 });
    expect((await c.send(new DescribeVolumesCommand({}))).Volumes).toHaveLength(1);
  });

  it('the SDK fills a fresh token when the caller leaves it out, so plain retries make new resources', async () => {
    const c = (await emulator()).client();
    const a = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4 }));
    const b = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4 }));
    expect(a.VolumeId).not.toBe(b.VolumeId);
  });

  it('refuses a token longer than 64 characters', async () => {
    const c = (await emulator()).client();
    const e = await failure(
      c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4, ClientToken: 'x'.repeat(65) })),
    );
    expect(e).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(
      (await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4, ClientToken: 'x'.repeat(64) })))
        .VolumeId,
    ).toMatch(/^vol-/);
  });
});

describe('error codes and statuses', () => {
  it('answers 400 NotFound codes for ids that do not exist', async () => {
    const c = (await emulator()).client();
    const cases: [() => Promise<unknown>, string][] = [
      [() => c.send(new DescribeInstancesCommand({ InstanceIds: [MISSING.instance] })), 'InvalidInstanceID.NotFound'],
      [() => c.send(new DescribeVolumesCommand({ VolumeIds: [MISSING.volume] })), 'InvalidVolume.NotFound'],
      [() => c.send(new DescribeSnapshotsCommand({ SnapshotIds: [MISSING.snapshot] })), 'InvalidSnapshot.NotFound'],
      [() => c.send(new DescribeImagesCommand({ ImageIds: [MISSING.image] })), 'InvalidAMIID.NotFound'],
      [
        () =>
          c.send(
            new RunInstancesCommand({ ImageId: MISSING.image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
          ),
        'InvalidAMIID.NotFound',
      ],
      [() => c.send(new StopInstancesCommand({ InstanceIds: [MISSING.instance] })), 'InvalidInstanceID.NotFound'],
      [() => c.send(new CreateSnapshotCommand({ VolumeId: MISSING.volume })), 'InvalidVolume.NotFound'],
      [
        () => c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: MISSING.snapshot })),
        'InvalidSnapshot.NotFound',
      ],
      [() => c.send(new DeregisterImageCommand({ ImageId: MISSING.image })), 'InvalidAMIID.NotFound'],
      [
        () => c.send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: MISSING.image, Name: 'x-copy' })),
        'InvalidAMIID.NotFound',
      ],
    ];
    for (const [call, code] of cases) {
      const e = await failure(call());
      expect({ name: e.name, code: e.code, status: e.status }).toEqual({ name: code, code, status: 400 });
    }
  });

  it('names every missing id in the message', async () => {
    const c = (await emulator()).client();
    const e = await failure(
      c.send(new DescribeVolumesCommand({ VolumeIds: [MISSING.volume, 'vol-0123456789abcdef1'] })),
    );
    expect(e.message).toContain(MISSING.volume);
    expect(e.message).toContain('vol-0123456789abcdef1');
  });

  it('answers Malformed codes for ids of the wrong shape', async () => {
    const c = (await emulator()).client();
    const cases: [() => Promise<unknown>, string][] = [
      [() => c.send(new DescribeInstancesCommand({ InstanceIds: ['i-xyz'] })), 'InvalidInstanceID.Malformed'],
      [() => c.send(new DescribeVolumesCommand({ VolumeIds: ['vol-1'] })), 'InvalidVolumeID.Malformed'],
      [() => c.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snapshot-1'] })), 'InvalidSnapshotID.Malformed'],
      [() => c.send(new DescribeImagesCommand({ ImageIds: ['ami-XYZ12345'] })), 'InvalidAMIID.Malformed'],
      [
        () => c.send(new TerminateInstancesCommand({ InstanceIds: ['vol-0123456789abcdef0'] })),
        'InvalidInstanceID.Malformed',
      ],
    ];
    for (const [call, code] of cases) expect(await failure(call())).toMatchObject({ name: code, status: 400 });
  });

  it('answers MissingParameter when a required parameter is left out', async () => {
    const h = await emulator();
    const c = h.client();
    const i = await launch(c, await baseImageId(c));
    expect(await failure(c.send(new CreateImageCommand({ InstanceId: i.InstanceId, Name: undefined })))).toMatchObject({
      name: 'MissingParameter',
      status: 400,
    });
    expect((await failure(c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a' })))).name).toBe(
      'MissingParameter',
    );
  });

  it('answers InvalidAction for an action it does not know, with the request id in header and body', async () => {
    const { url } = await emulator();
    for (const action of ['FrobnicateInstances', 'DescribeHosts', '']) {
      const res = await rawPost(url, { Action: action, Version: '2016-11-15' });
      expect(res.status).toBe(400);
      expect(res.body).toContain('<Code>InvalidAction</Code>');
      expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error>/);
      const requestId = res.headers.get('x-amzn-requestid');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body).toContain(`<RequestID>${requestId}</RequestID>`);
    }
  });

  it('answers raw unsigned requests in us-east-1 and accepts "List=" as an empty list', async () => {
    const { url } = await emulator();
    const res = await rawPost(url, {
      Action: 'DescribeImages',
      Version: '2016-11-15',
      'Owner.1': 'amazon',
      ImageId: '',
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<requestId>${res.headers.get('x-amzn-requestid')}</requestId>`);
    expect(res.headers.get('content-type')).toContain('text/xml');
    expect(res.body).toContain('<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">');
    expect(res.body.match(/<imageOwnerAlias>amazon<\/imageOwnerAlias>/g)?.length).toBeGreaterThanOrEqual(1);
    const bad = await rawPost(url, { Action: 'DescribeImages', MaxResults: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('<Code>InvalidParameterValue</Code>');
  });

  it('refuses an unknown filter on every describe instead of ignoring it', async () => {
    const c = (await emulator()).client();
    const Filters = [{ Name: 'no-such-filter', Values: ['x'] }];
    for (const call of [
      () => c.send(new DescribeInstancesCommand({ Filters })),
      () => c.send(new DescribeVolumesCommand({ Filters })),
      () => c.send(new DescribeSnapshotsCommand({ Filters })),
      () => c.send(new DescribeImagesCommand({ Filters })),
      () => c.send(new DescribeRegionsCommand({ Filters })),
    ]) {
      const e = await failure(call());
      expect(e).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
      expect(e.message).toContain('no-such-filter');
    }
  });

  it("refuses MaxResults outside AWS's ranges and together with ids", async () => {
    const h = await emulator();
    const c = h.client();
    const out: [() => Promise<unknown>, string][] = [
      [() => c.send(new DescribeInstancesCommand({ MaxResults: 4 })), 'InvalidParameterValue'],
      [() => c.send(new DescribeInstancesCommand({ MaxResults: 1001 })), 'InvalidParameterValue'],
      [() => c.send(new DescribeVolumesCommand({ MaxResults: 4 })), 'InvalidParameterValue'],
      [() => c.send(new DescribeSnapshotsCommand({ MaxResults: 4 })), 'InvalidParameterValue'],
      [() => c.send(new DescribeImagesCommand({ MaxResults: 0 })), 'InvalidParameterValue'],
      [() => c.send(new DescribeImagesCommand({ MaxResults: 1001 })), 'InvalidParameterValue'],
    ];
    for (const [call, code] of out) expect(await failure(call())).toMatchObject({ name: code, status: 400 });
    expect((await failure(c.send(new DescribeVolumesCommand({ MaxResults: 5.5 })))).status).toBe(400);
    // The bounds themselves are fine.
    await c.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    await c.send(new DescribeVolumesCommand({ MaxResults: 500 }));
    await c.send(new DescribeSnapshotsCommand({ MaxResults: 1000 }));
    const one = await c.send(new DescribeImagesCommand({ MaxResults: 1 }));
    expect(one.Images).toHaveLength(1);
    expect(one.NextToken).toBeDefined();

    const a = await account(h);
    const combos = [
      () => c.send(new DescribeInstancesCommand({ InstanceIds: [a.instanceId], MaxResults: 5 })),
      () => c.send(new DescribeVolumesCommand({ VolumeIds: [a.looseVolume], MaxResults: 5 })),
      () => c.send(new DescribeSnapshotsCommand({ SnapshotIds: [a.looseSnapshot], MaxResults: 5 })),
      () => c.send(new DescribeImagesCommand({ ImageIds: [a.imageId], MaxResults: 5 })),
    ];
    for (const call of combos)
      expect(await failure(call())).toMatchObject({ name: 'InvalidParameterCombination', status: 400 });
  });

  it('refuses a NextToken it did not issue', async () => {
    const c = (await emulator()).client();
    const e = await failure(c.send(new DescribeSnapshotsCommand({ MaxResults: 5, NextToken: 'not-a-token' })));
    expect(e.status).toBe(400);
  });

  it('refuses a region that is not enabled with AuthFailure', async () => {
    const h = await emulator();
    expect(await failure(h.client('af-south-1').send(new DescribeInstancesCommand({})))).toMatchObject({
      name: 'AuthFailure',
      status: 401,
    });
  });

  it('sends x-amzn-requestid, which the SDK reports as $metadata.requestId, on answers and errors', async () => {
    const c = (await emulator()).client();
    const a = await c.send(new DescribeRegionsCommand({}));
    const b = await c.send(new DescribeRegionsCommand({}));
    expect(a.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.$metadata.requestId).not.toBe(b.$metadata.requestId);
    expect(a.$metadata.httpStatusCode).toBe(200);
    try {
      await c.send(new DescribeImagesCommand({ ImageIds: [MISSING.image] }));
      expect.unreachable();
    } catch (error) {
      expect((error as { $metadata: { requestId?: string } }).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('throttling', () => {
  it('answers 503 RequestLimitExceeded when a bucket is empty, per action bucket and region, and refills with time', async () => {
    const h = await emulator({ throttle: true });
    const c = h.client();
    const base = await baseImageId(c);
    // RunInstances: bucket of 5, refilled at 2 per second.
    for (let i = 0; i < 5; i++) await launch(c, base);
    const e = await failure(launch(c, base));
    expect(e).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
    // Other buckets and other regions are unaffected.
    await c.send(new DescribeVolumesCommand({}));
    const eu = h.client('eu-west-1');
    await launch(eu, await baseImageId(eu));
    h.clock.advance(500);
    await launch(c, base);
    expect((await failure(launch(c, base))).name).toBe('RequestLimitExceeded');
  });

  it('gives unfiltered, unpaginated describes the smaller bucket', async () => {
    const h = await emulator({ throttle: true });
    const c = h.client();
    for (let i = 0; i < 50; i++) await c.send(new DescribeVolumesCommand({}));
    expect((await failure(c.send(new DescribeVolumesCommand({})))).status).toBe(503);
    // Paginated calls draw from the Describe bucket of 100.
    for (let i = 0; i < 10; i++) await c.send(new DescribeVolumesCommand({ MaxResults: 500 }));
  });

  it('is off unless asked for', async () => {
    const h = await emulator();
    const c = h.client();
    const base = await baseImageId(c);
    for (let i = 0; i < 8; i++) await launch(c, base);
    expect((await getImage(c, base)).State).toBe('available');
  });
});
