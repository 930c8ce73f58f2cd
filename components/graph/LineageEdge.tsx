'use client';

import { BaseEdge, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { EDGE_STYLE } from './kinds';
import type { LineageFlowEdge } from './types';

/** Every edge kind has its own line (see the legend); the hover card with the evidence is drawn by the canvas. */
function LineageEdge({
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
}: EdgeProps<LineageFlowEdge>) {
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const style = data ? EDGE_STYLE[data.kind] : EDGE_STYLE.attached;
  return (
    <BaseEdge
      path={path}
      markerEnd={markerEnd}
      interactionWidth={14}
      style={{
        stroke: style.color,
        strokeWidth: style.width,
        strokeDasharray: style.dash,
        opacity: data?.dim ? 0.15 : 0.9,
      }}
    />
  );
}

export default memo(LineageEdge);
