'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { changesQuery } from '@/lib/api/client';
import type { Change } from '@/lib/api/history';
import type { LineageNode } from '@/lib/lineage';
import { KIND_STYLE } from '@/components/graph/kinds';
import { CloseIcon } from '@/components/ui/icons';
import { eventSentence, formatTime } from './history-text';

const HOUR = 3_600_000;
const PRESETS = [
  { label: 'Last hour', ms: HOUR },
  { label: 'Last day', ms: 24 * HOUR },
  { label: 'Last week', ms: 7 * 24 * HOUR },
] as const;

interface Props {
  /** The nodes drawn now: a row whose resource is not among them opens a past view. */
  nodes: readonly LineageNode[];
  /** Since this browser's last visit: the default. */
  lastVisit: string;
  onSelect: (id: string) => void;
  /** Shows a resource that is no longer in the graph as it was at `at`. */
  onSelectAsOf: (id: string, at: string) => void;
  onClose: () => void;
}

/** `datetime-local` speaks local time without a zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** What appeared, changed and disappeared since a chosen time, newest first; each row selects its resource. */
export function ChangesPanel({ nodes, lastVisit, onSelect, onSelectAsOf, onClose }: Props) {
  const [since, setSince] = useState(lastVisit);
  const query = useQuery(changesQuery(since));
  const drawn = new Set(nodes.map((n) => n.id));
  const rows = query.data ? [...query.data.changes].reverse() : [];
  return (
    <aside
      role="dialog"
      aria-label="Changes"
      data-testid="changes-panel"
      className="fixed top-12 bottom-0 left-0 z-20 flex w-[380px] flex-col border-r border-neutral-200 bg-white shadow-lg dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="flex items-center justify-between px-4 pt-3">
        <h2 className="text-sm font-semibold">Changes</h2>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close changes"
          className="rounded p-1 text-neutral-500 hover:bg-neutral-100 dark:hover:bg-neutral-800"
        >
          <CloseIcon />
        </button>
      </div>
      <div className="space-y-2 border-b border-neutral-200 px-4 py-2 text-sm dark:border-neutral-800">
        <label className="flex items-center gap-2">
          <span className="text-neutral-500">Since</span>
          <input
            type="datetime-local"
            aria-label="Changes since"
            value={toLocalInput(since)}
            onChange={(e) => {
              const t = Date.parse(e.target.value);
              if (!Number.isNaN(t)) setSince(new Date(t).toISOString());
            }}
            className="h-7 rounded border border-neutral-200 px-1.5 text-xs dark:border-neutral-700 dark:bg-neutral-900"
          />
        </label>
        <div className="flex flex-wrap gap-1.5 text-xs">
          <Preset active={since === lastVisit} onClick={() => setSince(lastVisit)}>
            Your last visit
          </Preset>
          {PRESETS.map((p) => (
            <Preset key={p.label} active={false} onClick={() => setSince(new Date(Date.now() - p.ms).toISOString())}>
              {p.label}
            </Preset>
          ))}
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-2 text-sm">
        {query.isPending ? <p className="text-neutral-500">Reading the changes…</p> : null}
        {query.isError ? (
          <p role="alert" className="text-red-700 dark:text-red-300">
            Changes could not be read: {query.error.message}
          </p>
        ) : null}
        {query.data && rows.length === 0 ? (
          <p className="text-neutral-500" data-testid="changes-empty">
            Nothing appeared, changed or disappeared since {formatTime(since)}.
          </p>
        ) : null}
        {query.data?.truncated ? (
          <p className="mb-2 text-xs text-amber-700">More changed than is shown: choose a later time.</p>
        ) : null}
        <ul className="space-y-1" data-testid="changes-list">
          {rows.map((c, i) => (
            <ChangeRow key={i} change={c} drawn={drawn.has(c.id)} onSelect={onSelect} onSelectAsOf={onSelectAsOf} />
          ))}
        </ul>
      </div>
    </aside>
  );
}

function Preset({ active, onClick, children }: { active: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={active}
      className={`rounded-full border px-2 py-0.5 ${
        active
          ? 'border-neutral-900 bg-neutral-900 text-white dark:border-neutral-100 dark:bg-neutral-100 dark:text-neutral-900'
          : 'border-neutral-200 hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800'
      }`}
    >
      {children}
    </button>
  );
}

/** Just before a change: where a resource that disappeared was last seen. */
const before = (c: Change) =>
  c.kind === 'disappeared' && c.lastSeenAt ? c.lastSeenAt : new Date(Date.parse(c.at) - 1).toISOString();

function ChangeRow(props: {
  change: Change;
  drawn: boolean;
  onSelect: (id: string) => void;
  onSelectAsOf: (id: string, at: string) => void;
}) {
  const { change: c, drawn } = props;
  const style = KIND_STYLE[c.resourceKind];
  return (
    <li>
      <button
        type="button"
        data-testid="change-row"
        onClick={() => (drawn ? props.onSelect(c.id) : props.onSelectAsOf(c.id, before(c)))}
        className="w-full rounded-md px-2 py-1.5 text-left hover:bg-neutral-50 dark:hover:bg-neutral-800"
      >
        <span className="flex items-center gap-1.5 text-xs text-neutral-500">
          <span className="inline-block h-2 w-2 rounded-full" style={{ background: style.accent }} />
          {style.label} · {formatTime(c.at)}
        </span>
        <span className="block font-medium break-words">
          {c.name ? `${c.name} ` : ''}
          <span className="font-mono text-xs font-normal">{c.id}</span>
        </span>
        <span className="block">{eventSentence(c)}</span>
        {!drawn ? (
          <span className="block text-xs text-neutral-500">No longer in the graph: opens it as it was then.</span>
        ) : null}
      </button>
    </li>
  );
}
