import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import {
  collapseSnapshotChains,
  isSnapshotGroupNode,
  snapshotGroupId,
  volumeIdOfGroup,
  type DisplayGraph,
  type SnapshotGroupNode,
} from './collapse';
import { inventory, region, walkthroughInventory } from './fixtures';
import type { InventorySnapshot, InventoryVolume } from './inventory';
import { syntheticInventory } from '@/test/synthetic-inventory';
import type { LineageGraph } from './types';

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 21, 3, 0, 0); // 2026-10-21T03:00Z

const VOL = 'vol-0aaa0000000000001';
const OTHER_VOL = 'vol-0bbb0000000000002';
const AMI = 'ami-0ccc0000000000001';
const RESTORED = 'vol-0ddd0000000000003';

function snapId(volume: string, i: number): string {
  return `snap-${volume.slice(4, 8)}${String(i).padStart(13, '0')}`;
}

function volume(id: string, size = 100, snapshotId = ''): InventoryVolume {
  return {
    VolumeId: id,
    Size: size,
    SnapshotId: snapshotId,
    State: 'available',
    VolumeType: 'gp3',
    CreateTime: new Date(START - DAY),
  };
}

/** `count` daily snapshots of `volumeId`, listed oldest first (the builder's order), day i at START + i days. */
function daily(volumeId: string, count: number, extra: Partial<InventorySnapshot> = {}): InventorySnapshot[] {
  return Array.from({ length: count }, (_, i) => ({
    SnapshotId: snapId(volumeId, i),
    VolumeId: volumeId,
    VolumeSize: 100,
    State: 'completed',
    Progress: '100%',
    StartTime: new Date(START + i * DAY),
    Description: 'Created for policy: policy-0daily',
    OwnerId: '123456789012',
    ...extra,
  }));
}

function dailyGraph(
  count: number,
  more: { volumes?: InventoryVolume[]; snapshots?: InventorySnapshot[] } = {},
): LineageGraph {
  return buildLineage(
    inventory(
      region('us-east-1', {
        volumes: [volume(VOL), ...(more.volumes ?? [])],
        snapshots: [...daily(VOL, count), ...(more.snapshots ?? [])],
      }),
    ),
  );
}

/** Every edge endpoint is a node, node and edge ids are unique, no collapsed snapshot is left. */
function expectConsistent(graph: DisplayGraph, groups: readonly SnapshotGroupNode[]): void {
  const ids = new Set(graph.nodes.map((n) => n.id));
  expect(ids.size).toBe(graph.nodes.length);
  expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  for (const e of graph.edges) {
    expect(ids.has(e.source), `${e.id}: source`).toBe(true);
    expect(ids.has(e.target), `${e.id}: target`).toBe(true);
  }
  for (const g of groups) {
    expect(ids.has(g.id)).toBe(true);
    for (const s of g.snapshotIds) expect(ids.has(s), `${s} was collapsed into ${g.id}`).toBe(false);
    const into = graph.edges.filter((e) => e.target === g.id);
    expect(into).toHaveLength(1);
    expect(into[0]).toMatchObject({
      kind: 'snapshot-of',
      source: g.volumeId,
      id: `snapshot-of:${g.volumeId}->${g.id}`,
    });
    expect(graph.edges.some((e) => e.source === g.id)).toBe(false);
  }
}

describe('collapseSnapshotChains', () => {
  it('turns 30 daily snapshots of a volume into one group, newest first, with the right dates', () => {
    const graph = dailyGraph(30);
    const { graph: out, groups, groupOf } = collapseSnapshotChains(graph);
    expect(groups).toHaveLength(1);
    const group = groups[0]!;
    expect(group).toMatchObject({
      id: `group:${VOL}`,
      kind: 'snapshot-group',
      region: 'us-east-1',
      volumeId: VOL,
      count: 30,
      sizeGiB: 100,
      firstAt: '2026-10-21T03:00:00.000Z',
      lastAt: '2026-11-19T03:00:00.000Z',
      pendingCount: 0,
    });
    expect(group.snapshotIds).toEqual(Array.from({ length: 30 }, (_, i) => snapId(VOL, 29 - i)));
    expect(out.nodes.map((n) => n.id)).toEqual([VOL, group.id]);
    expect(out.edges).toHaveLength(1);
    expect(out.edges[0]).toMatchObject({ source: VOL, target: group.id, kind: 'snapshot-of', at: group.lastAt });
    expect(groupOf.get(snapId(VOL, 7))).toBe(group.id);
    expect(groupOf.size).toBe(30);
    expectConsistent(out, groups);
  });

  it('orders by start time, not by listing order, and counts pending snapshots', () => {
    const snaps = daily(VOL, 8).reverse(); // listed newest first
    snaps[0] = { ...snaps[0]!, State: 'pending', Progress: '42%' };
    const graph = buildLineage(inventory(region('us-east-1', { volumes: [volume(VOL)], snapshots: snaps })));
    const { groups } = collapseSnapshotChains(graph);
    expect(groups[0]!.snapshotIds).toEqual(Array.from({ length: 8 }, (_, i) => snapId(VOL, 7 - i)));
    expect(groups[0]!.pendingCount).toBe(1);
    expect(groups[0]!.firstAt).toBe('2026-10-21T03:00:00.000Z');
  });

  it('keeps snapshots that back an AMI, were restored or were copied as their own nodes', () => {
    const backing = snapId(VOL, 100);
    const restored = snapId(VOL, 101);
    const copiedSource = snapId(VOL, 102);
    const copy = 'snap-0eee0000000000009';
    const special = (id: string, day: number): InventorySnapshot => ({
      SnapshotId: id,
      VolumeId: VOL,
      VolumeSize: 100,
      State: 'completed',
      StartTime: new Date(START + day * DAY),
    });
    const graph = buildLineage(
      inventory(
        region('us-east-1', {
          volumes: [volume(VOL), volume(RESTORED, 100, restored)],
          snapshots: [...daily(VOL, 30), special(backing, 40), special(restored, 41), special(copiedSource, 42)],
          images: [
            {
              ImageId: AMI,
              Name: 'backup-ami',
              State: 'available',
              OwnerId: '123456789012',
              BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: backing, VolumeSize: 100 } }],
            },
          ],
        }),
        region('eu-west-1', {
          snapshots: [
            {
              SnapshotId: copy,
              VolumeId: 'vol-ffffffff',
              VolumeSize: 100,
              State: 'completed',
              Description: `[Copied ${copiedSource} from us-east-1] DR`,
            },
          ],
        }),
      ),
    );
    const { graph: out, groups } = collapseSnapshotChains(graph);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe(30);
    const ids = new Set(out.nodes.map((n) => n.id));
    for (const id of [backing, restored, copiedSource, copy, AMI, RESTORED]) expect(ids.has(id), id).toBe(true);
    for (const s of [backing, restored, copiedSource]) {
      expect(out.edges.some((e) => e.kind === 'snapshot-of' && e.source === VOL && e.target === s)).toBe(true);
    }
    expect(out.edges.some((e) => e.kind === 'backs' && e.source === backing && e.target === AMI)).toBe(true);
    expect(out.edges.some((e) => e.kind === 'restored' && e.source === restored && e.target === RESTORED)).toBe(true);
    expect(out.edges.some((e) => e.kind === 'copied' && e.source === copiedSource && e.target === copy)).toBe(true);
    expectConsistent(out, groups);
  });

  it('collapses only more than `threshold` leaves of one volume (default 5)', () => {
    expect(collapseSnapshotChains(dailyGraph(5)).groups).toHaveLength(0);
    expect(collapseSnapshotChains(dailyGraph(6)).groups.map((g) => g.count)).toEqual([6]);
    expect(collapseSnapshotChains(dailyGraph(8), { threshold: 10 }).groups).toHaveLength(0);
    expect(collapseSnapshotChains(dailyGraph(11), { threshold: 10 }).groups.map((g) => g.count)).toEqual([11]);
    expect(collapseSnapshotChains(dailyGraph(2), { threshold: 1 }).groups.map((g) => g.count)).toEqual([2]);

    // Non-leaves do not count towards the threshold: 5 leaves + 1 that backs an AMI stay as they are.
    const backing = snapId(VOL, 100);
    const graph = buildLineage(
      inventory(
        region('us-east-1', {
          volumes: [volume(VOL)],
          snapshots: [...daily(VOL, 5), { SnapshotId: backing, VolumeId: VOL, VolumeSize: 100, State: 'completed' }],
          images: [{ ImageId: AMI, State: 'available', BlockDeviceMappings: [{ Ebs: { SnapshotId: backing } }] }],
        }),
      ),
    );
    const result = collapseSnapshotChains(graph);
    expect(result.groups).toHaveLength(0);
    expect(result.graph.nodes).toHaveLength(graph.nodes.length);
  });

  it('leaves the volumes listed in `expanded` expanded, and only those', () => {
    const graph = dailyGraph(10, { volumes: [volume(OTHER_VOL)], snapshots: daily(OTHER_VOL, 12) });
    expect(collapseSnapshotChains(graph).groups.map((g) => g.volumeId)).toEqual([VOL, OTHER_VOL]);
    const { graph: out, groups } = collapseSnapshotChains(graph, { expanded: new Set([VOL]) });
    expect(groups.map((g) => [g.volumeId, g.count])).toEqual([[OTHER_VOL, 12]]);
    const ids = new Set(out.nodes.map((n) => n.id));
    for (let i = 0; i < 10; i++) expect(ids.has(snapId(VOL, i))).toBe(true);
    expect(out.edges.filter((e) => e.source === VOL)).toHaveLength(10);
    expectConsistent(out, groups);
  });

  it('groups snapshots of a deleted (ghost) volume too, in its region', () => {
    const graph = buildLineage(inventory(region('eu-west-1', { snapshots: daily(VOL, 7) })));
    expect(graph.nodes.find((n) => n.id === VOL)?.external).toBe(true);
    const { groups } = collapseSnapshotChains(graph);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ volumeId: VOL, region: 'eu-west-1', count: 7, sizeGiB: 100 });
  });

  it('changes nothing in the walkthrough, and does not modify its input', () => {
    const graph = buildLineage(walkthroughInventory());
    const before = JSON.stringify(graph);
    const { graph: out, groups } = collapseSnapshotChains(graph, { threshold: 0 });
    // threshold 0: every leaf run collapses; the walkthrough's snapshots all back AMIs or were copied.
    expect(groups).toHaveLength(0);
    expect(out.nodes).toEqual(graph.nodes);
    expect(out.edges).toEqual(graph.edges);
    expect(JSON.stringify(graph)).toBe(before);

    const daily30 = dailyGraph(30);
    const before30 = JSON.stringify(daily30);
    collapseSnapshotChains(daily30);
    expect(JSON.stringify(daily30)).toBe(before30);
  });

  it('keeps a synthetic account consistent: node count, edges, order', () => {
    const graph = buildLineage(syntheticInventory(5_000, 4));
    const { graph: out, groups, groupOf } = collapseSnapshotChains(graph);
    expect(groups.length).toBeGreaterThan(5);
    const collapsed = groups.reduce((sum, g) => sum + g.count, 0);
    expect(groupOf.size).toBe(collapsed);
    expect(out.nodes.length).toBe(graph.nodes.length - collapsed + groups.length);
    expect(out.edges.length).toBe(graph.edges.length - collapsed + groups.length);
    for (const g of groups) expect(g.count).toBeGreaterThan(5);
    expectConsistent(out, groups);
    // the groups are the ones listed among the nodes, in node order
    expect(out.nodes.filter(isSnapshotGroupNode)).toEqual(groups);
    const again = collapseSnapshotChains(graph);
    expect(again.graph).toEqual(out);
    expect([...again.groupOf]).toEqual([...groupOf]);
  });

  it('names groups by volume id', () => {
    expect(snapshotGroupId(VOL)).toBe(`group:${VOL}`);
    expect(volumeIdOfGroup(`group:${VOL}`)).toBe(VOL);
    expect(volumeIdOfGroup(VOL)).toBeNull();
    const [node] = buildLineage(walkthroughInventory()).nodes;
    expect(isSnapshotGroupNode(node!)).toBe(false);
  });
});
