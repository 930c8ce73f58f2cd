'use client';

import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { routePath } from '@/lib/lineage/routes';
import { memo } from 'react';
import { useEdgeDim } from './emphasis';
import { EDGE_STYLE } from './kinds';
import type { LineageFlowEdge } from './types';

const NO_LANES: readonly { x: number; y: number }[] = [];

/**
 * Every edge kind has its own line (see the legend), drawn from card to card through the lanes the layout gave it,
 * curving only in the gaps between columns; the hover card with the evidence is drawn by the canvas.
 */
function LineageEdge({
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  data,
  markerEnd,
}: EdgeProps<LineageFlowEdge>) {
  const dim = useEdgeDim(source, target);
  const path = routePath([{ x: sourceX, y: sourceY }, ...(data?.lanes ?? NO_LANES), { x: targetX, y: targetY }]);
  const style = data ? EDGE_STYLE[data.kind] : EDGE_STYLE.attached;
  const crosses = data?.accounts !== undefined;
  return (
    <BaseEdge
      path={path}
      markerEnd={markerEnd}
      interactionWidth={14}
      className={crosses ? 'cross-account' : undefined}
      style={{
        stroke: style.color,
        // An edge from one account to another stands out: it is what the owner of the source depends on.
        strokeWidth: crosses ? style.width + 1.5 : style.width,
        strokeDasharray: style.dash,
        opacity: dim ? 0.15 : 0.9,
      }}
    />
  );
}

export default memo(LineageEdge);
