'use client';

import { useReactFlow, useStore } from '@xyflow/react';
import type { DisplayResult } from '@/lib/lineage/display';
import CanvasMinimap from './CanvasMinimap';
import { Legend } from './Legend';
import type { LineageFlowEdge, LineageFlowNode } from './types';

const RAIL_BUTTON =
  'disabled:opacity-40 flex h-8 flex-1 items-center justify-center rounded-md border border-neutral-200 bg-white text-base text-neutral-700 hover:bg-neutral-50 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-200 dark:hover:bg-neutral-800';

/**
 * The canvas's tools, docked beside it rather than over it, so that they never cover a card: the legend (folded),
 * zoom buttons and the minimap (one canvas: a click or a drag there moves the view).
 */
export function CanvasRail({ display }: { display: DisplayResult }) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const atMin = useStore((s) => s.transform[2] <= s.minZoom);
  const atMax = useStore((s) => s.transform[2] >= s.maxZoom);
  return (
    <aside
      aria-label="Canvas tools"
      data-testid="canvas-rail"
      className="flex w-44 shrink-0 flex-col gap-2 overflow-y-auto border-l border-neutral-200 bg-neutral-50 p-2 dark:border-neutral-800 dark:bg-neutral-950"
    >
      <Legend />
      <div className="mt-auto flex gap-1" role="group" aria-label="Zoom">
        <button
          type="button"
          className={`react-flow__controls-zoomin ${RAIL_BUTTON}`}
          aria-label="Zoom in"
          disabled={atMax}
          onClick={() => void flow.zoomIn()}
        >
          +
        </button>
        <button
          type="button"
          className={`react-flow__controls-zoomout ${RAIL_BUTTON}`}
          aria-label="Zoom out"
          disabled={atMin}
          onClick={() => void flow.zoomOut()}
        >
          −
        </button>
        <button
          type="button"
          className={RAIL_BUTTON}
          aria-label="Fit the whole drawing"
          title="Fit the whole drawing"
          onClick={() => void flow.fitView({ padding: 0.05 })}
        >
          ⤢
        </button>
      </div>
      <CanvasMinimap display={display} />
    </aside>
  );
}
