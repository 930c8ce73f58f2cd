import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import type { RegionInventory } from './inventory';
import type { LineageGraph } from './types';
import { NO_FILTERS, applyFilters } from './view';

/** Several accounts in one graph: every node names its account, and edges cross accounts where EC2 records it. */

const TOOLING = '111122223333';
const PROD = '444455556666';
const VENDOR = '999988887777';

const empty = { instances: [], volumes: [], snapshots: [], images: [] };

const goldenImage = {
  ImageId: 'ami-0a0a0a0a0a0a0a0a0',
  Name: 'golden',
  OwnerId: TOOLING,
  State: 'available',
  BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0a0a0a0a0a0a0a0a0', VolumeSize: 8 } }],
};

const tooling: RegionInventory = {
  ...empty,
  region: 'us-east-1',
  accountId: TOOLING,
  images: [goldenImage],
  snapshots: [
    { SnapshotId: 'snap-0a0a0a0a0a0a0a0a0', VolumeId: 'vol-0deadbeef0000000a', OwnerId: TOOLING, VolumeSize: 8 },
    { SnapshotId: 'snap-0b0b0b0b0b0b0b0b0', VolumeId: 'vol-0deadbeef0000000b', OwnerId: TOOLING, VolumeSize: 50 },
  ],
};

const prod: RegionInventory = {
  region: 'us-east-1',
  accountId: PROD,
  instances: [
    { InstanceId: 'i-0c0c0c0c0c0c0c0c0', ImageId: goldenImage.ImageId, State: { Name: 'running' } },
    { InstanceId: 'i-0d0d0d0d0d0d0d0d0', ImageId: 'ami-0e0e0e0e0e0e0e0e0', State: { Name: 'running' } },
  ],
  volumes: [{ VolumeId: 'vol-0f0f0f0f0f0f0f0f0', SnapshotId: 'snap-0b0b0b0b0b0b0b0b0', Size: 50 }],
  snapshots: [],
  images: [
    {
      ImageId: 'ami-01010101010101010',
      Name: 'golden-copy',
      OwnerId: PROD,
      SourceImageId: goldenImage.ImageId,
      SourceImageRegion: 'us-east-1',
    },
  ],
  // What prod sees of the images its instances run: tooling's shared image, a vendor's public one.
  externalImages: [goldenImage, { ImageId: 'ami-0e0e0e0e0e0e0e0e0', OwnerId: VENDOR, Public: true, Name: 'vendor' }],
};

const node = (g: LineageGraph, id: string) => g.nodes.find((n) => n.id === id)!;
const edge = (g: LineageGraph, kind: string, source: string, target: string) =>
  g.edges.find((e) => e.kind === kind && e.source === source && e.target === target);

describe('a graph of several accounts', () => {
  // Prod first: its view of tooling's image must not win over tooling's own listing.
  const g = buildLineage({ regions: [prod, tooling] });

  it('names the account of every listed resource', () => {
    expect(node(g, 'i-0c0c0c0c0c0c0c0c0').accountId).toBe(PROD);
    expect(node(g, 'vol-0f0f0f0f0f0f0f0f0').accountId).toBe(PROD);
    expect(node(g, 'snap-0b0b0b0b0b0b0b0b0').accountId).toBe(TOOLING);
  });

  it('keeps an image its owner lists as owned, even when another account saw it first as shared', () => {
    const golden = node(g, goldenImage.ImageId);
    expect(golden).toMatchObject({ accountId: TOOLING, external: false });
  });

  it('gives another account’s image, seen only through a launch, to its owner', () => {
    expect(node(g, 'ami-0e0e0e0e0e0e0e0e0')).toMatchObject({ accountId: VENDOR, external: true });
  });

  it('draws launched, copied and restored across accounts', () => {
    expect(edge(g, 'launched', goldenImage.ImageId, 'i-0c0c0c0c0c0c0c0c0')?.evidence).toBe('Instance.ImageId');
    expect(edge(g, 'copied', goldenImage.ImageId, 'ami-01010101010101010')).toBeDefined();
    expect(edge(g, 'restored', 'snap-0b0b0b0b0b0b0b0b0', 'vol-0f0f0f0f0f0f0f0f0')?.evidence).toBe('Volume.SnapshotId');
    expect(edge(g, 'backs', 'snap-0a0a0a0a0a0a0a0a0', goldenImage.ImageId)).toBeDefined();
  });

  it('puts a ghost in the account its evidence implies, and in none when it implies none', () => {
    // A snapshot's deleted volume was the snapshot's account's.
    expect(node(g, 'vol-0deadbeef0000000a')).toMatchObject({ external: true, accountId: TOOLING });
    // A restore from a snapshot nobody listed: it may be any account's.
    const alone = buildLineage({
      regions: [{ ...empty, region: 'us-east-1', accountId: PROD, volumes: prod.volumes }],
    });
    expect(node(alone, 'snap-0b0b0b0b0b0b0b0b0')).toMatchObject({ external: true, accountId: null });
  });

  it('leaves the account unknown (null) when the inventory does not name one', () => {
    const unnamed = buildLineage({ regions: [{ ...prod, accountId: undefined }] });
    expect(node(unnamed, 'i-0c0c0c0c0c0c0c0c0').accountId).toBeNull();
  });
});

describe('the account filter', () => {
  const g = buildLineage({ regions: [prod, tooling] });

  it('shows the chosen accounts and what is linked to them directly', () => {
    const shown = applyFilters(g, { ...NO_FILTERS, accounts: [PROD] });
    const ids = new Set(shown.nodes.map((n) => n.id));
    expect(ids.has('i-0c0c0c0c0c0c0c0c0')).toBe(true);
    // Tooling's image the prod instance was launched from stays; its own snapshot's deleted volume does not.
    expect(ids.has(goldenImage.ImageId)).toBe(true);
    expect(ids.has('vol-0deadbeef0000000a')).toBe(false);
    expect(shown.nodes.every((n) => n.accountId === PROD || shown.edges.some((e) => e.source === n.id))).toBe(true);
  });

  it('shows everything when no account is chosen', () => {
    expect(applyFilters(g, NO_FILTERS)).toBe(g);
  });
});
