'use client';

import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { type PointerEvent, memo, useEffect, useMemo, useRef } from 'react';
import type { DisplayResult } from '@/lib/lineage/display';
import { CARD } from '@/lib/lineage/layout';
import { KIND_STYLE } from './kinds';

const SIZE = { width: 200, height: 140 } as const;
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
    ctx.fillStyle = n.kind === 'snapshot-group' ? KIND_STYLE.snapshot.accent : KIND_STYLE[n.kind].accent;
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
      className="pointer-events-none absolute border-2 border-sky-500/80 bg-sky-500/10"
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
    <Panel position="bottom-right" className="!m-3">
      <div
        data-testid="minimap"
        role="img"
        aria-label="Minimap of the drawing: click or drag to move the view there"
        title="Click or drag to move the view"
        className="relative cursor-pointer overflow-hidden rounded-md border border-neutral-200 bg-white/95 shadow-sm dark:border-neutral-700 dark:bg-neutral-900/95"
        style={SIZE}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e, 200);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e, 0);
        }}
      >
        <canvas ref={canvas} style={SIZE} className="block" />
        <ViewportBox frame={frame} />
      </div>
    </Panel>
  );
}

export default memo(CanvasMinimap);
