import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateVolumeCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../state';
import { ManualClock } from '../clock';
import { StateFileError } from '../persistence';
import { startEmulator } from '../server';
import { T0, getVolumes, inventory, perTest } from './harness';

const emulator = perTest();
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    const running = await promise;
    await (running as { close(): Promise<void> }).close();
  } catch (error) {
    return error;
  }
  throw new Error('expected startEmulator to reject');
}

describe('state file', () => {
  it('round trip: a restarted emulator has the same resources, and does not reseed its scenario', async () => {
    const statePath = join(tempDir(), 'nested', 'state.json');
    const clock = new ManualClock(T0);
    const first = await emulator({ statePath, scenario: 'walkthrough', clock, delayMs: 1000 });
    expect(first.running.emulator.restored).toBe(false);
    const c = first.client();
    const made = await c.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1b',
        Size: 7,
        ClientToken: 'persisted-token',
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'kept' }] }],
      }),
    );
    const before = await inventory(first);
    await first.close();

    const second = await emulator({ statePath, scenario: 'empty', clock, delayMs: 1000 });
    expect(second.running.emulator.restored).toBe(true);
    expect(second.running.emulator.scenario).toBe('walkthrough');
    expect(await inventory(second)).toEqual(before);
    // What was still in progress carries on after the restart.
    expect((await getVolumes(second.client(), [made.VolumeId!]))[0]!.State).toBe('creating');
    clock.advance(1000);
    expect((await getVolumes(second.client(), [made.VolumeId!]))[0]).toMatchObject({
      State: 'available',
      Size: 7,
      Tags: [{ Key: 'Name', Value: 'kept' }],
    });
    // Client tokens survive too.
    const again = await second.client().send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1b',
        Size: 7,
        ClientToken: 'persisted-token',
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'kept' }] }],
      }),
    );
    expect(again.VolumeId).toBe(made.VolumeId);
  });

  it('writes the file after every mutation through a temporary file and a rename', async () => {
    const dir = tempDir();
    const statePath = join(dir, 'state.json');
    const h = await emulator({ statePath });
    const inodeBefore = statSync(statePath).ino;
    const { VolumeId } = await h.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    const saved = readFileSync(statePath, 'utf8');
    const state = JSON.parse(saved) as EmulatorState;
    expect(state.version).toBe(2);
    expect(state.accounts['123456789012']!.regions['us-east-1']!.volumes[VolumeId!]).toMatchObject({ sizeGiB: 1 });
    // A rename puts a new file in place; writing in place would keep the inode.
    expect(statSync(statePath).ino).not.toBe(inodeBefore);
    expect(readdirSync(dir)).toEqual(['state.json']);
    // Reads do not write.
    const inode = statSync(statePath).ino;
    await h.client().send(new DescribeVolumesCommand({}));
    expect(statSync(statePath).ino).toBe(inode);
  });

  it('refuses to start on a corrupt file and leaves it untouched', async () => {
    const statePath = join(tempDir(), 'state.json');
    const corrupt = '{"version":1,"scenario":"walkthrough", this is not json';
    writeFileSync(statePath, corrupt);
    const mtime = statSync(statePath).mtimeMs;
    const error = await rejection(startEmulator({ port: 0, statePath, scenario: 'walkthrough' }));
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).name).toBe('StateFileError');
    expect((error as Error).message).toContain(statePath);
    expect((error as Error).message).toContain('not valid JSON');
    expect(readFileSync(statePath, 'utf8')).toBe(corrupt);
    expect(statSync(statePath).mtimeMs).toBe(mtime);
  });

  it('refuses a file that is JSON but not an emulator state', async () => {
    const statePath = join(tempDir(), 'state.json');
    for (const text of [
      '[]',
      '{"version":2,"scenario":"x","accountId":"1","counter":0,"regions":{}}',
      '{"version":1,"scenario":"x","accountId":"1","counter":0,"regions":{"us-east-1":{}}}',
    ]) {
      writeFileSync(statePath, text);
      const error = await rejection(startEmulator({ port: 0, statePath }));
      expect(error).toBeInstanceOf(StateFileError);
      expect(readFileSync(statePath, 'utf8')).toBe(text);
    }
  });

  it('refuses a path it cannot read', async () => {
    const statePath = join(tempDir(), 'state.json');
    mkdirSync(statePath);
    const error = await rejection(startEmulator({ port: 0, statePath }));
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain('cannot be read');
    expect(statSync(statePath).isDirectory()).toBe(true);
  });
});

describe('state file version 2: accounts', () => {
  it('loads a version-1 file as the default account, Amazon’s images beside it, and saves it as version 2', async () => {
    const statePath = join(tempDir(), 'state.json');
    const clock = new ManualClock(T0);
    const first = await emulator({ statePath, scenario: 'walkthrough', clock });
    const before = await inventory(first);
    await first.close();
    // The same state as version 1 wrote it: one account, the public images in its regions.
    const v2 = JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorState;
    const own = v2.accounts[v2.defaultAccountId]!.regions;
    const amazon = v2.accounts['137112412989']!.regions;
    const regions = Object.fromEntries(
      Object.keys(own).map((name) => {
        const { usageReports: _reports, ...region } = own[name]!;
        return [
          name,
          {
            ...region,
            images: { ...amazon[name]!.images, ...region.images },
            snapshots: { ...amazon[name]!.snapshots, ...region.snapshots },
          },
        ];
      }),
    );
    writeFileSync(
      statePath,
      JSON.stringify({ version: 1, scenario: v2.scenario, accountId: '123456789012', counter: v2.counter, regions }),
    );

    const second = await emulator({ statePath, clock });
    expect(second.running.emulator.restored).toBe(true);
    expect(await inventory(second)).toEqual(before);
    await second.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    expect((JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorState).version).toBe(2);
  });

  it('keeps the accounts, the organization and issued session keys across a restart', async () => {
    const statePath = join(tempDir(), 'state.json');
    const clock = new ManualClock(T0);
    const first = await emulator({ statePath, scenario: 'organization', clock });
    const { Credentials } = await first
      .as('test')
      .sts()
      .send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/LineageReader', RoleSessionName: 'kept' }),
      );
    await first.close();
    const second = await emulator({ statePath, clock });
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    expect((await second.as(session).sts().send(new GetCallerIdentityCommand({}))).Account).toBe('444455556666');
    expect((await second.as('AKIATOOLINGEXAMPLE').sts().send(new GetCallerIdentityCommand({}))).Account).toBe(
      '111122223333',
    );
    const { Accounts } = await second.as('test').organizations().send(new ListAccountsCommand({}));
    expect(Accounts).toHaveLength(5);
  });

  it('survives kill -9 of the emulator process: what was answered is in the file', { timeout: 60_000 }, async () => {
    const statePath = join(tempDir(), 'state.json');
    const first = await cliEmulator(statePath, 'organization');
    const prod = new EC2Client({
      region: 'us-east-1',
      endpoint: first.url,
      credentials: { accessKeyId: 'AKIAPRODEXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const { VolumeId } = await prod.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 3 }));
    first.process.kill('SIGKILL');
    await once(first.process, 'exit');
    prod.destroy();

    const second = await cliEmulator(statePath, 'empty');
    try {
      const again = new EC2Client({
        region: 'us-east-1',
        endpoint: second.url,
        credentials: { accessKeyId: 'AKIAPRODEXAMPLE', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
      expect((await again.send(new DescribeVolumesCommand({ VolumeIds: [VolumeId!] }))).Volumes).toHaveLength(1);
      again.destroy();
      expect(readdirSync(dirname(statePath))).toEqual(['state.json']);
    } finally {
      second.process.kill('SIGTERM');
      await once(second.process, 'exit');
    }
  });
});

/** The emulator's CLI in a process of its own (one process: tsx as a loader), on a free port. */
async function cliEmulator(statePath: string, scenario: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'emulator/cli.ts', '--port', String(port), '--scenario', scenario, '--state', statePath],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 300; tries++) {
    if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/_emulator/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the emulator did not start within 30 s');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
