'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import { familiesQuery, familyQuery, findingsQuery, lineageKeys, lineageQuery } from '@/lib/api/client';
import type { LineageGraph } from '@/lib/lineage';
import { useRefresh } from './use-refresh';
import type { ViewState } from './use-view-state';

/** Every region the server reads: the browser narrows with filters, not with the request. */
const ALL_REGIONS: string[] = [];

/**
 * The graph of an answer, the same object as long as an answer (a poll while sharing is read, say) brings the same
 * resources and edges: nothing is laid out or drawn again for it.
 */
function useSameGraph(data: LineageGraph | undefined): LineageGraph | undefined {
  const text = useMemo(() => (data ? JSON.stringify(data.nodes) + JSON.stringify(data.edges) : ''), [data]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new answer with the same text keeps the same graph
  return useMemo(() => (data ? { nodes: data.nodes, edges: data.edges } : undefined), [text]);
}

/**
 * What the answers say of the account (its accounts, what is read in the background), without fetching the graph:
 * the whole graph's answer once the app holds it, else the overview's.
 */
export function useAnswerFacts() {
  const overview = useQuery(familiesQuery()).data;
  const whole = useQuery({ ...lineageQuery(ALL_REGIONS), enabled: false }).data;
  return whole ?? overview;
}

/**
 * What the browser draws, through TanStack Query. The overview of families comes first: a small account is then
 * fetched whole; a large one (above the server's threshold) opens on the overview, and only the family being looked
 * at (the one in the URL, else the selected resource's) is fetched. The graph polls itself while anything is
 * pending (`refetchInterval`), and ⟳ fetches again skipping the server's cache, into the same query (cancellable).
 */
export function useLineageData(view: Pick<ViewState, 'family' | 'selected'>) {
  const client = useQueryClient();
  const overview = useQuery(familiesQuery());
  const large = overview.data?.overview === true;
  const whole = useQuery({ ...lineageQuery(ALL_REGIONS), enabled: overview.data?.overview === false });
  const target = large ? (view.family ?? view.selected) : null;
  const family = useQuery({ ...familyQuery(target ?? ''), enabled: target !== null, staleTime: 30_000 });
  const familyData = family.data;
  // The family is also known by its own id, which the URL names once a resource in it is selected.
  useEffect(() => {
    if (familyData) client.setQueryData(lineageKeys.family(familyData.family.id), familyData);
  }, [client, familyData]);
  const query = large ? family : whole;
  const data = query.data;
  const refresh = useRefresh(ALL_REGIONS, large);
  const findings = useQuery({ ...findingsQuery(), enabled: !!data });
  const graph = useSameGraph(data);
  /** The family a selection belongs in: the one drawn when it is drawn there, else its own (found by the server). */
  const familyFor = useCallback(
    (id: string | null): string | null => {
      if (!large) return null;
      const drawn = familyData?.family.id ?? view.family;
      if (id === null) return drawn;
      return familyData?.nodes.some((n) => n.id === id) ? drawn : null;
    },
    [large, familyData, view.family],
  );
  return {
    query,
    overview,
    large,
    /** The overview is the view: a large account with no family asked for. */
    showOverview: large && target === null,
    data,
    /** What the header says of the account, whichever view is drawn. */
    facts: data ?? overview.data,
    graph,
    refresh,
    findings,
    familyFor,
    canAct: data ? !data.mode.readOnly : false,
  };
}
