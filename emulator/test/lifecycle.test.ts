import {
  CopyImageCommand,
  CopySnapshotCommand,
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeImageReferencesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  DATA_VOLUME,
  baseImageId,
  deviceVolume,
  failure,
  getImage,
  getInstance,
  getSnapshots,
  getVolumes,
  launch,
  perTest,
} from './harness';

/** Transitions with an injected ManualClock and a 1 s delay: nothing moves until the clock does. */
const emulator = perTest();
const DELAY = 1000;

async function running() {
  const h = await emulator({ delayMs: DELAY });
  const c = h.client();
  const base = await baseImageId(c);
  const instance = await launch(c, base, { BlockDeviceMappings: [DATA_VOLUME] });
  h.clock.advance(DELAY);
  return { h, c, base, instance, id: instance.InstanceId! };
}

describe('state transitions', () => {
  it('an instance is pending for delayMs, then running', async () => {
    const h = await emulator({ delayMs: DELAY });
    const c = h.client();
    const i = await launch(c, await baseImageId(c));
    expect(i.State).toEqual({ Code: 0, Name: 'pending' });
    h.clock.advance(DELAY - 1);
    expect((await getInstance(c, i.InstanceId!)).State).toEqual({ Code: 0, Name: 'pending' });
    h.clock.advance(1);
    expect((await getInstance(c, i.InstanceId!)).State).toEqual({ Code: 16, Name: 'running' });
  });

  it('stopping → stopped, then pending → running again; shutting-down → terminated', async () => {
    const { h, c, id } = await running();
    await c.send(new StopInstancesCommand({ InstanceIds: [id] }));
    h.clock.advance(DELAY / 2);
    expect((await getInstance(c, id)).State).toEqual({ Code: 64, Name: 'stopping' });
    h.clock.advance(DELAY / 2);
    expect((await getInstance(c, id)).State).toEqual({ Code: 80, Name: 'stopped' });
    await c.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect((await getInstance(c, id)).State?.Name).toBe('pending');
    h.clock.advance(DELAY);
    expect((await getInstance(c, id)).State?.Name).toBe('running');
    const instance = await getInstance(c, id);
    const root = deviceVolume(instance, '/dev/xvda');
    await c.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    h.clock.advance(DELAY - 1);
    expect((await getInstance(c, id)).State).toEqual({ Code: 32, Name: 'shutting-down' });
    // Volumes are released only when the instance is terminated.
    expect((await getVolumes(c, [root]))[0]!.State).toBe('in-use');
    h.clock.advance(1);
    expect((await getInstance(c, id)).State).toEqual({ Code: 48, Name: 'terminated' });
    expect((await failure(getVolumes(c, [root]))).name).toBe('InvalidVolume.NotFound');
  });

  it("a snapshot's Progress moves from 0% to 100% while it is pending", async () => {
    const { h, c, instance } = await running();
    const snap = await c.send(new CreateSnapshotCommand({ VolumeId: deviceVolume(instance, '/dev/sdf') }));
    expect(snap).toMatchObject({ State: 'pending', Progress: '0%' });
    const seen: string[] = [];
    for (let step = 0; step < 4; step++) {
      const [s] = await getSnapshots(c, [snap.SnapshotId!]);
      seen.push(`${s!.State} ${s!.Progress}`);
      h.clock.advance(DELAY / 4);
    }
    const [done] = await getSnapshots(c, [snap.SnapshotId!]);
    seen.push(`${done!.State} ${done!.Progress}`);
    expect(seen).toEqual(['pending 0%', 'pending 25%', 'pending 50%', 'pending 75%', 'completed 100%']);
    expect(done!.CompletionTime).toBeInstanceOf(Date);
    expect(done!.CompletionTime!.getTime() - done!.StartTime!.getTime()).toBe(DELAY);
    // The progress filter sees the same values.
    const byProgress = await c.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'progress', Values: ['100%'] }], OwnerIds: ['self'] }),
    );
    expect(byProgress.Snapshots!.map((s) => s.SnapshotId)).toEqual([snap.SnapshotId]);
  });

  it('an image is pending until every one of its snapshots completes', async () => {
    const { h, c, id } = await running();
    const { ImageId } = await c.send(new CreateImageCommand({ InstanceId: id, Name: 'pending-image' }));
    const image = await getImage(c, ImageId!);
    expect(image.State).toBe('pending');
    const snapshotIds = image.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);
    expect(snapshotIds).toHaveLength(2);
    h.clock.advance(DELAY - 1);
    expect((await getImage(c, ImageId!)).State).toBe('pending');
    expect((await getSnapshots(c, snapshotIds)).map((s) => s.State)).toEqual(['pending', 'pending']);
    // A pending image cannot be launched or copied yet; its pending snapshots cannot be restored.
    expect((await failure(launch(c, ImageId!))).status).toBe(400);
    expect(
      (
        await failure(
          h
            .client('eu-west-1')
            .send(new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: ImageId, Name: 'x' })),
        )
      ).status,
    ).toBe(400);
    expect(
      (await failure(c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: snapshotIds[0] }))))
        .status,
    ).toBe(400);
    h.clock.advance(1);
    expect((await getSnapshots(c, snapshotIds)).map((s) => `${s.State} ${s.Progress}`)).toEqual([
      'completed 100%',
      'completed 100%',
    ]);
    expect((await getImage(c, ImageId!)).State).toBe('available');
    await launch(c, ImageId!);
  });

  it('an image copy and its snapshot copies are pending in the destination region, then available', async () => {
    const { h, c, id } = await running();
    const { ImageId } = await c.send(new CreateImageCommand({ InstanceId: id, Name: 'to-copy' }));
    h.clock.advance(DELAY);
    const eu = h.client('eu-west-1');
    const { ImageId: copyId } = await eu.send(
      new CopyImageCommand({ SourceRegion: 'us-east-1', SourceImageId: ImageId, Name: 'to-copy' }),
    );
    const copy = await getImage(eu, copyId!);
    expect(copy.State).toBe('pending');
    const copies = copy.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);
    expect((await getSnapshots(eu, copies)).map((s) => s.State)).toEqual(['pending', 'pending']);
    h.clock.advance(DELAY);
    expect((await getImage(eu, copyId!)).State).toBe('available');
    expect((await getSnapshots(eu, copies)).map((s) => s.State)).toEqual(['completed', 'completed']);
  });

  it('a volume is creating, then available; a snapshot copy is pending, then completed', async () => {
    const { h, c, instance } = await running();
    const vol = await c.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 3 }));
    expect(vol.State).toBe('creating');
    const snap = await c.send(new CreateSnapshotCommand({ VolumeId: deviceVolume(instance, '/dev/sdf') }));
    // A pending snapshot cannot be copied yet.
    expect(
      (
        await failure(
          h
            .client('eu-west-1')
            .send(new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: snap.SnapshotId })),
        )
      ).status,
    ).toBe(400);
    h.clock.advance(DELAY);
    expect((await getVolumes(c, [vol.VolumeId!]))[0]!.State).toBe('available');
    const eu = h.client('eu-west-1');
    const copy = await eu.send(
      new CopySnapshotCommand({ SourceRegion: 'us-east-1', SourceSnapshotId: snap.SnapshotId }),
    );
    expect((await getSnapshots(eu, [copy.SnapshotId!]))[0]).toMatchObject({ State: 'pending', Progress: '0%' });
    h.clock.advance(DELAY);
    expect((await getSnapshots(eu, [copy.SnapshotId!]))[0]).toMatchObject({ State: 'completed', Progress: '100%' });
  });

  it('with delayMs 0 everything settles before the next call', async () => {
    const h = await emulator({ delayMs: 0 });
    const c = h.client();
    const i = await launch(c, await baseImageId(c));
    expect(i.State?.Name).toBe('pending');
    expect((await getInstance(c, i.InstanceId!)).State?.Name).toBe('running');
    const { ImageId } = await c.send(new CreateImageCommand({ InstanceId: i.InstanceId, Name: 'at-once' }));
    expect((await getImage(c, ImageId!)).State).toBe('available');
  });

  it('a terminated instance is listed for --terminated-ttl-ms, then forgotten everywhere but CloudTrail', async () => {
    const TTL = 5 * 60_000;
    const dir = mkdtempSync(join(tmpdir(), 'emulator-ttl-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const statePath = join(dir, 'state.json');
    const h = await emulator({ delayMs: DELAY, terminatedTtlMs: TTL, statePath });
    const c = h.client();
    const base = await baseImageId(c);
    const { InstanceId } = await launch(c, base);
    h.clock.advance(DELAY);
    await c.send(new TerminateInstancesCommand({ InstanceIds: [InstanceId!] }));
    h.clock.advance(DELAY + TTL - 1);
    expect((await getInstance(c, InstanceId!)).State?.Name).toBe('terminated');
    const references = () =>
      c.send(new DescribeImageReferencesCommand({ ImageIds: [base], IncludeAllResourceTypes: true }));
    expect((await references()).ImageReferences?.map((r) => r.Arn)).toEqual([expect.stringContaining(InstanceId!)]);
    h.clock.advance(1);
    const { Reservations } = await c.send(new DescribeInstancesCommand({}));
    expect(Reservations).toEqual([]);
    expect((await failure(getInstance(c, InstanceId!))).name).toBe('InvalidInstanceID.NotFound');
    expect((await references()).ImageReferences ?? []).toEqual([]);
    // Forgotten after a restart too, from the same records and times.
    await h.close();
    const again = await emulator({ delayMs: DELAY, terminatedTtlMs: TTL, statePath, clock: h.clock });
    expect((await failure(getInstance(again.client(), InstanceId!))).name).toBe('InvalidInstanceID.NotFound');
    // CloudTrail still names it.
    const { Events } = await again
      .as('test')
      .cloudtrail()
      .send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: InstanceId }] }),
      );
    expect(Events!.map((e) => e.EventName)).toEqual(['TerminateInstances', 'RunInstances']);
  });
});
