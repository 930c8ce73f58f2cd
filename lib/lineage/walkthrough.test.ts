import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { W, region, walkthroughInventory } from './fixtures';
import { externalReasonText } from './external';
import { families } from './families';
import { ancestors, attachTargets, descendants, family, indexGraph, neighbourhood, subgraph } from './queries';
import { EDGE_KINDS, type LineageGraph } from './types';

const graph = buildLineage(walkthroughInventory());

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

describe('the walkthrough (docs/ARCHITECTURE.md)', () => {
  it('yields exactly the expected nodes', () => {
    expect(graph.nodes.map((n) => [n.id, n.kind, n.region, n.external])).toEqual([
      [W.I1, 'instance', 'us-east-1', false],
      [W.I2, 'instance', 'us-east-1', false],
      [W.V1a, 'volume', 'us-east-1', false],
      [W.V1b, 'volume', 'us-east-1', false],
      [W.V2a, 'volume', 'us-east-1', false],
      [W.V2b, 'volume', 'us-east-1', false],
      [W.S1, 'snapshot', 'us-east-1', false],
      [W.S2, 'snapshot', 'us-east-1', false],
      [W.S1c, 'snapshot', 'eu-west-1', false],
      [W.S2c, 'snapshot', 'eu-west-1', false],
      [W.AMI1, 'image', 'us-east-1', false],
      [W.AMI1c, 'image', 'eu-west-1', false],
      [W.BASE, 'image', 'us-east-1', true],
      [W.BASE_SNAP, 'snapshot', 'us-east-1', true],
    ]);
    expect(externalReasonText(graph.nodes.find((n) => n.id === W.BASE)!)).toBe('public AMI, owned by amazon');
    expect(externalReasonText(graph.nodes.find((n) => n.id === W.BASE_SNAP)!)).toBe('snapshot not in inventory');
  });

  it('yields exactly the expected edges, with their evidence and labels', () => {
    const created = `snapshot description: Copied for DestinationAmi ${W.AMI1c} from SourceAmi ${W.AMI1} for SourceSnapshot`;
    expect(sorted(graph.edges.map((e) => `${e.id} | ${e.evidence} | ${e.label ?? ''}`))).toEqual(
      sorted([
        `attached:${W.I1}->${W.V1a} | Volume.Attachments | /dev/xvda`,
        `attached:${W.I1}->${W.V1b} | Volume.Attachments | /dev/sdf`,
        `attached:${W.I2}->${W.V2a} | Volume.Attachments | /dev/xvda`,
        `attached:${W.I2}->${W.V2b} | Volume.Attachments | /dev/sdf`,
        `snapshot-of:${W.V1a}->${W.S1} | Snapshot.VolumeId | `,
        `snapshot-of:${W.V1b}->${W.S2} | Snapshot.VolumeId | `,
        `backs:${W.S1}->${W.AMI1} | Image.BlockDeviceMappings[].Ebs.SnapshotId | /dev/xvda`,
        `backs:${W.S2}->${W.AMI1} | Image.BlockDeviceMappings[].Ebs.SnapshotId | /dev/sdf`,
        `backs:${W.S1c}->${W.AMI1c} | Image.BlockDeviceMappings[].Ebs.SnapshotId | /dev/xvda`,
        `backs:${W.S2c}->${W.AMI1c} | Image.BlockDeviceMappings[].Ebs.SnapshotId | /dev/sdf`,
        `backs:${W.BASE_SNAP}->${W.BASE} | Image.BlockDeviceMappings[].Ebs.SnapshotId | /dev/xvda`,
        `created-image:${W.I1}->${W.AMI1} | Image.SourceInstanceId | `,
        `launched:${W.AMI1}->${W.I2} | Instance.ImageId | `,
        `launched:${W.BASE}->${W.I1} | Instance.ImageId | `,
        `restored:${W.S1}->${W.V2a} | Volume.SnapshotId | `,
        `restored:${W.S2}->${W.V2b} | Volume.SnapshotId | `,
        `restored:${W.BASE_SNAP}->${W.V1a} | Volume.SnapshotId | `,
        `copied:${W.AMI1}->${W.AMI1c} | Image.SourceImageId + Image.SourceImageRegion | eu-west-1`,
        `copied:${W.S1}->${W.S1c} | ${created} ${W.S1} | eu-west-1`,
        `copied:${W.S2}->${W.S2c} | ${created} ${W.S2} | eu-west-1`,
      ]),
    );
  });

  it('uses every edge kind', () => {
    expect(new Set(graph.edges.map((e) => e.kind))).toEqual(new Set(EDGE_KINDS));
  });

  it('sizes instances by their volumes and images by their mappings', () => {
    const size = (id: string) => graph.nodes.find((n) => n.id === id)?.sizeGiB;
    expect([size(W.I1), size(W.I2), size(W.AMI1), size(W.AMI1c), size(W.S1c), size(W.BASE)]).toEqual([
      10, 10, 10, 10, 8, 8,
    ]);
  });

  it('is the same without the CopyImage SourceImageId: the snapshot description stands in', () => {
    const inv = walkthroughInventory();
    const eu = inv.regions[1]!;
    const copy = { ...eu.images[0]!, SourceImageId: undefined, SourceImageRegion: undefined };
    const g = buildLineage({
      regions: [inv.regions[0]!, region('eu-west-1', { snapshots: eu.snapshots, images: [copy] })],
    });
    expect(sorted(g.edges.map((e) => e.id))).toEqual(sorted(graph.edges.map((e) => e.id)));
    expect(g.edges.find((e) => e.id === `copied:${W.AMI1}->${W.AMI1c}`)?.evidence).toBe(
      `snapshot description: Copied for DestinationAmi ${W.AMI1c} from SourceAmi ${W.AMI1} for SourceSnapshot ${W.S1}`,
    );
  });

  it('is the same without SourceInstanceId: the CreateImage description stands in', () => {
    const inv = walkthroughInventory();
    const us = inv.regions[0]!;
    const ami = { ...us.images[0]!, SourceInstanceId: 'None' };
    const g = buildLineage({ regions: [{ ...us, images: [ami] }, inv.regions[1]!] });
    expect(sorted(g.edges.map((e) => e.id))).toEqual(sorted(graph.edges.map((e) => e.id)));
    expect(g.edges.find((e) => e.kind === 'created-image')?.evidence).toBe(
      `snapshot description: Created by CreateImage(${W.I1}) for ${W.AMI1}`,
    );
  });
});

describe('queries on the walkthrough', () => {
  it('ancestors of I2: AMI1, its snapshots, their volumes, I1 and upward', () => {
    expect(sorted(ancestors(graph, W.I2))).toEqual(
      sorted([W.AMI1, W.S1, W.S2, W.V1a, W.V1b, W.I1, W.BASE, W.BASE_SNAP]),
    );
  });

  it('ancestors come nearest first', () => {
    expect([...ancestors(graph, W.I2)][0]).toBe(W.AMI1);
  });

  it('descendants of I1: its volumes, their snapshots, AMI1, I2 and its volumes, and the copies', () => {
    expect(sorted(descendants(graph, W.I1))).toEqual(
      sorted([W.V1a, W.V1b, W.S1, W.S2, W.AMI1, W.I2, W.V2a, W.V2b, W.AMI1c, W.S1c, W.S2c]),
    );
  });

  it('descendants of S1 and ancestors of the eu-west-1 copy', () => {
    expect(sorted(descendants(graph, W.S1))).toEqual(sorted([W.AMI1, W.I2, W.V2a, W.V2b, W.AMI1c, W.S1c]));
    expect(sorted(ancestors(graph, W.AMI1c))).toEqual(
      sorted([W.AMI1, W.S1, W.S2, W.S1c, W.S2c, W.V1a, W.V1b, W.I1, W.BASE, W.BASE_SNAP]),
    );
  });

  it('a leaf has no descendants, a root no ancestors, an unknown id nothing', () => {
    expect(descendants(graph, W.V2a).size).toBe(0);
    expect(ancestors(graph, W.BASE_SNAP).size).toBe(0);
    expect(ancestors(graph, 'i-unknown').size).toBe(0);
    expect(family(graph, 'i-unknown').size).toBe(0);
    expect(neighbourhood(graph, 'i-unknown', 2)).toEqual({ nodeIds: new Set(), edges: [] });
  });

  it('family is the whole connected chain, including the node itself', () => {
    const all = sorted(graph.nodes.map((n) => n.id));
    expect(sorted(family(graph, W.V2b))).toEqual(all);
    expect(sorted(family(graph, W.BASE_SNAP))).toEqual(all);
  });

  it('families: biggest first, ties in graph order', () => {
    const inv = walkthroughInventory();
    const g = buildLineage({
      regions: [
        ...inv.regions,
        region('us-west-2', {
          volumes: [{ VolumeId: 'vol-lonely' }, { VolumeId: 'vol-pair', SnapshotId: 'snap-pair' }],
          snapshots: [{ SnapshotId: 'snap-pair' }, { SnapshotId: 'snap-alone' }],
        }),
      ],
    });
    const fams = families(g);
    expect(fams.map((f) => f.length)).toEqual([14, 2, 1, 1]);
    expect(sorted(fams[1]!)).toEqual(['snap-pair', 'vol-pair']);
    expect(fams.slice(2)).toEqual([['vol-lonely'], ['snap-alone']]);
    expect(fams.flat().length).toBe(g.nodes.length);
    const graphs = fams.map((ids) => subgraph(g, ids));
    expect(graphs.map((f) => [f.nodes.length, f.edges.length])).toEqual([
      [14, 20],
      [2, 1],
      [1, 0],
      [1, 0],
    ]);
  });

  it('neighbourhood of AMI1 at depth 1: its snapshots, creator, launches, copy, and the edges among them', () => {
    const n = neighbourhood(graph, W.AMI1, 1);
    expect(sorted(n.nodeIds)).toEqual(sorted([W.AMI1, W.S1, W.S2, W.I1, W.I2, W.AMI1c]));
    expect(sorted(n.edges.map((e) => e.id))).toEqual(
      sorted([
        `backs:${W.S1}->${W.AMI1}`,
        `backs:${W.S2}->${W.AMI1}`,
        `created-image:${W.I1}->${W.AMI1}`,
        `launched:${W.AMI1}->${W.I2}`,
        `copied:${W.AMI1}->${W.AMI1c}`,
      ]),
    );
    // edges come back in graph order
    const order = graph.edges.map((e) => e.id);
    expect(n.edges.map((e) => order.indexOf(e.id))).toEqual(
      [...n.edges.map((e) => order.indexOf(e.id))].sort((a, b) => a - b),
    );
  });

  it('neighbourhood at depth 0 is the node alone; depth 2 reaches further both ways', () => {
    expect(neighbourhood(graph, W.I2, 0)).toEqual({ nodeIds: new Set([W.I2]), edges: [] });
    const two = neighbourhood(graph, W.I2, 2);
    expect(sorted(two.nodeIds)).toEqual(sorted([W.I2, W.AMI1, W.V2a, W.V2b, W.S1, W.S2, W.I1, W.AMI1c]));
    // S1 → V2a is among them, though not the edge by which V2a was reached
    expect(two.edges.some((e) => e.id === `restored:${W.S1}->${W.V2a}`)).toBe(true);
  });

  it('subgraph keeps the given nodes and only the edges among them', () => {
    const sub = subgraph(graph, [W.S1, W.AMI1, W.I2, 'i-unknown']);
    expect(sub.nodes.map((n) => n.id)).toEqual([W.S1, W.AMI1, W.I2]);
    expect(sub.edges.map((e) => e.id).sort()).toEqual([`backs:${W.S1}->${W.AMI1}`, `launched:${W.AMI1}->${W.I2}`]);
  });

  it('indexes a graph once and reuses the index', () => {
    const g: LineageGraph = { nodes: [...graph.nodes], edges: [...graph.edges] };
    const index = indexGraph(g);
    expect(indexGraph(g)).toBe(index);
    expect(
      index.outgoing
        .get(W.AMI1)
        ?.map((e) => e.target)
        .sort(),
    ).toEqual(sorted([W.I2, W.AMI1c]));
    expect(
      index.incoming
        .get(W.AMI1)
        ?.map((e) => e.source)
        .sort(),
    ).toEqual(sorted([W.S1, W.S2, W.I1]));
  });

  it('survives cycles in hand-made graphs', () => {
    const nodes = graph.nodes.filter((n) => n.id === W.I1 || n.id === W.AMI1);
    const g: LineageGraph = {
      nodes,
      edges: [
        { id: `created-image:${W.I1}->${W.AMI1}`, source: W.I1, target: W.AMI1, kind: 'created-image', evidence: 'x' },
        { id: `launched:${W.AMI1}->${W.I1}`, source: W.AMI1, target: W.I1, kind: 'launched', evidence: 'x' },
        { id: 'launched:ami-x->i-y', source: 'ami-x', target: 'i-y', kind: 'launched', evidence: 'dangling' },
      ],
    };
    expect(sorted(ancestors(g, W.I1))).toEqual([W.AMI1]);
    expect(sorted(descendants(g, W.I1))).toEqual([W.AMI1]);
    expect(families(g)).toHaveLength(1);
  });
});

describe('attachTargets', () => {
  it('offers the running instances of the volume’s zone, each with a device it does not use yet', () => {
    const index = indexGraph(graph);
    const volume = index.nodes.get(W.V1b)!;
    // Both instances use /dev/xvda and /dev/sdf: the next free name is /dev/sdg.
    expect(attachTargets(index, volume).map((t) => [t.instance.id, t.device])).toEqual([
      [W.I1, '/dev/sdg'],
      [W.I2, '/dev/sdg'],
    ]);
    if (volume.kind !== 'volume') throw new Error('not a volume');
    const elsewhere = { ...volume, details: { ...volume.details, availabilityZone: 'us-east-1b' } };
    expect(attachTargets(index, elsewhere)).toEqual([]);
    expect(attachTargets(index, index.nodes.get(W.S1)!)).toEqual([]);
  });
});
