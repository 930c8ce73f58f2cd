import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { collapseSnapshotChains } from './collapse';
import { W, inventory, region, tags, walkthroughInventory } from './fixtures';
import { collapseFleets, FLEET_MIN } from './fleets';
import type { InventoryInstance, InventoryVolume } from './inventory';

/** The walkthrough, plus `count` instances launched from AMI1 (each with a root volume restored from S1). */
function withFleet(
  count: number,
  tag: Record<string, string> = { 'aws:autoscaling:groupName': 'web' },
  type = 'm5.large',
) {
  const base = walkthroughInventory();
  const east = base.regions.find((r) => r.region === 'us-east-1')!;
  const instances: InventoryInstance[] = [];
  const volumes: InventoryVolume[] = [];
  for (let i = 0; i < count; i++) {
    const id = `i-f${String(i).padStart(16, '0')}`;
    const vol = `vol-f${String(i).padStart(16, '0')}`;
    instances.push({
      InstanceId: id,
      ImageId: W.AMI1,
      State: { Code: 16, Name: i === 0 ? 'stopped' : 'running' },
      InstanceType: type,
      Tags: tags({ Name: `web-${i}`, ...tag }),
      Placement: { AvailabilityZone: 'us-east-1a' },
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: vol, Status: 'attached' } }],
    });
    volumes.push({
      VolumeId: vol,
      Size: 8,
      SnapshotId: W.S1,
      State: 'in-use',
      AvailabilityZone: 'us-east-1a',
      Attachments: [{ InstanceId: id, Device: '/dev/xvda', State: 'attached' }],
    });
  }
  return inventory(
    region('us-east-1', {
      ...east,
      instances: [...east.instances, ...instances],
      volumes: [...east.volumes, ...volumes],
    }),
    ...base.regions.filter((r) => r.region !== 'us-east-1'),
  );
}

const display = (inv: ReturnType<typeof withFleet>) => collapseSnapshotChains(buildLineage(inv)).graph;

describe('collapseFleets', () => {
  it('folds forty instances of one Auto Scaling group and their restored volumes into one fleet card', () => {
    const graph = display(withFleet(40));
    const { graph: out, fleets, fleetOf } = collapseFleets(graph);
    expect(fleets).toHaveLength(1);
    const fleet = fleets[0]!;
    expect(fleet).toMatchObject({
      count: 40,
      imageId: W.AMI1,
      pattern: 'Auto Scaling group web',
      types: ['m5.large'],
      regions: ['us-east-1'],
      states: [
        { state: 'running', count: 39 },
        { state: 'stopped', count: 1 },
      ],
    });
    expect(fleet.volumeIds).toHaveLength(40);
    expect(out.nodes).toHaveLength(graph.nodes.length - 80 + 1);
    // one launch and one restore stand for the eighty edges into the fleet
    const into = out.edges.filter((e) => e.target === fleet.id);
    expect(into.map((e) => `${e.kind}:${e.source}`).sort()).toEqual([`launched:${W.AMI1}`, `restored:${W.S1}`]);
    expect(out.edges.some((e) => fleetOf.has(e.source) || fleetOf.has(e.target))).toBe(false);
    // the walkthrough's own instance launched from AMI1 stays apart (other type, no group)
    expect(out.nodes.some((n) => n.id === W.I2)).toBe(true);
  });

  it('leaves fewer than the minimum, an expanded fleet, and members with other lineage alone', () => {
    expect(collapseFleets(display(withFleet(FLEET_MIN - 1))).fleets).toHaveLength(0);
    const graph = display(withFleet(8));
    const id = collapseFleets(graph).fleets[0]!.id;
    expect(collapseFleets(graph, new Set([id])).fleets).toHaveLength(0);
    // a member whose volume was snapshotted stays out of the fleet
    const snapshotted = {
      ...graph,
      edges: [
        ...graph.edges,
        {
          id: 'snapshot-of:x',
          source: 'vol-f0000000000000003',
          target: W.S2,
          kind: 'snapshot-of' as const,
          evidence: '',
        },
      ],
    };
    const fleet = collapseFleets(snapshotted).fleets[0]!;
    expect(fleet.count).toBe(7);
    expect(fleet.instanceIds).not.toContain('i-f0000000000000003');
  });

  it('groups by the same AMI and instance type when no launch pattern is tagged', () => {
    const fleets = collapseFleets(display(withFleet(6, {}, 'c6i.xlarge'))).fleets;
    expect(fleets.map((f) => f.pattern)).toEqual(['c6i.xlarge']);
  });
});
