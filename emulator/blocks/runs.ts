/**
 * A volume's or snapshot's written blocks as sorted, disjoint runs: a flat array of `[start, length, writeId]`
 * triples, where the blocks `start … start + length - 1` hold what the write `writeId` wrote there. A terabyte
 * written in a few large writes is a few runs, however many blocks it holds.
 */
export type Runs = number[];

/** How many numbers describe one run, and one difference between two run lists. */
export const RUN = 3;
export const DIFF = 4;

/** The index of the first element (of `stride` numbers) whose blocks end after `index`; the count when none do. */
export function firstEndingAfter(items: readonly number[], stride: number, index: number): number {
  let lo = 0;
  let hi = items.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid * stride]! + items[mid * stride + 1]! > index) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function countBlocks(runs: Runs): number {
  let total = 0;
  for (let i = 1; i < runs.length; i += RUN) total += runs[i]!;
  return total;
}

/** One past the highest written block; 0 when nothing is written. */
export const highWater = (runs: Runs): number =>
  runs.length === 0 ? 0 : runs[runs.length - RUN]! + runs[runs.length - RUN + 1]!;

/**
 * Writes the blocks `start … start + length - 1` with `writeId`, in place; answers how many of them had never been
 * written before.
 */
export function overwrite(runs: Runs, start: number, length: number, writeId: number): number {
  const end = start + length;
  const first = firstEndingAfter(runs, RUN, start);
  let r = first;
  let covered = 0;
  // What is left of the runs the write cuts into: its first run's head and its last run's tail.
  let leftLength = 0;
  let rightLength = 0;
  let leftWrite = 0;
  let rightWrite = 0;
  while (r * RUN < runs.length && runs[r * RUN]! < end) {
    const s = runs[r * RUN]!;
    const e = s + runs[r * RUN + 1]!;
    if (s < start) [leftLength, leftWrite] = [start - s, runs[r * RUN + 2]!];
    if (e > end) [rightLength, rightWrite] = [e - end, runs[r * RUN + 2]!];
    covered += Math.min(e, end) - Math.max(s, start);
    r++;
  }
  const at = first * RUN;
  const removed = (r - first) * RUN;
  if (leftLength > 0 && rightLength > 0)
    runs.splice(
      at,
      removed,
      start - leftLength,
      leftLength,
      leftWrite,
      start,
      length,
      writeId,
      end,
      rightLength,
      rightWrite,
    );
  else if (leftLength > 0) runs.splice(at, removed, start - leftLength, leftLength, leftWrite, start, length, writeId);
  else if (rightLength > 0) runs.splice(at, removed, start, length, writeId, end, rightLength, rightWrite);
  else runs.splice(at, removed, start, length, writeId);
  return length - covered;
}

/**
 * Where two run lists differ, in block order: `[start, length, writeIdA, writeIdB]` quads, -1 for a side that has no
 * block there. Blocks written by the same write in both are the same data and are not listed.
 */
export function differences(a: Runs, b: Runs): number[] {
  const out: number[] = [];
  const na = a.length / RUN;
  const nb = b.length / RUN;
  const end = (runs: Runs, i: number) => runs[i * RUN]! + runs[i * RUN + 1]!;
  let i = 0;
  let j = 0;
  let pos = 0;
  for (;;) {
    while (i < na && end(a, i) <= pos) i++;
    while (j < nb && end(b, j) <= pos) j++;
    if (i >= na && j >= nb) return out;
    const inA = i < na && a[i * RUN]! <= pos;
    const inB = j < nb && b[j * RUN]! <= pos;
    const nextA = i >= na ? Infinity : inA ? end(a, i) : a[i * RUN]!;
    const nextB = j >= nb ? Infinity : inB ? end(b, j) : b[j * RUN]!;
    const next = Math.min(nextA, nextB);
    const wa = inA ? a[i * RUN + 2]! : -1;
    const wb = inB ? b[j * RUN + 2]! : -1;
    if (wa !== wb) {
      const last = out.length - DIFF;
      const lastEnd = last >= 0 ? out[last]! + out[last + 1]! : -1;
      if (lastEnd === pos && out[last + 2] === wa && out[last + 3] === wb) out[last + 1]! += next - pos;
      else out.push(pos, next - pos, wa, wb);
    }
    pos = next;
  }
}
