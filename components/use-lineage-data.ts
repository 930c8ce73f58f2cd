'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { findingsQuery, lineageQuery } from '@/lib/api/client';
import type { LineageGraph } from '@/lib/lineage';
import { useRefresh } from './use-refresh';

/** Every region the server reads: the browser narrows with filters, not with the request. */
const ALL_REGIONS: string[] = [];

/**
 * The graph and the findings, through TanStack Query: the graph polls itself while anything is pending
 * (`refetchInterval`), and ⟳ fetches it again skipping the server's cache, into the same query (cancellable).
 */
export function useLineageData() {
  const query = useQuery(lineageQuery(ALL_REGIONS));
  const data = query.data;
  const refresh = useRefresh(ALL_REGIONS);
  const findings = useQuery({ ...findingsQuery(), enabled: !!data });
  const graph = useMemo<LineageGraph | undefined>(
    () => (data ? { nodes: data.nodes, edges: data.edges } : undefined),
    [data],
  );
  return { query, data, graph, refresh, findings, canAct: data ? !data.mode.readOnly : false };
}
