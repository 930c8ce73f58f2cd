'use client';

import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { findingsQuery } from '@/lib/api/client';
import type { FindingsResponse } from '@/lib/api/findings';
import { type Finding, type FindingKind, type LineageGraph, isCleanable, summarize } from '@/lib/lineage';
import { exportFileName, findingsCsv, findingsJson } from '@/lib/lineage/export';
import {
  FINDING_AGES,
  FINDING_SORTS,
  type FindingAge,
  type FindingSort,
  type FindingsFilter,
  NO_FINDINGS_FILTER,
  filterFindings,
  findingRegions,
  groupFindings,
  isFiltering,
} from '@/lib/lineage/findings-view';
import { saveFile } from '@/components/ui/save-file';
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

const INPUT_SMALL =
  'h-7 rounded-md border border-neutral-200 bg-white px-1.5 text-xs outline-none focus:border-neutral-400 dark:border-neutral-700 dark:bg-neutral-950';

interface Props {
  graph: LineageGraph | undefined;
  marked: boolean;
  onMarkedChange: (marked: boolean) => void;
  /** The panel's filter: kept by the page, so the canvas marks only the findings shown. */
  filter: FindingsFilter;
  onFilterChange: (filter: FindingsFilter) => void;
  onSelect: (id: string) => void;
  onClose: () => void;
  canAct: boolean;
  onCleaned: (removed: string[]) => void;
}

/** What can be deleted, grouped by why, with an estimated monthly cost; rows jump to their resource. */
export function FindingsPanel(props: Props) {
  const { graph, marked, onMarkedChange, onSelect, onClose, canAct, onCleaned, filter } = props;
  const setFilter = props.onFilterChange;
  const query = useQuery(findingsQuery());
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [cleaning, setCleaning] = useState(false);
  const data = query.data;
  const shown = useMemo(() => filterFindings(data?.findings ?? [], filter, new Date()), [data, filter]);
  // Only what is shown is cleaned up: a filter hides what it does not keep from the selection too.
  const chosen = shown.filter((f) => picked.has(f.resourceId));

  const pick = (ids: readonly string[], on: boolean) =>
    setPicked((set) => {
      const next = new Set(set);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  return (
    <aside
      data-testid="findings-panel"
      aria-label="Findings"
      className="flex h-full w-[360px] shrink-0 flex-col border-r border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900"
    >
      <PanelTitle onClose={onClose}>
        {data ? <Totals shown={shown} total={data.totals.count} filtered={isFiltering(filter)} /> : null}
      </PanelTitle>
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
      {data && data.findings.length > 0 ? (
        <FindingsToolbar data={data} shown={shown} filter={filter} onChange={setFilter} />
      ) : null}
      <div className="flex-1 overflow-y-auto">
        {query.isPending ? <p className="p-4 text-sm text-neutral-500">Looking for what can be deleted…</p> : null}
        {query.isError ? (
          <p role="alert" className="p-4 text-sm text-red-700">
            Findings could not be computed: {query.error.message}
          </p>
        ) : null}
        {data ? (
          <FindingGroups
            data={data}
            shown={shown}
            sort={filter.sort}
            picked={picked}
            onPick={canAct ? pick : undefined}
            onSelect={onSelect}
            onClearFilter={() => setFilter({ ...NO_FINDINGS_FILTER, sort: filter.sort })}
          />
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

function PanelTitle({ children, onClose }: { children: ReactNode; onClose: () => void }) {
  return (
    <div className="flex items-center gap-2 border-b border-neutral-200 px-4 py-2.5 dark:border-neutral-800">
      <h2 className="text-sm font-semibold">Findings</h2>
      {children}
      <button
        type="button"
        onClick={onClose}
        className="ml-auto rounded p-1 text-neutral-500 hover:bg-neutral-100 dark:hover:bg-neutral-800"
        aria-label="Close findings"
      >
        <CloseIcon />
      </button>
    </div>
  );
}

/** "12 of 1,575 findings · 96 GiB · ~$4.80/month": what is shown, and of how many when a filter narrows it. */
function Totals({ shown, total, filtered }: { shown: readonly Finding[]; total: number; filtered: boolean }) {
  const sums = summarize(shown);
  const count = `${filtered ? `${shown.length} of ` : ''}${plural(total, 'finding')}`;
  return (
    <span className="text-xs text-neutral-500" data-testid="findings-totals">
      {count} · {sums.sizeGiB} GiB · ~{usd(sums.monthlyCostUsd)}/month
    </span>
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
  onToggle?: (id: string, on: boolean) => void;
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
          onChange={(e) => onToggle(finding.resourceId, e.target.checked)}
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

const SELECT = `${INPUT_SMALL} min-w-0 flex-1`;
const AGE_LABEL: Record<FindingAge, string> = {
  30: 'Older than 30 days',
  90: 'Older than 90 days',
  365: 'Older than a year',
};

/** Region, age, tag and order of the list, and its export as CSV or JSON (what is shown, as it is shown). */
function FindingsToolbar({
  data,
  shown,
  filter,
  onChange,
}: {
  data: FindingsResponse;
  shown: Finding[];
  filter: FindingsFilter;
  onChange: (filter: FindingsFilter) => void;
}) {
  const regions = useMemo(() => findingRegions(data.findings), [data]);
  const set = (patch: Partial<FindingsFilter>) => onChange({ ...filter, ...patch });
  const facts = {
    filter: isFiltering(filter) ? filter : null,
    fetchedAt: data.fetchedAt,
    pricesAsOf: data.pricesAsOf,
    costNote: data.costNote,
  };
  return (
    <div
      className="space-y-1.5 border-b border-neutral-200 px-4 py-2 dark:border-neutral-800"
      data-testid="findings-toolbar"
    >
      <FilterSelects regions={regions} filter={filter} set={set} />
      <div className="flex gap-1.5">
        <input
          aria-label="Tag"
          className={SELECT}
          placeholder="Tag: key=value or key"
          value={filter.tag}
          onChange={(e) => set({ tag: e.target.value })}
        />
        <ExportButton
          label="CSV"
          title={`Save the ${shown.length} findings shown as CSV`}
          onClick={() => saveFile(exportFileName('findings', 'csv'), { text: findingsCsv(shown), type: 'text/csv' })}
        />
        <ExportButton
          label="JSON"
          title={`Save the ${shown.length} findings shown as JSON`}
          onClick={() =>
            saveFile(exportFileName('findings', 'json'), {
              text: findingsJson(shown, facts),
              type: 'application/json',
            })
          }
        />
      </div>
    </div>
  );
}

function FilterSelects({
  regions,
  filter,
  set,
}: {
  regions: string[];
  filter: FindingsFilter;
  set: (patch: Partial<FindingsFilter>) => void;
}) {
  return (
    <div className="flex gap-1.5">
      <select
        aria-label="Region"
        className={SELECT}
        value={filter.regions[0] ?? ''}
        onChange={(e) => set({ regions: e.target.value ? [e.target.value] : [] })}
      >
        <option value="">All regions</option>
        {regions.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <select
        aria-label="Age"
        className={SELECT}
        value={filter.olderThanDays ?? ''}
        onChange={(e) => set({ olderThanDays: FINDING_AGES.find((a) => String(a) === e.target.value) ?? null })}
      >
        <option value="">Any age</option>
        {FINDING_AGES.map((a) => (
          <option key={a} value={a}>
            {AGE_LABEL[a]}
          </option>
        ))}
      </select>
      <select
        aria-label="Sort"
        className={SELECT}
        value={filter.sort}
        onChange={(e) => set({ sort: FINDING_SORTS.find((o) => o === e.target.value) ?? 'kind' })}
      >
        <option value="kind">By kind</option>
        <option value="cost">Costliest first</option>
      </select>
    </div>
  );
}

function ExportButton({ label, title, onClick }: { label: string; title: string; onClick: () => void }) {
  return (
    <button
      type="button"
      title={title}
      aria-label={title}
      onClick={onClick}
      className="h-7 shrink-0 rounded-md border border-neutral-200 px-2 text-xs hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800"
    >
      {label}
    </button>
  );
}

/** Rows drawn at first in a group, and added at a time: a long list stays quick to open and to filter. */
const PAGE = 100;

type Pick = (ids: readonly string[], on: boolean) => void;

/** The shown findings in their groups, each with its totals and a select-all, then the note that goes with every cost. */
function FindingGroups({
  data,
  shown,
  sort,
  picked,
  onPick,
  onSelect,
  onClearFilter,
}: {
  data: FindingsResponse;
  shown: Finding[];
  sort: FindingSort;
  picked: ReadonlySet<string>;
  onPick?: Pick;
  onSelect: (id: string) => void;
  onClearFilter: () => void;
}) {
  const groups = useMemo(() => groupFindings(shown, sort), [shown, sort]);
  return (
    <>
      {data.findings.length === 0 ? (
        <p className="p-4 text-sm text-neutral-500">Nothing orphaned, unused or forgotten. Well kept.</p>
      ) : shown.length === 0 ? (
        <p className="p-4 text-sm text-neutral-500">
          No finding matches these filters.{' '}
          <button type="button" className="underline underline-offset-2" onClick={onClearFilter}>
            Clear filters
          </button>
        </p>
      ) : null}
      {groups.map((g) => (
        <FindingGroup
          key={`${g.kind} ${sort}`}
          title={g.kind === 'all' ? 'All findings, costliest first' : KIND_TITLE[g.kind]}
          findings={g.findings}
          picked={picked}
          onPick={onPick}
          onSelect={onSelect}
        />
      ))}
      <p className="px-4 py-3 text-xs leading-relaxed text-neutral-500">{data.costNote}</p>
    </>
  );
}

function FindingGroup({
  title,
  findings,
  picked,
  onPick,
  onSelect,
}: {
  title: string;
  findings: Finding[];
  picked: ReadonlySet<string>;
  onPick?: Pick;
  onSelect: (id: string) => void;
}) {
  const [limit, setLimit] = useState(PAGE);
  const totals = summarize(findings);
  const cleanable = onPick ? findings.filter((f) => isCleanable(f.kind)).map((f) => f.resourceId) : [];
  const chosen = cleanable.filter((id) => picked.has(id)).length;
  return (
    <section
      aria-label={title}
      className="border-b border-neutral-100 dark:border-neutral-800"
      data-testid="finding-group"
    >
      <h3 className="flex items-center gap-2 px-4 pt-3 pb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">
        {onPick && cleanable.length ? (
          <input
            type="checkbox"
            aria-label={`Select all ${cleanable.length} ${title.toLowerCase()}`}
            checked={chosen > 0 && chosen === cleanable.length}
            ref={(el) => {
              if (el) el.indeterminate = chosen > 0 && chosen < cleanable.length;
            }}
            onChange={(e) => onPick(cleanable, e.target.checked)}
          />
        ) : null}
        {title}
        <span className="ml-auto font-normal normal-case">
          {totals.count} · {totals.sizeGiB} GiB · ~{usd(totals.monthlyCostUsd)}
        </span>
      </h3>
      <ul>
        {findings.slice(0, limit).map((f) => (
          <FindingRow
            key={f.resourceId}
            finding={f}
            checked={picked.has(f.resourceId)}
            onToggle={onPick && isCleanable(f.kind) ? (id, on) => onPick([id], on) : undefined}
            onSelect={onSelect}
          />
        ))}
      </ul>
      {findings.length > limit ? (
        <button
          type="button"
          className="mx-4 mb-2 text-xs underline underline-offset-2"
          onClick={() => setLimit((l) => l + PAGE * 5)}
        >
          Show {Math.min(PAGE * 5, findings.length - limit)} more of {findings.length - limit} not shown
        </button>
      ) : null}
    </section>
  );
}
