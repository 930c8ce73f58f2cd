import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticInventory } from '@/test/synthetic-inventory';
import { buildLineage } from './build';

/**
 * The builder is tuned for speed (fewer objects per node, strings made only when kept); what it answers must not
 * change with that. These digests are of its answer for two varied 5k-resource accounts (every edge kind, ghosts,
 * copies across regions), taken before the tuning; the model's own tests say which rule changed when one fails.
 */
const GOLDEN = [
  { seed: 1, nodes: 6032, edges: 7474, sha256: 'edf107cf73a8bbd6e9cfcbf5fbb31fe19a07e9273d5db90c9e75ad085b7abb1b' },
  { seed: 3, nodes: 6071, edges: 7469, sha256: 'a3237e0d9fa5609c05b5516e4a46b9f929b0766854bf742efe14c07ed0830ad6' },
];

describe('buildLineage on a 5k-resource account', () => {
  it.each(GOLDEN)(
    'answers exactly what it answered before it was tuned (seed $seed)',
    ({ seed, nodes, edges, sha256 }) => {
      const graph = buildLineage(syntheticInventory(5_000, seed));
      expect({ nodes: graph.nodes.length, edges: graph.edges.length }).toEqual({ nodes, edges });
      expect(createHash('sha256').update(JSON.stringify(graph)).digest('hex')).toBe(sha256);
    },
  );
});
