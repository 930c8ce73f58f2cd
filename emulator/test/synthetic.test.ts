import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Ec2 from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { Emulator } from '../emulator';
import { loadScenario } from '../scenarios';
import { SYNTHETIC_REGIONS } from '../scenarios/synthetic';

/** The synthetic scenario, read back through the emulator's own Describe actions (what any client would see). */

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T10:00:00.000Z');

interface Inventory {
  instances: Ec2.Instance[];
  volumes: Ec2.Volume[];
  snapshots: Ec2.Snapshot[];
  images: Ec2.Image[];
}

function seeded(scenario: string, statePath?: string): Emulator {
  const em = new Emulator({ clock: new ManualClock(NOW), statePath });
  loadScenario(em, scenario);
  return em;
}

function inventory(em: Emulator, region: string): Inventory {
  const call = <T>(action: string, input: Record<string, unknown> = {}) => em.invoke(region, action, input) as T;
  return {
    instances: (call<Ec2.DescribeInstancesResult>('DescribeInstances').Reservations ?? []).flatMap(
      (r) => r.Instances ?? [],
    ),
    volumes: call<Ec2.DescribeVolumesResult>('DescribeVolumes').Volumes ?? [],
    snapshots: call<Ec2.DescribeSnapshotsResult>('DescribeSnapshots', { OwnerIds: ['self'] }).Snapshots ?? [],
    images: call<Ec2.DescribeImagesResult>('DescribeImages', { Owners: ['self'] }).Images ?? [],
  };
}

const size = (inv: Inventory) => inv.instances.length + inv.volumes.length + inv.snapshots.length + inv.images.length;
const tag = (tags: Ec2.Tag[] | undefined, key: string) => tags?.find((t) => t.Key === key)?.Value;

describe('synthetic scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-synthetic-'));
  let files = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A digest of the whole state as the state file holds it (but the scenario's name). */
  function stateDigest(scenario: string): string {
    const path = join(dir, `state-${files++}.json`);
    seeded(scenario, path);
    const state = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return createHash('sha256')
      .update(JSON.stringify({ ...state, scenario: undefined }))
      .digest('hex');
  }

  it('is deterministic per seed', () => {
    const first = stateDigest('synthetic:1000:7');
    expect(stateDigest('synthetic:1000:7')).toBe(first);
    expect(stateDigest('synthetic:1000:8')).not.toBe(first);
    // Seed 1 is the default.
    expect(stateDigest('synthetic:1000')).toBe(stateDigest('synthetic:1000:1'));
  });

  it.each([
    [200, 3],
    [1000, 1],
    [1000, 2],
    [5000, 1],
  ])('holds about N = %i resources (seed %i), in the four regions only', (n, seed) => {
    const em = seeded(`synthetic:${n}:${seed}`);
    expect([...em.knownRegions()].sort()).toEqual([...SYNTHETIC_REGIONS].sort());
    const total = SYNTHETIC_REGIONS.reduce((sum, region) => sum + size(inventory(em, region)), 0);
    expect(total).toBeGreaterThanOrEqual(n * 0.9);
    expect(total).toBeLessThanOrEqual(n * 1.1);
  });

  it('is empty for N = 0 but still has the base images', () => {
    const em = seeded('synthetic:0');
    for (const region of SYNTHETIC_REGIONS) {
      expect(size(inventory(em, region))).toBe(0);
      const { Images } = em.invoke(region, 'DescribeImages', { Owners: ['amazon'] }) as Ec2.DescribeImagesResult;
      expect(Images?.length).toBeGreaterThan(0);
    }
  });

  describe('synthetic:5000', () => {
    let em: Emulator;
    const inv: Record<string, Inventory> = {};
    beforeAll(() => {
      em = seeded('synthetic:5000:3');
      for (const region of SYNTHETIC_REGIONS) inv[region] = inventory(em, region);
    });
    function all<K extends keyof Inventory>(kind: K): Inventory[K] {
      return SYNTHETIC_REGIONS.map((r) => inv[r]![kind]).reduce((a, b) => [...a, ...b] as Inventory[K]);
    }

    it('populates every region with every kind of resource', () => {
      for (const region of SYNTHETIC_REGIONS) {
        const { instances, volumes, snapshots, images } = inv[region]!;
        const present = {
          instances: instances.length,
          volumes: volumes.length,
          snapshots: snapshots.length,
          images: images.length,
        };
        for (const [kind, count] of Object.entries(present)) expect(count, `${kind} in ${region}`).toBeGreaterThan(0);
      }
    });

    it('has nothing pending: everything was played in the past and has settled', () => {
      expect(new Set(all('instances').map((i) => i.State?.Name))).toEqual(new Set(['running', 'stopped']));
      expect(new Set(all('volumes').map((v) => v.State))).toEqual(new Set(['available', 'in-use']));
      expect(new Set(all('snapshots').map((s) => `${s.State} ${s.Progress}`))).toEqual(new Set(['completed 100%']));
      expect(new Set(all('images').map((i) => i.State))).toEqual(new Set(['available']));
      for (const i of all('instances')) expect(i.LaunchTime!.getTime()).toBeLessThan(NOW - DAY / 2);
    });

    it('names and tags resources as real accounts do', () => {
      for (const i of all('instances')) {
        expect(tag(i.Tags, 'Name')).toBeTruthy();
        expect(tag(i.Tags, 'team')).toBeTruthy();
        expect(tag(i.Tags, 'env')).toMatch(/^(prod|staging|dev)$/);
      }
      for (const image of all('images')) expect(tag(image.Tags, 'Name')).toBeTruthy();
    });

    it('has AMIs baked from instances, mostly builders that are gone now', () => {
      const images = inv['us-east-1']!.images;
      const baked = images.filter((i) => i.SourceInstanceId);
      expect(baked.length).toBeGreaterThan(10);
      const live = new Set(inv['us-east-1']!.instances.map((i) => i.InstanceId));
      expect(baked.filter((i) => !live.has(i.SourceInstanceId)).length).toBeGreaterThan(baked.length / 2);
      // Fleets: some AMI runs several instances.
      const launches = new Map<string, number>();
      for (const i of inv['us-east-1']!.instances) launches.set(i.ImageId!, (launches.get(i.ImageId!) ?? 0) + 1);
      expect(Math.max(...launches.values())).toBeGreaterThanOrEqual(5);
    });

    it('has volumes restored from the account’s snapshots', () => {
      for (const region of SYNTHETIC_REGIONS) {
        const own = new Set(inv[region]!.snapshots.map((s) => s.SnapshotId));
        const restored = inv[region]!.volumes.filter((v) => v.SnapshotId && own.has(v.SnapshotId));
        expect(restored.length, region).toBeGreaterThan(0);
      }
    });

    it('copies AMIs and snapshots to eu-west-1, naming their sources', () => {
      const dr = inv['eu-west-1']!;
      const copiedImages = dr.images.filter((i) => i.SourceImageRegion && i.SourceImageRegion !== 'eu-west-1');
      expect(copiedImages.length).toBeGreaterThan(0);
      const sourceIds = new Set(SYNTHETIC_REGIONS.flatMap((r) => inv[r]!.images.map((i) => i.ImageId)));
      expect(copiedImages.some((i) => sourceIds.has(i.SourceImageId))).toBe(true);

      const snapshotsByRegion = new Map(
        SYNTHETIC_REGIONS.map((r) => [r, new Set(inv[r]!.snapshots.map((s) => s.SnapshotId))]),
      );
      const amiCopies = dr.snapshots.flatMap(
        (s) => /for SourceSnapshot (snap-[0-9a-f]+)/.exec(s.Description ?? '')?.[1] ?? [],
      );
      const plainCopies = dr.snapshots.flatMap((s) => {
        const m = /^\[Copied (snap-[0-9a-f]+) from ([a-z0-9-]+)\]/.exec(s.Description ?? '');
        return m ? [{ source: m[1]!, region: m[2]! }] : [];
      });
      expect(amiCopies.length).toBeGreaterThan(0);
      expect(plainCopies.length).toBeGreaterThan(0);
      expect(
        plainCopies.some(
          (c) => c.region !== 'eu-west-1' && snapshotsByRegion.get(c.region as 'us-east-1')?.has(c.source),
        ),
      ).toBe(true);
      for (const s of dr.snapshots.filter((x) => /^\[Copied|^Copied for/.test(x.Description ?? '')))
        expect(s.VolumeId).toBe('vol-ffffffff');
    });

    it('has daily snapshot chains of 10 to 60 snapshots of one volume', () => {
      const chains = new Map<string, Ec2.Snapshot[]>();
      for (const s of all('snapshots').filter((x) => x.Description?.startsWith('Daily backup'))) {
        chains.set(s.VolumeId!, [...(chains.get(s.VolumeId!) ?? []), s]);
      }
      expect(chains.size).toBeGreaterThan(3);
      for (const chain of chains.values()) {
        expect(chain.length).toBeGreaterThanOrEqual(10);
        expect(chain.length).toBeLessThanOrEqual(60);
        const times = chain.map((s) => s.StartTime!.getTime()).sort((a, b) => a - b);
        for (let i = 1; i < times.length; i++) {
          expect(Math.abs(times[i]! - times[i - 1]! - DAY)).toBeLessThanOrEqual(20 * 60_000);
        }
      }
    });

    it('leaves orphans: unattached volumes, snapshots of deleted volumes, snapshots of deregistered AMIs', () => {
      expect(all('volumes').some((v) => (v.Attachments ?? []).length === 0)).toBe(true);
      for (const region of SYNTHETIC_REGIONS) {
        const { volumes, snapshots } = inv[region]!;
        const volumeIds = new Set(volumes.map((v) => v.VolumeId));
        const gone = snapshots.filter((s) => s.VolumeId !== 'vol-ffffffff' && !volumeIds.has(s.VolumeId));
        expect(gone.length, region).toBeGreaterThan(0);
      }
      const mapped = new Set(all('images').flatMap((i) => (i.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId)));
      const leftovers = all('snapshots').filter(
        (s) => s.Description?.startsWith('Created by CreateImage') && !mapped.has(s.SnapshotId),
      );
      expect(leftovers.length).toBeGreaterThan(0);
    });
  });

  it('from 10,000 resources on, holds one family of about 1,000: a golden image, its copies, and hosts launched from them', () => {
    const em = seeded('synthetic:10000');
    const inv = SYNTHETIC_REGIONS.map((region) => inventory(em, region));
    const owned = new Set(inv.flatMap((i) => i.images.map((image) => image.ImageId!)));
    const publicSnapshots = new Set(
      SYNTHETIC_REGIONS.flatMap((region) =>
        (em.invoke(region, 'DescribeImages', { Owners: ['amazon'] }) as Ec2.DescribeImagesResult).Images!.flatMap((i) =>
          i.BlockDeviceMappings!.map((m) => m.Ebs?.SnapshotId),
        ),
      ),
    );
    // Families as lineage draws them: resources joined by what EC2 records (public base images join nothing).
    const parent = new Map<string, string>();
    const find = (id: string): string => {
      const p = parent.get(id) ?? id;
      if (p === id) return id;
      const root = find(p);
      parent.set(id, root);
      return root;
    };
    const join = (a: string | undefined, b: string | undefined) => {
      if (a && b) parent.set(find(a), find(b));
    };
    for (const { instances, volumes, snapshots, images } of inv) {
      for (const i of instances) {
        if (owned.has(i.ImageId!)) join(i.InstanceId, i.ImageId);
        for (const m of i.BlockDeviceMappings ?? []) join(i.InstanceId, m.Ebs?.VolumeId);
      }
      for (const v of volumes) if (!publicSnapshots.has(v.SnapshotId)) join(v.VolumeId, v.SnapshotId || undefined);
      for (const s of snapshots) {
        if (s.VolumeId !== 'vol-ffffffff') join(s.SnapshotId, s.VolumeId);
        join(s.SnapshotId, /SourceSnapshot (snap-[0-9a-f]+)/.exec(s.Description ?? '')?.[1]);
      }
      for (const image of images) {
        for (const m of image.BlockDeviceMappings ?? []) join(image.ImageId, m.Ebs?.SnapshotId);
        if (owned.has(image.SourceImageId!)) join(image.ImageId, image.SourceImageId);
      }
    }
    const sizes = new Map<string, number>();
    for (const { instances, volumes, snapshots, images } of inv) {
      const ids = [
        ...instances.map((i) => i.InstanceId!),
        ...volumes.map((v) => v.VolumeId!),
        ...snapshots.map((s) => s.SnapshotId!),
        ...images.map((i) => i.ImageId!),
      ];
      for (const id of ids) sizes.set(find(id), (sizes.get(find(id)) ?? 0) + 1);
    }
    const golden = inv[0]!.images.find((i) => i.Name?.startsWith('golden-al2023-'))!;
    expect(golden).toBeDefined();
    const family = sizes.get(find(golden.ImageId!))!;
    expect(family).toBeGreaterThanOrEqual(950);
    expect(family).toBeLessThanOrEqual(1_100);
    expect(Math.max(...sizes.values())).toBe(family);
    // Copied to us-west-2 and eu-west-1, and launched in all three.
    const copies = inv.flatMap((i) => i.images).filter((i) => i.SourceImageId === golden.ImageId);
    const copiedTo = SYNTHETIC_REGIONS.filter((_, i) => inv[i]!.images.some((x) => x.SourceImageId === golden.ImageId));
    expect(copiedTo.sort()).toEqual(['eu-west-1', 'us-west-2']);
    const goldenIds = new Set([golden.ImageId, ...copies.map((c) => c.ImageId)]);
    const hosts = inv.flatMap((i) => i.instances).filter((i) => goldenIds.has(i.ImageId));
    expect(hosts.length).toBeGreaterThan(150);
    expect(new Set(hosts.map((h) => h.Placement?.AvailabilityZone?.slice(0, -1))).size).toBe(3);
    // Each host's data volume is backed up, so no host folds into a fleet.
    const backedUp = new Set(inv.flatMap((i) => i.snapshots).map((s) => s.VolumeId));
    for (const h of hosts)
      expect(backedUp.has(h.BlockDeviceMappings!.find((m) => m.DeviceName === '/dev/sdf')!.Ebs!.VolumeId)).toBe(true);

    // Below that size, no such family.
    const small = seeded('synthetic:5000');
    expect(inventory(small, 'us-east-1').images.some((i) => i.Name?.startsWith('golden-al2023-'))).toBe(false);
  });
});
