import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { W, region, walkthroughInventory } from './fixtures';
import { externalReasonText } from './external';
import { type RememberedResource, assembleGraph, remember } from './remember';
import type { LineageGraph, LineageNode } from './types';

/** The walkthrough with V2a (restored from S1, attached to I2) gone from the inventory. */
function withoutV2a(): LineageGraph {
  const inv = walkthroughInventory();
  const [east, ...rest] = inv.regions;
  const us = region('us-east-1', { ...east!, volumes: east!.volumes.filter((v) => v.VolumeId !== W.V2a) });
  return buildLineage({ regions: [us, ...rest] });
}

const full = buildLineage(walkthroughInventory());
const v2a = full.nodes.find((n) => n.id === W.V2a)!;
const lastSeenAt = '2026-03-01T11:00:00.000Z';
const rememberedV2a: RememberedResource = {
  node: v2a,
  lastSeenAt,
  edges: full.edges.filter((e) => e.source === W.V2a || e.target === W.V2a),
};

describe('remember', () => {
  it('fills in a ghost with its last known facts and the edges whose ends are drawn', () => {
    const live = withoutV2a();
    const ghost = live.nodes.find((n) => n.id === W.V2a)!;
    expect(ghost).toMatchObject({ external: true, name: null });
    const drawn = remember(live, [rememberedV2a]);
    const node = drawn.nodes.find((n) => n.id === W.V2a)!;
    expect(node).toMatchObject({
      external: true,
      state: null,
      name: v2a.name,
      sizeGiB: 8,
      tags: v2a.tags,
      lastSeenAt,
      externalReason: 'deleted, last seen 2026-03-01 11:00 UTC',
    });
    expect(drawn.edges.find((e) => e.kind === 'restored' && e.target === W.V2a)?.source).toBe(W.S1);
    expect(drawn.edges.filter((e) => e.id === `attached:${W.I2}->${W.V2a}`)).toHaveLength(1);
    expect(drawn.nodes).toHaveLength(live.nodes.length);
  });

  it('leaves the graph it was given alone', () => {
    const live = withoutV2a();
    const before = JSON.stringify(live);
    remember(live, [rememberedV2a]);
    expect(JSON.stringify(live)).toBe(before);
  });

  it('never replaces a listed node, nor one of another kind, nor adds what nothing references', () => {
    const listed = remember(full, [rememberedV2a]);
    expect(listed).toBe(full);
    const wrongKind: RememberedResource = {
      ...rememberedV2a,
      node: { ...v2a, kind: 'snapshot' } as unknown as LineageNode,
    };
    const live = withoutV2a();
    expect(remember(live, [wrongKind])).toBe(live);
    const unreferenced: RememberedResource = { node: { ...v2a, id: 'vol-0ffffffffffff0001' }, lastSeenAt, edges: [] };
    expect(remember(live, [unreferenced]).nodes.some((n) => n.id === 'vol-0ffffffffffff0001')).toBe(false);
  });

  it('keeps an edge whose other end is not drawn out', () => {
    const live = withoutV2a();
    const stray = {
      ...rememberedV2a.edges[0]!,
      id: 'restored:snap-0ffffffffffff0001->x',
      source: 'snap-0ffffffffffff0001',
    };
    const drawn = remember(live, [{ ...rememberedV2a, edges: [stray] }]);
    expect(drawn.edges.some((e) => e.source === 'snap-0ffffffffffff0001')).toBe(false);
  });

  it('says when it was last seen, or the raw value when that is not a time', () => {
    const ghost = remember(withoutV2a(), [rememberedV2a]).nodes.find((n) => n.id === rememberedV2a.node.id)!;
    expect(ghost.externalReason).toBe('deleted');
    expect(externalReasonText({ ...ghost, lastSeenAt: '2026-01-02T03:04:05.000Z' })).toBe(
      'volume deleted, last seen 2026-01-02 03:04 UTC',
    );
    expect(externalReasonText({ ...ghost, lastSeenAt: 'soon' })).toBe('volume deleted, last seen soon');
  });
});

describe('assembleGraph', () => {
  it('rebuilds a graph from listed nodes and recorded edges, with the ghosts kept beside them', () => {
    const listed = full.nodes.filter((n) => !n.external);
    const byId = new Map(full.nodes.map((n) => [n.id, n]));
    const recorded = full.edges.map((edge) => ({
      edge,
      ...(byId.get(edge.source)!.external ? { sourceGhost: byId.get(edge.source) } : {}),
      ...(byId.get(edge.target)!.external ? { targetGhost: byId.get(edge.target) } : {}),
    }));
    const graph = assembleGraph(listed, recorded, []);
    expect(new Set(graph.nodes.map((n) => n.id))).toEqual(new Set(full.nodes.map((n) => n.id)));
    expect(graph.edges.map((e) => e.id).sort()).toEqual(full.edges.map((e) => e.id).sort());
  });

  it('draws a remembered endpoint as a ghost and leaves out edges to what is known from nowhere', () => {
    const listed = full.nodes.filter((n) => !n.external && n.id !== W.V2a);
    const recorded = full.edges.map((edge) => ({ edge }));
    const graph = assembleGraph(listed, recorded, [rememberedV2a]);
    expect(graph.nodes.find((n) => n.id === W.V2a)).toMatchObject({ external: true, lastSeenAt });
    expect(graph.nodes.some((n) => n.id === W.BASE)).toBe(false); // the public AMI: no ghost recorded for it
    expect(graph.edges.some((e) => e.source === W.BASE)).toBe(false);
    expect(graph.edges.some((e) => e.target === W.V2a && e.kind === 'restored')).toBe(true);
  });
});
