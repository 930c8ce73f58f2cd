import { describe, expect, it } from 'vitest';
import { syntheticInventory } from '@/test/synthetic-inventory';
import { buildLineage } from './build';
import { W, walkthroughInventory } from './fixtures';
import { buildSearchIndex, nodeMatcher, parseQuery, searchIndex } from './search';
import type { LineageNode } from './types';

const graph = buildLineage(walkthroughInventory());
const index = buildSearchIndex(graph.nodes);
const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
const ids = (query: string, offset = 0, limit = 100) =>
  searchIndex(index, query, offset, limit).hits.map((h) => h.node.id);

function tagged(base: LineageNode, id: string, tags: Record<string, string>, name = tags.Name ?? null): LineageNode {
  return { ...base, id, name, tags };
}

describe('parseQuery', () => {
  it('reads words, phrases and key=value or key:value pairs', () => {
    expect(parseQuery(' Name=scratch  env:Prod "two words" web ')).toEqual([
      { kind: 'pair', key: 'name', value: 'scratch', text: 'name=scratch' },
      { kind: 'pair', key: 'env', value: 'prod', text: 'env:prod' },
      { kind: 'text', text: 'two words' },
      { kind: 'text', text: 'web' },
    ]);
    expect(parseQuery('   ')).toEqual([]);
    expect(parseQuery('=x')).toEqual([{ kind: 'text', text: '=x' }]);
  });
});

describe('searchIndex', () => {
  it('finds by id, whole or in part, best first', () => {
    // The copy names its source in its description: found too, after the resource itself.
    expect(ids(W.S1)).toEqual([W.S1, W.S1c]);
    const page = searchIndex(index, 'snap-0c', 0, 10);
    expect(page.hits.map((h) => h.node.id).sort()).toEqual([W.S1c, W.S2c].sort());
    expect(page.hits[0]!.match.field).toBe('id');
  });

  it('finds by name, exact names before names that contain it', () => {
    const found = ids('EBSVolDemo');
    expect(found[0]).toBe(W.I1);
    expect(found).toContain(W.I2); // EBSVolDemo-restored
  });

  it('matches a tag by key=value and key:value, in any case, and says where', () => {
    const extra = [
      tagged(node(W.V2a), 'vol-0e0000000000000a1', { Name: 'scratch', env: 'prod' }),
      tagged(node(W.V2a), 'vol-0e0000000000000a2', { Name: 'scratch-old', env: 'dev' }),
      tagged(node(W.V2a), 'vol-0e0000000000000a3', { Name: 'other', owner: 'scratch' }),
    ];
    const idx = buildSearchIndex([...graph.nodes, ...extra]);
    const find = (q: string) => searchIndex(idx, q).hits.map((h) => h.node.id);
    expect(find('Name=scratch')).toEqual(['vol-0e0000000000000a1', 'vol-0e0000000000000a2']);
    expect(find('name:SCRATCH')).toEqual(['vol-0e0000000000000a1', 'vol-0e0000000000000a2']);
    expect(find('env=prod')).toEqual(['vol-0e0000000000000a1']);
    expect(find('env=')).toEqual(['vol-0e0000000000000a1', 'vol-0e0000000000000a2']);
    // Plain text finds the tag value of another key too, after the names.
    expect(find('scratch')).toEqual(['vol-0e0000000000000a1', 'vol-0e0000000000000a2', 'vol-0e0000000000000a3']);
    expect(searchIndex(idx, 'env=prod').hits[0]!.match).toEqual({ field: 'tag', text: 'env=prod' });
    // Every term must match.
    expect(find('scratch env=dev')).toEqual(['vol-0e0000000000000a2']);
  });

  it('finds by region, state, instance type, volume type and description', () => {
    const eu = ids('eu-west-1');
    expect(eu.sort()).toEqual(
      graph.nodes
        .filter((n) => n.region === 'eu-west-1')
        .map((n) => n.id)
        .sort(),
    );
    expect(eu.length).toBeGreaterThan(0);
    expect(ids('t3.micro').sort()).toEqual([W.I1, W.I2].sort());
    expect(ids('type=t3.micro').sort()).toEqual([W.I1, W.I2].sort());
    const gp3 = graph.nodes.filter((n) => n.kind === 'volume' && n.details.volumeType === 'gp3').map((n) => n.id);
    expect(gp3.length).toBeGreaterThan(0);
    expect(ids('gp3').sort()).toEqual(gp3.sort());
    expect(ids('running').sort()).toEqual([W.I1, W.I2].sort());
    expect(ids('state=running region=us-east-1').sort()).toEqual([W.I1, W.I2].sort());
    const copies = searchIndex(index, 'DestinationAmi').hits;
    expect(copies.map((h) => h.node.id).sort()).toEqual([W.S1c, W.S2c].sort());
    expect(copies[0]!.match.field).toBe('description');
  });

  it('does not match a short field from the inside: "1" is not every resource of us-east-1', () => {
    const found = ids('east-1');
    expect(found.every((id) => node(id).region !== 'us-east-1' || id.includes('east-1'))).toBe(true);
  });

  it('counts every match and pages through them without repeats', () => {
    const all = ids('us-east-1');
    expect(all.length).toBe(searchIndex(index, 'us-east-1').total);
    const pages = [...ids('us-east-1', 0, 3), ...ids('us-east-1', 3, 3), ...ids('us-east-1', 6, 100)];
    expect(pages).toEqual(all);
    expect(new Set(pages).size).toBe(pages.length);
    expect(searchIndex(index, 'us-east-1', all.length + 5, 10)).toEqual({ total: all.length, hits: [] });
  });

  it('knows where each resource is in its text, so a term found there is found in the right resource', () => {
    index.entries.forEach((entry, i) => {
      expect(index.text.startsWith(entry.node.id.toLowerCase(), index.starts[i])).toBe(true);
    });
    expect(index.starts[index.entries.length]).toBeGreaterThanOrEqual(index.text.length);
    const last = index.entries.at(-1)!.node;
    expect(ids(last.id)[0]).toBe(last.id);
  });

  it('finds nothing for an empty query or a term nothing has', () => {
    expect(searchIndex(index, '  ')).toEqual({ total: 0, hits: [] });
    expect(searchIndex(index, 'no-such-thing-anywhere').total).toBe(0);
  });

  it('counts the matches of a large account, each resource once', () => {
    const big = buildLineage(syntheticInventory(5_000));
    const idx = buildSearchIndex(big.nodes);
    const web = big.nodes.filter((n) => (n.name ?? '').toLowerCase().includes('web'));
    const page = searchIndex(idx, 'web', 0, 10_000);
    expect(page.total).toBeGreaterThanOrEqual(web.length);
    expect(new Set(page.hits.map((h) => h.node.id)).size).toBe(page.total);
  });
});

describe('nodeMatcher', () => {
  it('applies the same rules to one node', () => {
    expect(nodeMatcher('Name=EBSVolDemo')(node(W.I1))).toBe(true);
    expect(nodeMatcher('Name=EBSVolDemo')(node(W.S1))).toBe(false);
    expect(nodeMatcher('')(node(W.I1))).toBe(false);
  });
});
