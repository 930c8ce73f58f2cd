'use client';

import { useMemo } from 'react';
import { NODE_KINDS } from '@/lib/lineage';
import { ENCRYPTIONS, NO_FILTERS } from '@/lib/lineage/view';
import { KIND_STYLE } from '@/components/graph/kinds';
import { AccountFilter } from '@/components/accounts/AccountFilter';
import { useDrawnAnswer } from '@/components/use-lineage-data';
import type { ViewState } from '@/components/use-view-state';
import { CheckList } from './CheckList';
import { HeaderPopover } from './HeaderPopover';

interface Props {
  regions: readonly string[];
  view: ViewState;
  onView: (change: Partial<ViewState>) => void;
}

/** How many filters are on. */
function activeCount(view: ViewState): number {
  const on = [
    view.hideGone,
    view.onlyMatching,
    !!view.tag,
    !!view.createdAfter,
    !!view.createdBefore,
    !!view.encryption,
  ];
  const sized = view.minGiB !== null || view.maxGiB !== null;
  return (
    view.regions.length +
    view.kinds.length +
    view.accounts.length +
    view.states.length +
    on.filter(Boolean).length +
    +sized
  );
}

const inputClass =
  'h-7 w-full rounded border border-neutral-200 bg-white px-1.5 text-sm dark:border-neutral-700 dark:bg-neutral-900';
const legendClass = 'mb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase';

/** The states present in the graph, in a stable order. */
function useStates(): string[] {
  const { data } = useDrawnAnswer();
  return useMemo(() => [...new Set(data?.nodes.flatMap((n) => (n.state ? [n.state] : [])))].sort(), [data]);
}

const gibOf = (text: string) => (text === '' || Number.isNaN(Number(text)) ? null : Math.max(0, Number(text)));

function FactFilters({ view, onView }: Pick<Props, 'view' | 'onView'>) {
  return (
    <>
      <fieldset className="space-y-1">
        <legend className={legendClass}>Tag</legend>
        <input
          aria-label="Tag"
          placeholder="key=value or key"
          className={inputClass}
          value={view.tag}
          onChange={(e) => onView({ tag: e.target.value })}
        />
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-2">
        <legend className={legendClass}>Created</legend>
        <label className="text-xs text-neutral-500">
          from
          <input
            type="date"
            aria-label="Created from"
            className={inputClass}
            value={view.createdAfter}
            onChange={(e) => onView({ createdAfter: e.target.value })}
          />
        </label>
        <label className="text-xs text-neutral-500">
          before
          <input
            type="date"
            aria-label="Created before"
            className={inputClass}
            value={view.createdBefore}
            onChange={(e) => onView({ createdBefore: e.target.value })}
          />
        </label>
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-2">
        <legend className={legendClass}>Size (GiB)</legend>
        <input
          type="number"
          min={0}
          aria-label="At least GiB"
          placeholder="at least"
          className={inputClass}
          value={view.minGiB ?? ''}
          onChange={(e) => onView({ minGiB: gibOf(e.target.value) })}
        />
        <input
          type="number"
          min={0}
          aria-label="At most GiB"
          placeholder="at most"
          className={inputClass}
          value={view.maxGiB ?? ''}
          onChange={(e) => onView({ maxGiB: gibOf(e.target.value) })}
        />
      </fieldset>
      <fieldset className="space-y-1">
        <legend className={legendClass}>Encryption</legend>
        <select
          aria-label="Encryption"
          className={inputClass}
          value={view.encryption}
          onChange={(e) => onView({ encryption: ENCRYPTIONS.find((x) => x === e.target.value) ?? '' })}
        >
          <option value="">Either</option>
          <option value="encrypted">Encrypted</option>
          <option value="unencrypted">Not encrypted</option>
        </select>
      </fieldset>
    </>
  );
}

function Choices({ regions, view, onView }: Props) {
  const states = useStates();
  return (
    <>
      <CheckList
        legend="Regions"
        all={regions}
        chosen={view.regions}
        onChange={(chosen) => onView({ regions: chosen })}
        label={(r) => r}
      />
      <CheckList
        legend="Kinds"
        all={NODE_KINDS}
        chosen={view.kinds}
        onChange={(chosen) => onView({ kinds: chosen })}
        label={(k) => (
          <>
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: KIND_STYLE[k].accent }} />
            {KIND_STYLE[k].plural}
          </>
        )}
      />
      <AccountFilter chosen={view.accounts} onChange={(accounts) => onView({ accounts })} />
      {states.length > 1 ? (
        <CheckList
          legend="States"
          all={states}
          chosen={view.states}
          onChange={(chosen) => onView({ states: chosen })}
          label={(st) => st}
        />
      ) : null}
    </>
  );
}

/** The Filters popover: closes on Esc and on a click outside; the canvas refits to what is left. */
export function FilterMenu(props: Props) {
  const { view, onView } = props;
  const active = activeCount(view);
  const label = (
    <>
      Filters
      {active > 0 ? (
        <span className="rounded-full bg-neutral-900 px-1.5 text-[10px] text-white dark:bg-neutral-100 dark:text-neutral-900">
          {active}
        </span>
      ) : null}
    </>
  );
  return (
    <HeaderPopover
      label={label}
      title="Filters"
      role="dialog"
      testId="filters"
      align="left"
      panelClass="max-h-[75vh] w-72 space-y-3 overflow-y-auto p-3"
    >
      {() => (
        <>
          <Choices {...props} />
          <FactFilters view={view} onView={onView} />
          <fieldset className="space-y-1">
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={view.hideGone} onChange={() => onView({ hideGone: !view.hideGone })} />
              Hide terminated and deleted
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={view.onlyMatching}
                onChange={() => onView({ onlyMatching: !view.onlyMatching })}
              />
              Only families that match the search
            </label>
          </fieldset>
          {active > 0 ? (
            <button
              type="button"
              className="text-xs underline"
              onClick={() => onView({ ...NO_FILTERS, query: view.query })}
            >
              Clear filters
            </button>
          ) : null}
        </>
      )}
    </HeaderPopover>
  );
}
