/**
 * The chain view of a volume's snapshots: one bar per snapshot (its full size, with what changed since the one before
 * and what it alone holds), the chain's stored total, and what deleting a snapshot frees, in words. Pure: it reads a
 * measured chain (GET /api/snapshot-sizes) and formats it.
 */
import { freedBytes } from './chain-sizes';
import type { Finding } from './findings';
import { roundCents, snapshotPricePerGiBMonth } from './prices';

/** A measured chain, as the API answers it (only what the view reads). */
export interface MeasuredChain {
  volumeId: string;
  snapshots: readonly {
    snapshotId: string;
    startTime: string;
    storageTier: string;
    fullBytes: number | null;
    changedBytes: number | null;
    uniqueBytes: number | null;
    reason?: { code: string; message: string };
  }[];
  spans: readonly { first: string; last: string; bytes: number }[];
  storedBytes: number;
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** "8 GiB", "1.2 GiB", "640 MiB", "0 B": two significant figures at most, whole numbers when they are. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0 B';
  const [value, unit] =
    bytes >= GIB ? [bytes / GIB, 'GiB'] : bytes >= MIB ? [bytes / MIB, 'MiB'] : [bytes / 1024, 'KiB'];
  const rounded = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded.toLocaleString('en-US')} ${unit}`;
}

export interface ChainBar {
  snapshotId: string;
  startTime: string;
  /** Shares of the widest snapshot's full size, 0–1; null when not measured. */
  full: number | null;
  changed: number | null;
  unique: number | null;
  fullBytes: number | null;
  changedBytes: number | null;
  uniqueBytes: number | null;
  /** Why there are no numbers. */
  reason?: string;
  /** "deleting snap-… frees about 1.2 GiB of its 8 GiB"; null when not measured. */
  deleting: string | null;
}

/** What deleting a measured snapshot frees, in words. */
export function deletionSentence(snapshotId: string, uniqueBytes: number, fullBytes: number): string {
  const freed = uniqueBytes === 0 ? 'nothing' : `about ${formatBytes(uniqueBytes)}`;
  return `deleting ${snapshotId} frees ${freed} of its ${formatBytes(fullBytes)}`;
}

/** One bar per snapshot, oldest first, scaled to the largest full size in the chain. */
export function chainBars(chain: MeasuredChain): ChainBar[] {
  const widest = Math.max(1, ...chain.snapshots.map((s) => s.fullBytes ?? 0));
  const share = (bytes: number | null) => (bytes === null ? null : bytes / widest);
  return chain.snapshots.map((s) => ({
    snapshotId: s.snapshotId,
    startTime: s.startTime,
    full: share(s.fullBytes),
    changed: share(s.changedBytes),
    unique: share(s.uniqueBytes),
    fullBytes: s.fullBytes,
    changedBytes: s.changedBytes,
    uniqueBytes: s.uniqueBytes,
    reason: s.reason?.message,
    deleting:
      s.uniqueBytes === null || s.fullBytes === null
        ? null
        : deletionSentence(s.snapshotId, s.uniqueBytes, s.fullBytes),
  }));
}

/** The chain in a sentence: what it stores in all, against what its snapshots would take stored in full. */
export function chainSummary(chain: MeasuredChain): string {
  const measured = chain.snapshots.filter((s) => s.fullBytes !== null);
  const full = measured.reduce((sum, s) => sum + s.fullBytes!, 0);
  if (measured.length === 0) return `No snapshot of ${chain.volumeId} could be measured.`;
  if (measured.length === 1) return `1 snapshot stores ${formatBytes(chain.storedBytes)}.`;
  return `${measured.length} snapshots store ${formatBytes(chain.storedBytes)} in all (${formatBytes(full)} if each were stored in full).`;
}

/** What deleting these snapshots of the chain frees together (a snapshot not measured frees nothing known). */
export function chainFreed(chain: MeasuredChain, deleted: Iterable<string>): number {
  const order = chain.snapshots.filter((s) => s.fullBytes !== null).map((s) => s.snapshotId);
  return freedBytes(order, chain.spans, deleted);
}

/**
 * What cleaning up these findings saves a month. Snapshots counted at their unique size that belong to one measured
 * chain are counted together — deleting several frees what only they hold, which is more than the sum of their
 * unique sizes; every other finding counts its own cost.
 */
export function cleanupSaving(
  findings: readonly Pick<Finding, 'resourceId' | 'region' | 'monthlyCostUsd' | 'sizeBasis'>[],
  chains: readonly MeasuredChain[],
): number {
  const chainOf = new Map(chains.flatMap((c) => c.snapshots.map((s) => [s.snapshotId, c] as const)));
  const byChain = new Map<MeasuredChain, { ids: string[]; region: string }>();
  let total = 0;
  for (const f of findings) {
    const chain = f.sizeBasis === 'unique' ? chainOf.get(f.resourceId) : undefined;
    if (!chain) {
      total += f.monthlyCostUsd;
      continue;
    }
    const group = byChain.get(chain) ?? { ids: [], region: f.region };
    group.ids.push(f.resourceId);
    byChain.set(chain, group);
  }
  for (const [chain, { ids, region }] of byChain)
    total += roundCents((chainFreed(chain, ids) / GIB) * snapshotPricePerGiBMonth(region));
  return roundCents(total);
}
