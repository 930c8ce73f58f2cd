import { describe, expect, it } from 'vitest';
import { isReadableId, restoredSizeProblem } from './ec2';

describe('restoredSizeProblem', () => {
  it('refuses a volume smaller than its snapshot, and accepts one as large or larger', () => {
    expect(restoredSizeProblem(7, 8)).toMatch(/at least the snapshot's 8 GiB/);
    expect(restoredSizeProblem(8, 8)).toBeNull();
    expect(restoredSizeProblem(100, 8)).toBeNull();
    expect(restoredSizeProblem(1, null)).toBeNull();
  });
});

describe('isReadableId', () => {
  it("reads the prefix strictly and the rest leniently, never the copies' vol-ffffffff", () => {
    const readable = ['vol-0123456789abcdef0', 'vol-1a2b3c4d', 'vol-abc-def', 'vol-A_b-9', 'vol-x'];
    const unreadable = ['vol-', 'vol--abc', 'vol-_abc', 'vol-ab c', 'vol-abc.d', 'vol-é1', 'volx-abc', 'snap-0abc', ''];
    for (const id of readable) expect(isReadableId('volume', id), id).toBe(true);
    for (const id of unreadable) expect(isReadableId('volume', id), id).toBe(false);
    expect(isReadableId('volume', 'vol-ffffffff')).toBe(false);
    expect(isReadableId('snapshot', 'snap-ffffffff')).toBe(true);
    expect(isReadableId('instance', 'i-0abc')).toBe(true);
    expect(isReadableId('instance', 'ami-0abc')).toBe(false);
    expect(isReadableId('image', 'ami-0abc\n')).toBe(false);
  });
});
