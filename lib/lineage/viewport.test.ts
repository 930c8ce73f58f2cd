import { describe, expect, it } from 'vitest';
import { CARD, READABLE_ZOOM } from './card';
import { type Card, FIRST_ZOOM_FLOOR, VIEW_MARGIN, firstView, keepInView } from './viewport';

const card = (x: number, y: number, weight = 1): Card => ({ x, y, width: CARD.width, height: CARD.height, weight });
/** A row of `n` cards, one per column. */
const row = (n: number, y = 0, weight = 1) => Array.from({ length: n }, (_, i) => card(i * 300, y, weight));

describe('firstView', () => {
  it('fits a small account whole, never magnifying past 1', () => {
    const cards = row(2);
    const view = firstView(cards, cards, { width: 1600, height: 1000 })!;
    expect(view.zoom).toBe(1);
    // centred: the middle of the cards is the middle of the pane
    expect(view.x + ((300 + CARD.width) / 2) * view.zoom).toBeCloseTo(800);
  });

  it('fits the biggest family when the account does not fit at a readable zoom', () => {
    const family = row(4);
    const others = Array.from({ length: 30 }, (_, i) => card((i % 5) * 300, 1000 + Math.floor(i / 5) * 200));
    const view = firstView([...family, ...others], family, { width: 1400, height: 700 })!;
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const left = family[0]!.x * view.zoom + view.x;
    const right = (family[3]!.x + CARD.width) * view.zoom + view.x;
    expect(left).toBeGreaterThanOrEqual(VIEW_MARGIN - 1e-9);
    expect(right).toBeLessThanOrEqual(1400 - VIEW_MARGIN + 1e-9);
  });

  it('opens a family too wide to read whole on the window that holds most, ghosts counting less', () => {
    // two ghosts on the left, eight resources to their right
    const family = [...row(2, 0, 0.25), ...row(8).map((c) => ({ ...c, x: c.x + 600 }))];
    const pane = { width: 1200, height: 700 };
    const view = firstView(family, family, pane)!;
    expect(view.zoom).toBeCloseTo(FIRST_ZOOM_FLOOR);
    const onScreen = family.filter((c) => {
      const left = c.x * view.zoom + view.x;
      return left >= 0 && left + c.width * view.zoom <= pane.width;
    });
    expect(onScreen.every((c) => c.weight === 1)).toBe(true);
    expect(onScreen.length).toBeGreaterThanOrEqual(4);
  });
});

describe('keepInView', () => {
  const pane = { width: 1000, height: 600 };
  it('leaves a box in sight alone', () => {
    expect(keepInView({ x: 100, y: 100, width: 200, height: 100 }, card(100, 100), { x: 0, y: 0, zoom: 1 }, pane)).toBe(
      null,
    );
  });
  it('pans as little as it can to bring a box inside the pane', () => {
    const box = { x: 900, y: 100, width: 300, height: 100 };
    const next = keepInView(box, card(900, 100), { x: 0, y: 0, zoom: 1 }, pane)!;
    expect(next.x).toBe(1000 - VIEW_MARGIN - 1200);
    expect(next.y).toBe(0);
  });
  it('centres on the card when the box is too big to fit', () => {
    const focus = card(0, 0);
    const next = keepInView({ x: -2000, y: 0, width: 5000, height: 100 }, focus, { x: 0, y: 0, zoom: 1 }, pane)!;
    expect(next.x + (CARD.width / 2) * next.zoom).toBe(500);
  });
});
