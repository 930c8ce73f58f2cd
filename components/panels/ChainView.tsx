'use client';

import { useMemo } from 'react';
import type { SnapshotSizes } from '@/lib/api/snapshot-sizes';
import type { LineageNode } from '@/lib/lineage';
import { type ChainBar, chainBars, chainSummary, formatBytes } from '@/lib/lineage/chain-view';
import { formatDate } from '@/lib/lineage/story';
import { useSnapshotSizes } from '@/components/use-snapshot-sizes';

/**
 * The chain view of a volume or snapshot: what each snapshot of the volume really holds (measured on request with the
 * EBS direct API), one bar per snapshot — its full size, what changed since the one before, what it alone holds —
 * the chain's stored total, and what deleting the selected snapshot frees.
 */

const SHADES = { full: '#99f6e4', changed: '#2dd4bf', unique: '#0f766e' } as const;

/** The volume whose chain a resource belongs to; null for a copy (a lineage of its own) or another kind. */
export function chainVolumeOf(resource: LineageNode): string | null {
  if (resource.kind === 'volume') return resource.id;
  if (resource.kind === 'snapshot') return resource.details.volumeId;
  return null;
}

interface Props {
  resource: LineageNode;
  onSelect: (id: string) => void;
}

export function ChainView({ resource, onSelect }: Props) {
  const volumeId = chainVolumeOf(resource);
  if (resource.recycleBin) {
    return (
      <Section>
        <p className="text-sm text-neutral-500">In the Recycle Bin: EBS lists its blocks again once it is restored.</p>
      </Section>
    );
  }
  if (resource.kind === 'snapshot' && volumeId === null) {
    return (
      <Section>
        <p className="text-sm text-neutral-500">
          A copy: EBS keeps its blocks in a lineage of their own, so it is counted at its full size.
        </p>
      </Section>
    );
  }
  if (volumeId === null) return null;
  return <MeasuredChain region={resource.region} volumeId={volumeId} focus={resource} onSelect={onSelect} />;
}

function Section({ children }: { children: React.ReactNode }) {
  return (
    <section aria-label="Snapshot chain" data-testid="chain-view" className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">Snapshot chain</h3>
      {children}
    </section>
  );
}

function MeasuredChain({
  region,
  volumeId,
  focus,
  onSelect,
}: {
  region: string;
  volumeId: string;
  focus: LineageNode;
  onSelect: (id: string) => void;
}) {
  const { chain, error, measuring, progress, measure, cancel } = useSnapshotSizes(region, volumeId);
  return (
    <Section>
      {chain ? <Chain chain={chain} focusId={focus.id} onSelect={onSelect} /> : null}
      {!chain && !measuring ? (
        <p className="text-sm text-neutral-500">
          Snapshots are incremental: measure which blocks each snapshot of {volumeId} really holds, and what deleting
          one frees.
        </p>
      ) : null}
      {measuring ? (
        <Progress done={progress?.done ?? 0} total={progress?.total ?? 0} blocks={progress?.blocks ?? 0} />
      ) : null}
      {error && !measuring ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        {measuring ? (
          <button type="button" onClick={cancel} className={BUTTON}>
            Cancel
          </button>
        ) : (
          <button type="button" onClick={measure} className={BUTTON}>
            {chain ? 'Measure again' : 'Measure blocks'}
          </button>
        )}
      </div>
    </Section>
  );
}

const BUTTON =
  'rounded-md border border-neutral-200 px-2.5 py-1 text-sm hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800';

function Progress({ done, total, blocks }: { done: number; total: number; blocks: number }) {
  return (
    <div className="space-y-1" role="status" aria-live="polite">
      <div className="h-1.5 overflow-hidden rounded bg-neutral-100 dark:bg-neutral-800">
        <div className="h-full bg-teal-500 transition-all" style={{ width: `${total ? (done / total) * 100 : 5}%` }} />
      </div>
      <p className="text-xs text-neutral-500">
        Listing blocks: {done} of {total || '…'} snapshots · {blocks.toLocaleString('en-US')} blocks read
      </p>
    </div>
  );
}

function Chain({
  chain,
  focusId,
  onSelect,
}: {
  chain: SnapshotSizes;
  focusId: string;
  onSelect: (id: string) => void;
}) {
  const bars = useMemo(() => chainBars(chain), [chain]);
  const focused = bars.find((b) => b.snapshotId === focusId);
  if (bars.length === 0) return <p className="text-sm text-neutral-500">{chain.volumeId} has no snapshots here.</p>;
  return (
    <div className="space-y-3">
      <p className="text-sm">{chainSummary(chain)}</p>
      {focused?.deleting ? (
        <p className="text-sm font-medium" data-testid="chain-deleting">
          {capitalize(focused.deleting)}.
        </p>
      ) : null}
      <ol className="space-y-2">
        {bars.map((bar) => (
          <Bar key={bar.snapshotId} bar={bar} focused={bar.snapshotId === focusId} onSelect={onSelect} />
        ))}
      </ol>
      <Legend />
    </div>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Bar({ bar, focused, onSelect }: { bar: ChainBar; focused: boolean; onSelect: (id: string) => void }) {
  const pct = (share: number | null) => `${Math.max(share ?? 0, share ? 0.01 : 0) * 100}%`;
  return (
    <li
      data-testid="chain-bar"
      data-snapshot={bar.snapshotId}
      className={`rounded px-1.5 py-1 ${focused ? 'bg-teal-50 ring-1 ring-teal-500/60 dark:bg-teal-950/40' : ''}`}
      title={bar.deleting ?? bar.reason}
    >
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <button
          type="button"
          onClick={() => onSelect(bar.snapshotId)}
          className="truncate font-mono text-neutral-700 hover:underline dark:text-neutral-300"
        >
          {bar.snapshotId}
        </button>
        <span className="shrink-0 text-neutral-500">{formatDate(bar.startTime)}</span>
      </div>
      {bar.full === null ? (
        <>
          <div className="mt-1 h-2.5 rounded bg-[repeating-linear-gradient(45deg,#e5e5e5_0_4px,transparent_4px_8px)] dark:bg-[repeating-linear-gradient(45deg,#404040_0_4px,transparent_4px_8px)]" />
          <p className="mt-0.5 text-xs text-neutral-500">{bar.reason}</p>
        </>
      ) : (
        <>
          <div className="relative mt-1 h-2.5 rounded bg-neutral-100 dark:bg-neutral-800" aria-hidden>
            <div
              className="absolute inset-y-0 left-0 rounded"
              style={{ width: pct(bar.full), background: SHADES.full }}
            />
            <div
              className="absolute inset-y-0 left-0 rounded"
              style={{ width: pct(bar.changed), background: SHADES.changed }}
            />
            <div
              className="absolute inset-y-0 left-0 rounded"
              style={{ width: pct(bar.unique), background: SHADES.unique }}
            />
          </div>
          <p className="mt-0.5 text-xs text-neutral-500 tabular-nums">
            {formatBytes(bar.fullBytes!)} full · {formatBytes(bar.changedBytes!)} changed ·{' '}
            <span className="text-neutral-800 dark:text-neutral-200">{formatBytes(bar.uniqueBytes!)} unique</span>
          </p>
        </>
      )}
    </li>
  );
}

function Legend() {
  const items = [
    ['full', 'written on the volume'],
    ['changed', 'since the snapshot before'],
    ['unique', 'in no other snapshot: deleting frees it'],
  ] as const;
  return (
    <ul className="space-y-0.5 text-xs text-neutral-500">
      {items.map(([key, text]) => (
        <li key={key} className="flex items-center gap-1.5">
          <span className="inline-block h-2 w-3 rounded-sm" style={{ background: SHADES[key] }} />
          <span className="font-medium text-neutral-600 dark:text-neutral-400">{key}</span> {text}
        </li>
      ))}
    </ul>
  );
}
