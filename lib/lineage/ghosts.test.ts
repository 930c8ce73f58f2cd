import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { W, walkthroughInventory } from './fixtures';
import { splitSharedGhosts } from './ghosts';
import { families } from './families';
import type { LineageGraph, LineageNode } from './types';

const base = buildLineage(walkthroughInventory());
const instance = base.nodes.find((n) => n.id === W.I1)!;
const rootVolume = base.nodes.find((n) => n.id === W.V1a)!;

/** A second, unrelated instance launched from the same public AMI, with its root volume restored from the AMI's snapshot. */
function withStranger(): LineageGraph {
  const stranger: LineageNode = {
    ...instance,
    id: 'i-0aaaa000000000001',
    name: 'stranger',
    tags: { Name: 'stranger' },
  };
  const strangerRoot: LineageNode = { ...rootVolume, id: 'vol-0aaaa000000000001', name: null, tags: {} };
  return {
    nodes: [...base.nodes, stranger, strangerRoot],
    edges: [
      ...base.edges,
      {
        id: `launched:${W.BASE}->${stranger.id}`,
        source: W.BASE,
        target: stranger.id,
        kind: 'launched',
        evidence: 'Instance.ImageId',
      },
      {
        id: `attached:${stranger.id}->${strangerRoot.id}`,
        source: stranger.id,
        target: strangerRoot.id,
        kind: 'attached',
        evidence: 'Volume.Attachments',
      },
      {
        id: `restored:${W.BASE_SNAP}->${strangerRoot.id}`,
        source: W.BASE_SNAP,
        target: strangerRoot.id,
        kind: 'restored',
        evidence: 'Volume.SnapshotId',
      },
    ],
  };
}

describe('splitSharedGhosts', () => {
  it('leaves a graph alone when no ghost is shared', () => {
    const split = splitSharedGhosts(base);
    expect(split.graph).toBe(base);
    expect(split.aliases).toEqual({});
  });

  it('gives each family its own copy of a shared public AMI and its snapshot', () => {
    const graph = withStranger();
    expect(families(graph)).toHaveLength(1);
    const split = splitSharedGhosts(graph);
    expect(Object.values(split.aliases).sort()).toEqual([W.BASE, W.BASE_SNAP].sort());
    const copyOfBase = Object.keys(split.aliases).find((k) => split.aliases[k] === W.BASE)!;
    const copyOfSnap = Object.keys(split.aliases).find((k) => split.aliases[k] === W.BASE_SNAP)!;

    const asLineage = split.graph as LineageGraph;
    const fams = families(asLineage);
    expect(fams).toHaveLength(2);
    const strangerFamily = fams.find((f) => f.includes('i-0aaaa000000000001'))!;
    expect(strangerFamily.sort()).toEqual(
      [copyOfBase, copyOfSnap, 'i-0aaaa000000000001', 'vol-0aaaa000000000001'].sort(),
    );
    expect(asLineage.edges.filter((e) => e.source === copyOfSnap && e.target === copyOfBase)).toHaveLength(1);

    const ids = new Set(asLineage.nodes.map((n) => n.id));
    expect(asLineage.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(new Set(asLineage.edges.map((e) => e.id)).size).toBe(asLineage.edges.length);
    expect(asLineage.edges).toHaveLength(graph.edges.length + 1);
  });
});

describe('splitSharedGhosts through chains of ghosts', () => {
  it('splits a public AMI shared with a ghost builder instance, keeping the builder in its own family', () => {
    const graph = withStranger();
    const builder: LineageNode = {
      ...instance,
      id: 'i-0bbbb000000000001',
      name: null,
      external: true,
      externalReason: 'terminated',
      tags: {},
    };
    const baked: LineageNode = {
      ...base.nodes.find((n) => n.id === W.AMI1)!,
      id: 'ami-0bbbb000000000001',
      name: 'baked',
    };
    const g: LineageGraph = {
      nodes: [...graph.nodes, builder, baked],
      edges: [
        ...graph.edges,
        {
          id: `launched:${W.BASE}->${builder.id}`,
          source: W.BASE,
          target: builder.id,
          kind: 'launched',
          evidence: 'Image.SourceImageId',
        },
        {
          id: `created-image:${builder.id}->${baked.id}`,
          source: builder.id,
          target: baked.id,
          kind: 'created-image',
          evidence: 'Image.SourceInstanceId',
        },
      ],
    };
    const split = splitSharedGhosts(g);
    const fams = families(split.graph);
    expect(fams).toHaveLength(3);
    const bakedFamily = fams.find((f) => f.includes(baked.id))!;
    expect(bakedFamily).toContain(builder.id);
    expect(bakedFamily.some((id) => split.aliases[id] === W.BASE)).toBe(true);
    expect(bakedFamily).not.toContain(W.I1);
    // The builder is a ghost of its own family only: drawn once.
    expect(Object.values(split.aliases)).not.toContain(builder.id);
  });
});
