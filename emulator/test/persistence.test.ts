import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { afterAll, describe, expect, it } from 'vitest';
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
    const state = JSON.parse(saved);
    expect(state.version).toBe(2);
    expect(state.accounts['123456789012'].regions['us-east-1'].volumes[VolumeId!]).toMatchObject({ sizeGiB: 1 });
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
