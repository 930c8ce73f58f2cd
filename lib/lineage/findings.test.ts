import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { FINDING_KINDS, type Finding, type FindingKind, findFindings, isCleanable, summarize } from './findings';
import { W, inventory, region, tags, walkthroughInventory } from './fixtures';
import type {
  InventoryImage,
  InventoryInstance,
  InventorySnapshot,
  InventoryVolume,
  RegionInventory,
} from './inventory';
import { PRICES_AS_OF, pricesFor, snapshotPricePerGiBMonth, volumePricePerGiBMonth } from './prices';

const NOW = new Date('2026-02-01T00:00:00.000Z');
const OWNER = '123456789012';

function find(...regions: RegionInventory[]): Finding[] {
  return findFindings(buildLineage(inventory(...regions)), { now: NOW });
}

const ids = (findings: Finding[], kind?: FindingKind) =>
  findings.filter((f) => !kind || f.kind === kind).map((f) => f.resourceId);
const one = (findings: Finding[], id: string): Finding => {
  const found = findings.filter((f) => f.resourceId === id);
  expect(found, `findings for ${id}: ${JSON.stringify(findings.map((f) => [f.kind, f.resourceId]))}`).toHaveLength(1);
  return found[0]!;
};

function snap(id: string, parts: Partial<InventorySnapshot> = {}): InventorySnapshot {
  return {
    SnapshotId: id,
    VolumeSize: 8,
    State: 'completed',
    Progress: '100%',
    StartTime: '2026-01-10T00:00:00.000Z',
    OwnerId: OWNER,
    ...parts,
  };
}

function image(id: string, snapshots: string[], parts: Partial<InventoryImage> = {}): InventoryImage {
  return {
    ImageId: id,
    Name: id.replace('ami-', 'image-'),
    State: 'available',
    OwnerId: OWNER,
    CreationDate: '2026-01-10T00:00:00.000Z',
    BlockDeviceMappings: snapshots.map((s, i) => ({
      DeviceName: `/dev/sd${'abcdef'[i]}`,
      Ebs: { SnapshotId: s, VolumeSize: 8 },
    })),
    ...parts,
  };
}

function instance(id: string, imageId: string, state = 'running'): InventoryInstance {
  return { InstanceId: id, ImageId: imageId, State: { Name: state }, LaunchTime: '2026-01-11T00:00:00.000Z' };
}

function volume(id: string, parts: Partial<InventoryVolume> = {}): InventoryVolume {
  return {
    VolumeId: id,
    Size: 10,
    State: 'available',
    VolumeType: 'gp3',
    CreateTime: '2026-01-20T00:00:00.000Z',
    Attachments: [],
    ...parts,
  };
}

describe('findFindings', () => {
  it('exports the kinds in order', () => {
    expect([...FINDING_KINDS]).toEqual([
      'orphan-snapshot',
      'snapshot-of-deregistered-image',
      'unused-image',
      'unattached-volume',
      'shared-unencrypted',
    ]);
  });

  it('finds nothing in the walkthrough: every snapshot backs an AMI, the AMI is launched, its copy is a DR copy', () => {
    expect(findFindings(buildLineage(walkthroughInventory()), { now: NOW })).toEqual([]);
  });

  it('never reports a ghost (external) resource', () => {
    const graph = buildLineage(
      inventory(
        region('us-east-1', {
          instances: [instance('i-1', 'ami-public')],
          volumes: [volume('vol-1', { SnapshotId: 'snap-gone' })],
          snapshots: [
            snap('snap-own', { VolumeId: 'vol-deleted', Description: '[Copied snap-far from eu-north-1] x' }),
          ],
        }),
      ),
    );
    const findings = findFindings(graph, { now: NOW });
    const external = new Set(graph.nodes.filter((n) => n.external).map((n) => n.id));
    expect(external.size).toBeGreaterThan(0);
    expect(findings.some((f) => external.has(f.resourceId))).toBe(false);
    expect(ids(findings).sort()).toEqual(['snap-own', 'vol-1']);
  });
});

describe('orphan-snapshot', () => {
  it('is a snapshot of a deleted volume that backs no AMI, with the reason and evidence', () => {
    const findings = find(
      region('us-east-1', {
        snapshots: [snap('snap-1', { VolumeId: 'vol-deleted', VolumeSize: 100, Description: 'nightly' })],
      }),
    );
    const f = one(findings, 'snap-1');
    expect(f).toMatchObject({
      kind: 'orphan-snapshot',
      region: 'us-east-1',
      sizeGiB: 100,
      monthlyCostUsd: 5,
      name: null,
    });
    expect(f.reason).toMatch(/backs no registered AMI/);
    expect(f.reason).toMatch(/vol-deleted no longer exists/);
    expect(f.evidence).toContain('no registered image uses it in its block device mappings');
    expect(f.evidence).toContain('its volume vol-deleted is not in the inventory (volume deleted)');
    expect(f.evidence).toContain('description: nightly');
    expect(f.evidence).toContain('created 2026-01-10 (22 days ago)');
    expect(f.lastLaunchedTime).toBeUndefined();
  });

  it('is not a snapshot of a volume that still exists', () => {
    const findings = find(
      region('us-east-1', {
        volumes: [volume('vol-1', { State: 'in-use', Attachments: [{ InstanceId: 'i-1', State: 'attached' }] })],
        instances: [instance('i-1', 'ami-public')],
        snapshots: [snap('snap-1', { VolumeId: 'vol-1' })],
      }),
    );
    expect(findings).toEqual([]);
  });

  it('is a snapshot that records no volume and is not a copy', () => {
    const f = one(find(region('us-east-1', { snapshots: [snap('snap-1', { VolumeId: 'vol-ffffffff' })] })), 'snap-1');
    expect(f.kind).toBe('orphan-snapshot');
    expect(f.evidence).toContain('it records no source volume and is not a copy of a known snapshot');
  });

  it('is not a cross-region copy whose source still exists; is one when the source is gone', () => {
    const source = snap('snap-src', { VolumeId: 'vol-1', VolumeSize: 20 });
    const copy = snap('snap-copy', {
      VolumeId: 'vol-ffffffff',
      VolumeSize: 20,
      Description: '[Copied snap-src from us-east-1] DR copy',
    });
    const home = (snapshots: InventorySnapshot[]) =>
      region('us-east-1', {
        instances: [instance('i-1', 'ami-public')],
        volumes: [volume('vol-1', { State: 'in-use', Attachments: [{ InstanceId: 'i-1', State: 'attached' }] })],
        snapshots,
      });
    expect(find(home([source]), region('eu-west-1', { snapshots: [copy] }))).toEqual([]);

    const findings = find(home([]), region('eu-west-1', { snapshots: [copy] }));
    const f = one(findings, 'snap-copy');
    expect(f).toMatchObject({ kind: 'orphan-snapshot', region: 'eu-west-1', sizeGiB: 20, monthlyCostUsd: 1 });
    expect(f.reason).toMatch(/copied from \(snap-src\) no longer exists/);
    expect(f.evidence).toContain(
      'it is a copy of snap-src (us-east-1), which is not in the inventory (snapshot not in inventory)',
    );
  });

  it('is not a snapshot shared by two AMIs, nor after one of them is deregistered', () => {
    const shared = snap('snap-shared', { VolumeId: 'vol-deleted' });
    const both = find(
      region('us-east-1', {
        snapshots: [shared],
        images: [image('ami-a', ['snap-shared']), image('ami-b', ['snap-shared'])],
        instances: [instance('i-1', 'ami-a'), instance('i-2', 'ami-b')],
      }),
    );
    expect(both).toEqual([]);
    const onlyA = find(
      region('us-east-1', {
        snapshots: [shared],
        images: [image('ami-a', ['snap-shared'])],
        instances: [instance('i-1', 'ami-a')],
      }),
    );
    expect(onlyA).toEqual([]);
  });

  it('ignores AMIs that map it but are not registered', () => {
    const f = one(
      find(
        region('us-east-1', {
          snapshots: [snap('snap-1', { VolumeId: 'vol-deleted' })],
          images: [image('ami-gone', ['snap-1'], { State: 'deregistered' })],
        }),
      ),
      'snap-1',
    );
    expect(f.kind).toBe('orphan-snapshot');
    expect(f.evidence).toContain('ami-gone, which maps it, is in state deregistered');
  });
});

describe('snapshot-of-deregistered-image', () => {
  it('is the leftover snapshot of a deregistered AMI, reported under that kind only', () => {
    const description = 'Created by CreateImage(i-0old) for ami-0old';
    const findings = find(
      region('us-east-1', { snapshots: [snap('snap-1', { VolumeId: 'vol-deleted', Description: description })] }),
    );
    expect(findings).toHaveLength(1);
    const f = one(findings, 'snap-1');
    expect(f).toMatchObject({ kind: 'snapshot-of-deregistered-image', sizeGiB: 8, monthlyCostUsd: 0.4 });
    expect(f.reason).toMatch(
      /made by CreateImage for ami-0old, which is no longer a registered image, and no registered AMI uses it/,
    );
    expect(f.evidence).toContain(`description: ${description} — that AMI is not registered`);
    expect(f.evidence).toContain('no registered image uses it in its block device mappings');
    expect(f.evidence).toContain('its volume vol-deleted is not in the inventory (volume deleted)');
  });

  it('reads the CopyImage form of the description', () => {
    const description =
      'Copied for DestinationAmi ami-0dst from SourceAmi ami-0src for SourceSnapshot snap-0src. Task created on 1.';
    const f = one(
      find(
        region('eu-west-1', { snapshots: [snap('snap-1', { VolumeId: 'vol-ffffffff', Description: description })] }),
      ),
      'snap-1',
    );
    expect(f.kind).toBe('snapshot-of-deregistered-image');
    expect(f.reason).toMatch(/by CopyImage for ami-0dst/);
  });

  it('is even when its volume still exists', () => {
    const f = one(
      find(
        region('us-east-1', {
          instances: [instance('i-1', 'ami-public')],
          volumes: [volume('vol-1', { State: 'in-use', Attachments: [{ InstanceId: 'i-1', State: 'attached' }] })],
          snapshots: [snap('snap-1', { VolumeId: 'vol-1', Description: 'Created by CreateImage(i-1) for ami-0old' })],
        }),
      ),
      'snap-1',
    );
    expect(f.kind).toBe('snapshot-of-deregistered-image');
    expect(f.evidence).toContain('its volume vol-1 still exists');
  });

  it('is not while the AMI it names is registered, nor while another registered AMI uses it', () => {
    const description = 'Created by CreateImage(i-1) for ami-b';
    const s = snap('snap-shared', { VolumeId: 'vol-deleted', Description: description });
    expect(
      find(
        region('us-east-1', {
          snapshots: [s],
          images: [image('ami-b', ['snap-shared'])],
          instances: [instance('i-2', 'ami-b')],
        }),
      ),
    ).toEqual([]);
    // ami-b deregistered; ami-a still uses the snapshot
    expect(
      find(
        region('us-east-1', {
          snapshots: [s],
          images: [image('ami-a', ['snap-shared'])],
          instances: [instance('i-2', 'ami-a')],
        }),
      ),
    ).toEqual([]);
  });
});

describe('unused-image', () => {
  it('is not an image its usage report says another account uses', () => {
    const graph = buildLineage(
      inventory(region('us-east-1', { snapshots: [snap('snap-1')], images: [image('ami-1', ['snap-1'])] })),
    );
    expect(ids(findFindings(graph, { now: NOW }), 'unused-image')).toEqual(['ami-1']);
    const ami = graph.nodes.find((n) => n.id === 'ami-1')!;
    if (ami.kind !== 'image') throw new Error('not an image');
    ami.details.usage = {
      state: 'available',
      reportedAt: NOW.toISOString(),
      accounts: [{ accountId: '222233334444', instances: 2, launchTemplates: 0 }],
    };
    expect(ids(findFindings(graph, { now: NOW }), 'unused-image')).toEqual([]);
  });

  it('is a registered AMI nothing was launched from, with its last launch time', () => {
    const findings = find(
      region('us-east-1', {
        snapshots: [
          snap('snap-1', { VolumeId: 'vol-deleted', VolumeSize: 30 }),
          snap('snap-2', { VolumeId: 'vol-deleted2', VolumeSize: 10 }),
        ],
        images: [
          image('ami-1', ['snap-1', 'snap-2'], { Name: 'Release', LastLaunchedTime: '2026-01-15T12:00:00.000Z' }),
        ],
      }),
    );
    expect(findings).toHaveLength(1);
    const f = one(findings, 'ami-1');
    expect(f).toMatchObject({
      kind: 'unused-image',
      name: 'Release',
      sizeGiB: 40,
      monthlyCostUsd: 2,
      lastLaunchedTime: '2026-01-15T12:00:00.000Z',
    });
    expect(f.reason).toMatch(/No instance in the inventory was launched from ami-1 \(Release\)/);
    expect(f.reason).toMatch(/EC2 last launched it on 2026-01-15 \(16 days ago\)/);
    expect(f.evidence).toContain('EC2 LastLaunchedTime: 2026-01-15T12:00:00.000Z');
    expect(f.evidence).toContain(
      'backed by snap-1 (30 GiB), snap-2 (10 GiB): 40 GiB at $0.05/GiB-month (snapshot storage, us-east-1, full size) ≈ $2.00/month',
    );
  });

  it('is not a brand-new AMI still pending, nor its snapshots', () => {
    const pending = region('us-east-1', {
      snapshots: [snap('snap-1', { State: 'pending' })],
      images: [image('ami-1', ['snap-1'], { State: 'pending' })],
    });
    expect(find(pending)).toEqual([]);
  });

  it('says when EC2 reports no launch', () => {
    const f = one(
      find(region('us-east-1', { snapshots: [snap('snap-1')], images: [image('ami-1', ['snap-1'])] })),
      'ami-1',
    );
    expect(f.lastLaunchedTime).toBeNull();
    expect(f.reason).toMatch(/EC2 reports no last launch/);
  });

  it('is not an AMI with a running instance; is one whose instances are all terminated', () => {
    const parts = { snapshots: [snap('snap-1')], images: [image('ami-1', ['snap-1'])] };
    expect(find(region('us-east-1', { ...parts, instances: [instance('i-1', 'ami-1', 'stopped')] }))).toEqual([]);
    const f = one(
      find(region('us-east-1', { ...parts, instances: [instance('i-1', 'ami-1', 'terminated')] })),
      'ami-1',
    );
    expect(f.evidence).toContain('only terminated instances were launched from it: i-1');
  });

  it('is not a DR copy of a used image, nor an image launched only via its copy', () => {
    const home = (instances: InventoryInstance[]) =>
      region('us-east-1', { snapshots: [snap('snap-1')], images: [image('ami-src', ['snap-1'])], instances });
    const dr = (instances: InventoryInstance[]) =>
      region('eu-west-1', {
        snapshots: [snap('snap-1c', { VolumeId: 'vol-ffffffff', Description: '[Copied snap-1 from us-east-1]' })],
        images: [image('ami-dst', ['snap-1c'], { SourceImageId: 'ami-src', SourceImageRegion: 'us-east-1' })],
        instances,
      });
    expect(find(home([instance('i-1', 'ami-src')]), dr([]))).toEqual([]);
    expect(find(home([]), dr([instance('i-2', 'ami-dst')]))).toEqual([]);
    // a chain of copies: src → dst → dst2; launching the last keeps the first
    const third = region('ap-southeast-2', {
      snapshots: [snap('snap-1cc', { VolumeId: 'vol-ffffffff', Description: '[Copied snap-1c from eu-west-1]' })],
      images: [image('ami-dst2', ['snap-1cc'], { SourceImageId: 'ami-dst', SourceImageRegion: 'eu-west-1' })],
      instances: [instance('i-3', 'ami-dst2')],
    });
    expect(find(home([]), dr([]), third)).toEqual([]);
    // nothing launched anywhere: every image in the chain is unused, each with its own snapshot cost
    const all = find(home([]), dr([]));
    expect(ids(all, 'unused-image').sort()).toEqual(['ami-dst', 'ami-src']);
    expect(one(all, 'ami-dst').evidence).toContain('nor from any image in its copy chain: ami-src (us-east-1)');
    expect(one(all, 'ami-dst').monthlyCostUsd).toBe(0.4);
  });

  it('counts a snapshot shared by two unused AMIs once, and not at all when a used AMI keeps it', () => {
    const snapshots = [
      snap('snap-shared', { VolumeId: 'vol-deleted', VolumeSize: 100 }),
      snap('snap-b', { VolumeId: 'vol-deleted', VolumeSize: 10 }),
    ];
    const images = [image('ami-a', ['snap-shared']), image('ami-b', ['snap-shared', 'snap-b'])];
    const findings = find(region('us-east-1', { snapshots, images }));
    expect(ids(findings)).toEqual(['ami-a', 'ami-b']);
    expect(one(findings, 'ami-a')).toMatchObject({ sizeGiB: 100, monthlyCostUsd: 5 });
    expect(one(findings, 'ami-b')).toMatchObject({ sizeGiB: 10, monthlyCostUsd: 0.5 });
    expect(one(findings, 'ami-b').evidence).toContain('its snapshot snap-shared is shared with ami-a: counted there');
    expect(summarize(findings)).toEqual({ count: 2, sizeGiB: 110, monthlyCostUsd: 5.5 });

    const kept = find(region('us-east-1', { snapshots, images, instances: [instance('i-1', 'ami-a')] }));
    expect(ids(kept)).toEqual(['ami-b']);
    expect(one(kept, 'ami-b')).toMatchObject({ sizeGiB: 10, monthlyCostUsd: 0.5 });
    expect(one(kept, 'ami-b').evidence).toContain(
      'its snapshot snap-shared is also used by ami-a, which is in use: not counted',
    );
  });

  it('counts a snapshot mapped twice by one image once', () => {
    const f = one(
      find(
        region('us-east-1', {
          snapshots: [snap('snap-1', { VolumeSize: 50 })],
          images: [image('ami-1', ['snap-1', 'snap-1'])],
        }),
      ),
      'ami-1',
    );
    expect(f).toMatchObject({ sizeGiB: 50, monthlyCostUsd: 2.5 });
  });

  it('is never a public or shared image, nor a deregistered one', () => {
    const findings = find(
      region('us-east-1', {
        images: [image('ami-gone', [], { State: 'deregistered' })],
        externalImages: [image('ami-public', [], { OwnerId: '137112412989', ImageOwnerAlias: 'amazon', Public: true })],
      }),
    );
    expect(findings).toEqual([]);
  });
});

describe('unattached-volume', () => {
  it('is an available volume attached to nothing', () => {
    const f = one(
      find(region('us-east-1', { volumes: [volume('vol-1', { Size: 20, Tags: tags({ Name: 'scratch' }) })] })),
      'vol-1',
    );
    expect(f).toMatchObject({ kind: 'unattached-volume', name: 'scratch', sizeGiB: 20, monthlyCostUsd: 1.6 });
    expect(f.reason).toBe(
      'vol-1 (scratch) is available and attached to no instance: its 20 GiB of gp3 are billed while nothing uses them.',
    );
    expect(f.evidence).toEqual([
      'state: available',
      'Volume.Attachments is empty',
      'blank volume (no source snapshot)',
      'created 2026-01-20 (12 days ago)',
      '20 GiB gp3 at $0.08/GiB-month (us-east-1) ≈ $1.60/month',
    ]);
  });

  it('is not a volume being created, in use, or still attached', () => {
    const findings = find(
      region('us-east-1', {
        instances: [instance('i-1', 'ami-public')],
        volumes: [
          volume('vol-creating', { State: 'creating' }),
          volume('vol-pending', { State: 'pending' }),
          volume('vol-inuse', { State: 'in-use', Attachments: [{ InstanceId: 'i-1', State: 'attached' }] }),
          volume('vol-detaching', { State: 'available', Attachments: [{ InstanceId: 'i-1', State: 'detaching' }] }),
        ],
      }),
    );
    expect(findings).toEqual([]);
  });
});

describe('costs', () => {
  it('has a dated price table with the us-east-1 baseline', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(pricesFor('us-east-1')).toMatchObject({
      volume: { gp3: 0.08, gp2: 0.1, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 },
      snapshot: 0.05,
      fallback: false,
    });
    expect(volumePricePerGiBMonth('eu-west-1', 'gp3')).toBe(0.088);
    expect(snapshotPricePerGiBMonth('eu-west-1')).toBe(0.05);
    expect(volumePricePerGiBMonth('ap-southeast-2', 'gp3')).toBe(0.096);
    expect(snapshotPricePerGiBMonth('ap-southeast-2')).toBe(0.055);
    expect(pricesFor('xx-nowhere-9')).toMatchObject({ priceRegion: 'us-east-1', fallback: true });
    expect(volumePricePerGiBMonth('us-east-1', null)).toBe(0.08);
  });

  it('prices each finding by its region and volume type, rounded to cents', () => {
    const vol = (id: string, type: string, size: number) => volume(id, { VolumeType: type, Size: size });
    const orphan = (id: string, size: number) => snap(id, { VolumeId: 'vol-deleted', VolumeSize: size });
    const findings = find(
      region('us-east-1', {
        volumes: [vol('vol-use1', 'gp3', 100), vol('vol-io1', 'io1', 33), vol('vol-sc1', 'sc1', 7)],
        snapshots: [orphan('snap-use1', 100)],
      }),
      region('eu-west-1', { volumes: [vol('vol-euw1', 'gp3', 100)], snapshots: [orphan('snap-euw1', 100)] }),
      region('ap-southeast-2', { volumes: [vol('vol-apse2', 'gp3', 100)], snapshots: [orphan('snap-apse2', 100)] }),
      region('xx-nowhere-9', { volumes: [vol('vol-xx', 'gp2', 100)] }),
    );
    const cost = (id: string) => one(findings, id).monthlyCostUsd;
    expect(cost('vol-use1')).toBe(8);
    expect(cost('vol-euw1')).toBe(8.8);
    expect(cost('vol-apse2')).toBe(9.6);
    expect(cost('vol-io1')).toBe(4.13); // 33 × 0.125 = 4.125
    expect(cost('vol-sc1')).toBe(0.11); // 7 × 0.015 = 0.105
    expect(cost('vol-xx')).toBe(10);
    expect(one(findings, 'vol-xx').evidence).toContain('no prices for xx-nowhere-9 in the table: priced as us-east-1');
    expect(cost('snap-use1')).toBe(5);
    expect(cost('snap-euw1')).toBe(5);
    expect(cost('snap-apse2')).toBe(5.5);
  });

  it('orders by kind, then cost (highest first), then id, and sums the totals', () => {
    const findings = find(
      region('us-east-1', {
        volumes: [volume('vol-b', { Size: 10 }), volume('vol-a', { Size: 10 }), volume('vol-c', { Size: 50 })],
        snapshots: [
          snap('snap-z', { VolumeId: 'vol-deleted', VolumeSize: 1 }),
          snap('snap-y', { VolumeId: 'vol-deleted', VolumeSize: 200 }),
          snap('snap-x', { VolumeId: 'vol-deleted', Description: 'Created by CreateImage(i-1) for ami-0gone' }),
          snap('snap-u'),
        ],
        images: [image('ami-u', ['snap-u'])],
      }),
    );
    expect(findings.map((f) => [f.kind, f.resourceId])).toEqual([
      ['orphan-snapshot', 'snap-y'],
      ['orphan-snapshot', 'snap-z'],
      ['snapshot-of-deregistered-image', 'snap-x'],
      ['unused-image', 'ami-u'],
      ['unattached-volume', 'vol-c'],
      ['unattached-volume', 'vol-a'],
      ['unattached-volume', 'vol-b'],
    ]);
    const totals = summarize(findings);
    expect(totals).toEqual({ count: 7, sizeGiB: 1 + 200 + 8 + 8 + 50 + 10 + 10, monthlyCostUsd: 16.45 }); // 0.05 + 10 + 0.4 + 0.4 + 4 + 0.8 + 0.8
    expect(summarize([])).toEqual({ count: 0, sizeGiB: 0, monthlyCostUsd: 0 });
  });
});

describe('regions not read', () => {
  it('flags nothing for the absence of a ghost in a region that was not read', () => {
    const inv = walkthroughInventory();
    const graph = buildLineage(inventory(inv.regions[1]!)); // eu-west-1 only: the copies' sources are ghosts in us-east-1
    expect(findFindings(graph, { now: NOW, regions: ['eu-west-1'] })).toEqual([]);
    // read both and the sources are gone: the copies are flagged
    expect(
      findFindings(graph, { now: NOW, regions: ['us-east-1', 'eu-west-1'] }).map((f) => [f.kind, f.resourceId]),
    ).toEqual([['unused-image', W.AMI1c]]);
    // a standalone copy whose source region was not read is not an orphan
    const copy = region('eu-west-1', {
      snapshots: [snap('snap-copy', { VolumeId: 'vol-ffffffff', Description: '[Copied snap-src from us-east-1]' })],
    });
    expect(findFindings(buildLineage(inventory(copy)), { now: NOW, regions: ['eu-west-1'] })).toEqual([]);
    expect(ids(findFindings(buildLineage(inventory(copy)), { now: NOW }))).toEqual(['snap-copy']);
  });
});

describe('the walkthrough fixture', () => {
  it('flags the copies only once their source AMI and snapshots are gone', () => {
    const inv = walkthroughInventory();
    const home = inv.regions[0]!;
    const withoutSource: RegionInventory = {
      ...home,
      images: [],
      snapshots: [],
      instances: home.instances.filter((i) => i.InstanceId !== W.I2),
      volumes: home.volumes.filter((v) => v.VolumeId !== W.V2a && v.VolumeId !== W.V2b),
    };
    const findings = find(withoutSource, inv.regions[1]!);
    expect(findings.map((f) => [f.kind, f.resourceId])).toEqual([['unused-image', W.AMI1c]]);
    expect(one(findings, W.AMI1c)).toMatchObject({ sizeGiB: 10, monthlyCostUsd: 0.5, region: 'eu-west-1' });
  });
});

describe('shared-unencrypted', () => {
  function shared(sharing: Record<string, string[]>, ...regions: RegionInventory[]): Finding[] {
    const graph = buildLineage(inventory(...regions));
    for (const node of graph.nodes) {
      if ((node.kind === 'snapshot' || node.kind === 'image') && sharing[node.id])
        node.details.sharedWith = sharing[node.id];
    }
    return findFindings(graph, { now: NOW });
  }

  it('flags an unencrypted snapshot or AMI shared with an account or the public, and nothing encrypted or private', () => {
    const mapping = (snapshotId: string, encrypted: boolean) => ({
      DeviceName: '/dev/xvda',
      Ebs: { SnapshotId: snapshotId, VolumeSize: 8, Encrypted: encrypted },
    });
    const found = shared(
      {
        'snap-0000000000000001': ['111122223333'],
        'snap-0000000000000002': ['111122223333'],
        'ami-0000000000000001': ['all'],
        'ami-0000000000000002': ['111122223333'],
      },
      region('us-east-1', {
        snapshots: [
          snap('snap-0000000000000001', { Encrypted: false }),
          snap('snap-0000000000000002', { Encrypted: true, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }),
          snap('snap-0000000000000003', { Encrypted: false }),
          snap('snap-0000000000000004', { Encrypted: false }),
          snap('snap-0000000000000005', { Encrypted: true }),
        ],
        images: [
          image('ami-0000000000000001', [], { BlockDeviceMappings: [mapping('snap-0000000000000004', false)] }),
          image('ami-0000000000000002', [], { BlockDeviceMappings: [mapping('snap-0000000000000005', true)] }),
        ],
      }),
    );
    expect(ids(found, 'shared-unencrypted').sort()).toEqual(['ami-0000000000000001', 'snap-0000000000000001']);
    const f = one(
      found.filter((x) => x.kind === 'shared-unencrypted'),
      'ami-0000000000000001',
    );
    expect(f.reason).toContain('unencrypted AMI, public');
    expect(f.monthlyCostUsd).toBe(0);
    expect(isCleanable('shared-unencrypted')).toBe(false);
    expect(FINDING_KINDS.filter(isCleanable)).toHaveLength(4);
  });
});
