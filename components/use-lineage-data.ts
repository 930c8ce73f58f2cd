'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo } from 'react';
import type { FamiliesResponse } from '@/lib/api/families';
import type { LineageResponse } from '@/lib/api/lineage';
import {
  familiesQuery,
  familyQuery,
  findingsQuery,
  lineageAsOfQuery,
  lineageKeys,
  lineageQuery,
} from '@/lib/api/client';
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

/** The answer the page draws: the whole graph of a small account, or the family drawn in a large one. */
export const DrawnAnswer = createContext<LineageResponse | undefined>(undefined);

/** The answer the page draws (see `DrawnAnswer`), without fetching anything. */
export const useDrawnAnswer = (): { data: LineageResponse | undefined } => ({ data: useContext(DrawnAnswer) });

/**
 * What the answers say of the account now (its accounts, what is read in the background, whether CloudTrail is read),
 * without fetching anything the first view did not: the whole graph's answer once the app holds it, else the
 * overview's.
 */
export function useAnswerFacts() {
  const overview = useQuery(familiesQuery(null)).data;
  const whole = useQuery({ ...lineageQuery(ALL_REGIONS), enabled: false }).data;
  return whole ?? overview;
}

/**
 * The whole graph of a small account (now or as of a past time). The overview's answer carried it into this query
 * (one request draws a small account); it then polls and refreshes as its own query.
 */
function useWholeGraph(first: FamiliesResponse | undefined, asOf: string | null) {
  const small = first?.overview === false;
  const live = useQuery({ ...lineageQuery(ALL_REGIONS), enabled: small && asOf === null });
  const past = useQuery({ ...lineageAsOfQuery(asOf ?? ''), enabled: small && asOf !== null });
  return asOf === null ? live : past;
}

/**
 * What the browser draws, through TanStack Query. The overview of families comes first: a small account's answer
 * carries its whole graph; a large one (above the server's threshold) opens on the overview, and only the family
 * being looked at (the one in the URL, else the selected resource's) is fetched. The graph polls itself while
 * anything is pending (`refetchInterval`), and ⟳ fetches again skipping the server's cache (cancellable). A past view
 * (`asOf`) is read the same way from the history store, and nothing can be done there.
 */
export function useLineageData(view: Pick<ViewState, 'family' | 'selected' | 'asOf'>) {
  const { asOf } = view;
  const client = useQueryClient();
  const overview = useQuery(familiesQuery(asOf));
  const large = overview.data?.overview === true;
  const whole = useWholeGraph(overview.data, asOf);
  const target = large ? (view.family ?? view.selected) : null;
  const family = useQuery({ ...familyQuery(target ?? '', asOf), enabled: target !== null, staleTime: 30_000 });
  const familyData = family.data;
  // The family is also known by its own id, which the URL names once a resource in it is selected.
  useEffect(() => {
    if (familyData) client.setQueryData(lineageKeys.family(familyData.family.id, asOf), familyData);
  }, [client, familyData, asOf]);
  const query = large ? family : whole;
  const data = query.data;
  const refresh = useRefresh(ALL_REGIONS, large);
  const findings = useQuery({ ...findingsQuery(), enabled: !!data && asOf === null });
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
    /** The family drawn in a large account, summarised. */
    family: large ? familyData?.family : undefined,
    /** The overview is the view: a large account with no family asked for. */
    showOverview: large && target === null,
    data,
    /** What the header says of the account, whichever view is drawn. */
    facts: data ?? overview.data,
    graph,
    refresh,
    findings,
    familyFor,
    canAct: data ? !data.mode.readOnly && asOf === null : false,
  };
}
