'use client';

import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { boundsOf, cardAt } from '@/lib/lineage/viewport';
import { useEffect, useRef } from 'react';
import type { DisplayResult } from '@/lib/lineage/display';
import { NO_FILTERS, type ViewFilters } from '@/lib/lineage/view';

const FIT = { padding: 0.08, maxZoom: 1.1, duration: 250 } as const;

/** What the filters narrow to, as one value: a change of it is a new set of cards to fit. */
export function filterKey(view: ViewFilters): string {
  const narrowing = (Object.keys(NO_FILTERS) as (keyof ViewFilters)[]).map((key) =>
    key === 'query' ? (view.onlyMatching ? view.query.trim() : '') : view[key],
  );
  return JSON.stringify(narrowing);
}

/**
 * Fits the canvas to what is shown once the filters change and the narrowed graph is laid out and measured, so one
 * matching card does not sit tiny in a corner (or off screen). Renders nothing; lives inside the ReactFlowProvider.
 */
export function RefitOnFilter({ filters, display }: { filters: string; display: DisplayResult }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const seen = useRef(filters);
  const previous = useRef(display);
  /** The layout on screen when the filters changed: the next one is the narrowed graph. */
  const before = useRef<DisplayResult | null>(null);
  useEffect(() => {
    if (seen.current !== filters) {
      seen.current = filters;
      before.current = previous.current;
    }
    previous.current = display;
    if (!before.current || before.current === display) return;
    before.current = null;
    // From the layout, not React Flow's measurements: cards carry their size, and off-screen ones are never drawn.
    const bounds = boundsOf(Object.values(display.positions).map(cardAt));
    if (!bounds) return;
    const { width, height, minZoom } = store.getState();
    const view = getViewportForBounds(bounds, width, height, minZoom, FIT.maxZoom, FIT.padding);
    void flow.setViewport(view, { duration: FIT.duration });
  }, [filters, display, flow, store]);
  return null;
}
