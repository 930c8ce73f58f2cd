'use client';

import { ReactFlowProvider } from '@xyflow/react';
import { type ComponentProps, type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import type { ActionResult } from '@/lib/api/actions';
import { failedRegions } from '@/lib/api/client';
import type { LineageResponse } from '@/lib/api/lineage';
import { isSnapshotGroupNode } from '@/lib/lineage/collapse';
import type { Finding, LineageGraph } from '@/lib/lineage';
import { type FindingsFilter, NO_FINDINGS_FILTER, filterFindings } from '@/lib/lineage/findings-view';
import type { DisplayResult } from '@/lib/lineage/display';
import type { FamilySummary } from '@/lib/lineage/family-index';
import { endSentence, plural } from '@/lib/lineage/story';
import { NO_FILTERS, applyFilters } from '@/lib/lineage/view';
import { LaunchFromBaseDialog } from './actions/dialogs/RunInstancesDialog';
import { FindingsPanel } from './findings/FindingsPanel';
import { HistoryArea } from './history/HistoryControls';
import { LineageCanvas } from './graph/LineageCanvas';
import { RefitOnFilter, filterKey } from './graph/RefitOnFilter';
import { useDisplay } from './graph/use-display';
import { Header, RegionErrors } from './header/Header';
import { NotFoundNotice } from './header/NotFoundNotice';
import { DetailsPanel } from './panels/DetailsPanel';
import { EmptyState, ErrorState, LoadingState } from './States';
import { useToast } from './ui/Toaster';
import { useKeyboard } from './use-keyboard';
import { DrawnAnswer, useLineageData } from './use-lineage-data';
import { useRelated, useSelection } from './use-selection';
import { type ViewState, useViewState } from './use-view-state';
import { Overview } from './overview/Overview';

export function LineageApp() {
  const [view, setView] = useViewState();
  const lineage = useLineageData(view);
  const { query, data, graph, refresh, findings, canAct, facts, familyFor } = lineage;
  const [launching, setLaunching] = useState(false);
  const marks = useFindingsMarks(view.findings, findings.data?.findings);
  const searchRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => (graph ? applyFilters(graph, view) : undefined), [graph, view]);
  const placed = usePlacedView(setView, familyFor);
  const selection = useSelection(view, placed);
  const { selected, select, focus, expand: onExpand } = selection;
  const layout = useDisplay(shown, selection.expanded, lineage.showOverview);
  const display = layout.display;
  selection.reveal(display?.groupOf);
  const related = useRelated(selected, shown, display?.groupOf);
  useKeyboard({ selected, shown, display, select, searchRef });
  const { onActionDone, onCleaned } = useActionFeedback(selected, select);
  const { selectedNode, selectedGroup } = selectedOf(selected, graph, display);
  const onLaunch = canAct ? () => setLaunching(true) : undefined;
  const missing = isMissing(selected, selectedNode, display);
  const { flagged } = marks;
  const canvas = { ...unlessMissing(missing, selected, related), onSelect: select, onExpand, focus, flagged };
  const openFamily = (family: string | null) => setView({ family, selected: null });
  const filters = filterKey(view);
  const main = { query, shown, layout, canvas, filters, onLaunch, onClear: () => setView(NO_FILTERS) };
  return (
    <AppFrame drawn={data}>
      <Header
        mode={facts?.mode}
        regions={facts?.regions ?? []}
        failed={facts?.errors.flatMap((e) => (e.region ? [e.region] : []))}
        fetchedAt={facts?.fetchedAt}
        refreshing={refresh.refreshing}
        view={view}
        onView={setView}
        onRefresh={refresh.refresh}
        onCancelRefresh={refresh.cancel}
        onPick={(id) => select(id, true, true)}
        onLaunch={onLaunch}
        findingsCount={findings.data?.totals.count}
        onFindings={() => setView({ findings: !view.findings })}
        searchRef={searchRef}
        history={<HistoryArea view={view} onView={placed} data={data} facts={facts} onSelect={select} />}
      />
      {launching && graph ? (
        <LaunchFromBaseDialog
          ctx={{ graph, regions: data?.regions ?? [], onDone: onActionDone, onClose: () => setLaunching(false) }}
        />
      ) : null}
      <ReadProblems lineage={lineage} missing={missing ? selected : null} onClear={() => select(null)} />
      <div className="flex min-h-0 flex-1">
        {view.findings ? (
          <FindingsPanel
            graph={graph}
            {...marks.panel}
            onSelect={(id) => select(id, true)}
            onClose={() => setView({ findings: false })}
            canAct={canAct}
            onCleaned={onCleaned}
          />
        ) : null}
        <MainArea lineage={lineage} onFamily={openFamily} main={main} />
        {graph && (selectedNode ?? selectedGroup) ? (
          <DetailsPanel
            graph={graph}
            regions={data?.regions ?? []}
            actions={canAct}
            onActionDone={onActionDone}
            resource={selectedNode}
            group={selectedGroup?.kind === 'snapshot-group' ? selectedGroup : null}
            onSelect={(id) => select(id, true)}
            onExpand={selection.expandAndSelect}
            onClose={() => select(null)}
          />
        ) : null}
      </div>
    </AppFrame>
  );
}

/** The page, with the answer it draws for what is inside (the header's filters and exports). */
function AppFrame({ drawn, children }: { drawn: LineageResponse | undefined; children: ReactNode }) {
  return (
    <DrawnAnswer value={drawn}>
      <div className="flex h-full flex-col">{children}</div>
    </DrawnAnswer>
  );
}

/** The banners above the canvas: regions not read, a refresh that failed, a selection the graph does not hold. */
function ReadProblems(props: {
  lineage: ReturnType<typeof useLineageData>;
  missing: string | null;
  onClear: () => void;
}) {
  const { data, query, facts } = props.lineage;
  return (
    <>
      <RegionErrors errors={(data && failedRegions(query.error)) ?? facts?.errors ?? []} />
      <RefreshFailed error={query.isError && data ? query.error : null} />
      {props.missing ? <NotFoundNotice id={props.missing} onClear={props.onClear} /> : null}
    </>
  );
}

/** Named by the URL but in neither the graph nor the drawing: said (NotFoundNotice), and nothing is dimmed for it. */
function isMissing(selected: string | null, node: unknown, display: DisplayResult | undefined): selected is string {
  return !!display && !!selected && !node && !display.graph.nodes.some((n) => n.id === selected);
}

const unlessMissing = (missing: boolean, selectedId: string | null, related: ReadonlySet<string> | null) =>
  missing ? { selectedId: null, related: null } : { selectedId, related };

/** The selected resource, or the selected chain of snapshots. */
function selectedOf(selected: string | null, graph: LineageGraph | undefined, display: DisplayResult | undefined) {
  const selectedNode = graph?.nodes.find((n) => n.id === selected) ?? null;
  const selectedGroup = display?.graph.nodes.find((n) => n.id === selected && isSnapshotGroupNode(n)) ?? null;
  return { selectedNode, selectedGroup };
}

/** The canvas or the overview; above a family of a large account, what it is and the way back to the overview. */
function MainArea(props: {
  lineage: ReturnType<typeof useLineageData>;
  onFamily: (family: string | null) => void;
  main: Parameters<typeof mainView>[0];
}) {
  const { lineage, onFamily } = props;
  return (
    <main className="flex min-w-0 flex-1 flex-col">
      {lineage.large && !lineage.showOverview ? (
        <FamilyBar family={lineage.family} onBack={() => onFamily(null)} />
      ) : null}
      <div className="relative min-h-0 flex-1">{overviewView(lineage, onFamily) ?? mainView(props.main)}</div>
    </main>
  );
}

/** Which family of a large account is drawn, and the way back to the overview of them all. */
function FamilyBar({ family, onBack }: { family: FamilySummary | undefined; onBack: () => void }) {
  return (
    <div
      className="flex h-9 shrink-0 items-center gap-3 border-b border-neutral-200 bg-white px-3 text-xs text-neutral-600 dark:border-neutral-800 dark:bg-neutral-900 dark:text-neutral-400"
      data-testid="family-bar"
    >
      <button
        type="button"
        onClick={onBack}
        data-testid="back-to-overview"
        className="rounded-md border border-neutral-200 px-2 py-0.5 font-medium text-neutral-800 hover:bg-neutral-50 dark:border-neutral-700 dark:text-neutral-200 dark:hover:bg-neutral-800"
      >
        ← All families
      </button>
      {family ? (
        <span className="truncate">
          <span className="font-medium text-neutral-900 dark:text-neutral-100">{family.name ?? family.id}</span> ·{' '}
          {plural(family.resources, 'resource')} · {family.regions.join(', ')}
        </span>
      ) : null}
    </div>
  );
}

function RefreshFailed({ error }: { error: Error | null }) {
  if (!error) return null;
  // A 504 names each region that did not answer: the banner above says which.
  const what = endSentence(failedRegions(error) ? 'no region could be read' : error.message);
  return (
    <div
      role="alert"
      className="border-b border-red-200 bg-red-50 px-4 py-1.5 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      Refresh failed: {what} Showing the last answer.
    </div>
  );
}

/** In a large account a selection stays in the family drawn, or opens its own. */
function usePlacedView(
  setView: (change: Partial<ViewState>) => void,
  familyFor: (id: string | null) => string | null,
): (change: Partial<ViewState>) => void {
  return useCallback(
    (change) => setView('selected' in change ? { family: familyFor(change.selected ?? null), ...change } : change),
    [setView, familyFor],
  );
}

/** The resources marked as findings on the canvas, when they are shown. */
/** The findings panel's filter and marking, kept here so the canvas marks only the findings the panel shows. */
function useFindingsMarks(open: boolean, findings: readonly Finding[] | undefined) {
  const [marked, onMarkedChange] = useState(true);
  const [filter, onFilterChange] = useState<FindingsFilter>(NO_FINDINGS_FILTER);
  const flagged = useMemo(
    () =>
      open && marked ? new Set(filterFindings(findings ?? [], filter, new Date()).map((f) => f.resourceId)) : null,
    [open, marked, findings, filter],
  );
  return { flagged, panel: { marked, onMarkedChange, filter, onFilterChange } };
}

/** The overview of a large account, or its wait or its failure; null when a graph is drawn instead. */
function overviewView(lineage: ReturnType<typeof useLineageData>, onOpen: (family: string) => void): ReactNode {
  const { overview } = lineage;
  if (lineage.showOverview) return <Overview overview={overview.data!} onOpen={onOpen} />;
  if (overview.isPending) return <LoadingState />;
  if (overview.isError && !overview.data)
    return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  return null;
}

/** What the main area shows: the canvas, or why there is none yet. */
function mainView(props: {
  query: ReturnType<typeof useLineageData>['query'];
  shown: LineageGraph | undefined;
  layout: ReturnType<typeof useDisplay>;
  canvas: Omit<ComponentProps<typeof LineageCanvas>, 'display'>;
  /** The filters, as one value: the canvas refits when they change. */
  filters: string;
  onLaunch: (() => void) | undefined;
  onClear: () => void;
}): ReactNode {
  const { query, shown, layout } = props;
  const data = query.data;
  if (query.isPending) return <LoadingState />;
  if (query.isError && !data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (data?.nodes.length === 0) return <EmptyState regions={data.regions} onLaunch={props.onLaunch} />;
  if (shown?.nodes.length === 0) return <EmptyState regions={data?.regions ?? []} filtered onClear={props.onClear} />;
  if (layout.error) return <ErrorState error={layoutFailure(layout.error)} />;
  if (!layout.display) return <LoadingState label="Laying out…" />;
  return (
    <ReactFlowProvider>
      <LineageCanvas display={layout.display} {...props.canvas} />
      <RefitOnFilter filters={props.filters} display={layout.display} />
    </ReactFlowProvider>
  );
}

/** A toast for what an action did; the selection follows what it made and leaves what it removed. */
function useActionFeedback(selected: string | null, select: (id: string | null, centre?: boolean) => void) {
  const toast = useToast();
  const onActionDone = useCallback(
    (result: ActionResult, message: string, removed?: string) => {
      toast({ tone: 'success', title: message });
      const created = result.imageId ?? result.instanceIds?.[0] ?? result.volumeId ?? result.snapshotId;
      if (removed && removed === selected) select(null);
      else if (created && created !== selected) select(created, true);
    },
    [toast, select, selected],
  );
  const onCleaned = (removed: string[]) => {
    if (removed.length) toast({ tone: 'success', title: `Cleaned up ${plural(removed.length, 'resource')}` });
    if (selected && removed.includes(selected)) select(null);
  };
  return { onActionDone, onCleaned };
}

function layoutFailure(message: string): Error {
  const error = new Error(`Layout failed: ${message}`);
  error.name = 'LayoutFailed';
  return error;
}
