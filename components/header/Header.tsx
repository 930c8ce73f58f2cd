'use client';

import { type ReactNode, type RefObject, useEffect, useState } from 'react';
import type { Mode, RegionError } from '@/lib/api/lineage';
import { RefreshIcon } from '@/components/ui/icons';
import type { ViewState } from '@/components/use-view-state';
import { AccountsStatus, useErrorPlace } from '@/components/accounts/AccountsStatus';
import { ExportMenu } from './ExportMenu';
import { FilterMenu } from './FilterMenu';
import { SearchBox } from './SearchBox';
import { SignOutButton } from './SignOutButton';
import { headerButtonClass } from './header-button';

interface Props {
  mode: Mode | undefined;
  regions: readonly string[];
  /** Regions that could not be read: kept in the list, marked. */
  failed?: readonly string[];
  fetchedAt: string | undefined;
  refreshing: boolean;
  view: ViewState;
  onView: (change: Partial<ViewState>) => void;
  onRefresh: () => void;
  /** Stops the refresh under way. */
  onCancelRefresh: () => void;
  onPick: (id: string) => void;
  /** Opens the launch dialog; absent in read-only mode. */
  onLaunch?: () => void;
  findingsCount: number | undefined;
  onFindings: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
  /** The Changes view and the time control. */
  history?: ReactNode;
}

function ago(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m}m ago` : `${Math.round(m / 60)}h ago`;
}

function ModeBadge({ mode }: { mode: Mode | undefined }) {
  if (!mode) return null;
  const text =
    mode.kind === 'demo'
      ? 'Demo'
      : mode.kind === 'endpoint'
        ? (mode.endpoint ?? 'custom endpoint')
        : `AWS ${mode.accountId ?? ''}`.trim();
  const title =
    mode.kind === 'demo'
      ? `The built-in EC2 emulator${mode.endpoint ? ` at ${mode.endpoint}` : ''}`
      : mode.kind === 'endpoint'
        ? 'An EC2-compatible endpoint (AWS_ENDPOINT_URL_EC2)'
        : 'Amazon EC2';
  return (
    <span
      data-testid="mode"
      title={title}
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${
        mode.kind === 'aws'
          ? 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300'
          : 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300'
      }`}
    >
      {text}
      {mode.readOnly ? ' · read-only' : ''}
    </span>
  );
}

export function Header(props: Props) {
  const {
    mode,
    regions,
    failed = [],
    fetchedAt,
    refreshing,
    view,
    onView,
    onRefresh,
    onCancelRefresh,
    onPick,
    onLaunch,
    findingsCount,
    onFindings,
    searchRef,
    history,
  } = props;
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b whitespace-nowrap border-neutral-200 bg-white px-4 dark:border-neutral-800 dark:bg-neutral-900">
      <h1 className="text-[15px] font-semibold tracking-tight">Lineage</h1>
      <ModeBadge mode={mode} />
      <RegionList regions={regions} failed={failed} />
      <AccountsStatus />
      <div className="ml-4 flex min-w-0 items-center gap-2" data-testid="header-tools">
        <SearchBox ref={searchRef} query={view.query} onQueryChange={(q) => onView({ query: q })} onPick={onPick} />
        <FilterMenu regions={regions} view={view} onView={onView} />
        <FindingsButton open={view.findings} count={findingsCount} onClick={onFindings} />
        {history}
        <ExportMenu selected={view.selected} />
      </div>
      <div className="ml-auto flex shrink-0 items-center gap-2 text-xs text-neutral-500 dark:text-neutral-400">
        {onLaunch ? (
          <button
            type="button"
            onClick={onLaunch}
            className="mr-2 h-8 rounded-md bg-neutral-900 px-3 text-sm font-medium text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
          >
            Launch instance
          </button>
        ) : null}
        <RefreshControls
          fetchedAt={fetchedAt}
          refreshing={refreshing}
          onRefresh={onRefresh}
          onCancelRefresh={onCancelRefresh}
        />
        {mode?.accessToken ? <SignOutButton /> : null}
      </div>
    </header>
  );
}

function FindingsButton({ open, count, onClick }: { open: boolean; count: number | undefined; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={open}
      className={headerButtonClass(open ? 'pressed' : 'plain')}
    >
      Findings
      {count !== undefined ? (
        <span
          className={`rounded-full px-1.5 text-[10px] ${count > 0 ? 'bg-amber-400 text-amber-950' : 'bg-neutral-200 text-neutral-700'}`}
        >
          {count}
        </span>
      ) : null}
    </button>
  );
}

/** When the data was fetched, ⟳, and Cancel while a refresh runs (⟳ then starts it afresh). */
function RefreshControls({
  fetchedAt,
  refreshing,
  onRefresh,
  onCancelRefresh,
}: Pick<Props, 'fetchedAt' | 'refreshing' | 'onRefresh' | 'onCancelRefresh'>) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);
  return (
    <>
      <span data-testid="fetched-at" title={fetchedAt}>
        {refreshing ? 'refreshing…' : `updated ${ago(fetchedAt, now)}`}
      </span>
      {refreshing ? (
        <button
          type="button"
          onClick={onCancelRefresh}
          className="rounded-md px-1.5 py-1 text-neutral-600 underline-offset-2 hover:underline dark:text-neutral-300"
        >
          Cancel
        </button>
      ) : null}
      <button
        type="button"
        onClick={onRefresh}
        aria-label="Refresh"
        title={refreshing ? 'Start the refresh again' : 'Fetch everything again'}
        className="rounded-md border border-neutral-200 p-1.5 text-neutral-600 hover:bg-neutral-50 dark:border-neutral-700 dark:text-neutral-300 dark:hover:bg-neutral-800"
      >
        <RefreshIcon className={refreshing ? 'animate-spin' : ''} />
      </button>
    </>
  );
}

/** The regions read, then those that failed (marked); one line that never wraps. */
function RegionList({ regions, failed }: { regions: readonly string[]; failed: readonly string[] }) {
  const missing = failed.filter((r) => !regions.includes(r));
  const all = [...regions, ...missing.map((r) => `${r} (not read)`)].join(' · ');
  return (
    <span
      className="max-w-[22rem] min-w-24 shrink-[10] truncate text-xs whitespace-nowrap text-neutral-500 dark:text-neutral-400"
      data-testid="regions"
      title={`Regions shown: ${all}`}
    >
      {regions.join(' · ')}
      {missing.map((r) => (
        <span key={r} data-testid="failed-region" className="text-amber-700 dark:text-amber-300">
          {regions.length || missing.indexOf(r) > 0 ? ' · ' : ''}⚠ {r}
        </span>
      ))}
    </span>
  );
}

export function RegionErrors({ errors }: { errors: readonly RegionError[] }) {
  const place = useErrorPlace();
  if (errors.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="region-errors"
      className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      {errors.map((e) => (
        <div key={`${e.accountId ?? ''} ${e.region ?? ''}`}>
          <strong>{place(e)}</strong> could not be read: <code className="font-mono text-xs">{e.code}</code> —{' '}
          {e.message}
          {e.region
            ? ' Its resources, and copies kept there of resources elsewhere, may be missing from the graph.'
            : ''}
        </div>
      ))}
    </div>
  );
}
