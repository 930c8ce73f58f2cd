'use client';

import { BaseEdge, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { useEdgeDim } from './emphasis';
import { EDGE_STYLE } from './kinds';
import type { LineageFlowEdge } from './types';

/** Every edge kind has its own line (see the legend); the hover card with the evidence is drawn by the canvas. */
function LineageEdge({
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
}: EdgeProps<LineageFlowEdge>) {
  const dim = useEdgeDim(source, target);
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
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
