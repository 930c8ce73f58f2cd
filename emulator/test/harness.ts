import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  type Image,
  type Instance,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  type Snapshot,
  type Volume,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EBSClient } from '@aws-sdk/client-ebs';
import { IAMClient } from '@aws-sdk/client-iam';
import { RbinClient } from '@aws-sdk/client-rbin';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { afterEach } from 'vitest';
import { ManualClock } from '../clock';
import { type RunningEmulator, type ServerOptions, startEmulator } from '../server';

/** Shared helpers for the emulator's contract tests: start on port 0, one SDK client per region, always closed. */

export const T0 = Date.parse('2026-11-21T10:00:00.000Z');

/** An access key id (any secret), or whole credentials such as AssumeRole's. */
export type Credentials = string | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Real SDK clients for every service the emulator speaks, signed with one set of credentials. */
export interface Clients {
  ec2(region?: string): EC2Client;
  sts(): STSClient;
  organizations(): OrganizationsClient;
  cloudtrail(region?: string): CloudTrailClient;
  ebs(region?: string): EBSClient;
  iam(): IAMClient;
  rbin(region?: string): RbinClient;
}

export interface Harness {
  running: RunningEmulator;
  url: string;
  clock: ManualClock;
  /** A real SDK client for a region (default us-east-1), no retries. */
  client(region?: string): EC2Client;
  /** Clients that call as the given access key or credentials. */
  as(credentials: Credentials): Clients;
  close(): Promise<void>;
}

/** Emulator options for tests: the clock, when given, is a ManualClock the test moves. */
export type TestOptions = Omit<ServerOptions, 'clock'> & { clock?: ManualClock };

/** Starts an emulator on a free port, with the empty scenario, delayMs 0 and a ManualClock at T0 unless told. */
export async function start(options: TestOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new ManualClock(T0);
  const running = await startEmulator({ port: 0, delayMs: 0, scenario: 'empty', ...options, clock });
  const clients = new Map<string, { destroy(): void }>();
  let closed: Promise<void> | undefined;
  const cached = <C extends { destroy(): void }>(key: string, make: () => C): C => {
    let c = clients.get(key) as C | undefined;
    if (!c) {
      c = make();
      clients.set(key, c);
    }
    return c;
  };
  const as = (given: Credentials): Clients => {
    const credentials = typeof given === 'string' ? { accessKeyId: given, secretAccessKey: 'test' } : given;
    const config = { endpoint: running.url, credentials, maxAttempts: 1 };
    const key = JSON.stringify(credentials);
    return {
      ec2: (region = 'us-east-1') => cached(`ec2/${region}/${key}`, () => new EC2Client({ ...config, region })),
      sts: () => cached(`sts/${key}`, () => new STSClient({ ...config, region: 'us-east-1' })),
      organizations: () =>
        cached(`organizations/${key}`, () => new OrganizationsClient({ ...config, region: 'us-east-1' })),
      cloudtrail: (region = 'us-east-1') =>
        cached(`cloudtrail/${region}/${key}`, () => new CloudTrailClient({ ...config, region })),
      ebs: (region = 'us-east-1') => cached(`ebs/${region}/${key}`, () => new EBSClient({ ...config, region })),
      iam: () => cached(`iam/${key}`, () => new IAMClient({ ...config, region: 'us-east-1' })),
      rbin: (region = 'us-east-1') => cached(`rbin/${region}/${key}`, () => new RbinClient({ ...config, region })),
    };
  };
  return {
    running,
    url: running.url,
    clock,
    client: (region = 'us-east-1') => as('test').ec2(region),
    as,
    close() {
      for (const c of clients.values()) c.destroy();
      clients.clear();
      closed ??= running.close();
      return closed;
    },
  };
}

/** Starts an emulator for one test and closes it after that test. */
export function perTest(): (options?: TestOptions) => Promise<Harness> {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  return async (options) => {
    const h = await start(options);
    open.push(h);
    return h;
  };
}

export interface SdkFailure {
  name: string;
  code?: string;
  status?: number;
  message: string;
}

/** Awaits a call that must fail and returns what the SDK saw: error name/Code and HTTP status. */
export async function failure(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, code: e.Code, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Posts raw form parameters, unsigned (region: us-east-1), and returns the status and body. */
export async function rawPost(url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The Amazon Linux x86_64 base image of a region. */
export async function baseImageId(client: EC2Client): Promise<string> {
  const { Images } = await client.send(
    new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-*-x86_64'] }] }),
  );
  const id = Images?.[0]?.ImageId;
  if (!id) throw new Error('no base image');
  return id;
}

/** Small typed lookups over the SDK, for assertions. */
export async function getInstance(client: EC2Client, id: string): Promise<Instance> {
  const { Reservations } = await client.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const instance = Reservations?.[0]?.Instances?.[0];
  if (!instance) throw new Error(`no instance ${id}`);
  return instance;
}

export async function getImage(client: EC2Client, id: string): Promise<Image> {
  const { Images } = await client.send(new DescribeImagesCommand({ ImageIds: [id] }));
  if (!Images?.[0]) throw new Error(`no image ${id}`);
  return Images[0];
}

export async function getSnapshots(client: EC2Client, ids: string[]): Promise<Snapshot[]> {
  const { Snapshots } = await client.send(new DescribeSnapshotsCommand({ SnapshotIds: ids }));
  return ids.map((id) => {
    const s = Snapshots?.find((x) => x.SnapshotId === id);
    if (!s) throw new Error(`no snapshot ${id}`);
    return s;
  });
}

export async function getVolumes(client: EC2Client, ids: string[]): Promise<Volume[]> {
  const { Volumes } = await client.send(new DescribeVolumesCommand({ VolumeIds: ids }));
  return ids.map((id) => {
    const v = Volumes?.find((x) => x.VolumeId === id);
    if (!v) throw new Error(`no volume ${id}`);
    return v;
  });
}

/** Launches one t3.micro, optionally with extra block device mappings, and returns it. */
export async function launch(
  client: EC2Client,
  imageId: string,
  extra: Partial<RunInstancesCommandInput> = {},
): Promise<Instance> {
  const { Instances } = await client.send(
    new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...extra }),
  );
  const instance = Instances?.[0];
  if (!instance) throw new Error('RunInstances returned no instance');
  return instance;
}

export const DATA_VOLUME = {
  DeviceName: '/dev/sdf',
  Ebs: { VolumeSize: 2, VolumeType: 'gp3' as const, DeleteOnTermination: false },
};

export const deviceVolume = (instance: Instance, device: string): string => {
  const id = instance.BlockDeviceMappings?.find((m) => m.DeviceName === device)?.Ebs?.VolumeId;
  if (!id) throw new Error(`no volume at ${device} on ${instance.InstanceId}`);
  return id;
};

/**
 * Everything an account holds in the given regions, as the SDK describes it: used to show that a call changed
 * nothing.
 */
export async function inventory(h: Harness, regions = ['us-east-1', 'eu-west-1']): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const region of regions) {
    const c = h.client(region);
    const strip = <T extends { $metadata?: unknown }>(r: T) => ({ ...r, $metadata: undefined });
    out[region] = {
      instances: strip(await c.send(new DescribeInstancesCommand({}))),
      volumes: strip(await c.send(new DescribeVolumesCommand({}))),
      snapshots: strip(await c.send(new DescribeSnapshotsCommand({}))),
      images: strip(await c.send(new DescribeImagesCommand({}))),
    };
  }
  return out;
}
