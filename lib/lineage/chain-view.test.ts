import { describe, expect, it } from 'vitest';
import { type MeasuredChain, chainBars, chainFreed, chainSummary, deletionSentence, formatBytes } from './chain-view';

const GIB = 2 ** 30;

const chain: MeasuredChain = {
  volumeId: 'vol-0123456789abcdef0',
  snapshots: [
    {
      snapshotId: 'snap-a',
      startTime: '2026-11-01T00:00:00Z',
      storageTier: 'standard',
      fullBytes: 8 * GIB,
      changedBytes: 8 * GIB,
      uniqueBytes: 1.2 * GIB,
    },
    {
      snapshotId: 'snap-b',
      startTime: '2026-11-02T00:00:00Z',
      storageTier: 'archive',
      fullBytes: null,
      changedBytes: null,
      uniqueBytes: null,
      reason: { code: 'archived', message: 'in the archive tier' },
    },
    {
      snapshotId: 'snap-c',
      startTime: '2026-11-03T00:00:00Z',
      storageTier: 'standard',
      fullBytes: 4 * GIB,
      changedBytes: 0.5 * GIB,
      uniqueBytes: 0.5 * GIB,
    },
  ],
  spans: [
    { first: 'snap-a', last: 'snap-a', bytes: 1.2 * GIB },
    { first: 'snap-a', last: 'snap-c', bytes: 3.5 * GIB },
    { first: 'snap-c', last: 'snap-c', bytes: 0.5 * GIB },
  ],
  storedBytes: 5.2 * GIB,
};

describe('chain view', () => {
  it('formats sizes with two significant figures at most', () => {
    expect([0, 512 * 1024, 640 * 2 ** 20, 1.234 * GIB, 8 * GIB, 926.5 * GIB].map(formatBytes)).toEqual([
      '0 B',
      '512 KiB',
      '640 MiB',
      '1.2 GiB',
      '8 GiB',
      '927 GiB',
    ]);
  });

  it('draws one bar per snapshot, scaled to the largest, and says what deleting each frees', () => {
    const bars = chainBars(chain);
    expect(bars.map((b) => [b.full, b.changed, b.unique])).toEqual([
      [1, 1, 0.15],
      [null, null, null],
      [0.5, 0.0625, 0.0625],
    ]);
    expect(bars[0]!.deleting).toBe('deleting snap-a frees about 1.2 GiB of its 8 GiB');
    expect(bars[1]).toMatchObject({ deleting: null, reason: 'in the archive tier' });
    expect(deletionSentence('snap-x', 0, 4 * GIB)).toBe('deleting snap-x frees nothing of its 4 GiB');
  });

  it('sums up the chain, and what deleting several snapshots frees together', () => {
    expect(chainSummary(chain)).toBe('2 snapshots store 5.2 GiB in all (12 GiB if each were stored in full).');
    expect(chainSummary({ ...chain, snapshots: chain.snapshots.slice(0, 1), storedBytes: 8 * GIB })).toBe(
      '1 snapshot stores 8 GiB.',
    );
    expect(chainFreed(chain, ['snap-a'])).toBe(1.2 * GIB);
    expect(chainFreed(chain, ['snap-a', 'snap-c'])).toBe(chain.storedBytes);
  });
});
