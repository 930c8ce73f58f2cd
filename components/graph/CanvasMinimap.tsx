'use client';

import { useReactFlow, useStore } from '@xyflow/react';
import { type PointerEvent, memo, useEffect, useMemo, useRef } from 'react';
import type { DisplayResult } from '@/lib/lineage/display';
import { CARD } from '@/lib/lineage/card';
import { KIND_STYLE } from './kinds';

const SIZE = { width: 160, height: 112 } as const;
const PAD = 6;

interface Frame {
  x: number;
  y: number;
  scale: number;
}

/** The drawing's bounds fitted into the minimap. */
function frameOf(positions: DisplayResult['positions']): Frame {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const id in positions) {
    const p = positions[id]!;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + CARD.width);
    maxY = Math.max(maxY, p.y + CARD.height);
  }
  if (minX === Infinity) return { x: 0, y: 0, scale: 1 };
  const scale = Math.min((SIZE.width - 2 * PAD) / (maxX - minX), (SIZE.height - 2 * PAD) / (maxY - minY));
  return { x: minX - PAD / scale, y: minY - PAD / scale, scale };
}

/** The kind whose accent a drawn card wears: a chain of snapshots is a snapshot, a fleet is instances. */
function kindOf(kind: DisplayResult['graph']['nodes'][number]['kind']): keyof typeof KIND_STYLE {
  switch (kind) {
    case 'snapshot-group':
      return 'snapshot';
    case 'fleet':
      return 'instance';
    case 'instance':
    case 'volume':
    case 'snapshot':
    case 'image':
      return kind;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Every card as a dot of its kind's colour, drawn once per layout. */
function drawCards(canvas: HTMLCanvasElement, display: DisplayResult, frame: Frame): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = SIZE.width * ratio;
  canvas.height = SIZE.height * ratio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, SIZE.width, SIZE.height);
  const w = Math.max(1, CARD.width * frame.scale);
  const h = Math.max(1, CARD.height * frame.scale);
  for (const n of display.graph.nodes) {
    const p = display.positions[n.id];
    if (!p) continue;
    ctx.fillStyle = KIND_STYLE[kindOf(n.kind)].accent;
    ctx.fillRect((p.x - frame.x) * frame.scale, (p.y - frame.y) * frame.scale, w, h);
  }
}

/** The part of the drawing on screen, as a rectangle over the minimap: the one thing here that follows a pan. */
function ViewportBox({ frame }: { frame: Frame }) {
  const [x, y, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const left = (-x / zoom - frame.x) * frame.scale;
  const top = (-y / zoom - frame.y) * frame.scale;
  return (
    <div
      data-testid="minimap-view"
      className="pointer-events-none absolute rounded-sm border-2 border-sky-600/80 bg-sky-500/10 dark:border-sky-400/80 dark:bg-sky-400/10"
      style={{ left, top, width: (width / zoom) * frame.scale, height: (height / zoom) * frame.scale }}
    />
  );
}

/**
 * The minimap: the whole drawing on one canvas (its cost does not grow with each card on a pan), the view's
 * rectangle over it; a click or a drag moves the view there.
 */
function CanvasMinimap({ display }: { display: DisplayResult }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useMemo(() => frameOf(display.positions), [display.positions]);
  const flow = useReactFlow();
  useEffect(() => {
    if (canvas.current) drawCards(canvas.current, display, frame);
  }, [display, frame]);
  const moveTo = (event: PointerEvent<HTMLDivElement>, duration: number) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = frame.x + (event.clientX - box.left) / frame.scale;
    const y = frame.y + (event.clientY - box.top) / frame.scale;
    void flow.setCenter(x, y, { zoom: flow.getZoom(), duration });
  };
  return (
    <div
      data-testid="minimap"
      role="img"
      aria-label="Minimap of the drawing: click or drag to move the view there, scroll to zoom"
      title="Click or drag to move the view"
      className="relative shrink-0 cursor-pointer touch-none overflow-hidden rounded-md border border-neutral-200 bg-white dark:border-neutral-700 dark:bg-neutral-900"
      style={SIZE}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e, 200);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e, 0);
      }}
      onWheel={(e) => void (e.deltaY < 0 ? flow.zoomIn({ duration: 100 }) : flow.zoomOut({ duration: 100 }))}
    >
      <canvas ref={canvas} style={SIZE} className="block" />
      <ViewportBox frame={frame} />
    </div>
  );
}

export default memo(CanvasMinimap);
