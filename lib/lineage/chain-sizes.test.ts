import { describe, expect, it } from 'vitest';
import { Random } from '@/emulator/random';
import {
  type BlockRanges,
  type ChainStepBlocks,
  RangeBuilder,
  blockSpans,
  countRanges,
  freedBytes,
  intersect,
  sizesFromSpans,
  storedBlocks,
  subtract,
} from './chain-sizes';

/** A chain told block by block: each snapshot's blocks as index → version (a version names the write that made it). */
type Chain = Map<number, string>[];

const ranges = (indexes: number[]): BlockRanges => {
  const b = new RangeBuilder();
  [...indexes].sort((x, y) => x - y).forEach((i) => b.add(i));
  return b.ranges;
};

/** What the EBS direct API would answer for the chain: the first snapshot's blocks, then each step's changes. */
function stepsOf(chain: Chain): ChainStepBlocks[] {
  return chain.map((blocks, i) => {
    const previous = chain[i - 1];
    const next = chain[i + 1];
    const captured = [...blocks.keys()].filter((b) => previous === undefined || previous.get(b) !== blocks.get(b));
    const replaced = next && [...blocks.keys()].filter((b) => next.get(b) !== blocks.get(b));
    return { captured: ranges(captured), replaced: replaced && ranges(replaced) };
  });
}

/** The same sizes worked out the slow way: every version and the snapshots that hold it. */
function bruteForce(chain: Chain) {
  const holders = new Map<string, Set<number>>();
  chain.forEach((blocks, i) => {
    for (const [index, version] of blocks) {
      const key = `${index}:${version}`;
      holders.set(key, (holders.get(key) ?? new Set()).add(i));
    }
  });
  const sizes = chain.map((blocks, i) => ({
    full: blocks.size,
    changed: [...blocks].filter(([b, v]) => chain[i - 1]?.get(b) !== v).length,
    unique: [...blocks].filter(([b, v]) => holders.get(`${b}:${v}`)!.size === 1).length,
  }));
  const freed = (deleted: Set<number>) =>
    [...holders.values()].filter((held) => [...held].every((i) => deleted.has(i))).length;
  return { sizes, stored: holders.size, freed };
}

/** A volume written and changed at random, snapshotted `length` times. */
function randomChain(rng: Random, length: number, size: number): Chain {
  const volume = new Map<number, string>();
  const chain: Chain = [];
  let write = 0;
  for (let s = 0; s < length; s++) {
    const extents = rng.int(0, 6);
    for (let e = 0; e < extents; e++) {
      const start = rng.int(0, size - 1);
      const end = Math.min(size, start + rng.int(1, size / 4));
      write++;
      for (let b = start; b < end; b++) volume.set(b, `w${write}`);
    }
    if (rng.chance(0.2) && volume.size > 0) volume.delete([...volume.keys()][rng.int(0, volume.size - 1)]!); // trimmed
    chain.push(new Map(volume));
  }
  return chain;
}

describe('block ranges', () => {
  it('intersects and subtracts', () => {
    const a = [0, 10, 20, 5];
    const b = [5, 20];
    expect(intersect(a, b)).toEqual([5, 5, 20, 5]);
    expect(subtract(a, b)).toEqual([0, 5]);
    expect(subtract(b, a)).toEqual([10, 10]);
    expect(countRanges(intersect(a, []))).toBe(0);
  });

  it('refuses indexes out of order', () => {
    const b = new RangeBuilder();
    b.add(3);
    b.add(4);
    expect(() => b.add(4)).toThrow(/out of order/);
  });
});

describe('a chain of five backups', () => {
  // 100 blocks written before the first; each backup after it rewrites 10 blocks, and the third rewrites 5 of the
  // second's changes again.
  const chain: Chain = [];
  const volume = new Map<number, string>(Array.from({ length: 100 }, (_, i) => [i, 'w0']));
  const rewrite = (from: number, count: number, version: string) => {
    for (let b = from; b < from + count; b++) volume.set(b, version);
    chain.push(new Map(volume));
  };
  chain.push(new Map(volume));
  rewrite(0, 10, 'w1');
  rewrite(5, 10, 'w2');
  rewrite(40, 10, 'w3');
  rewrite(60, 10, 'w4');
  const spans = blockSpans(stepsOf(chain));
  const sizes = sizesFromSpans(spans, 5);
  const ids = ['s1', 's2', 's3', 's4', 's5'];
  const byId = spans.map((s) => ({ first: ids[s.first]!, last: ids[s.last]!, bytes: s.blocks }));

  it('counts full, changed and unique blocks of each', () => {
    expect(sizes).toEqual([
      { full: 100, changed: 100, unique: 10 },
      { full: 100, changed: 10, unique: 5 },
      { full: 100, changed: 10, unique: 0 },
      { full: 100, changed: 10, unique: 0 },
      { full: 100, changed: 10, unique: 10 },
    ]);
    expect(storedBlocks(spans)).toBe(140);
  });

  it('frees only the middle one’s unique blocks when it alone is deleted, and everything with the whole chain', () => {
    expect(freedBytes(ids, byId, ['s3'])).toBe(sizes[2]!.unique);
    expect(freedBytes(ids, byId, ['s2'])).toBe(5);
    // Together, s3 and s4 free nothing: what they changed, s5 still holds.
    expect(freedBytes(ids, byId, ['s3', 's4'])).toBe(0);
    expect(freedBytes(ids, byId, ['s4', 's5'])).toBe(10 + 10);
    expect(freedBytes(ids, byId, ids)).toBe(storedBlocks(spans));
  });
});

describe('chains at random agree with a block-by-block count', () => {
  it('for 200 chains of 1–12 snapshots', () => {
    const rng = new Random(42);
    for (let n = 0; n < 200; n++) {
      const chain = randomChain(rng, rng.int(1, 12), rng.int(8, 300));
      const expected = bruteForce(chain);
      const spans = blockSpans(stepsOf(chain));
      expect(sizesFromSpans(spans, chain.length)).toEqual(expected.sizes);
      expect(storedBlocks(spans)).toBe(expected.stored);
      const ids = chain.map((_, i) => `s${i}`);
      const byId = spans.map((s) => ({ first: ids[s.first]!, last: ids[s.last]!, bytes: s.blocks }));
      const deleted = new Set(ids.map((_, i) => i).filter(() => rng.chance(0.4)));
      expect(
        freedBytes(
          ids,
          byId,
          [...deleted].map((i) => ids[i]!),
        ),
      ).toBe(expected.freed(deleted));
    }
  });
});
