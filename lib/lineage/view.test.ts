import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { W, walkthroughInventory } from './fixtures';
import type { LineageNode } from './types';
import { NO_FILTERS, applyFilters, hasPending, isGone, pendingRegions } from './view';

const graph = buildLineage(walkthroughInventory());
const node = (id: string) => graph.nodes.find((n) => n.id === id)!;

describe('view filters', () => {
  it('leaves the graph alone without filters', () => {
    expect(applyFilters(graph, NO_FILTERS)).toBe(graph);
  });

  it('narrows by region and drops edges that lose an end', () => {
    const eu = applyFilters(graph, { ...NO_FILTERS, regions: ['eu-west-1'] });
    expect(eu.nodes.length).toBeGreaterThan(0);
    expect(eu.nodes.every((n) => n.region === 'eu-west-1')).toBe(true);
    const ids = new Set(eu.nodes.map((n) => n.id));
    expect(eu.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(ids.has(W.AMI1c)).toBe(true);
    expect(ids.has(W.AMI1)).toBe(false);
  });

  it('narrows by kind', () => {
    const images = applyFilters(graph, { ...NO_FILTERS, kinds: ['image'] });
    expect(new Set(images.nodes.map((n) => n.kind))).toEqual(new Set(['image']));
  });

  it('hides what is gone', () => {
    const withGone = {
      nodes: [...graph.nodes, { ...node(W.I2), id: 'i-0dead000000000001', state: 'terminated' }],
      edges: graph.edges,
    };
    const shown = applyFilters(withGone, { ...NO_FILTERS, hideGone: true });
    expect(shown.nodes.some((n) => n.id === 'i-0dead000000000001')).toBe(false);
    expect(shown.nodes.some((n) => n.id === W.I2)).toBe(true);
  });

  it('narrows by encryption: volumes, snapshots and images whose EBS encryption is the one asked for', () => {
    // The fixture says nothing of encryption: its volumes, snapshots and images are given one, V2a alone encrypted.
    const g = {
      nodes: graph.nodes.map((n) =>
        n.kind === 'instance' ? n : ({ ...n, details: { ...n.details, encrypted: n.id === W.V2a } } as LineageNode),
      ),
      edges: graph.edges,
    };
    const encrypted = applyFilters(g, { ...NO_FILTERS, encryption: 'encrypted' });
    const unencrypted = applyFilters(g, { ...NO_FILTERS, encryption: 'unencrypted' });
    expect(encrypted.nodes.map((n) => n.id)).toContain(W.V2a);
    expect(unencrypted.nodes.length).toBeGreaterThan(0);
    const encryptedOf = (n: LineageNode) => (n.kind === 'instance' ? undefined : n.details.encrypted);
    for (const n of encrypted.nodes) expect(encryptedOf(n), n.id).toBe(true);
    for (const n of unencrypted.nodes) expect(encryptedOf(n), n.id).toBe(false);
    const known = g.nodes.filter((n) => typeof encryptedOf(n) === 'boolean');
    expect(encrypted.nodes.length + unencrypted.nodes.length).toBe(known.length);
    expect(unencrypted.nodes.some((n) => n.kind === 'instance')).toBe(false);
  });

  it('keeps only the families that match, when asked', () => {
    const lonely = { ...node(W.V2a), id: 'vol-0aaaa000000000001', name: 'scratch', tags: { Name: 'scratch' } };
    const g = { nodes: [...graph.nodes, lonely], edges: graph.edges };
    const only = applyFilters(g, { ...NO_FILTERS, query: 'scratch', onlyMatching: true });
    expect(only.nodes.map((n) => n.id)).toEqual(['vol-0aaaa000000000001']);
    const all = applyFilters(g, { ...NO_FILTERS, query: 'scratch', onlyMatching: false });
    expect(all.nodes).toHaveLength(g.nodes.length);
  });

  it('does not join families through the public image they were launched from, but keeps it beside them', () => {
    // A second, unrelated instance launched from the same public AMI as I1.
    const i2 = node(W.I2);
    if (i2.kind !== 'instance') throw new Error('I2 is an instance');
    const other: LineageNode = {
      ...i2,
      id: 'i-0bbbb000000000001',
      name: 'unrelated',
      tags: { Name: 'unrelated' },
      details: { ...i2.details, imageId: W.BASE },
    };
    const base = graph.edges.find((e) => e.kind === 'launched' && e.target === W.I1)!;
    expect(base.source).toBe(W.BASE);
    const g = {
      nodes: [...graph.nodes, other],
      edges: [...graph.edges, { ...base, id: `launched:${W.BASE}->${other.id}`, target: other.id }],
    };
    const only = applyFilters(g, { ...NO_FILTERS, query: 'unrelated', onlyMatching: true });
    expect(only.nodes.map((n) => n.id).sort()).toEqual([other.id, W.BASE, W.BASE_SNAP].sort());
    const demo = applyFilters(g, { ...NO_FILTERS, query: 'Name=EBSVolDemo', onlyMatching: true });
    const ids = new Set(demo.nodes.map((n) => n.id));
    expect(ids.has(other.id)).toBe(false);
    expect(ids.has(W.I1) && ids.has(W.AMI1c) && ids.has(W.BASE)).toBe(true);
  });
});

describe('states', () => {
  it('knows what is pending and what is gone', () => {
    expect(hasPending(graph.nodes)).toBe(false);
    expect(hasPending([{ ...node(W.S1), state: 'pending' }])).toBe(true);
    // The poll reads these regions past the server's cache: only where something owned is still changing.
    expect(pendingRegions(graph.nodes)).toEqual([]);
    const s1 = node(W.S1);
    expect(
      pendingRegions([
        { ...s1, state: 'pending' },
        { ...s1, region: 'eu-west-1', state: 'creating' },
        { ...s1, region: 'ap-south-1' },
      ]),
    ).toEqual(['eu-west-1', s1.region]);

    expect(isGone({ ...node(W.I1), state: 'terminated' })).toBe(true);
    expect(isGone(node(W.I1))).toBe(false);
  });
});
