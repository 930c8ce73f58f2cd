import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { familyIndex, summariseRest } from './family-index';
import { W, walkthroughInventory } from './fixtures';
import type { LineageGraph, LineageNode } from './types';

const base = buildLineage(walkthroughInventory());
const instance = base.nodes.find((n) => n.id === W.I1)!;
const STRANGER = 'i-0aaaa000000000001';

/** A second, unrelated instance launched from the walkthrough's public AMI, in another account. */
function withStranger(): LineageGraph {
  const stranger: LineageNode = { ...instance, id: STRANGER, name: 'stranger', accountId: '222222222222' };
  const launched = { id: `launched:${W.BASE}->${STRANGER}`, source: W.BASE, target: STRANGER };
  return {
    nodes: [...base.nodes, stranger],
    edges: [...base.edges, { ...launched, kind: 'launched', evidence: 'Instance.ImageId' }],
  };
}

describe('familyIndex', () => {
  it('keeps two families apart when all they share is a public AMI, which is drawn in both', () => {
    const index = familyIndex(withStranger());
    expect(index.families).toHaveLength(2);
    const [big, small] = index.families;
    expect(big!.resources).toBeGreaterThan(small!.resources);
    expect(small!.id).toBe(STRANGER);
    // The stranger's family: the stranger, the public AMI it was launched from and the AMI's snapshot.
    const strangerFamily = index.graphOf(STRANGER)!;
    expect(strangerFamily.nodes.map((n) => n.id).sort()).toEqual([W.BASE, W.BASE_SNAP, STRANGER].sort());
    expect(strangerFamily.edges.map((e) => e.kind).sort()).toEqual(['backs', 'launched']);
    expect(strangerFamily.edges.every((e) => e.source !== W.V1a && e.target !== W.I1)).toBe(true);
    expect(index.familyOf(W.BASE)).toBe(big);
    expect(index.drawn).toBe(withStranger().nodes.length + 2);
  });

  it('names a family by any of its members and counts kinds, GiB, regions, accounts and findings', () => {
    const graph = base;
    const flagged = new Set([W.S1c, W.V2a]);
    const index = familyIndex(graph, flagged);
    expect(index.families).toHaveLength(1);
    const family = index.families[0]!;
    for (const id of [W.I1, W.S2c, W.AMI1, W.BASE]) expect(index.familyOf(id)).toBe(family);
    expect(index.familyOf('i-0ffffffffffffffff')).toBeUndefined();
    expect(family.resources).toBe(graph.nodes.length);
    const volumes = graph.nodes.filter((n) => n.kind === 'volume').length;
    expect(family.kinds.volume).toBe(volumes);
    expect(family.kinds.image).toBe(graph.nodes.filter((n) => n.kind === 'image').length);
    const stored = graph.nodes
      .filter((n) => !n.external && (n.kind === 'volume' || n.kind === 'snapshot'))
      .reduce((sum, n) => sum + (n.sizeGiB ?? 0), 0);
    expect(family.sizeGiB).toBe(stored);
    expect(family.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(family.findings).toBe(2);
    expect(Object.values(family.accounts).reduce((a, b) => a + b, 0)).toBe(
      graph.nodes.filter((n) => n.accountId).length,
    );
    const whole = index.graphOf(W.AMI1c)!;
    expect(whole.nodes).toHaveLength(graph.nodes.length);
    expect(whole.edges).toHaveLength(graph.edges.length);
  });

  it('sums the families after the first ones per region', () => {
    const index = familyIndex(withStranger());
    expect(summariseRest(index.families, 1)).toEqual([
      { region: index.families[1]!.regions[0], families: 1, resources: 3, sizeGiB: 0, findings: 0 },
    ]);
    expect(summariseRest(index.families, 2)).toEqual([]);
  });

  it('adds the families it sums to sums already made, region by region, without changing them', () => {
    const index = familyIndex(withStranger());
    const region = index.families[1]!.regions[0]!;
    const before = [
      { region, families: 10, resources: 40, sizeGiB: 8, findings: 2 },
      { region: 'ap-south-1', families: 20, resources: 50, sizeGiB: 1, findings: 0 },
    ];
    expect(summariseRest(index.families, 1, before)).toEqual([
      { region: 'ap-south-1', families: 20, resources: 50, sizeGiB: 1, findings: 0 },
      { region, families: 11, resources: 43, sizeGiB: 8, findings: 2 },
    ]);
    expect(before[0]!.families).toBe(10);
  });
});
