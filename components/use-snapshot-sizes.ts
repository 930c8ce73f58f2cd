'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { findingsKeys } from '@/lib/api/client';
import type { SizesProgress } from '@/lib/api/snapshot-sizes';
import { measureSnapshotSizes, snapshotSizesKeys } from '@/lib/api/snapshot-sizes-client';

/**
 * A volume's chain of snapshots, measured when asked (`measure`), with its progress while it runs; `cancel` stops it
 * (the server stops listing, and keeps what it listed). The last measurement stays until measured again; findings
 * are asked for again once a chain is measured.
 */
export function useSnapshotSizes(region: string, volumeId: string) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<SizesProgress | null>(null);
  const queryKey = snapshotSizesKeys.chain(region, volumeId);
  const query = useQuery({
    queryKey,
    queryFn: async ({ signal }) => {
      const chain = await measureSnapshotSizes(region, volumeId, signal, setProgress);
      // Findings count a measured snapshot by what deleting it frees: ask for them again.
      void queryClient.invalidateQueries({ queryKey: findingsKeys.all });
      return chain;
    },
    enabled: false,
    staleTime: Infinity,
    retry: false,
  });
  const measure = useCallback(() => {
    setProgress(null);
    void query.refetch();
  }, [query]);
  const cancel = useCallback(() => void queryClient.cancelQueries({ queryKey }), [queryClient, queryKey]);
  return { chain: query.data, error: query.error, measuring: query.isFetching, progress, measure, cancel };
}
