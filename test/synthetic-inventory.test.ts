import { describe, expect, it } from 'vitest';
import { buildLineage } from '@/lib/lineage/build';
import { externalReasonText } from '@/lib/lineage/external';
import { families } from '@/lib/lineage/families';
import { syntheticInventory } from './synthetic-inventory';
import { EDGE_KINDS } from '@/lib/lineage/types';
import type { Inventory } from '@/lib/lineage/inventory';

function resourceCount(inv: Inventory): number {
  return inv.regions.reduce(
    (sum, r) =>
      sum +
      r.instances.length +
      r.volumes.length +
      r.snapshots.length +
      r.images.length +
      (r.externalImages?.length ?? 0),
    0,
  );
}

describe('syntheticInventory', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(syntheticInventory(2_000, 7))).toBe(JSON.stringify(syntheticInventory(2_000, 7)));
    expect(JSON.stringify(syntheticInventory(2_000, 8))).not.toBe(JSON.stringify(syntheticInventory(2_000, 7)));
  });

  it('produces about n resources, shaped like an account: every edge kind, ghosts, many families', () => {
    const inv = syntheticInventory(5_000, 3);
    const count = resourceCount(inv);
    expect(count).toBeGreaterThanOrEqual(5_000);
    expect(count).toBeLessThan(5_200);
    expect(inv.regions.length).toBeGreaterThanOrEqual(4);
    const graph = buildLineage(inv);
    expect(new Set(graph.edges.map((e) => e.kind))).toEqual(new Set(EDGE_KINDS));
    const reasons = new Set(graph.nodes.filter((n) => n.external).map((n) => externalReasonText(n)));
    for (const reason of [
      'volume deleted',
      'snapshot deleted',
      'instance terminated and gone',
      'snapshot not in inventory',
    ]) {
      expect(reasons).toContain(reason);
    }
    expect([...reasons].some((r) => r?.startsWith('public AMI, owned by'))).toBe(true);
    expect(graph.edges.some((e) => e.evidence.startsWith('snapshot description: Created by CreateImage('))).toBe(true);
    expect(graph.edges.some((e) => e.evidence.startsWith('snapshot description: [Copied '))).toBe(true);
    expect(graph.nodes.some((n) => n.id === 'vol-ffffffff')).toBe(false);
    expect(families(graph).length).toBeGreaterThan(50);
  });

  it('builds 50k resources without throwing, with unique node and edge ids and no dangling edges', () => {
    const inv = syntheticInventory(50_000, 1);
    expect(resourceCount(inv)).toBeGreaterThanOrEqual(50_000);
    const graph = buildLineage(inv);
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    expect(nodeIds.size).toBe(graph.nodes.length);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
    expect(graph.edges.every((e) => nodeIds.has(e.source) && nodeIds.has(e.target))).toBe(true);
    expect(graph.nodes.length).toBeGreaterThanOrEqual(50_000);
  });
});
