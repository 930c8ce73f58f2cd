import {
  CreateKeyPairCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { NextRequest } from 'next/server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionResultSchema } from '@/lib/api/actions';
import { LaunchOptionsResponseSchema } from '@/lib/api/launch-options';
import { ApiErrorSchema } from '@/lib/api/lineage';
import { addFault, get, walkthroughApp } from './harness';

/**
 * The launch dialog's server side against the walkthrough emulator with the real SDK: GET /api/launch-options (the
 * region's subnets, security groups and key pairs, the account's instance profiles) and run-instances with them.
 */

const app = walkthroughApp({ LINEAGE_REGIONS: 'us-east-1,eu-west-1,ca-central-1' });
const APP = 'http://127.0.0.1:3000';
const clients = new Map<string, EC2Client>();

function ec2(region: string): EC2Client {
  let client = clients.get(region);
  if (!client) {
    client = new EC2Client({
      region,
      endpoint: app.emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    clients.set(region, client);
  }
  return client;
}

afterAll(() => {
  for (const c of clients.values()) c.destroy();
});

beforeEach(async () => {
  expect((await fetch(`${app.emulator.url}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
});

async function options(region: string) {
  const { GET } = await import('@/app/api/launch-options/route');
  const res = await GET(get(`/api/launch-options?region=${region}`));
  return { status: res.status, json: (await res.json()) as unknown };
}

async function launch(body: Record<string, unknown>) {
  const { POST } = await import('@/app/api/actions/[action]/route');
  const req = new NextRequest(new URL('/api/actions/run-instances', APP), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify(body),
  });
  const res = await POST(req, { params: Promise.resolve({ action: 'run-instances' }) });
  return { status: res.status, json: (await res.json()) as unknown };
}

async function baseImage(region: string): Promise<string> {
  const answer = await ec2(region).send(
    new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }),
  );
  return answer.Images![0]!.ImageId!;
}

describe('GET /api/launch-options', () => {
  it("lists the region's subnets, groups and key pairs and the account's instance profiles", async () => {
    await ec2('us-east-1').send(new CreateKeyPairCommand({ KeyName: 'ops' }));
    const answer = await options('us-east-1');
    expect(answer.status).toBe(200);
    const body = LaunchOptionsResponseSchema.parse(answer.json);
    expect(body.defaultVpcId).toMatch(/^vpc-/);
    if (!body.subnets.readable || !body.securityGroups.readable) throw new Error('expected readable lists');
    expect(body.subnets.items.length).toBeGreaterThan(1);
    expect(body.subnets.items.every((s) => s.vpcId === body.defaultVpcId && s.defaultForAz)).toBe(true);
    expect(body.securityGroups.items).toContainEqual(
      expect.objectContaining({ name: 'default', vpcId: body.defaultVpcId }),
    );
    expect(body.keyPairs).toEqual({ readable: true, items: [{ name: 'ops', type: 'rsa' }] });
    expect(body.instanceProfiles).toEqual({
      readable: true,
      items: [{ name: 'lineage-demo-app', arn: expect.stringMatching(/:instance-profile\/lineage-demo-app$/) }],
    });
  });

  it('says a region without a default VPC has none, and lists its private subnets', async () => {
    const body = LaunchOptionsResponseSchema.parse((await options('ca-central-1')).json);
    expect(body.defaultVpcId).toBeNull();
    if (!body.subnets.readable) throw new Error('expected subnets');
    expect(body.subnets.items.length).toBeGreaterThan(0);
    expect(body.subnets.items.some((s) => s.defaultForAz)).toBe(false);
  });

  it('reports a list the credentials may not read, and answers the others', async () => {
    await addFault(app.emulator.url, { code: 'UnauthorizedOperation', status: 403, action: 'DescribeKeyPairs' });
    await addFault(app.emulator.url, { code: 'AccessDenied', status: 403, service: 'iam' });
    const body = LaunchOptionsResponseSchema.parse((await options('us-east-1')).json);
    expect(body.keyPairs).toMatchObject({ readable: false, code: 'UnauthorizedOperation' });
    expect(body.instanceProfiles).toMatchObject({ readable: false, code: 'AccessDenied' });
    expect(body.subnets.readable).toBe(true);
  });

  it('fails as a whole when EC2 fails otherwise, and refuses unknown regions', async () => {
    await addFault(app.emulator.url, { code: 'InternalError', status: 500, action: 'DescribeSubnets', count: 20 });
    const failed = await options('us-east-1');
    expect(failed.status).toBe(502);
    expect(ApiErrorSchema.parse(failed.json).error.code).toBe('InternalError');
    const unknown = await options('ap-south-1');
    expect(unknown.status).toBe(400);
    expect(ApiErrorSchema.parse(unknown.json).error.field).toBe('region');
  });
});

describe('run-instances with network and access', () => {
  it('launches into the chosen subnet with the groups, key pair, profile and user data (base64)', async () => {
    await ec2('us-east-1').send(new CreateKeyPairCommand({ KeyName: 'ops' }));
    const body = LaunchOptionsResponseSchema.parse((await options('us-east-1')).json);
    if (!body.subnets.readable || !body.securityGroups.readable) throw new Error('expected readable lists');
    const subnet = body.subnets.items[1]!;
    const group = body.securityGroups.items.find((g) => g.vpcId === subnet.vpcId)!;
    const script = '#!/bin/bash\necho héllo > /tmp/hi\n';
    const answer = await launch({
      region: 'us-east-1',
      imageId: await baseImage('us-east-1'),
      instanceType: 't3.micro',
      count: 1,
      subnetId: subnet.id,
      securityGroupIds: [group.id],
      keyName: 'ops',
      iamInstanceProfile: 'lineage-demo-app',
      userData: script,
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    const [id] = ActionResultSchema.parse(answer.json).instanceIds!;
    const described = await ec2('us-east-1').send(new DescribeInstancesCommand({ InstanceIds: [id!] }));
    const instance = described.Reservations![0]!.Instances![0]!;
    expect(instance.SubnetId).toBe(subnet.id);
    expect(instance.Placement?.AvailabilityZone).toBe(subnet.availabilityZone);
    expect(instance.SecurityGroups?.map((g) => g.GroupId)).toEqual([group.id]);
    expect(instance.KeyName).toBe('ops');
    expect(instance.IamInstanceProfile?.Arn).toMatch(/:instance-profile\/lineage-demo-app$/);
    const data = await ec2('us-east-1').send(
      new DescribeInstanceAttributeCommand({ InstanceId: id!, Attribute: 'userData' }),
    );
    expect(Buffer.from(data.UserData!.Value!, 'base64').toString('utf8')).toBe(script);
  });

  it('in a region without a default VPC, a launch without a subnet is 400 on subnetId; with one it launches', async () => {
    const imageId = await baseImage('ca-central-1');
    const base = { region: 'ca-central-1', imageId, instanceType: 't3.micro', count: 1 };
    for (const dryRun of [true, false]) {
      const refused = await launch({ ...base, dryRun });
      expect(refused.status).toBe(400);
      const { error } = ApiErrorSchema.parse(refused.json);
      expect(error).toMatchObject({ code: 'VPCIdNotSpecified', field: 'subnetId' });
    }
    const body = LaunchOptionsResponseSchema.parse((await options('ca-central-1')).json);
    if (!body.subnets.readable) throw new Error('expected subnets');
    const allowed = await launch({ ...base, subnetId: body.subnets.items[0]!.id, dryRun: true });
    expect(allowed.json).toEqual({ dryRun: 'allowed' });
    const launched = await launch({ ...base, subnetId: body.subnets.items[0]!.id });
    expect(launched.status).toBe(202);
  });

  it('refuses bad values with 400 naming the field, without calling EC2', async () => {
    const base = { region: 'us-east-1', imageId: 'ami-0123456789abcdef0', instanceType: 't3.micro', count: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ subnetId: 'sub-1' }, 'subnetId'],
      [{ securityGroupIds: ['group'] }, 'securityGroupIds.0'],
      [{ securityGroupIds: ['sg-0123456789abcdef0', 'sg-0123456789abcdef0'] }, 'securityGroupIds.1'],
      [{ iamInstanceProfile: 'no spaces allowed' }, 'iamInstanceProfile'],
      [{ userData: 'x'.repeat(16 * 1024 + 1) }, 'userData'],
      [{ userData: 'é'.repeat(8 * 1024 + 1) }, 'userData'],
    ];
    for (const [extra, field] of cases) {
      const answer = await launch({ ...base, ...extra });
      expect(answer.status, field).toBe(400);
      expect(ApiErrorSchema.parse(answer.json).error.field).toBe(field);
    }
    const atLimit = await launch({ ...base, userData: 'x'.repeat(16 * 1024), dryRun: true });
    // The size is fine; EC2 answers about the image that does not exist.
    expect(ApiErrorSchema.parse(atLimit.json).error.code).toBe('InvalidAMIID.NotFound');
  });

  it('points EC2’s refusal of an unknown key pair at keyName', async () => {
    const answer = await launch({
      region: 'us-east-1',
      imageId: await baseImage('us-east-1'),
      instanceType: 't3.micro',
      count: 1,
      keyName: 'nobody',
    });
    expect(answer.status).toBe(404);
    expect(ApiErrorSchema.parse(answer.json).error).toMatchObject({
      code: 'InvalidKeyPair.NotFound',
      field: 'keyName',
    });
  });
});
