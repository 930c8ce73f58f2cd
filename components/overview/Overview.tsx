'use client';

import { type RefObject, useLayoutEffect, useRef, useState } from 'react';
import { AccountChip } from '@/components/accounts/AccountChip';
import { useAccounts } from '@/components/accounts/accounts';
import { KIND_STYLE } from '@/components/graph/kinds';
import type { FamiliesResponse } from '@/lib/api/families';
import { NODE_KINDS } from '@/lib/lineage';
import { type FamilySummary, type RegionRest, summariseRest } from '@/lib/lineage/family-index';

/** The grid's cells: every card the same height, so that the number that fits the screen is known before drawing. */
const CELL = { minWidth: 232, height: 124, gap: 12 } as const;

/** "1,234 resources": counts read at a glance. */
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

const gib = (n: number) => (n >= 10_240 ? `${(n / 1024).toFixed(1)} TiB` : `${Math.round(n).toLocaleString()} GiB`);

/** How many cards fit the element without scrolling (columns × rows), at least one row. */
function useCellsThatFit(element: RefObject<HTMLElement | null>): number {
  const [cells, setCells] = useState(0);
  useLayoutEffect(() => {
    const el = element.current;
    if (!el) return;
    const measure = () => {
      const columns = Math.max(1, Math.floor((el.clientWidth + CELL.gap) / (CELL.minWidth + CELL.gap)));
      const rows = Math.max(1, Math.floor((el.clientHeight + CELL.gap) / (CELL.height + CELL.gap)));
      setCells(columns * rows);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [element]);
  return cells;
}

/**
 * What fits `cells`: the biggest families one by one, the others summed per region (a card per region). Every region
 * card takes the place of a family card.
 */
function fitting(overview: FamiliesResponse, cells: number): { families: FamilySummary[]; rest: RegionRest[] } {
  const all = overview.families;
  for (let shown = Math.min(all.length, cells); shown >= 0; shown--) {
    const rest = summariseRest(all, shown, overview.rest);
    if (shown + rest.length <= cells || shown === 0) return { families: all.slice(0, shown), rest };
  }
  return { families: [], rest: summariseRest(all, 0, overview.rest) };
}

/**
 * The overview of a large account, fitted to the screen: one card per family, biggest first, as many as fit; the
 * other families summed per region. A click opens a family.
 */
export function Overview({ overview, onOpen }: { overview: FamiliesResponse; onOpen: (familyId: string) => void }) {
  const { totals } = overview;
  const grid = useRef<HTMLUListElement>(null);
  const cells = useCellsThatFit(grid);
  const { families, rest } = fitting(overview, cells);
  return (
    <div className="flex h-full flex-col gap-3 overflow-hidden p-4" data-testid="overview">
      <p className="shrink-0 text-sm text-neutral-600 dark:text-neutral-400">
        <span className="font-medium text-neutral-900 dark:text-neutral-100">
          {count(totals.resources, 'resource')} in {count(totals.families, 'family', 'families')}
        </span>
        : too many to draw at once. Open a family, search for a resource, or pick a finding.
      </p>
      <ul
        ref={grid}
        className="grid min-h-0 flex-1 content-start gap-3 overflow-hidden"
        style={{ gridTemplateColumns: `repeat(auto-fill, minmax(${CELL.minWidth}px, 1fr))`, gridAutoRows: CELL.height }}
      >
        {cells > 0 &&
          families.map((f) => (
            <li key={f.id} className="min-w-0">
              <FamilyCard family={f} onOpen={() => onOpen(f.id)} />
            </li>
          ))}
        {cells > 0 &&
          rest.map((r) => (
            <li key={r.region} className="min-w-0">
              <RestCard rest={r} />
            </li>
          ))}
      </ul>
    </div>
  );
}

function KindCounts({ kinds }: { kinds: FamilySummary['kinds'] }) {
  return (
    <div className="flex max-h-10 min-w-0 flex-wrap gap-x-2.5 overflow-hidden text-xs leading-5 whitespace-nowrap">
      {NODE_KINDS.filter((k) => kinds[k] > 0).map((k) => (
        <span key={k} className="inline-flex items-center gap-1" title={KIND_STYLE[k].plural}>
          <span className="inline-block size-2 shrink-0 rounded-full" style={{ background: KIND_STYLE[k].accent }} />
          {kinds[k].toLocaleString()} {kinds[k] === 1 ? KIND_STYLE[k].label : KIND_STYLE[k].plural}
        </span>
      ))}
    </div>
  );
}

function FamilyCard({ family, onOpen }: { family: FamilySummary; onOpen: () => void }) {
  const { several } = useAccounts();
  const accounts = Object.keys(family.accounts);
  const where = family.regions.length > 1 ? `${family.regions[0]} +${family.regions.length - 1}` : family.regions[0];
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="family-card"
      data-family={family.id}
      data-resources={family.resources}
      title={`${family.name ?? family.id}: ${family.regions.join(', ')}`}
      className="flex h-full w-full flex-col gap-1 overflow-hidden rounded-lg border border-neutral-200 bg-white px-3 py-2.5 text-left shadow-xs hover:border-neutral-400 dark:border-neutral-800 dark:bg-neutral-900 dark:hover:border-neutral-600"
    >
      <div className="flex min-w-0 items-start justify-between gap-2">
        <span className="min-w-0">
          <span className="block truncate text-sm font-semibold">{family.name ?? family.id}</span>
          <span className="block truncate font-mono text-[11px] text-neutral-500 dark:text-neutral-400">
            {family.id}
          </span>
        </span>
        {family.findings > 0 ? (
          <span
            className="shrink-0 rounded-full bg-amber-100 px-1.5 text-[11px] leading-5 font-medium text-amber-900 dark:bg-amber-900/60 dark:text-amber-100"
            title="Findings in this family"
          >
            {count(family.findings, 'finding')}
          </span>
        ) : null}
      </div>
      <KindCounts kinds={family.kinds} />
      <div className="mt-auto flex min-w-0 items-center gap-1.5 overflow-hidden text-[11px] whitespace-nowrap text-neutral-500 dark:text-neutral-400">
        <span className="font-medium text-neutral-700 dark:text-neutral-300">
          {count(family.resources, 'resource')}
        </span>
        <span>· {gib(family.sizeGiB)}</span>
        <span className="truncate">· {where}</span>
        {several ? accounts.slice(0, 3).map((a) => <AccountChip key={a} accountId={a} />) : null}
      </div>
    </button>
  );
}

function RestCard({ rest }: { rest: RegionRest }) {
  return (
    <div
      data-testid="family-rest"
      title="Search for a resource, or pick a finding, to open one of these families"
      className="flex h-full flex-col gap-1 overflow-hidden rounded-lg border border-dashed border-neutral-300 px-3 py-2.5 text-xs text-neutral-600 dark:border-neutral-700 dark:text-neutral-400"
    >
      <span className="text-sm font-semibold text-neutral-800 dark:text-neutral-200">
        {count(rest.families, 'smaller family', 'smaller families')}
      </span>
      <span className="truncate">in {rest.region}</span>
      <span className="truncate">
        {count(rest.resources, 'resource')} · {gib(rest.sizeGiB)}
      </span>
      {rest.findings > 0 ? <span className="truncate">{count(rest.findings, 'finding')}</span> : null}
    </div>
  );
}
