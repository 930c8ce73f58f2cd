'use client';

import { AccountChip } from '@/components/accounts/AccountChip';
import { KIND_STYLE } from '@/components/graph/kinds';
import type { FamiliesResponse } from '@/lib/api/families';
import { NODE_KINDS } from '@/lib/lineage';
import type { FamilySummary, RegionRest } from '@/lib/lineage/family-index';
import { plural } from '@/lib/lineage/story';

const gib = (n: number) => (n >= 10_240 ? `${(n / 1024).toFixed(1)} TiB` : `${Math.round(n).toLocaleString()} GiB`);

/** The overview of a large account: one card per family, biggest first; a click opens the family. */
export function Overview({ overview, onOpen }: { overview: FamiliesResponse; onOpen: (familyId: string) => void }) {
  const { totals } = overview;
  return (
    <div className="h-full overflow-auto p-6" data-testid="overview">
      <p className="mb-4 text-sm text-neutral-600 dark:text-neutral-400">
        {plural(totals.resources, 'resource')} in {plural(totals.families, 'family', 'families')}: too many to draw at
        once. Open a family, search, or pick a finding.
      </p>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(230px,1fr))] gap-3">
        {overview.families.map((f) => (
          <li key={f.id}>
            <FamilyCard family={f} onOpen={() => onOpen(f.id)} />
          </li>
        ))}
        {overview.rest.map((r) => (
          <li key={r.region}>
            <RestCard rest={r} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function KindCounts({ kinds }: { kinds: FamilySummary['kinds'] }) {
  return (
    <div className="flex flex-wrap gap-x-2 gap-y-0.5 text-xs">
      {NODE_KINDS.filter((k) => kinds[k] > 0).map((k) => (
        <span key={k} className="inline-flex items-center gap-1" title={KIND_STYLE[k].plural}>
          <span className="inline-block size-2 rounded-full" style={{ background: KIND_STYLE[k].accent }} />
          {kinds[k].toLocaleString()} {kinds[k] === 1 ? KIND_STYLE[k].label : KIND_STYLE[k].plural}
        </span>
      ))}
    </div>
  );
}

function FamilyCard({ family, onOpen }: { family: FamilySummary; onOpen: () => void }) {
  const accounts = Object.keys(family.accounts);
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="family-card"
      data-family={family.id}
      className="flex h-full w-full flex-col gap-1.5 rounded-lg border border-neutral-200 bg-white p-3 text-left hover:border-neutral-400 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none dark:border-neutral-800 dark:bg-neutral-900 dark:hover:border-neutral-600"
    >
      <div className="flex items-start justify-between gap-2">
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium">{family.name ?? family.id}</span>
          <span className="block truncate font-mono text-[11px] text-neutral-500">{family.id}</span>
        </span>
        {family.findings > 0 ? (
          <span
            className="shrink-0 rounded-full bg-amber-100 px-1.5 text-[11px] leading-5 font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100"
            title="Findings in this family"
          >
            {plural(family.findings, 'finding')}
          </span>
        ) : null}
      </div>
      <KindCounts kinds={family.kinds} />
      <div className="mt-auto flex flex-wrap items-center gap-1.5 text-[11px] text-neutral-500">
        <span className="font-medium text-neutral-700 dark:text-neutral-300">
          {plural(family.resources, 'resource')}
        </span>
        <span>· {gib(family.sizeGiB)}</span>
        <span>· {family.regions.join(', ')}</span>
        {accounts.length > 1 ? <span>· {plural(accounts.length, 'account')}</span> : null}
        {accounts.slice(0, 3).map((a) => (
          <AccountChip key={a} accountId={a} />
        ))}
      </div>
    </button>
  );
}

function RestCard({ rest }: { rest: RegionRest }) {
  return (
    <div
      data-testid="family-rest"
      className="flex h-full flex-col gap-1 rounded-lg border border-dashed border-neutral-300 p-3 text-xs text-neutral-600 dark:border-neutral-700 dark:text-neutral-400"
    >
      <span className="text-sm font-medium text-neutral-700 dark:text-neutral-300">{rest.region}</span>
      <span>
        {plural(rest.families, 'smaller family', 'smaller families')} · {plural(rest.resources, 'resource')} ·{' '}
        {gib(rest.sizeGiB)}
      </span>
      {rest.findings > 0 ? <span>{plural(rest.findings, 'finding')}</span> : null}
      <span className="text-neutral-500">Search or pick a finding to open one.</span>
    </div>
  );
}
