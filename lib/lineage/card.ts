/**
 * The card every resource is drawn as: its size on the canvas (the layout places cards of this size and the canvas
 * draws them so) and its text sizes, from which the zoom at which a card can be read follows.
 */
export const CARD = {
  width: 244,
  height: 96,
  /** CSS pixels of the title (name, or id when unnamed). */
  titlePx: 15,
  /** CSS pixels of every other text in a card: id, state, size, region, account. */
  textPx: 12.5,
} as const;

/** On-screen pixels a title and the rest of a card's text need to be read. */
export const LEGIBLE = { titlePx: 12, textPx: 10 } as const;

/** The lowest zoom at which every text of a card is legible. */
export const READABLE_ZOOM = Math.max(LEGIBLE.titlePx / CARD.titlePx, LEGIBLE.textPx / CARD.textPx);
