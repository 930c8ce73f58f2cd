'use client';

import { useState } from 'react';
import { type LineageNode, type Retention, retentionOf } from '@/lib/lineage';
import { useDrawnAnswer } from '@/components/use-lineage-data';

/** What the Recycle Bin would do with these resources if they were deleted now (the rules of the last answer). */
export function useRetentions(
  nodes: readonly Pick<LineageNode, 'kind' | 'region' | 'accountId' | 'tags'>[],
): Retention[] {
  const bins = useDrawnAnswer().data?.recycleBin;
  // The moment the dialog opened: "restorable until" does not creep while it is open.
  const [now] = useState(() => Date.now());
  return nodes.map((n) => retentionOf(bins, n, now));
}

export const useRetention = (node: Pick<LineageNode, 'kind' | 'region' | 'accountId' | 'tags'>): Retention =>
  useRetentions([node])[0]!;
