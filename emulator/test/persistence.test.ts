import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeVolumesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../state';
import { ManualClock } from '../clock';
import { StateFileError } from '../persistence';
import { startEmulator } from '../server';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { T0, baseImageId, failure, getVolumes, inventory, perTest } from './harness';

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

  it('appends each change as one line, in proportion to the change; reads write nothing', async () => {
    const dir = tempDir();
    const statePath = join(dir, 'state.json');
    const h = await emulator({ statePath, scenario: 'walkthrough' });
    const snapshot = readFileSync(statePath, 'utf8');
    expect(lines(statePath)).toHaveLength(1);
    expect((JSON.parse(snapshot) as EmulatorState).version).toBe(2);
    const inode = statSync(statePath).ino;
    const { VolumeId } = await h.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    const [, change] = lines(statePath);
    // Appended in place, not rewritten.
    expect(statSync(statePath).ino).toBe(inode);
    expect(readFileSync(statePath, 'utf8').startsWith(snapshot)).toBe(true);
    expect(change!.length).toBeLessThan(snapshot.length / 10);
    const changes = JSON.parse(change!) as { op: string; path?: string[]; value: Record<string, unknown> }[];
    expect(changes).toContainEqual({
      op: 'record',
      path: ['123456789012', 'us-east-1', 'volumes', VolumeId],
      value: expect.objectContaining({ id: VolumeId, sizeGiB: 1 }),
    });
    // The counter, the volume, the SDK's idempotency token, and the CloudTrail event with its caller, new here.
    expect(changes.map((c) => `${c.op} ${c.op === 'record' ? c.path![2] : ''}`.trim())).toEqual([
      'meta',
      'record volumes',
      'record clientTokens',
      'actor',
      'event',
    ]);
    // Reads do not write.
    const size = statSync(statePath).size;
    await h.client().send(new DescribeVolumesCommand({}));
    expect(statSync(statePath).size).toBe(size);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('replays the journal on restart: records made, changed and deleted, keys and the CloudTrail log', async () => {
    const statePath = join(tempDir(), 'state.json');
    const clock = new ManualClock(T0);
    const first = await emulator({ statePath, scenario: 'organization', clock });
    const prod = first.as(ORG.prod.accessKey).ec2();
    const { VolumeId } = await prod.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 2 }));
    await prod.send(new CreateTagsCommand({ Resources: [VolumeId!], Tags: [{ Key: 'Name', Value: 'journaled' }] }));
    const doomed = await prod.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 3 }));
    await prod.send(new DeleteVolumeCommand({ VolumeId: doomed.VolumeId }));
    await first
      .as('test')
      .sts()
      .send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ORG.prod.id}:role/LineageReader`,
          RoleSessionName: 'journal',
        }),
      );
    const volumes = await prod.send(new DescribeVolumesCommand({}));
    const trail = await first.as(ORG.prod.accessKey).cloudtrail().send(new LookupEventsCommand({}));
    expect(lines(statePath).length).toBeGreaterThan(4);
    // A copy of the file as it is now, journal and all (closing compacts it).
    const copy = join(tempDir(), 'state.json');
    copyFileSync(statePath, copy);

    const second = await emulator({ statePath: copy, clock });
    const prod2 = second.as(ORG.prod.accessKey);
    expect({ ...(await prod2.ec2().send(new DescribeVolumesCommand({}))), $metadata: {} }).toEqual({
      ...volumes,
      $metadata: {},
    });
    expect((await prod2.cloudtrail().send(new LookupEventsCommand({}))).Events).toEqual(trail.Events);
    expect(trail.Events!.map((e) => e.EventName).slice(0, 5)).toEqual([
      'AssumeRole',
      'DeleteVolume',
      'CreateVolume',
      'CreateTags',
      'CreateVolume',
    ]);
    expect((await failure(prod2.ec2().send(new DescribeVolumesCommand({ VolumeIds: [doomed.VolumeId!] })))).name).toBe(
      'InvalidVolume.NotFound',
    );
  });

  it('compacts the journal once it has grown, and when it closes', async () => {
    const dir = tempDir();
    const statePath = join(dir, 'state.json');
    const h = await emulator({ statePath });
    const c = h.client();
    const { VolumeId } = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    // Fifty long tags a call: the journal passes a megabyte and half the snapshot's size after some 70 calls.
    let calls = 0;
    while (lines(statePath).length > 1 || calls === 0) {
      calls += 1;
      if (calls > 200) throw new Error('the journal was never compacted');
      await c.send(new CreateTagsCommand({ Resources: [VolumeId!], Tags: bigTags(calls) }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(calls).toBeGreaterThan(10);
    expect(h.running.emulator.stateFileStats).toMatchObject({ journalBytes: 0, changes: 0 });
    expect(readdirSync(dir)).toEqual(['state.json']);
    await c.send(new CreateTagsCommand({ Resources: [VolumeId!], Tags: bigTags(0) }));
    expect(lines(statePath)).toHaveLength(2);
    const before = await inventory(h);
    await h.close();
    // Closing compacts: one line, the whole state, readable as plain JSON.
    expect(lines(statePath)).toHaveLength(1);
    expect((JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorState).version).toBe(2);
    const again = await emulator({ statePath });
    expect(await inventory(again)).toEqual(before);
  });

  it('ignores a torn last line (a write cut short), and cuts it off before appending', async () => {
    const statePath = join(tempDir(), 'state.json');
    const clock = new ManualClock(T0);
    const first = await emulator({ statePath, scenario: 'walkthrough', clock });
    await first.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 5 }));
    const answered = await inventory(first);
    const torn = join(tempDir(), 'state.json');
    copyFileSync(statePath, torn);
    // Half of the next change's line, as a crash in the middle of writing it leaves it.
    await first.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 6 }));
    const next = lines(statePath).at(-1)!;
    appendFileSync(torn, next.slice(0, Math.floor(next.length / 2)));

    const second = await emulator({ statePath: torn, clock });
    expect(await inventory(second)).toEqual(answered);
    const { VolumeId } = await second
      .client()
      .send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 7 }));
    // The torn bytes are gone: every line is whole.
    for (const line of lines(torn)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const copy = join(tempDir(), 'state.json');
    copyFileSync(torn, copy);
    const third = await emulator({ statePath: copy, clock });
    expect((await getVolumes(third.client(), [VolumeId!]))[0]!.Size).toBe(7);
  });

  it('refuses a file whose journal is corrupt before its last line, naming the line', async () => {
    const statePath = join(tempDir(), 'state.json');
    const first = await emulator({ statePath });
    await first.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    await first.client().send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 2 }));
    const [snapshot, , third] = lines(statePath);
    const corrupt = join(tempDir(), 'state.json');
    writeFileSync(corrupt, `${snapshot}\n{"not":"changes"}\n${third}\n`);
    const error = await rejection(startEmulator({ port: 0, statePath: corrupt }));
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain('line 2');
    expect(readFileSync(corrupt, 'utf8')).toBe(`${snapshot}\n{"not":"changes"}\n${third}\n`);
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
    await second.close();
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
  it(
    'survives kill -9 in the middle of writing a change: the torn change is dropped, never half-applied',
    {
      timeout: 240_000,
    },
    async () => {
      const statePath = join(tempDir(), 'state.json');
      let generation = 0;
      const volumeIds: string[] = [];
      let tornSeen = 0;
      for (let attempt = 0; attempt < 8 && tornSeen === 0; attempt++) {
        const running = await cliEmulator(statePath, 'empty');
        const ec2 = new EC2Client({
          region: 'us-east-1',
          endpoint: running.url,
          credentials: { accessKeyId: 'test', secretAccessKey: 'x' },
          maxAttempts: 1,
        });
        try {
          const { Volumes } = await ec2.send(new DescribeVolumesCommand({}));
          // Every volume carries the generation of the last whole CreateTags: never a mix of two.
          const seen = new Set(Volumes!.map((v) => v.Tags?.find((t) => t.Key === 'k00')?.Value?.split('-')[0]));
          if (attempt > 0) {
            expect(seen.size).toBe(1);
            expect(Number([...seen][0])).toBeGreaterThanOrEqual(generation);
            generation = Number([...seen][0]);
          } else {
            for (let i = 0; i < 10; i++) {
              const { Instances } = await ec2.send(
                new RunInstancesCommand({ ImageId: await baseImageId(ec2), MinCount: 20, MaxCount: 20 }),
              );
              volumeIds.push(...Instances!.map((i) => i.BlockDeviceMappings![0]!.Ebs!.VolumeId!));
            }
          }
          // Tag every volume again and again (megabytes a change); after two whole changes, watch the file for a
          // line being written and kill the emulator then.
          const tag = async (g: number) => {
            await ec2.send(new CreateTagsCommand({ Resources: volumeIds, Tags: bigTags(g) }));
            generation = g;
          };
          await tag(generation + 1);
          await tag(generation + 1);
          const killed = killWhileWriting(statePath, running.process);
          for (let g = generation + 1; alive(running.process) && g < generation + 200; g++) {
            try {
              await tag(g);
            } catch {
              break;
            }
          }
          if (await killed) tornSeen += 1;
        } finally {
          ec2.destroy();
          if (alive(running.process)) {
            running.process.kill('SIGKILL');
            await once(running.process, 'exit');
          }
        }
      }
      expect(tornSeen).toBeGreaterThan(0);
      const last = await cliEmulator(statePath, 'empty');
      try {
        const ec2 = new EC2Client({
          region: 'us-east-1',
          endpoint: last.url,
          credentials: { accessKeyId: 'test', secretAccessKey: 'x' },
          maxAttempts: 1,
        });
        const { Volumes } = await ec2.send(new DescribeVolumesCommand({}));
        ec2.destroy();
        expect(Volumes).toHaveLength(200);
        const seen = new Set(Volumes!.map((v) => v.Tags?.find((t) => t.Key === 'k00')?.Value?.split('-')[0]));
        expect([...seen]).toEqual([String(generation)]);
      } finally {
        last.process.kill('SIGTERM');
        await once(last.process, 'exit');
      }
    },
  );
});

/** Kills the process with SIGKILL the moment the state file does not end in a newline; true when the torn line stayed. */
async function killWhileWriting(path: string, child: ChildProcess): Promise<boolean> {
  const byte = Buffer.alloc(1);
  for (let polls = 0; polls < 2_000_000 && alive(child); polls++) {
    // Opened afresh each time: a compaction renames a new file over the old one.
    const fd = openSync(path, 'r');
    try {
      const { size } = fstatSync(fd);
      if (size > 0 && readSync(fd, byte, 0, 1, size - 1) === 1 && byte[0] !== 0x0a) {
        child.kill('SIGKILL');
        await once(child, 'exit');
        return !readFileSync(path).subarray(-1).equals(Buffer.from('\n'));
      }
    } finally {
      closeSync(fd);
    }
    if (polls % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Fifty tags of some 260 bytes each, all naming the generation. */
function bigTags(generation: number): { Key: string; Value: string }[] {
  return Array.from({ length: 50 }, (_, i) => ({
    Key: `k${String(i).padStart(2, '0')}`,
    Value: `${generation}-`.padEnd(250, 'x'),
  }));
}

/** The file's lines, without the empty one after the last newline. */
function lines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

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
