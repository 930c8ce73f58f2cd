import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { W, walkthroughInventory } from './fixtures';
import { NO_FILTERS, applyFilters, hasPending, isGone, matchScore, search } from './view';

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

  it('keeps only the families that match, when asked', () => {
    const lonely = { ...node(W.V2a), id: 'vol-0aaaa000000000001', name: 'scratch', tags: { Name: 'scratch' } };
    const g = { nodes: [...graph.nodes, lonely], edges: graph.edges };
    const only = applyFilters(g, { ...NO_FILTERS, query: 'scratch', onlyMatching: true });
    expect(only.nodes.map((n) => n.id)).toEqual(['vol-0aaaa000000000001']);
    const all = applyFilters(g, { ...NO_FILTERS, query: 'scratch', onlyMatching: false });
    expect(all.nodes).toHaveLength(g.nodes.length);
  });
});

describe('search', () => {
  it('finds by id, name and tag value, best match first', () => {
    expect(search(graph.nodes, W.AMI1)[0]!.id).toBe(W.AMI1);
    const named = graph.nodes.find((n) => n.name)!;
    expect(search(graph.nodes, named.name!.slice(0, 4).toUpperCase()).map((n) => n.id)).toContain(named.id);
    expect(matchScore(node(W.AMI1), '')).toBe(0);
    expect(search(graph.nodes, 'nothing-like-this')).toEqual([]);
  });
});

describe('states', () => {
  it('knows what is pending and what is gone', () => {
    expect(hasPending(graph.nodes)).toBe(false);
    expect(hasPending([{ ...node(W.S1), state: 'pending' }])).toBe(true);
    expect(isGone({ ...node(W.I1), state: 'terminated' })).toBe(true);
    expect(isGone(node(W.I1))).toBe(false);
  });
});
