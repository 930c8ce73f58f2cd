'use client';

import { ReactFlowProvider } from '@xyflow/react';
import { type ComponentProps, type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import type { ActionResult } from '@/lib/api/actions';
import { failedRegions } from '@/lib/api/client';
import { isSnapshotGroupNode } from '@/lib/lineage/collapse';
import type { LineageGraph } from '@/lib/lineage';
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
import { useLineageData } from './use-lineage-data';
import { useRelated, useSelection } from './use-selection';
import { useViewState } from './use-view-state';

export function LineageApp() {
  const [view, setView] = useViewState();
  const { query, data, graph, refresh, findings, canAct } = useLineageData(view.asOf);
  const [launching, setLaunching] = useState(false);
  const [markFindings, setMarkFindings] = useState(true);
  const searchRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => (graph ? applyFilters(graph, view) : undefined), [graph, view]);
  const selection = useSelection(view, setView);
  const { selected, select, focus, expand: onExpand } = selection;
  const layout = useDisplay(shown, selection.expanded);
  const { display } = layout;
  selection.reveal(display?.groupOf);
  const related = useRelated(selected, shown, display?.groupOf);
  useKeyboard({ selected, shown, display, select, searchRef });
  const flagged = useMemo(
    () => (view.findings && markFindings ? new Set(findings.data?.findings.map((f) => f.resourceId)) : null),
    [view.findings, markFindings, findings.data],
  );
  const { onActionDone, onCleaned } = useActionFeedback(selected, select);
  const { selectedNode, selectedGroup } = selectedIn(graph, display, selected);
  const filters = filterKey(view);
  const onLaunch = canAct ? () => setLaunching(true) : undefined;
  const missing = isMissing(selected, selectedNode, display);
  const canvas = { ...unlessMissing(missing, selected, related), onSelect: select, onExpand, focus, flagged };
  const body = mainView({ query, shown, layout, canvas, filters, onLaunch, onClear: () => setView(NO_FILTERS) });
  return (
    <div className="flex h-full flex-col">
      <Header
        mode={data?.mode}
        regions={data?.regions ?? []}
        failed={data?.errors.flatMap((e) => (e.region ? [e.region] : []))}
        fetchedAt={data?.fetchedAt}
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
        history={<HistoryArea view={view} onView={setView} data={data} onSelect={select} />}
      />
      {launching && graph ? (
        <LaunchFromBaseDialog
          ctx={{ graph, regions: data?.regions ?? [], onDone: onActionDone, onClose: () => setLaunching(false) }}
        />
      ) : null}
      <Notices query={query} missing={missing ? selected : null} onClear={() => select(null)} />
      <div className="flex min-h-0 flex-1">
        {view.findings ? (
          <FindingsPanel
            graph={graph}
            marked={markFindings}
            onMarkedChange={setMarkFindings}
            onSelect={(id) => select(id, true)}
            onClose={() => setView({ findings: false })}
            canAct={canAct}
            onCleaned={onCleaned}
          />
        ) : null}
        <main className="relative min-w-0 flex-1">{body}</main>
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
    </div>
  );
}

function selectedIn(
  graph: LineageGraph | undefined,
  display: ReturnType<typeof useDisplay>['display'],
  selected: string | null,
) {
  return {
    selectedNode: graph?.nodes.find((n) => n.id === selected) ?? null,
    selectedGroup: display?.graph.nodes.find((n) => n.id === selected && isSnapshotGroupNode(n)) ?? null,
  };
}

/** Named by the URL but in neither the graph nor the drawing: said (NotFoundNotice), and nothing is dimmed for it. */
function isMissing(
  selected: string | null,
  node: unknown,
  display: ReturnType<typeof useDisplay>['display'],
): selected is string {
  return !!display && !!selected && !node && !display.graph.nodes.some((n) => n.id === selected);
}

const unlessMissing = (missing: boolean, selectedId: string | null, related: ReadonlySet<string> | null) =>
  missing ? { selectedId: null, related: null } : { selectedId, related };

/** The banners above the canvas: regions not read, a refresh that failed, a selection the graph does not hold. */
function Notices(props: {
  query: ReturnType<typeof useLineageData>['query'];
  missing: string | null;
  onClear: () => void;
}) {
  const { query, missing, onClear } = props;
  const data = query.data;
  return (
    <>
      <RegionErrors errors={(data && failedRegions(query.error)) ?? data?.errors ?? []} />
      <RefreshFailed error={query.isError && data ? query.error : null} />
      {missing ? <NotFoundNotice id={missing} onClear={onClear} /> : null}
    </>
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
  if (layout.error) return <ErrorState error={new Error(`Layout failed: ${layout.error}`)} />;
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
