'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { findingsQuery, lineageAsOfQuery, lineageQuery } from '@/lib/api/client';
import type { LineageGraph } from '@/lib/lineage';
import { useRefresh } from './use-refresh';

/** Every region the server reads: the browser narrows with filters, not with the request. */
const ALL_REGIONS: string[] = [];

/** The graph as the server answers it (every region). */
export const useLineageQuery = () => useQuery(lineageQuery(ALL_REGIONS));

/**
 * The graph (now, or as recorded at `asOf`: a past view, where nothing can be done) and the findings, through TanStack Query: the graph polls itself while anything is pending
 * (`refetchInterval`), and ⟳ fetches it again skipping the server's cache, into the same query (cancellable).
 */
export function useLineageData(asOf: string | null = null) {
  const live = useQuery({ ...lineageQuery(ALL_REGIONS), enabled: asOf === null });
  const past = useQuery({ ...lineageAsOfQuery(asOf ?? ''), enabled: asOf !== null });
  const query = asOf === null ? live : past;
  const data = query.data;
  const refresh = useRefresh(ALL_REGIONS);
  const findings = useQuery({ ...findingsQuery(), enabled: !!data && asOf === null });
  const graph = useMemo<LineageGraph | undefined>(
    () => (data ? { nodes: data.nodes, edges: data.edges } : undefined),
    [data],
  );
  const canAct = data ? !data.mode.readOnly && asOf === null : false;
  return { query, data, graph, refresh, findings, canAct };
}
