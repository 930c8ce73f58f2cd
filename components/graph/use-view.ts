'use client';

import { useReactFlow } from '@xyflow/react';
import { type RefObject, useEffect, useMemo, useRef } from 'react';
import type { DisplayResult } from '@/lib/lineage/display';
import { resourceIdOf } from '@/lib/lineage/ghosts';
import { type Card, FIRST_ZOOM_FLOOR, boundsOf, cardAt, centreOn, firstView, keepInView } from '@/lib/lineage/viewport';
import type { FocusRequest } from '@/components/use-selection';
import type { LineageFlowEdge, LineageFlowNode } from './types';

/** What a card counts for in choosing the first view: a ghost a quarter of a resource of the account. */
const GHOST_WEIGHT = 0.25;
/** Time for the details panel to take its place before the pane's size is read. */
const SETTLE_MS = 120;
const PAN_MS = 300;

const paneOf = (container: RefObject<HTMLDivElement | null>) => ({
  width: container.current?.clientWidth ?? 0,
  height: container.current?.clientHeight ?? 0,
});

function cardsOf(display: DisplayResult): { all: Card[]; first: Card[] } {
  const external = new Set(display.graph.nodes.filter((n) => 'external' in n && n.external).map((n) => n.id));
  const all = Object.entries(display.positions).map(([id, p]) => ({
    ...cardAt(p),
    weight: external.has(id) ? GHOST_WEIGHT : 1,
  }));
  const f = display.families[0];
  const first = f
    ? all.filter((c) => c.x >= f.x && c.y >= f.y && c.x + c.width <= f.x + f.width && c.y + c.height <= f.y + f.height)
    : all;
  return { all, first };
}

/**
 * The first view, once: readable (every card's text at its legible size), the whole account when that fits, else the
 * most significant family, or the part of it that holds the most; none when a deep link centres on its resource.
 */
export function useFirstView(
  display: DisplayResult,
  selectedId: string | null,
  container: RefObject<HTMLDivElement | null>,
) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    if (selectedId && display.positions[selectedId]) return;
    const { all, first } = cardsOf(display);
    requestAnimationFrame(() => {
      const view = firstView(all, first, paneOf(container));
      if (view) void flow.setViewport(view);
    });
  }, [display, flow, selectedId, container]);
}

/** Moves keyboard focus to a card once it is drawn (it may appear only after the view has moved to it). */
function focusCard(id: string, tries = 10) {
  const card = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
  if (card) card.focus({ preventScroll: true });
  else if (tries > 0) setTimeout(() => focusCard(id, tries - 1), 60);
}

/**
 * Centres on a resource when asked (a search pick, a link, a deep link), once per request, as soon as it is laid out
 * (a snapshot inside a collapsed chain appears after its chain expands), at a readable zoom.
 */
export function useCentreOn(
  display: DisplayResult,
  focus: FocusRequest | null,
  ready: boolean,
  container: RefObject<HTMLDivElement | null>,
) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const centred = useRef(0);
  useEffect(() => {
    if (!ready || !focus || centred.current === focus.token) return;
    const p = display.positions[focus.id];
    if (!p) return;
    // Wait for the details panel to take its place, so the centre is the centre of what is left. A request counts
    // as done once the view has moved: a render in between asks again.
    const timer = setTimeout(() => {
      centred.current = focus.token;
      const zoom = Math.max(flow.getZoom(), FIRST_ZOOM_FLOOR);
      void flow.setViewport(centreOn(cardAt(p), zoom, paneOf(container)), { duration: PAN_MS });
      if (focus.focusNode) setTimeout(() => focusCard(focus.id), PAN_MS + 20);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [focus, display, flow, ready, container]);
}

/** The drawn neighbours of each drawn node. */
function useNeighbours(display: DisplayResult): Map<string, string[]> {
  return useMemo(() => {
    const next = new Map<string, string[]>();
    const add = (a: string, b: string) => (next.get(a) ?? next.set(a, []).get(a)!).push(b);
    for (const e of display.graph.edges) {
      add(e.source, e.target);
      add(e.target, e.source);
    }
    return next;
  }, [display]);
}

/**
 * A selection stays in sight: once the details panel has opened, the view pans (as little as it can) so that the
 * selected card and its direct neighbours are inside the pane, or centres on the card when they cannot all be.
 */
export function useKeepInView(
  display: DisplayResult,
  selectedId: string | null,
  ready: boolean,
  container: RefObject<HTMLDivElement | null>,
  /** A centring was asked for this selection: it brings the card into view itself. */
  skip: boolean,
) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const neighbours = useNeighbours(display);
  useEffect(() => {
    if (!ready || !selectedId || skip) return;
    const drawn = Object.keys(display.positions).find(
      (id) => id === selectedId || resourceIdOf(display.aliases, id) === selectedId,
    );
    const group = display.groupOf[selectedId];
    const id = drawn ?? group;
    if (!id || !display.positions[id]) return;
    const timer = setTimeout(() => {
      const around = [id, ...(neighbours.get(id) ?? [])].flatMap((n) => {
        const p = display.positions[n];
        return p ? [cardAt(p)] : [];
      });
      const box = boundsOf(around);
      const next = box && keepInView(box, cardAt(display.positions[id]!), flow.getViewport(), paneOf(container));
      if (next) void flow.setViewport(next, { duration: PAN_MS });
    }, SETTLE_MS * 2);
    return () => clearTimeout(timer);
  }, [display, selectedId, ready, flow, neighbours, container, skip]);
}
