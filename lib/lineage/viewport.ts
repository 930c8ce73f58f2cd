/**
 * Where the canvas looks: the first view (readable before complete) and what keeps a selection in sight. Pure: flow
 * coordinates in, a viewport (React Flow's x, y, zoom: screen = flow × zoom + (x, y)) out.
 */
import { CARD, READABLE_ZOOM } from './card';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Card extends Rect {
  /** How much seeing it matters: a ghost less than what the account holds. */
  weight: number;
}

/** Screen pixels kept free around what a view frames. */
export const VIEW_MARGIN = 24;
/** The first view never magnifies past this. */
const MAX_FIRST_ZOOM = 1;
/** A hair above the readable zoom, so that rounding never takes text under its size. */
export const FIRST_ZOOM_FLOOR = READABLE_ZOOM * 1.01;

export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The zoom at which a box fills the pane (margins kept). */
function fitZoom(box: Rect, pane: { width: number; height: number }): number {
  return Math.min((pane.width - 2 * VIEW_MARGIN) / box.width, (pane.height - 2 * VIEW_MARGIN) / box.height);
}

/** The viewport that shows a box centred at a zoom. */
export function centreOn(box: Rect, zoom: number, pane: { width: number; height: number }): Viewport {
  return {
    x: pane.width / 2 - (box.x + box.width / 2) * zoom,
    y: pane.height / 2 - (box.y + box.height / 2) * zoom,
    zoom,
  };
}

/**
 * The first view: everything, if it fits at a readable zoom; else the first (biggest) family, if it fits; else, at
 * the readable zoom, the part of that family that holds the most (weighted) whole cards, from its left.
 */
export function firstView(
  cards: readonly Card[],
  family: readonly Card[],
  pane: { width: number; height: number },
): Viewport | null {
  const all = boundsOf(cards);
  if (!all || pane.width <= 2 * VIEW_MARGIN || pane.height <= 2 * VIEW_MARGIN) return null;
  const whole = fitZoom(all, pane);
  if (whole >= FIRST_ZOOM_FLOOR) return centreOn(all, Math.min(whole, MAX_FIRST_ZOOM), pane);
  const fam = boundsOf(family);
  if (!fam) return centreOn(all, FIRST_ZOOM_FLOOR, pane);
  const zoom = fitZoom(fam, pane);
  if (zoom >= FIRST_ZOOM_FLOOR) return centreOn(fam, Math.min(zoom, MAX_FIRST_ZOOM), pane);
  return centreOn(bestWindow(family, pane, FIRST_ZOOM_FLOOR), FIRST_ZOOM_FLOOR, pane);
}

/** The pane-sized window over a family that holds the most weight in whole cards (the leftmost of equals). */
function bestWindow(family: readonly Card[], pane: { width: number; height: number }, zoom: number): Rect {
  const width = (pane.width - 2 * VIEW_MARGIN) / zoom;
  const height = (pane.height - 2 * VIEW_MARGIN) / zoom;
  const lefts = [...new Set(family.map((c) => c.x))].sort((a, b) => a - b);
  let best: { weight: number; inside: Card[] } = { weight: -1, inside: [] };
  for (const left of lefts) {
    const inside = family.filter((c) => c.x >= left && c.x + c.width <= left + width);
    const weight = inside.reduce((sum, c) => sum + c.weight, 0);
    if (weight > best.weight) best = { weight, inside };
  }
  const box = boundsOf(best.inside)!;
  // Too tall: the top of it, where the window's first cards are.
  return box.height <= height ? box : { ...box, height };
}

/**
 * The smallest pan that brings a box (a selected card and its neighbours) inside the pane, or a centring on the first
 * card when the box cannot fit at this zoom; null when it is in sight already.
 */
export function keepInView(
  box: Rect,
  focus: Rect,
  viewport: Viewport,
  pane: { width: number; height: number },
): Viewport | null {
  const { zoom } = viewport;
  const left = box.x * zoom + viewport.x;
  const top = box.y * zoom + viewport.y;
  const right = left + box.width * zoom;
  const bottom = top + box.height * zoom;
  const m = VIEW_MARGIN;
  if (left >= m && top >= m && right <= pane.width - m && bottom <= pane.height - m) return null;
  if (box.width * zoom > pane.width - 2 * m || box.height * zoom > pane.height - 2 * m) {
    return centreOn(focus, zoom, pane);
  }
  const dx = left < m ? m - left : right > pane.width - m ? pane.width - m - right : 0;
  const dy = top < m ? m - top : bottom > pane.height - m ? pane.height - m - bottom : 0;
  return { x: viewport.x + dx, y: viewport.y + dy, zoom };
}

/** A card's box at a position. */
export const cardAt = (p: { x: number; y: number }): Rect => ({ ...p, width: CARD.width, height: CARD.height });
