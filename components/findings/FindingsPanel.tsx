'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { findingsQuery } from '@/lib/api/client';
import type { FindingsResponse } from '@/lib/api/findings';
import { FINDING_KINDS, type Finding, type FindingKind, type LineageGraph, isCleanable } from '@/lib/lineage';
import { plural } from '@/lib/lineage/story';
import { CloseIcon } from '@/components/ui/icons';
import { CleanupDialog } from './CleanupDialog';

const KIND_TITLE: Record<FindingKind, string> = {
  'orphan-snapshot': 'Orphaned snapshots',
  'snapshot-of-deregistered-image': 'Snapshots left by deregistered AMIs',
  'unused-image': 'AMIs nobody launches',
  'unattached-volume': 'Volumes attached to nothing',
  'shared-unencrypted': 'Shared without encryption',
};

export const usd = (n: number) => `$${n.toFixed(2)}`;

interface Props {
  graph: LineageGraph | undefined;
  marked: boolean;
  onMarkedChange: (marked: boolean) => void;
  onSelect: (id: string) => void;
  onClose: () => void;
  canAct: boolean;
  onCleaned: (removed: string[]) => void;
}

/** What can be deleted, grouped by why, with an estimated monthly cost; rows jump to their resource. */
export function FindingsPanel({ graph, marked, onMarkedChange, onSelect, onClose, canAct, onCleaned }: Props) {
  const query = useQuery(findingsQuery());
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [cleaning, setCleaning] = useState(false);
  const data = query.data;
  const findings = data?.findings ?? [];
  const chosen = findings.filter((f) => picked.has(f.resourceId));

  const toggle = (id: string) =>
    setPicked((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <aside
      data-testid="findings-panel"
      aria-label="Findings"
      className="flex h-full w-[360px] shrink-0 flex-col border-r border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="flex items-center gap-2 border-b border-neutral-200 px-4 py-2.5 dark:border-neutral-800">
        <h2 className="text-sm font-semibold">Findings</h2>
        {data ? (
          <span className="text-xs text-neutral-500" data-testid="findings-totals">
            {plural(data.totals.count, 'finding')} · {data.totals.sizeGiB} GiB · ~{usd(data.totals.monthlyCostUsd)}
            /month
          </span>
        ) : null}
        <button
          type="button"
          onClick={onClose}
          className="ml-auto rounded p-1 text-neutral-500 hover:bg-neutral-100 dark:hover:bg-neutral-800"
          aria-label="Close findings"
        >
          <CloseIcon />
        </button>
      </div>
      <div className="flex items-center gap-3 border-b border-neutral-200 px-4 py-2 text-sm dark:border-neutral-800">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={marked} onChange={(e) => onMarkedChange(e.target.checked)} /> Mark on canvas
        </label>
        {canAct ? (
          <button
            type="button"
            disabled={chosen.length === 0}
            onClick={() => setCleaning(true)}
            className="ml-auto rounded-md bg-red-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-40"
          >
            Clean up{chosen.length ? ` ${chosen.length}` : ''}…
          </button>
        ) : null}
      </div>
      <div className="flex-1 overflow-y-auto">
        {query.isPending ? <p className="p-4 text-sm text-neutral-500">Looking for what can be deleted…</p> : null}
        {query.isError ? (
          <p role="alert" className="p-4 text-sm text-red-700">
            Findings could not be computed: {query.error.message}
          </p>
        ) : null}
        {data ? (
          <FindingGroups data={data} picked={picked} onToggle={canAct ? toggle : undefined} onSelect={onSelect} />
        ) : null}
      </div>
      {cleaning && graph ? (
        <CleanupDialog
          graph={graph}
          findings={chosen}
          chains={data?.chains ?? []}
          onClose={() => setCleaning(false)}
          onFinished={(removed) => {
            setPicked(new Set());
            onCleaned(removed);
          }}
        />
      ) : null}
    </aside>
  );
}

/** What a finding's size counts, in the row. */
const BASIS: Record<Finding['sizeBasis'], string> = {
  unique: 'measured: what deleting it frees',
  full: 'estimated at full size',
  archive: 'archive tier, stored in full',
  provisioned: 'provisioned size',
};

function FindingRow({
  finding,
  checked,
  onToggle,
  onSelect,
}: {
  finding: Finding;
  checked: boolean;
  onToggle?: (id: string) => void;
  onSelect: (id: string) => void;
}) {
  return (
    <li
      className="flex items-start gap-2 px-4 py-2 hover:bg-neutral-50 dark:hover:bg-neutral-800/50"
      data-testid="finding"
    >
      {onToggle ? (
        <input
          type="checkbox"
          className="mt-1"
          checked={checked}
          onChange={() => onToggle(finding.resourceId)}
          aria-label={`Select ${finding.name ?? finding.resourceId}`}
        />
      ) : null}
      <button
        type="button"
        onClick={() => onSelect(finding.resourceId)}
        className="min-w-0 flex-1 text-left"
        title={finding.evidence.join('\n')}
      >
        <div className="flex items-baseline gap-2 text-sm">
          <span className="truncate font-medium">{finding.name ?? finding.resourceId}</span>
          <span className="ml-auto shrink-0 text-xs text-neutral-500 tabular-nums">
            {finding.sizeGiB} GiB · ~{usd(finding.monthlyCostUsd)}
          </span>
        </div>
        <div className="text-[11px] text-neutral-500" data-testid="finding-basis">
          {BASIS[finding.sizeBasis]}
        </div>
        <div className="truncate font-mono text-[11px] text-neutral-500">
          {finding.resourceId} · {finding.region}
        </div>
        <div className="mt-0.5 text-xs leading-snug text-neutral-600 dark:text-neutral-400">{finding.reason}</div>
      </button>
    </li>
  );
}

/** The findings grouped by kind, each group with its totals, then the note that goes with every cost. */
function FindingGroups({
  data,
  picked,
  onToggle,
  onSelect,
}: {
  data: FindingsResponse;
  picked: ReadonlySet<string>;
  onToggle?: (id: string) => void;
  onSelect: (id: string) => void;
}) {
  return (
    <>
      {data.findings.length === 0 ? (
        <p className="p-4 text-sm text-neutral-500">Nothing orphaned, unused or forgotten. Well kept.</p>
      ) : null}
      {FINDING_KINDS.filter((k) => data.byKind[k].count > 0).map((kind) => (
        <section
          key={kind}
          aria-label={KIND_TITLE[kind]}
          className="border-b border-neutral-100 dark:border-neutral-800"
        >
          <h3 className="flex items-baseline gap-2 px-4 pt-3 pb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">
            {KIND_TITLE[kind]}
            <span className="ml-auto font-normal normal-case">
              {data.byKind[kind].count} · {data.byKind[kind].sizeGiB} GiB · ~{usd(data.byKind[kind].monthlyCostUsd)}
            </span>
          </h3>
          <ul>
            {data.findings
              .filter((f) => f.kind === kind)
              .map((f) => (
                <FindingRow
                  key={f.resourceId}
                  finding={f}
                  checked={picked.has(f.resourceId)}
                  onToggle={isCleanable(kind) ? onToggle : undefined}
                  onSelect={onSelect}
                />
              ))}
          </ul>
        </section>
      ))}
      <p className="px-4 py-3 text-xs leading-relaxed text-neutral-500">{data.costNote}</p>
    </>
  );
}
