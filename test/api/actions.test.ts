import { randomUUID } from 'node:crypto';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  type Image,
  type Instance,
  type Snapshot,
  type Volume,
} from '@aws-sdk/client-ec2';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { type ActionResult, ActionResultSchema } from '@/lib/api/actions';
import { type ApiError, ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import { addFault, clearFaults, get, pointAppAt, startWalkthrough } from './harness';

/**
 * POST /api/actions/* against an in-process emulator seeded with the walkthrough (reset before every test), through
 * the route handler and the real SDK. What each action made is checked in the emulator with a separate SDK client.
 */

type Route = typeof import('@/app/api/actions/[action]/route');

let emulator: RunningEmulator;
let route: Route;
let lineageGET: typeof import('@/app/api/lineage/route').GET;
let clearInventoryCache: () => void;
let ec2: (region?: string) => EC2Client;
const clients = new Map<string, EC2Client>();

const APP = 'http://127.0.0.1:3000';

beforeAll(async () => {
  emulator = await startWalkthrough();
  pointAppAt(emulator.url);
  route = await import('@/app/api/actions/[action]/route');
  ({ GET: lineageGET } = await import('@/app/api/lineage/route'));
  ({ clearInventoryCache } = await import('@/lib/server/inventory'));
  ec2 = (region = 'us-east-1') => {
    let c = clients.get(region);
    if (!c) {
      c = new EC2Client({
        region,
        endpoint: emulator.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      clients.set(region, c);
    }
    return c;
  };
});

afterAll(async () => {
  for (const c of clients.values()) c.destroy();
  await emulator.close();
});

beforeEach(async () => {
  const res = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  expect(res.status).toBe(200);
});

afterEach(async () => {
  vi.restoreAllMocks();
  clearInventoryCache();
  await clearFaults(emulator.url);
});

// --- Calling the route --------------------------------------------------------------------------------------

interface RequestOptions {
  method?: string;
  /** Replaces the default headers (same origin, JSON); undefined removes one. */
  headers?: Record<string, string | undefined>;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string;
}

function request(action: string, body: unknown, options: RequestOptions = {}): NextRequest {
  const method = options.method ?? 'POST';
  const headers = Object.entries({
    'content-type': 'application/json',
    origin: APP,
    'sec-fetch-site': 'same-origin',
    ...options.headers,
  }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new NextRequest(new URL(`/api/actions/${action}`, APP), {
    method,
    headers,
    body: method === 'GET' ? undefined : (options.raw ?? JSON.stringify(body)),
  });
}

interface Answer {
  status: number;
  json: unknown;
}

async function call(action: string, body: unknown, options: RequestOptions = {}): Promise<Answer> {
  const req = request(action, body, options);
  const handler = options.method === 'GET' ? route.GET : route.POST;
  const res = await handler(req, { params: Promise.resolve({ action }) });
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, json: await res.json() };
}

/** The action's answer, which must have this status and be a success. */
async function succeed(action: string, body: unknown, status: 200 | 202): Promise<ActionResult> {
  const answer = await call(action, body);
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  return ActionResultSchema.strict().parse(answer.json);
}

/** The action's error answer, which must have this status and code. */
async function fail(
  action: string,
  body: unknown,
  status: number,
  code: string,
  options?: RequestOptions,
): Promise<ApiError['error']> {
  const answer = await call(action, body, options);
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  const { error } = ApiErrorSchema.parse(answer.json);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

const spyOnEc2 = () => vi.spyOn(emulator.emulator, 'invoke');
const callsOf = (spy: ReturnType<typeof spyOnEc2>, action: string) =>
  spy.mock.calls.filter(([, a]) => a === action).length;

// --- Looking at the emulator ----------------------------------------------------------------------------------

async function instances(region = 'us-east-1', ids?: string[]): Promise<Instance[]> {
  const out = await ec2(region).send(new DescribeInstancesCommand({ InstanceIds: ids }));
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

async function instanceNamed(name: string): Promise<Instance> {
  const found = (await instances()).filter((i) => i.Tags?.some((t) => t.Key === 'Name' && t.Value === name));
  expect(found, `instances named ${name}`).toHaveLength(1);
  return found[0]!;
}

async function images(region = 'us-east-1'): Promise<Image[]> {
  return (await ec2(region).send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? [];
}

async function imageNamed(name: string, region = 'us-east-1'): Promise<Image> {
  const found = (await images(region)).filter((i) => i.Name === name);
  expect(found, `images named ${name} in ${region}`).toHaveLength(1);
  return found[0]!;
}

async function baseImageId(region = 'us-east-1'): Promise<string> {
  const out = await ec2(region).send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  return out.Images!.find((i) => i.Name?.startsWith('al2023-ami-') && i.Architecture === 'x86_64')!.ImageId!;
}

async function snapshots(region = 'us-east-1', ids?: string[]): Promise<Snapshot[]> {
  return (
    (await ec2(region).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], SnapshotIds: ids }))).Snapshots ?? []
  );
}

async function snapshotDescribed(description: string, region = 'us-east-1'): Promise<Snapshot> {
  const found = (await snapshots(region)).filter((s) => s.Description === description);
  expect(found, `snapshots described ${description}`).toHaveLength(1);
  return found[0]!;
}

async function volumes(region = 'us-east-1', filters?: Record<string, string[]>): Promise<Volume[]> {
  const Filters = filters ? Object.entries(filters).map(([Name, Values]) => ({ Name, Values })) : undefined;
  return (await ec2(region).send(new DescribeVolumesCommand({ Filters }))).Volumes ?? [];
}

const attachedTo = (instanceId: string) => volumes('us-east-1', { 'attachment.instance-id': [instanceId] });
const imageSnapshotIds = (image: Image) =>
  (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((id): id is string => !!id);

/** The snapshot of the deregistered AMI OldBuild, which nothing uses any more. */
async function oldBuildSnapshot(): Promise<Snapshot> {
  const used = new Set((await images()).flatMap(imageSnapshotIds));
  const found = (await snapshots()).filter(
    (s) => s.Description?.startsWith('Created by CreateImage') && !used.has(s.SnapshotId!),
  );
  expect(found, 'snapshots of deregistered images').toHaveLength(1);
  return found[0]!;
}

const MISSING = {
  instance: 'i-0123456789abcdef0',
  image: 'ami-0123456789abcdef0',
  snapshot: 'snap-0123456789abcdef0',
  volume: 'vol-0123456789abcdef0',
};
const key = () => randomUUID();

// --- The actions ---------------------------------------------------------------------------------------------

describe('create-image', () => {
  it('creates an AMI and one snapshot per attached volume, each recording its volume and the image', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    const result = await succeed(
      'create-image',
      {
        region: 'us-east-1',
        instanceId: demo.InstanceId,
        name: 'EBSVolDemo v2',
        description: 'second bake',
        noReboot: true,
      },
      202,
    );
    expect(result).toEqual({ imageId: expect.stringMatching(/^ami-[0-9a-f]{17}$/) });

    const image = await imageNamed('EBSVolDemo v2');
    expect(image.ImageId).toBe(result.imageId);
    expect(image.Description).toBe('second bake');
    expect(image.SourceInstanceId).toBe(demo.InstanceId);
    const made = await snapshots('us-east-1', imageSnapshotIds(image));
    expect(made).toHaveLength(2);
    const demoVolumes = (await attachedTo(demo.InstanceId!)).map((v) => v.VolumeId).sort();
    expect(made.map((s) => s.VolumeId).sort()).toEqual(demoVolumes);
    for (const s of made)
      expect(s.Description).toBe(`Created by CreateImage(${demo.InstanceId}) for ${result.imageId}`);
  });

  it('refuses a bad name with 400 naming the field, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    const error = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: MISSING.instance, name: 'no!' },
      400,
      'ValidationError',
    );
    expect(error.field).toBe('name');
    const short = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: MISSING.instance, name: 'ab' },
      400,
      'ValidationError',
    );
    expect(short.field).toBe('name');
    const badId = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: 'i-xyz', name: 'fine name' },
      400,
      'ValidationError',
    );
    expect(badId.field).toBe('instanceId');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 with the EC2 code for an instance that does not exist', async () => {
    const error = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: MISSING.instance, name: 'ghost image' },
      404,
      'InvalidInstanceID.NotFound',
    );
    expect(error.message).toContain(MISSING.instance);
  });

  it('answers 409 InvalidAMIName.Duplicate for a name in use', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    const error = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: demo.InstanceId, name: 'ImageFromEBSVolDemo' },
      409,
      'InvalidAMIName.Duplicate',
    );
    expect(error.message).toContain('ImageFromEBSVolDemo');
  });

  it('answers 409 IncorrectInstanceState for a terminated instance', async () => {
    const launched = await instanceNamed('CreatedFromEBSVolDemoAMI');
    await succeed('terminate-instances', { region: 'us-east-1', instanceIds: [launched.InstanceId] }, 200);
    expect((await instanceNamed('CreatedFromEBSVolDemoAMI')).State?.Name).toBe('terminated');
    const error = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: launched.InstanceId, name: 'from the dead' },
      409,
      'IncorrectInstanceState',
    );
    expect(error.message).toContain('terminated');
  });

  it('dry run: 200 allowed and nothing created; 403 with the code when EC2 refuses', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    const before = (await images()).length;
    const body = { region: 'us-east-1', instanceId: demo.InstanceId, name: 'dry image', dryRun: true };
    expect(await succeed('create-image', body, 200)).toEqual({ dryRun: 'allowed' });
    expect(await images()).toHaveLength(before);

    await addFault(emulator.url, {
      action: 'CreateImage',
      code: 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    });
    const error = await fail('create-image', body, 403, 'UnauthorizedOperation');
    expect(error.message).toBe('You are not authorized to perform this operation.');
    expect(await images()).toHaveLength(before);
  });

  it('a dry run still reports what EC2 would refuse', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    await fail(
      'create-image',
      { region: 'us-east-1', instanceId: demo.InstanceId, name: 'ImageFromEBSVolDemo', dryRun: true },
      409,
      'InvalidAMIName.Duplicate',
    );
  });

  it('two concurrent submissions with one key create one image and answer the same', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    const ec2Calls = spyOnEc2();
    const body = { region: 'us-east-1', instanceId: demo.InstanceId, name: 'clicked twice', idempotencyKey: key() };
    const [a, b] = await Promise.all([call('create-image', body), call('create-image', body)]);
    expect(a).toEqual(b);
    expect(a.status).toBe(202);
    expect(callsOf(ec2Calls, 'CreateImage')).toBe(1);
    expect((await images()).filter((i) => i.Name === 'clicked twice')).toHaveLength(1);

    // A later repeat is answered from memory, without asking EC2 (which would say the name is taken).
    expect(await call('create-image', body)).toEqual(a);
    expect(callsOf(ec2Calls, 'CreateImage')).toBe(1);
  });

  it('the same key with another body is 409 IdempotentParameterMismatch, and nothing is created', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    const idempotencyKey = key();
    await succeed(
      'create-image',
      { region: 'us-east-1', instanceId: demo.InstanceId, name: 'first body', idempotencyKey },
      202,
    );
    const ec2Calls = spyOnEc2();
    await fail(
      'create-image',
      { region: 'us-east-1', instanceId: demo.InstanceId, name: 'second body', idempotencyKey },
      409,
      'IdempotentParameterMismatch',
    );
    expect(callsOf(ec2Calls, 'CreateImage')).toBe(0);
  });

  it('forgets a key whose call failed, so the same submission can be retried', async () => {
    const demo = await instanceNamed('EBSVolDemo');
    const body = { region: 'us-east-1', instanceId: demo.InstanceId, name: 'retried image', idempotencyKey: key() };
    await addFault(emulator.url, { action: 'CreateImage', code: 'UnauthorizedOperation', status: 403, count: 1 });
    await fail('create-image', body, 403, 'UnauthorizedOperation');
    const result = await succeed('create-image', body, 202);
    expect((await imageNamed('retried image')).ImageId).toBe(result.imageId);
  });
});

describe('run-instances', () => {
  it('launches from a base image with a name and an extra volume', async () => {
    const base = await baseImageId();
    const result = await succeed(
      'run-instances',
      {
        region: 'us-east-1',
        imageId: base,
        instanceType: 't3.micro',
        count: 1,
        name: 'web-1',
        extraVolumes: [{ deviceName: '/dev/sdf', sizeGiB: 2 }],
      },
      202,
    );
    expect(result.instanceIds).toHaveLength(1);
    const [instance] = await instances('us-east-1', result.instanceIds);
    expect(instance!.ImageId).toBe(base);
    expect(instance!.InstanceType).toBe('t3.micro');
    expect(instance!.Tags).toContainEqual({ Key: 'Name', Value: 'web-1' });
    const attached = await attachedTo(instance!.InstanceId!);
    const devices = attached.map((v) => [v.Attachments![0]!.Device, v.Size, v.VolumeType]).sort();
    expect(devices).toEqual([
      ['/dev/sdf', 2, 'gp3'],
      ['/dev/xvda', 8, expect.any(String)],
    ]);
  });

  it('launching from an AMI restores each of its snapshots into a new volume, count times', async () => {
    const image = await imageNamed('ImageFromEBSVolDemo');
    const result = await succeed(
      'run-instances',
      { region: 'us-east-1', imageId: image.ImageId, instanceType: 't3.small', count: 2 },
      202,
    );
    expect(result.instanceIds).toHaveLength(2);
    for (const id of result.instanceIds!) {
      const restored = await attachedTo(id);
      expect(restored.map((v) => v.SnapshotId).sort()).toEqual(imageSnapshotIds(image).sort());
    }
  });

  it('refuses invalid input with 400 naming the field, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    const base = { region: 'us-east-1', imageId: MISSING.image, instanceType: 't3.micro', count: 1 };
    expect((await fail('run-instances', { ...base, count: 0 }, 400, 'ValidationError')).field).toBe('count');
    expect((await fail('run-instances', { ...base, count: 1.5 }, 400, 'ValidationError')).field).toBe('count');
    expect((await fail('run-instances', { ...base, instanceType: 'big' }, 400, 'ValidationError')).field).toBe(
      'instanceType',
    );
    expect((await fail('run-instances', { ...base, imageId: 'ami-123' }, 400, 'ValidationError')).field).toBe(
      'imageId',
    );
    expect((await fail('run-instances', { ...base, region: 'moon-1' }, 400, 'ValidationError')).field).toBe('region');
    const badDevice = await fail(
      'run-instances',
      { ...base, extraVolumes: [{ deviceName: '/dev/sda1', sizeGiB: 2 }] },
      400,
      'ValidationError',
    );
    expect(badDevice.field).toBe('extraVolumes.0.deviceName');
    const twice = await fail(
      'run-instances',
      {
        ...base,
        extraVolumes: [
          { deviceName: '/dev/sdf', sizeGiB: 2 },
          { deviceName: '/dev/sdf', sizeGiB: 3 },
        ],
      },
      400,
      'ValidationError',
    );
    expect(twice.field).toBe('extraVolumes.1.deviceName');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('refuses a region Lineage does not work with, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    const error = await fail(
      'run-instances',
      { region: 'ap-south-1', imageId: MISSING.image, instanceType: 't3.micro', count: 1 },
      400,
      'ValidationError',
    );
    expect(error.field).toBe('region');
    expect(error.message).toContain('us-east-1, eu-west-1');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidAMIID.NotFound for an image that does not exist', async () => {
    await fail(
      'run-instances',
      { region: 'us-east-1', imageId: MISSING.image, instanceType: 't3.micro', count: 1 },
      404,
      'InvalidAMIID.NotFound',
    );
  });

  it('passes EC2’s own refusals on with their code', async () => {
    const base = await baseImageId();
    const error = await fail(
      'run-instances',
      { region: 'us-east-1', imageId: base, instanceType: 't4g.micro', count: 1 },
      400,
      'InvalidParameterValue',
    );
    expect(error.message).toMatch(/architecture/);
  });

  it('dry run: 200 allowed, nothing launched', async () => {
    const base = await baseImageId();
    const before = (await instances()).length;
    expect(
      await succeed(
        'run-instances',
        { region: 'us-east-1', imageId: base, instanceType: 't3.micro', count: 3, dryRun: true, idempotencyKey: key() },
        200,
      ),
    ).toEqual({
      dryRun: 'allowed',
    });
    expect(await instances()).toHaveLength(before);
  });

  it('two concurrent submissions with one key launch once (one EC2 call), and EC2’s ClientToken answers a later repeat', async () => {
    const base = await baseImageId();
    const ec2Calls = spyOnEc2();
    const before = (await instances()).length;
    const body = {
      region: 'us-east-1',
      imageId: base,
      instanceType: 't3.micro',
      count: 2,
      name: 'double',
      idempotencyKey: key(),
    };
    const [a, b] = await Promise.all([call('run-instances', body), call('run-instances', body)]);
    expect(a.status).toBe(202);
    expect(a).toEqual(b);
    expect(callsOf(ec2Calls, 'RunInstances')).toBe(1);
    expect(await instances()).toHaveLength(before + 2);

    const again = await call('run-instances', body);
    expect(again).toEqual(a);
    expect(callsOf(ec2Calls, 'RunInstances')).toBe(2);
    expect(ec2Calls.mock.calls.find(([, action]) => action === 'RunInstances')![2]).toMatchObject({
      ClientToken: body.idempotencyKey,
    });
    expect(await instances()).toHaveLength(before + 2);

    await fail('run-instances', { ...body, count: 1 }, 409, 'IdempotentParameterMismatch');
    expect(await instances()).toHaveLength(before + 2);
  });
});

describe('create-snapshot', () => {
  it('snapshots a volume, recording the volume and the description', async () => {
    const scratch = (await volumes('us-east-1', { 'tag:Name': ['scratch'] }))[0]!;
    const result = await succeed(
      'create-snapshot',
      { region: 'us-east-1', volumeId: scratch.VolumeId, description: 'before cleanup' },
      202,
    );
    const [made] = await snapshots('us-east-1', [result.snapshotId!]);
    expect(made!.VolumeId).toBe(scratch.VolumeId);
    expect(made!.Description).toBe('before cleanup');
    expect(made!.VolumeSize).toBe(20);
  });

  it('refuses a malformed volume id or a long description with 400, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    expect(
      (await fail('create-snapshot', { region: 'us-east-1', volumeId: 'volume-1' }, 400, 'ValidationError')).field,
    ).toBe('volumeId');
    const long = await fail(
      'create-snapshot',
      { region: 'us-east-1', volumeId: MISSING.volume, description: 'x'.repeat(256) },
      400,
      'ValidationError',
    );
    expect(long.field).toBe('description');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidVolume.NotFound', async () => {
    await fail('create-snapshot', { region: 'us-east-1', volumeId: MISSING.volume }, 404, 'InvalidVolume.NotFound');
  });

  it('dry run: allowed and nothing created', async () => {
    const scratch = (await volumes('us-east-1', { 'tag:Name': ['scratch'] }))[0]!;
    const before = (await snapshots()).length;
    expect(
      await succeed('create-snapshot', { region: 'us-east-1', volumeId: scratch.VolumeId, dryRun: true }, 200),
    ).toEqual({ dryRun: 'allowed' });
    expect(await snapshots()).toHaveLength(before);
  });

  it('two concurrent submissions with one key make one snapshot; another body with the key is 409', async () => {
    const scratch = (await volumes('us-east-1', { 'tag:Name': ['scratch'] }))[0]!;
    const ec2Calls = spyOnEc2();
    const before = (await snapshots()).length;
    const body = { region: 'us-east-1', volumeId: scratch.VolumeId, description: 'once', idempotencyKey: key() };
    const [a, b] = await Promise.all([call('create-snapshot', body), call('create-snapshot', body)]);
    expect(a.status).toBe(202);
    expect(a).toEqual(b);
    expect(callsOf(ec2Calls, 'CreateSnapshot')).toBe(1);
    expect(await call('create-snapshot', body)).toEqual(a);
    expect(await snapshots()).toHaveLength(before + 1);
    await fail('create-snapshot', { ...body, description: 'twice' }, 409, 'IdempotentParameterMismatch');
    expect(callsOf(ec2Calls, 'CreateSnapshot')).toBe(1);
  });
});

describe('create-volume', () => {
  it('restores a snapshot into a new volume in the zone, at the snapshot’s size unless told', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    const result = await succeed(
      'create-volume',
      { region: 'us-east-1', snapshotId: backup.SnapshotId, availabilityZone: 'us-east-1b' },
      202,
    );
    const [made] = await volumes('us-east-1', { 'volume-id': [result.volumeId!] });
    expect(made!.SnapshotId).toBe(backup.SnapshotId);
    expect(made!.AvailabilityZone).toBe('us-east-1b');
    expect(made!.Size).toBe(backup.VolumeSize);

    const bigger = await succeed(
      'create-volume',
      {
        region: 'us-east-1',
        snapshotId: backup.SnapshotId,
        availabilityZone: 'us-east-1a',
        sizeGiB: 50,
        volumeType: 'gp2',
      },
      202,
    );
    const [big] = await volumes('us-east-1', { 'volume-id': [bigger.volumeId!] });
    expect([big!.Size, big!.VolumeType]).toEqual([50, 'gp2']);
  });

  it('refuses a zone of another region or a bad size with 400, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    const zone = await fail(
      'create-volume',
      { region: 'us-east-1', snapshotId: MISSING.snapshot, availabilityZone: 'eu-west-1a' },
      400,
      'ValidationError',
    );
    expect(zone.field).toBe('availabilityZone');
    const size = await fail(
      'create-volume',
      { region: 'us-east-1', snapshotId: MISSING.snapshot, availabilityZone: 'us-east-1a', sizeGiB: 0 },
      400,
      'ValidationError',
    );
    expect(size.field).toBe('sizeGiB');
    const type = await fail(
      'create-volume',
      { region: 'us-east-1', snapshotId: MISSING.snapshot, availabilityZone: 'us-east-1a', volumeType: 'ssd' },
      400,
      'ValidationError',
    );
    expect(type.field).toBe('volumeType');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidSnapshot.NotFound', async () => {
    await fail(
      'create-volume',
      { region: 'us-east-1', snapshotId: MISSING.snapshot, availabilityZone: 'us-east-1a' },
      404,
      'InvalidSnapshot.NotFound',
    );
  });

  it('passes on EC2’s 400 for a size smaller than the snapshot', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    await fail(
      'create-volume',
      { region: 'us-east-1', snapshotId: backup.SnapshotId, availabilityZone: 'us-east-1a', sizeGiB: 1 },
      400,
      'InvalidParameterValue',
    );
  });

  it('dry run: allowed and nothing created', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    const before = (await volumes()).length;
    expect(
      await succeed(
        'create-volume',
        { region: 'us-east-1', snapshotId: backup.SnapshotId, availabilityZone: 'us-east-1a', dryRun: true },
        200,
      ),
    ).toEqual({
      dryRun: 'allowed',
    });
    expect(await volumes()).toHaveLength(before);
  });

  it('two concurrent submissions with one key make one volume with one EC2 call', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    const ec2Calls = spyOnEc2();
    const before = (await volumes()).length;
    const body = {
      region: 'us-east-1',
      snapshotId: backup.SnapshotId,
      availabilityZone: 'us-east-1a',
      idempotencyKey: key(),
    };
    const [a, b] = await Promise.all([call('create-volume', body), call('create-volume', body)]);
    expect(a.status).toBe(202);
    expect(a).toEqual(b);
    expect(callsOf(ec2Calls, 'CreateVolume')).toBe(1);
    expect(await call('create-volume', body)).toEqual(a);
    expect(await volumes()).toHaveLength(before + 1);
    await fail('create-volume', { ...body, sizeGiB: 40 }, 409, 'IdempotentParameterMismatch');
    expect(await volumes()).toHaveLength(before + 1);
  });
});

describe('copy-image', () => {
  it('copies an AMI into the destination region, with copies of its snapshots that name their sources', async () => {
    const source = await imageNamed('ImageFromEBSVolDemo');
    const result = await succeed(
      'copy-image',
      {
        sourceRegion: 'us-east-1',
        imageId: source.ImageId,
        destinationRegion: 'eu-west-1',
        name: 'ImageFromEBSVolDemo-dr2',
      },
      202,
    );
    const copy = await imageNamed('ImageFromEBSVolDemo-dr2', 'eu-west-1');
    expect(copy.ImageId).toBe(result.imageId);
    expect(copy.SourceImageId).toBe(source.ImageId);
    expect(copy.SourceImageRegion).toBe('us-east-1');
    const copied = await snapshots('eu-west-1', imageSnapshotIds(copy));
    expect(copied).toHaveLength(2);
    for (const s of copied)
      expect(s.Description).toMatch(
        new RegExp(
          `^Copied for DestinationAmi ${result.imageId} from SourceAmi ${source.ImageId} for SourceSnapshot snap-`,
        ),
      );
  });

  it('allows a copy within one region, as AWS does', async () => {
    const source = await imageNamed('ImageFromEBSVolDemo');
    const result = await succeed(
      'copy-image',
      { sourceRegion: 'us-east-1', imageId: source.ImageId, destinationRegion: 'us-east-1', name: 'same-region copy' },
      202,
    );
    expect((await imageNamed('same-region copy')).ImageId).toBe(result.imageId);
  });

  it('refuses invalid input with 400 naming the field, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    const body = { sourceRegion: 'us-east-1', imageId: MISSING.image, destinationRegion: 'eu-west-1', name: 'copy' };
    expect((await fail('copy-image', { ...body, destinationRegion: 'eu-west' }, 400, 'ValidationError')).field).toBe(
      'destinationRegion',
    );
    expect((await fail('copy-image', { ...body, destinationRegion: 'ap-south-1' }, 400, 'ValidationError')).field).toBe(
      'destinationRegion',
    );
    expect((await fail('copy-image', { ...body, name: 'x'.repeat(129) }, 400, 'ValidationError')).field).toBe('name');
    const { name: _name, ...nameless } = body;
    expect((await fail('copy-image', nameless, 400, 'ValidationError')).field).toBe('name');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidAMIID.NotFound for a source image that does not exist', async () => {
    await fail(
      'copy-image',
      { sourceRegion: 'us-east-1', imageId: MISSING.image, destinationRegion: 'eu-west-1', name: 'copy' },
      404,
      'InvalidAMIID.NotFound',
    );
  });

  it('dry run: allowed and nothing copied', async () => {
    const source = await imageNamed('ImageFromEBSVolDemo');
    const before = (await images('eu-west-1')).length;
    const body = {
      sourceRegion: 'us-east-1',
      imageId: source.ImageId,
      destinationRegion: 'eu-west-1',
      name: 'dry copy',
      dryRun: true,
    };
    expect(await succeed('copy-image', body, 200)).toEqual({ dryRun: 'allowed' });
    expect(await images('eu-west-1')).toHaveLength(before);
  });

  it('two concurrent submissions with one key copy once', async () => {
    const source = await imageNamed('ImageFromEBSVolDemo');
    const ec2Calls = spyOnEc2();
    const body = {
      sourceRegion: 'us-east-1',
      imageId: source.ImageId,
      destinationRegion: 'eu-west-1',
      name: 'copied once',
      idempotencyKey: key(),
    };
    const [a, b] = await Promise.all([call('copy-image', body), call('copy-image', body)]);
    expect(a.status).toBe(202);
    expect(a).toEqual(b);
    expect(callsOf(ec2Calls, 'CopyImage')).toBe(1);
    expect(await call('copy-image', body)).toEqual(a);
    expect((await images('eu-west-1')).filter((i) => i.Name === 'copied once')).toHaveLength(1);
  });
});

describe('copy-snapshot', () => {
  it('copies a snapshot into the destination region with EC2’s description naming the source', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    const result = await succeed(
      'copy-snapshot',
      {
        sourceRegion: 'us-east-1',
        snapshotId: backup.SnapshotId,
        destinationRegion: 'eu-west-1',
        description: 'second DR copy',
      },
      202,
    );
    const [copy] = await snapshots('eu-west-1', [result.snapshotId!]);
    expect(copy!.Description).toBe(`[Copied ${backup.SnapshotId} from us-east-1] second DR copy`);
    expect(copy!.VolumeSize).toBe(backup.VolumeSize);
  });

  it('refuses invalid input with 400 naming the field, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    const error = await fail(
      'copy-snapshot',
      { sourceRegion: 'us-east-1', snapshotId: 'snap-', destinationRegion: 'eu-west-1' },
      400,
      'ValidationError',
    );
    expect(error.field).toBe('snapshotId');
    expect(
      (
        await fail(
          'copy-snapshot',
          { snapshotId: MISSING.snapshot, destinationRegion: 'eu-west-1' },
          400,
          'ValidationError',
        )
      ).field,
    ).toBe('sourceRegion');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidSnapshot.NotFound', async () => {
    await fail(
      'copy-snapshot',
      { sourceRegion: 'us-east-1', snapshotId: MISSING.snapshot, destinationRegion: 'eu-west-1' },
      404,
      'InvalidSnapshot.NotFound',
    );
  });

  it('dry run: allowed and nothing copied', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    const before = (await snapshots('eu-west-1')).length;
    expect(
      await succeed(
        'copy-snapshot',
        { sourceRegion: 'us-east-1', snapshotId: backup.SnapshotId, destinationRegion: 'eu-west-1', dryRun: true },
        200,
      ),
    ).toEqual({
      dryRun: 'allowed',
    });
    expect(await snapshots('eu-west-1')).toHaveLength(before);
  });

  it('two concurrent submissions with one key copy once; another body with the key is 409', async () => {
    const backup = await snapshotDescribed('Backup of EBSVolDemo data volume');
    const ec2Calls = spyOnEc2();
    const before = (await snapshots('eu-west-1')).length;
    const body = {
      sourceRegion: 'us-east-1',
      snapshotId: backup.SnapshotId,
      destinationRegion: 'eu-west-1',
      idempotencyKey: key(),
    };
    const [a, b] = await Promise.all([call('copy-snapshot', body), call('copy-snapshot', body)]);
    expect(a.status).toBe(202);
    expect(a).toEqual(b);
    expect(callsOf(ec2Calls, 'CopySnapshot')).toBe(1);
    expect(await snapshots('eu-west-1')).toHaveLength(before + 1);
    await fail('copy-snapshot', { ...body, destinationRegion: 'us-east-1' }, 409, 'IdempotentParameterMismatch');
    expect(callsOf(ec2Calls, 'CopySnapshot')).toBe(1);
  });
});

describe('deregister-image', () => {
  it('deregisters an AMI and, when asked, deletes the snapshots nothing else uses', async () => {
    const unused = await imageNamed('UnusedImage');
    const [snapshotId] = imageSnapshotIds(unused);
    const result = await succeed(
      'deregister-image',
      { region: 'us-east-1', imageId: unused.ImageId, deleteSnapshots: true },
      200,
    );
    expect(result).toEqual({ imageId: unused.ImageId, deletedSnapshotIds: [snapshotId], keptSnapshotIds: [] });
    expect((await images()).some((i) => i.ImageId === unused.ImageId)).toBe(false);
    expect((await snapshots()).some((s) => s.SnapshotId === snapshotId)).toBe(false);
  });

  it('keeps the snapshots unless asked', async () => {
    const unused = await imageNamed('UnusedImage');
    const result = await succeed(
      'deregister-image',
      { region: 'us-east-1', imageId: unused.ImageId, deleteSnapshots: false },
      200,
    );
    expect(result).toEqual({ imageId: unused.ImageId });
    expect(await snapshots('us-east-1', imageSnapshotIds(unused))).toHaveLength(1);
  });

  it('refuses a body without deleteSnapshots with 400, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    expect(
      (await fail('deregister-image', { region: 'us-east-1', imageId: MISSING.image }, 400, 'ValidationError')).field,
    ).toBe('deleteSnapshots');
    expect(
      (
        await fail(
          'deregister-image',
          { region: 'us-east-1', imageId: MISSING.image, deleteSnapshots: 'yes' },
          400,
          'ValidationError',
        )
      ).field,
    ).toBe('deleteSnapshots');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidAMIID.NotFound', async () => {
    await fail(
      'deregister-image',
      { region: 'us-east-1', imageId: MISSING.image, deleteSnapshots: true },
      404,
      'InvalidAMIID.NotFound',
    );
  });

  it('answers 403 UnauthorizedOperation for a public image the account does not own', async () => {
    await fail(
      'deregister-image',
      { region: 'us-east-1', imageId: await baseImageId(), deleteSnapshots: false },
      403,
      'UnauthorizedOperation',
    );
  });

  it('dry run: allowed and nothing deregistered', async () => {
    const unused = await imageNamed('UnusedImage');
    expect(
      await succeed(
        'deregister-image',
        { region: 'us-east-1', imageId: unused.ImageId, deleteSnapshots: true, dryRun: true },
        200,
      ),
    ).toEqual({ dryRun: 'allowed' });
    await imageNamed('UnusedImage');
  });

  it('a double submit with one key deregisters once and both answers are the success', async () => {
    const unused = await imageNamed('UnusedImage');
    const ec2Calls = spyOnEc2();
    const body = { region: 'us-east-1', imageId: unused.ImageId, deleteSnapshots: true, idempotencyKey: key() };
    const [a, b] = await Promise.all([call('deregister-image', body), call('deregister-image', body)]);
    expect(a.status).toBe(200);
    expect(a).toEqual(b);
    expect(callsOf(ec2Calls, 'DeregisterImage')).toBe(1);
  });
});

describe('delete-volume', () => {
  const scratch = async () => (await volumes('us-east-1', { 'tag:Name': ['scratch'] }))[0]!;

  it('deletes an unattached volume', async () => {
    const volume = await scratch();
    expect(await succeed('delete-volume', { region: 'us-east-1', volumeId: volume.VolumeId }, 200)).toEqual({
      volumeId: volume.VolumeId,
    });
    expect(await volumes('us-east-1', { 'tag:Name': ['scratch'] })).toEqual([]);
  });

  it('answers 409 VolumeInUse for an attached volume, and it stays', async () => {
    const attached = (await volumes('us-east-1', { status: ['in-use'] }))[0]!;
    await fail('delete-volume', { region: 'us-east-1', volumeId: attached.VolumeId }, 409, 'VolumeInUse');
    expect(await volumes('us-east-1', { 'volume-id': [attached.VolumeId!] })).toHaveLength(1);
  });

  it('dry run: allowed and nothing deleted', async () => {
    const volume = await scratch();
    expect(
      await succeed('delete-volume', { region: 'us-east-1', volumeId: volume.VolumeId, dryRun: true }, 200),
    ).toEqual({ dryRun: 'allowed' });
    expect(await volumes('us-east-1', { 'tag:Name': ['scratch'] })).toHaveLength(1);
  });

  it('refuses a snapshot id with 400 naming volumeId', async () => {
    expect(
      (await fail('delete-volume', { region: 'us-east-1', volumeId: 'snap-0123456789abcdef0' }, 400, 'ValidationError'))
        .field,
    ).toBe('volumeId');
  });
});

describe('attach-volume and detach-volume', () => {
  const scratch = async () => (await volumes('us-east-1', { 'tag:Name': ['scratch'] }))[0]!;
  /** A running instance in the scratch volume's zone. */
  async function neighbour(zone: string): Promise<Instance> {
    const found = (await instances()).find(
      (i) => i.State?.Name === 'running' && i.Placement?.AvailabilityZone === zone,
    );
    expect(found, `a running instance in ${zone}`).toBeDefined();
    return found!;
  }

  it('attaches the scratch volume, answers a repeat of the key once, and detaches it', async () => {
    const volume = await scratch();
    const instance = await neighbour(volume.AvailabilityZone!);
    const body = {
      region: 'us-east-1',
      volumeId: volume.VolumeId,
      instanceId: instance.InstanceId,
      device: '/dev/sdm',
    };
    const dry = await succeed('attach-volume', { ...body, dryRun: true }, 200);
    expect(dry).toEqual({ dryRun: 'allowed' });
    expect((await scratch()).Attachments ?? []).toEqual([]);

    const ec2Calls = spyOnEc2();
    const idempotencyKey = key();
    const [a, b] = await Promise.all([
      call('attach-volume', { ...body, idempotencyKey }),
      call('attach-volume', { ...body, idempotencyKey }),
    ]);
    expect(a).toEqual(b);
    expect(a.status).toBe(200);
    expect(callsOf(ec2Calls, 'AttachVolume')).toBe(1);
    expect((await scratch()).Attachments?.map((x) => [x.InstanceId, x.Device])).toEqual([
      [instance.InstanceId, '/dev/sdm'],
    ]);
    await fail('delete-volume', { region: 'us-east-1', volumeId: volume.VolumeId }, 409, 'VolumeInUse');

    const detach = { region: 'us-east-1', volumeId: volume.VolumeId, instanceId: instance.InstanceId };
    expect(await succeed('detach-volume', detach, 200)).toEqual({
      volumeId: volume.VolumeId,
      instanceIds: [instance.InstanceId],
    });
    await vi.waitFor(async () => expect((await scratch()).State).toBe('available'), { timeout: 10_000 });
  });

  it('refuses a device name EC2 would not take, naming the field', async () => {
    const volume = await scratch();
    const instance = await neighbour(volume.AvailabilityZone!);
    const body = { region: 'us-east-1', volumeId: volume.VolumeId, instanceId: instance.InstanceId, device: 'sdm' };
    expect((await fail('attach-volume', body, 400, 'ValidationError')).field).toBe('device');
  });
});

describe('delete-snapshot', () => {
  it('deletes a snapshot nothing uses', async () => {
    const leftover = await oldBuildSnapshot();
    expect(await succeed('delete-snapshot', { region: 'us-east-1', snapshotId: leftover.SnapshotId }, 200)).toEqual({
      snapshotId: leftover.SnapshotId,
    });
    expect((await snapshots()).some((s) => s.SnapshotId === leftover.SnapshotId)).toBe(false);
  });

  it('answers 409 InvalidSnapshot.InUse for a snapshot an AMI uses', async () => {
    const image = await imageNamed('ImageFromEBSVolDemo');
    const error = await fail(
      'delete-snapshot',
      { region: 'us-east-1', snapshotId: imageSnapshotIds(image)[0] },
      409,
      'InvalidSnapshot.InUse',
    );
    expect(error.message).toContain(image.ImageId!);
  });

  it('answers 404 InvalidSnapshot.NotFound', async () => {
    await fail(
      'delete-snapshot',
      { region: 'us-east-1', snapshotId: MISSING.snapshot },
      404,
      'InvalidSnapshot.NotFound',
    );
  });

  it('refuses a malformed id with 400, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    expect(
      (
        await fail(
          'delete-snapshot',
          { region: 'us-east-1', snapshotId: 'ami-0123456789abcdef0' },
          400,
          'ValidationError',
        )
      ).field,
    ).toBe('snapshotId');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('dry run: allowed and nothing deleted', async () => {
    const leftover = await oldBuildSnapshot();
    expect(
      await succeed('delete-snapshot', { region: 'us-east-1', snapshotId: leftover.SnapshotId, dryRun: true }, 200),
    ).toEqual({ dryRun: 'allowed' });
    expect(await snapshots('us-east-1', [leftover.SnapshotId!])).toHaveLength(1);
  });

  it('a double submit with one key deletes once and answers success twice, not 404', async () => {
    const leftover = await oldBuildSnapshot();
    const body = { region: 'us-east-1', snapshotId: leftover.SnapshotId, idempotencyKey: key() };
    const [a, b] = await Promise.all([call('delete-snapshot', body), call('delete-snapshot', body)]);
    expect(a).toEqual({ status: 200, json: { snapshotId: leftover.SnapshotId } });
    expect(b).toEqual(a);
    expect(await call('delete-snapshot', body)).toEqual(a);
  });
});

describe('terminate-instances', () => {
  it('terminates instances', async () => {
    const launched = await instanceNamed('CreatedFromEBSVolDemoAMI');
    const result = await succeed(
      'terminate-instances',
      { region: 'us-east-1', instanceIds: [launched.InstanceId] },
      200,
    );
    expect(result).toEqual({ instanceIds: [launched.InstanceId] });
    const [after] = await instances('us-east-1', [launched.InstanceId!]);
    expect(['shutting-down', 'terminated']).toContain(after!.State?.Name);
  });

  it('refuses an empty or malformed list with 400 naming the field, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    expect(
      (await fail('terminate-instances', { region: 'us-east-1', instanceIds: [] }, 400, 'ValidationError')).field,
    ).toBe('instanceIds');
    expect(
      (
        await fail(
          'terminate-instances',
          { region: 'us-east-1', instanceIds: [MISSING.instance, 'i-1'] },
          400,
          'ValidationError',
        )
      ).field,
    ).toBe('instanceIds.1');
    expect(
      (
        await fail(
          'terminate-instances',
          { region: 'us-east-1', instanceIds: MISSING.instance },
          400,
          'ValidationError',
        )
      ).field,
    ).toBe('instanceIds');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('answers 404 InvalidInstanceID.NotFound and terminates none when one id does not exist', async () => {
    const launched = await instanceNamed('CreatedFromEBSVolDemoAMI');
    await fail(
      'terminate-instances',
      { region: 'us-east-1', instanceIds: [launched.InstanceId, MISSING.instance] },
      404,
      'InvalidInstanceID.NotFound',
    );
    expect((await instanceNamed('CreatedFromEBSVolDemoAMI')).State?.Name).toBe('running');
  });

  it('dry run: allowed and nothing terminated; 403 when EC2 refuses', async () => {
    const launched = await instanceNamed('CreatedFromEBSVolDemoAMI');
    const body = { region: 'us-east-1', instanceIds: [launched.InstanceId], dryRun: true };
    expect(await succeed('terminate-instances', body, 200)).toEqual({ dryRun: 'allowed' });
    await addFault(emulator.url, { action: 'TerminateInstances', code: 'UnauthorizedOperation', status: 403 });
    await fail('terminate-instances', body, 403, 'UnauthorizedOperation');
    expect((await instanceNamed('CreatedFromEBSVolDemoAMI')).State?.Name).toBe('running');
  });
});

// --- What every action shares ---------------------------------------------------------------------------------

describe('the request', () => {
  const body = () => ({ region: 'us-east-1', snapshotId: MISSING.snapshot });

  it('refuses another site’s Origin with 403 CrossOrigin, without calling EC2', async () => {
    const ec2Calls = spyOnEc2();
    await fail('delete-snapshot', body(), 403, 'CrossOrigin', {
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    await fail('delete-snapshot', body(), 403, 'CrossOrigin', {
      headers: { origin: 'http://127.0.0.1:3001', 'sec-fetch-site': undefined },
    });
    await fail('delete-snapshot', body(), 403, 'CrossOrigin', {
      headers: { origin: 'null', 'sec-fetch-site': undefined },
    });
    await fail('delete-snapshot', body(), 403, 'CrossOrigin', {
      headers: { origin: 'null', 'sec-fetch-site': 'same-site' },
    });
    await fail('delete-snapshot', body(), 403, 'CrossOrigin', {
      headers: { origin: undefined, 'sec-fetch-site': 'cross-site' },
    });
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('accepts its own origin, through a proxy too, and a request without Origin', async () => {
    // A browser under `Referrer-Policy: no-referrer` sends `Origin: null` with its own same-origin posts.
    await fail('delete-snapshot', body(), 404, 'InvalidSnapshot.NotFound', {
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    await fail('delete-snapshot', body(), 404, 'InvalidSnapshot.NotFound', {
      headers: { origin: undefined, 'sec-fetch-site': undefined },
    });
    await fail('delete-snapshot', body(), 404, 'InvalidSnapshot.NotFound', {
      headers: {
        origin: 'https://lineage.example.com',
        'x-forwarded-host': 'lineage.example.com',
        host: '127.0.0.1:3000',
      },
    });
    await fail('delete-snapshot', body(), 404, 'InvalidSnapshot.NotFound', {
      headers: { origin: 'https://lineage.example.com', host: 'lineage.example.com:443' },
    });
  });

  it('refuses a body that is not application/json with 415', async () => {
    const ec2Calls = spyOnEc2();
    await fail('delete-snapshot', body(), 415, 'UnsupportedMediaType', { headers: { 'content-type': 'text/plain' } });
    await fail('delete-snapshot', body(), 415, 'UnsupportedMediaType', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await fail('delete-snapshot', body(), 415, 'UnsupportedMediaType', { headers: { 'content-type': undefined } });
    await fail('delete-snapshot', body(), 404, 'InvalidSnapshot.NotFound', {
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(callsOf(ec2Calls, 'DeleteSnapshot')).toBe(1);
  });

  it('refuses malformed JSON, an empty body and a body that is not an object with 400', async () => {
    const ec2Calls = spyOnEc2();
    expect(
      (await fail('delete-snapshot', undefined, 400, 'InvalidJson', { raw: '{"region": "us-east-1",' })).message,
    ).toMatch(/not valid JSON/);
    await fail('delete-snapshot', undefined, 400, 'InvalidJson', { raw: '' });
    const array = await fail('delete-snapshot', undefined, 400, 'ValidationError', { raw: '[]' });
    expect(array.field).toBeUndefined();
    await fail('delete-snapshot', undefined, 400, 'ValidationError', { raw: 'null' });
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('refuses a field the action does not take, naming it', async () => {
    const ec2Calls = spyOnEc2();
    const error = await fail(
      'create-image',
      { region: 'us-east-1', instanceId: MISSING.instance, name: 'typo', noreboot: true },
      400,
      'ValidationError',
    );
    expect(error.field).toBe('noreboot');
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('refuses a body over 64 KiB with 413', async () => {
    await fail('create-image', undefined, 413, 'PayloadTooLarge', {
      raw: JSON.stringify({ region: 'us-east-1', description: 'x'.repeat(70_000) }),
    });
  });

  it('answers 404 for an unknown action and 405 for another method', async () => {
    const unknown = await fail('reboot-instances', { region: 'us-east-1' }, 404, 'UnknownAction');
    expect(unknown.message).toContain('create-image');
    const res = await route.GET(request('create-image', undefined, { method: 'GET' }), {
      params: Promise.resolve({ action: 'create-image' }),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('MethodNotAllowed');
    await fail('launch', undefined, 404, 'UnknownAction', { method: 'GET' });
  });

  it('answers a server error from EC2 with 502 and EC2’s code, never 500', async () => {
    // 501 is not retried by the SDK (500, 502, 503 and 504 are, up to maxAttempts: see actions-modes.test.ts).
    await addFault(emulator.url, { action: 'DeleteSnapshot', code: 'NotImplemented', status: 501 });
    const error = await fail('delete-snapshot', body(), 502, 'NotImplemented');
    expect(error.message).toMatch(/Injected fault NotImplemented/);
  });
});

describe('the graph after an action', () => {
  async function lineage() {
    const res = await lineageGET(get('/api/lineage'));
    expect(res.status).toBe(200);
    return LineageResponseSchema.parse(await res.json());
  }

  it('GET /api/lineage shows what an action made at once, without waiting for the cache', async () => {
    const first = await lineage();
    const scratch = first.nodes.find((n) => n.name === 'scratch')!;
    const made = await succeed(
      'create-snapshot',
      { region: 'us-east-1', volumeId: scratch.id, description: 'seen at once' },
      202,
    );
    const after = await lineage();
    const node = after.nodes.find((n) => n.id === made.snapshotId);
    expect(node).toMatchObject({ kind: 'snapshot', region: 'us-east-1' });
    expect(after.edges).toContainEqual(
      expect.objectContaining({ kind: 'snapshot-of', source: scratch.id, target: made.snapshotId }),
    );
  });

  it('a copy appears in the destination region and a deletion disappears', async () => {
    const first = await lineage();
    const source = first.nodes.find(
      (n) => n.kind === 'image' && n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1',
    )!;
    const copy = await succeed(
      'copy-image',
      { sourceRegion: 'us-east-1', imageId: source.id, destinationRegion: 'eu-west-1', name: 'fresh copy' },
      202,
    );
    const leftover = first.nodes.find(
      (n) =>
        n.kind === 'snapshot' && n.region === 'us-east-1' && !n.external && !first.edges.some((e) => e.source === n.id),
    )!;
    await succeed('delete-snapshot', { region: 'us-east-1', snapshotId: leftover.id }, 200);
    const after = await lineage();
    expect(after.nodes.find((n) => n.id === copy.imageId)).toMatchObject({ region: 'eu-west-1', name: 'fresh copy' });
    expect(after.edges).toContainEqual(
      expect.objectContaining({ kind: 'copied', source: source.id, target: copy.imageId }),
    );
    expect(after.nodes.some((n) => n.id === leftover.id && !n.external)).toBe(false);
  });
});
