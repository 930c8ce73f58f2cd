'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { failedRegions, findingsKeys, findingsQuery, lineageKeys, lineageQuery } from '@/lib/api/client';
import { ancestors, descendants, type EdgeKind, indexGraph, type LineageGraph } from '@/lib/lineage';
import { isSnapshotGroupNode, volumeIdOfGroup } from '@/lib/lineage/collapse';
import { applyFilters } from '@/lib/lineage/view';
import { LineageCanvas } from './graph/LineageCanvas';
import { useDisplay } from './graph/use-display';
import { Header, RegionErrors } from './header/Header';
import { DetailsPanel } from './panels/DetailsPanel';
import { EmptyState, ErrorState, LoadingState } from './States';
import { LaunchFromBaseDialog } from './actions/dialogs';
import { FindingsPanel } from './findings/FindingsPanel';
import { AccountsProvider } from './accounts/accounts';
import { useRefresh } from './use-refresh';
import { useViewState } from './use-view-state';
import { useToast } from './ui/Toaster';
import type { ActionResult } from '@/lib/api/actions';

const ALL_REGIONS: string[] = [];

/** Which parent is "where it came from" first, when a resource has several. */
const ORIGIN_RANK: Record<EdgeKind, number> = {
  'created-image': 0,
  copied: 1,
  launched: 2,
  'snapshot-of': 3,
  restored: 4,
  attached: 5,
  backs: 6,
};

export function LineageApp() {
  const [view, setView] = useViewState();
  const queryClient = useQueryClient();
  const query = useQuery(lineageQuery(ALL_REGIONS));
  const data = query.data;
  const { refreshing, refresh, cancel: cancelRefresh } = useRefresh(ALL_REGIONS);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [launching, setLaunching] = useState(false);
  const [markFindings, setMarkFindings] = useState(true);
  const findings = useQuery({ ...findingsQuery(), enabled: !!data });
  const flagged = useMemo(
    () =>
      view.findings && markFindings && findings.data ? new Set(findings.data.findings.map((f) => f.resourceId)) : null,
    [view.findings, markFindings, findings.data],
  );
  const [focus, setFocus] = useState<{ id: string; token: number } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const graph = useMemo<LineageGraph | undefined>(
    () => (data ? { nodes: data.nodes, edges: data.edges } : undefined),
    [data],
  );
  const shown = useMemo(() => (graph ? applyFilters(graph, view) : undefined), [graph, view]);
  const { display, error: layoutError } = useDisplay(shown, expanded);

  const selected = view.selected;
  const groupOf = display?.groupOf;
  // A selected snapshot inside a collapsed chain expands that chain so it can be seen.
  useEffect(() => {
    if (!selected || !groupOf?.[selected]) return;
    const volumeId = volumeIdOfGroup(groupOf[selected]);
    if (volumeId) setExpanded((list) => (list.includes(volumeId) ? list : [...list, volumeId]));
  }, [selected, groupOf]);

  const related = useMemo(() => {
    if (!selected || !shown) return null;
    const ids = new Set<string>([selected, ...ancestors(shown, selected), ...descendants(shown, selected)]);
    if (groupOf) for (const id of [...ids]) if (groupOf[id]) ids.add(groupOf[id]);
    return ids;
  }, [selected, shown, groupOf]);

  const select = useCallback(
    (id: string | null, focus = false) => {
      setView({ selected: id });
      if (focus && id) setFocus((f) => ({ id, token: (f?.token ?? 0) + 1 }));
    },
    [setView],
  );

  // A deep link centres on its selection once the first layout is there.
  const deepLinked = useRef(false);
  useEffect(() => {
    if (deepLinked.current || !display) return;
    deepLinked.current = true;
    if (selected) setFocus((f) => ({ id: selected, token: (f?.token ?? 0) + 1 }));
  }, [display, selected]);

  const cameFrom = useRef<{ parent: string; child: string } | null>(null);
  /** Arrow keys walk the lineage: right to what was made from it, left to what it came from, up/down among siblings. */
  const neighbour = useCallback(
    (key: string): string | undefined => {
      if (!selected || !shown || !display) return undefined;
      const index = indexGraph(shown);
      const y = (id: string) => display.positions[id]?.y ?? display.positions[groupOf?.[id] ?? '']?.y ?? 0;
      const byY = (ids: string[]) => [...new Set(ids)].sort((a, b) => y(a) - y(b));
      const incoming = [...(index.incoming.get(selected) ?? [])].sort(
        (a, b) => ORIGIN_RANK[a.kind] - ORIGIN_RANK[b.kind] || y(a.source) - y(b.source),
      );
      const parents = [...new Set(incoming.map((e) => e.source))];
      const children = byY((index.outgoing.get(selected) ?? []).map((e) => e.target));
      if (key === 'ArrowRight') {
        if (children[0]) cameFrom.current = { parent: selected, child: children[0] };
        return children[0];
      }
      if (key === 'ArrowLeft') return parents[0];
      // Up and down stay among the children of the resource we came from, when we came from one.
      const parent =
        cameFrom.current?.child === selected && parents.includes(cameFrom.current.parent)
          ? cameFrom.current.parent
          : parents[0];
      if (!parent) return undefined;
      const siblings = byY((index.outgoing.get(parent) ?? []).map((e) => e.target));
      const next = siblings[siblings.indexOf(selected) + (key === 'ArrowDown' ? 1 : -1)];
      if (next) cameFrom.current = { parent, child: next };
      return next;
    },
    [selected, shown, display, groupOf],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLElement &&
        (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      if (typing) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'Escape') {
        select(null);
      } else if (e.key.startsWith('Arrow') && selected) {
        const next = neighbour(e.key);
        e.preventDefault();
        if (next) select(next, true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, selected, neighbour]);

  const toast = useToast();
  const onActionDone = useCallback(
    (result: ActionResult, message: string, removed?: string) => {
      toast({ tone: 'success', title: message });
      void queryClient.invalidateQueries({ queryKey: lineageKeys.all });
      void queryClient.invalidateQueries({ queryKey: findingsKeys.all });
      const created = result.imageId ?? result.instanceIds?.[0] ?? result.volumeId ?? result.snapshotId;
      if (removed && removed === selected) select(null);
      else if (created && created !== selected) select(created, true);
    },
    [toast, queryClient, select, selected],
  );

  const selectedNode = selected && graph ? (graph.nodes.find((n) => n.id === selected) ?? null) : null;
  const selectedGroup =
    selected && display ? (display.graph.nodes.find((n) => n.id === selected && isSnapshotGroupNode(n)) ?? null) : null;

  const canAct = data ? !data.mode.readOnly : false;
  let body;
  if (query.isPending) body = <LoadingState />;
  else if (query.isError && !data) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (data && data.nodes.length === 0)
    body = <EmptyState regions={data.regions} onLaunch={canAct ? () => setLaunching(true) : undefined} />;
  else if (shown && shown.nodes.length === 0)
    body = (
      <EmptyState
        regions={data?.regions ?? []}
        filtered
        onClear={() =>
          setView({ regions: [], kinds: [], accounts: [], hideGone: false, onlyMatching: false, query: '' })
        }
      />
    );
  else if (layoutError) body = <ErrorState error={new Error(`Layout failed: ${layoutError}`)} />;
  else if (!display) body = <LoadingState label="Laying out…" />;
  else
    body = (
      <ReactFlowProvider>
        <LineageCanvas
          display={display}
          selectedId={selected}
          related={related}
          onSelect={select}
          focus={focus}
          flagged={flagged}
        />
      </ReactFlowProvider>
    );

  return (
    <AccountsProvider accounts={data?.accounts ?? []} readingSharing={(data?.background.sharing ?? 0) > 0}>
      <div className="flex h-full flex-col">
        <Header
          mode={data?.mode}
          regions={data?.regions ?? []}
          nodes={graph?.nodes ?? []}
          fetchedAt={data?.fetchedAt}
          refreshing={refreshing}
          view={view}
          onView={setView}
          onRefresh={refresh}
          onCancelRefresh={cancelRefresh}
          onPick={(id) => select(id, true)}
          onLaunch={canAct ? () => setLaunching(true) : undefined}
          findingsCount={findings.data?.totals.count}
          onFindings={() => setView({ findings: !view.findings })}
          searchRef={searchRef}
        />
        {launching && graph ? (
          <LaunchFromBaseDialog
            ctx={{ graph, regions: data?.regions ?? [], onDone: onActionDone, onClose: () => setLaunching(false) }}
          />
        ) : null}
        <RegionErrors errors={(data && failedRegions(query.error)) ?? data?.errors ?? []} />
        {query.isError && data ? (
          <div
            role="alert"
            className="border-b border-red-200 bg-red-50 px-4 py-1.5 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            Refresh failed:{' '}
            {failedRegions(query.error) ? 'no region could be read' : query.error.message.replace(/\.$/, '')}. Showing
            the last answer.
          </div>
        ) : null}
        <div className="flex min-h-0 flex-1">
          {view.findings ? (
            <FindingsPanel
              graph={graph}
              marked={markFindings}
              onMarkedChange={setMarkFindings}
              onSelect={(id) => select(id, true)}
              onClose={() => setView({ findings: false })}
              canAct={canAct}
              onCleaned={(removed) => {
                void queryClient.invalidateQueries({ queryKey: lineageKeys.all });
                void queryClient.invalidateQueries({ queryKey: findingsKeys.all });
                if (removed.length)
                  toast({
                    tone: 'success',
                    title: `Cleaned up ${removed.length === 1 ? '1 resource' : `${removed.length} resources`}`,
                  });
                if (selected && removed.includes(selected)) select(null);
              }}
            />
          ) : null}
          <main className="relative min-w-0 flex-1">{body}</main>
          {graph && (selectedNode || selectedGroup) ? (
            <DetailsPanel
              graph={graph}
              regions={data?.regions ?? []}
              actions={canAct}
              onActionDone={onActionDone}
              resource={selectedNode}
              group={selectedGroup && isSnapshotGroupNode(selectedGroup) ? selectedGroup : null}
              onSelect={(id) => select(id, true)}
              onExpand={(volumeId) => {
                setExpanded((list) => (list.includes(volumeId) ? list : [...list, volumeId]));
                select(volumeId, true);
              }}
              onClose={() => select(null)}
            />
          ) : null}
        </div>
      </div>
    </AccountsProvider>
  );
}
