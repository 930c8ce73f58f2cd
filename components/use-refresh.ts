'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { lineageKeys, refreshFamilies, refreshLineage } from '@/lib/api/client';

export interface Refresh {
  /** A refresh the person asked for is under way. */
  refreshing: boolean;
  /** Reads everything again, bypassing the server's cache; a refresh already under way is replaced. */
  refresh: () => void;
  /** Stops the refresh under way: its request is aborted and the last answer stays. */
  cancel: () => void;
}

/**
 * ⟳ as a run of the lineage query itself, so that the query's AbortSignal reaches the request: cancelling (or
 * starting again) aborts it at once, and a failure lands in the query's error with the server's answer.
 */
export function useRefresh(regions: readonly string[], large = false): Refresh {
  const queryClient = useQueryClient();
  const [refreshing, setRefreshing] = useState(false);
  const run = useRef(0);

  const cancel = useCallback(() => {
    run.current++;
    setRefreshing(false);
    void queryClient.cancelQueries({ queryKey: large ? lineageKeys.families() : lineageKeys.graph(regions) });
  }, [queryClient, regions, large]);

  const refresh = useCallback(() => {
    const mine = ++run.current;
    setRefreshing(true);
    // A fetch in flight would be joined rather than replaced: stop it first.
    const key = large ? lineageKeys.families() : lineageKeys.graph(regions);
    void queryClient
      .cancelQueries({ queryKey: key })
      .then((): Promise<unknown> => (large ? refreshFamilies(queryClient) : refreshLineage(queryClient, regions)))
      .catch(() => undefined) // the query holds the error; a cancelled refresh leaves the last answer
      .finally(() => {
        if (mine === run.current) setRefreshing(false);
      });
  }, [queryClient, regions, large]);

  return { refreshing, refresh, cancel };
}
