'use client';

import { useState } from 'react';
import { formatTime } from '@/components/history/history-text';
import { HeaderPopover } from './HeaderPopover';

interface Props {
  asOf: string | null;
  onAsOf: (asOf: string | null) => void;
  /** Why there is no past to see (history is off or unavailable), else undefined. */
  disabled?: string;
}

/** `datetime-local` speaks local time without a zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
};

/** The time the graph is drawn at: now, or a past time from history (kept in the URL). */
export function AsOfControl({ asOf, onAsOf, disabled }: Props) {
  const [draft, setDraft] = useState('');
  return (
    <HeaderPopover
      label={`${asOf ? `As of ${formatTime(asOf)}` : 'Now'} ▾`}
      title="Show a past time"
      role="dialog"
      testId="as-of-control"
      align="left"
      panelClass="w-72 p-3"
      tone={asOf ? 'past' : 'plain'}
      disabled={disabled}
      hint="Draw the graph as it was at a past time"
      // An hour ago is where a first look back starts.
      onOpen={() => setDraft(toLocalInput(asOf ?? new Date(Date.now() - 3_600_000).toISOString()))}
    >
      {(close) => (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const t = Date.parse(draft);
            if (Number.isNaN(t)) return;
            onAsOf(new Date(Math.min(t, Date.now())).toISOString());
            close();
          }}
          className="space-y-2"
        >
          <label className="block space-y-1">
            <span className="text-xs text-neutral-500">Show the graph as it was at (your local time)</span>
            <input
              type="datetime-local"
              step={1}
              aria-label="As of"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              className="h-8 w-full rounded border border-neutral-200 px-1.5 dark:border-neutral-700 dark:bg-neutral-900"
            />
          </label>
          <div className="flex gap-2">
            <button
              type="submit"
              className="h-7 rounded-md bg-neutral-900 px-3 text-white dark:bg-neutral-100 dark:text-neutral-900"
            >
              Show
            </button>
            {asOf ? (
              <button type="button" className="h-7 px-2 underline" onClick={() => (onAsOf(null), close())}>
                Back to now
              </button>
            ) : null}
          </div>
        </form>
      )}
    </HeaderPopover>
  );
}

/** Says clearly that the graph is a past view, with the way back. */
export function AsOfBanner({ asOf, onNow }: { asOf: string; onNow: () => void }) {
  return (
    <div
      role="status"
      data-testid="as-of-banner"
      className="fixed top-14 left-1/2 z-20 flex -translate-x-1/2 items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-900 shadow-md dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      <span>
        <strong>A past view:</strong> the graph as Lineage recorded it at {formatTime(asOf)}. Nothing can be changed
        here.
      </span>
      <button
        type="button"
        onClick={onNow}
        className="h-7 shrink-0 rounded-md border border-amber-400 bg-white px-2.5 font-medium hover:bg-amber-100 dark:bg-amber-900"
      >
        Back to now
      </button>
    </div>
  );
}
