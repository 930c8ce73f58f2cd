'use client';

import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { DisplayResult } from '@/lib/lineage/display';
import type { ViewFilters } from '@/lib/lineage/view';

/** Long enough for React Flow to measure the cards now shown. */
const FIT_DELAY_MS = 80;

/** What the filters narrow to, as one value: a change of it is a new set of cards to fit. */
export function filterKey(filters: ViewFilters): string {
  const { query, onlyMatching, ...rest } = filters;
  return JSON.stringify({ ...rest, onlyMatching, query: onlyMatching ? query.trim() : '' });
}

/**
 * Fits the canvas to what is shown once the filters change and the narrowed graph is laid out, so one matching card
 * does not sit tiny in a corner. Renders nothing; lives inside the canvas's ReactFlowProvider.
 */
export function RefitOnFilter({ filters, display }: { filters: string; display: DisplayResult }) {
  const flow = useReactFlow();
  const seen = useRef(filters);
  /** The display on screen when the filters changed, until a newer one is fitted. */
  const waiting = useRef<DisplayResult | null>(null);
  useEffect(() => {
    const changed = seen.current !== filters;
    const arrived = waiting.current !== null && waiting.current !== display;
    if (!changed && !arrived) return;
    seen.current = filters;
    // A small graph is laid out at once (this display is already the narrowed one), a large one by the worker (a
    // newer display follows): fit now, and once more when the newer one arrives.
    waiting.current = changed ? display : null;
    const timer = setTimeout(() => void flow.fitView({ padding: 0.08, maxZoom: 1.1, duration: 250 }), FIT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filters, display, flow]);
  return null;
}
