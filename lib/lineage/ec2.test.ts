import { describe, expect, it } from 'vitest';
import { restoredSizeProblem } from './ec2';

describe('restoredSizeProblem', () => {
  it('refuses a volume smaller than its snapshot, and accepts one as large or larger', () => {
    expect(restoredSizeProblem(7, 8)).toMatch(/at least the snapshot's 8 GiB/);
    expect(restoredSizeProblem(8, 8)).toBeNull();
    expect(restoredSizeProblem(100, 8)).toBeNull();
    expect(restoredSizeProblem(1, null)).toBeNull();
  });
});
