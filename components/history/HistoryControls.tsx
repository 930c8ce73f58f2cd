'use client';

import { useState } from 'react';
import type { LineageResponse } from '@/lib/api/lineage';
import type { HistoryStatus } from '@/lib/api/store-status';
import { AsOfBanner, AsOfControl } from '@/components/header/AsOfControl';
import { ChangesButton } from '@/components/header/ChangesButton';
import type { ViewState } from '@/components/use-view-state';
import { ChangesPanel } from './ChangesPanel';
import { useLastVisit } from './use-last-visit';

/** The header's history controls: the Changes view and the time the graph is drawn at. */
function HistoryControls(props: {
  history: HistoryStatus | undefined;
  changesOpen: boolean;
  onChanges: () => void;
  asOf: string | null;
  onAsOf: (asOf: string | null) => void;
}) {
  const { history } = props;
  const off =
    history && !history.available
      ? `History is not available${history.error ? `: ${history.error.message}` : ' (LINEAGE_HISTORY_DAYS=0)'}`
      : undefined;
  return (
    <>
      <ChangesButton open={props.changesOpen} onClick={props.onChanges} disabled={off} />
      <AsOfControl asOf={props.asOf} onAsOf={props.onAsOf} disabled={props.asOf ? undefined : off} />
    </>
  );
}

/**
 * History in the app: the header's controls, and over the canvas the past-view banner and the Changes view when
 * it is open.
 */
export function HistoryArea(props: {
  view: ViewState;
  onView: (change: Partial<ViewState>) => void;
  data: LineageResponse | undefined;
  /** What the answers say of the account, whichever view is drawn (the overview of a large account has no graph). */
  facts: { history?: HistoryStatus } | undefined;
  onSelect: (id: string | null, centre?: boolean) => void;
}) {
  const { view, onView, data, onSelect } = props;
  const lastVisit = useLastVisit();
  const [open, setOpen] = useState(false);
  return (
    <>
      <HistoryControls
        history={props.facts?.history}
        changesOpen={open}
        onChanges={() => setOpen(!open)}
        asOf={view.asOf}
        onAsOf={(asOf) => onView({ asOf })}
      />
      {view.asOf ? <AsOfBanner asOf={view.asOf} onNow={() => onView({ asOf: null })} /> : null}
      {open && lastVisit ? (
        <ChangesPanel
          nodes={data?.nodes ?? []}
          lastVisit={lastVisit}
          onSelect={(id) => onSelect(id, true)}
          onSelectAsOf={(id, asOf) => onView({ asOf, selected: id })}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
