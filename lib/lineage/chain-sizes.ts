/**
 * What the snapshots of one volume really hold. EBS snapshots are incremental: the first stores every written block,
 * each later one the blocks changed since the one before, and deleting a snapshot frees only the blocks no other
 * snapshot still holds. Given, for a chain in time order, the blocks of its first snapshot and the changed blocks
 * between each snapshot and the next (what the EBS direct API lists), this works out each stored block version's
 * span — the snapshots from the one that first held it to the last that still holds it — and from the spans each
 * snapshot's full, changed and unique size, the chain's stored total, and what deleting any set of its snapshots
 * frees. Pure: no SDK, no I/O.
 */

/** Block indexes as sorted, disjoint `[start, length]` pairs. */
export type BlockRanges = number[];

/** Builds ranges from indexes given in increasing order. */
export class RangeBuilder {
  private readonly out: BlockRanges = [];

  add(index: number): void {
    this.addRange(index, 1);
  }

  /** Adds `length` blocks from `start`, which must come after every block added so far. */
  addRange(start: number, length: number): void {
    const n = this.out.length;
    const end = n > 0 ? this.out[n - 2]! + this.out[n - 1]! : 0;
    if (n > 0 && end === start) this.out[n - 1]! += length;
    else if (n > 0 && end > start) throw new Error(`Block indexes out of order: ${start} after ${end - 1}.`);
    else this.out.push(start, length);
  }

  get ranges(): BlockRanges {
    return this.out;
  }
}

export function countRanges(ranges: BlockRanges): number {
  let total = 0;
  for (let i = 1; i < ranges.length; i += 2) total += ranges[i]!;
  return total;
}

/** The blocks of `a` that are in `b` (keep: true) or not in `b` (keep: false). */
function split(a: BlockRanges, b: BlockRanges, keep: boolean): BlockRanges {
  const out: BlockRanges = [];
  const push = (start: number, end: number) => {
    if (end <= start) return;
    const n = out.length;
    const lastEnd = n > 0 ? out[n - 2]! + out[n - 1]! : -1;
    if (lastEnd === start) out[n - 1]! += end - start;
    else out.push(start, end - start);
  };
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let pos = a[i]!;
    const end = pos + a[i + 1]!;
    while (j < b.length && b[j]! + b[j + 1]! <= pos) j += 2;
    for (let k = j; k < b.length && b[k]! < end && pos < end; k += 2) {
      const bs = Math.max(b[k]!, pos);
      const be = Math.min(b[k]! + b[k + 1]!, end);
      if (!keep) push(pos, bs);
      if (keep) push(bs, be);
      pos = Math.max(pos, be);
    }
    if (!keep) push(pos, end);
  }
  return out;
}

export const intersect = (a: BlockRanges, b: BlockRanges) => split(a, b, true);
export const subtract = (a: BlockRanges, b: BlockRanges) => split(a, b, false);

/** One step of a chain, as the EBS direct API answers it. */
export interface ChainStepBlocks {
  /** Blocks this snapshot holds differently from the one before (for the first: all of its blocks). */
  captured: BlockRanges;
  /** Blocks this snapshot holds that the next one does not hold as they are; absent for the last. */
  replaced?: BlockRanges;
}

/** Block versions first held by the `first`-th snapshot and last by the `last`-th (indexes in the chain). */
export interface BlockSpan {
  first: number;
  last: number;
  blocks: number;
}

/**
 * The spans of a chain's block versions: a version captured by snapshot i lives until the first later step that
 * replaces it, or to the end of the chain.
 */
export function blockSpans(steps: readonly ChainStepBlocks[]): BlockSpan[] {
  const spans: BlockSpan[] = [];
  steps.forEach((step, i) => {
    let alive = step.captured;
    for (let t = i; t < steps.length - 1 && alive.length > 0; t++) {
      const replaced = steps[t]!.replaced ?? [];
      const gone = intersect(alive, replaced);
      const blocks = countRanges(gone);
      if (blocks > 0) spans.push({ first: i, last: t, blocks });
      alive = subtract(alive, replaced);
    }
    const left = countRanges(alive);
    if (left > 0) spans.push({ first: i, last: steps.length - 1, blocks: left });
  });
  return spans;
}

export interface SnapshotBlockSizes {
  /** Blocks written on the volume when the snapshot was taken. */
  full: number;
  /** Blocks changed since the snapshot before (for the first: all of them). */
  changed: number;
  /** Blocks no other snapshot of the chain holds: what deleting it frees. */
  unique: number;
}

/** Each snapshot's sizes, in blocks, from the spans of a chain of `length` snapshots. */
export function sizesFromSpans(spans: readonly BlockSpan[], length: number): SnapshotBlockSizes[] {
  const sizes = Array.from({ length }, () => ({ full: 0, changed: 0, unique: 0 }));
  for (const span of spans) {
    sizes[span.first]!.changed += span.blocks;
    if (span.first === span.last) sizes[span.first]!.unique += span.blocks;
    for (let i = span.first; i <= span.last; i++) sizes[i]!.full += span.blocks;
  }
  return sizes;
}

/** What a chain stores in all: every block version once. */
export const storedBlocks = (spans: readonly { blocks: number }[]) => spans.reduce((sum, s) => sum + s.blocks, 0);

/** A chain's spans by snapshot id, as the API answers them. */
export interface SnapshotSpan {
  first: string;
  last: string;
  bytes: number;
}

/**
 * What deleting `deleted` (snapshot ids) frees of a chain ordered as `order`: the versions every snapshot of whose
 * span is deleted. Deleting one snapshot frees its unique size; deleting a whole chain frees all it stores.
 */
export function freedBytes(
  order: readonly string[],
  spans: readonly SnapshotSpan[],
  deleted: Iterable<string>,
): number {
  const gone = new Set(deleted);
  const position = new Map(order.map((id, i) => [id, i]));
  let freed = 0;
  for (const span of spans) {
    const first = position.get(span.first);
    const last = position.get(span.last);
    if (first === undefined || last === undefined) continue;
    let all = true;
    for (let i = first; i <= last && all; i++) all = gone.has(order[i]!);
    if (all) freed += span.bytes;
  }
  return freed;
}
