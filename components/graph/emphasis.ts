'use client';

import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Emphasis } from './types';

/**
 * The selection's emphasis on the canvas, kept out of React Flow's node and edge objects: a selection changes what
 * this store answers, and only the cards whose answer changed render again; the node objects stay as they were.
 * Nothing here changes while the view pans.
 */
export interface EmphasisState {
  /** The drawn node that is selected (a copy of a shared image counts as its resource). */
  isSelected: (drawnId: string) => boolean;
  /** Null when nothing is selected. */
  isRelated: ((drawnId: string) => boolean) | null;
}

const NOTHING: EmphasisState = { isSelected: () => false, isRelated: null };

export class EmphasisStore {
  private state = NOTHING;
  private readonly listeners = new Set<() => void>();

  set(state: EmphasisState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A card's emphasis and selection, as one string so that an unchanged answer renders nothing. */
  card(id: string): `${Emphasis}:${'selected' | ''}` {
    const { isSelected, isRelated } = this.state;
    const emphasis: Emphasis = isRelated ? (isRelated(id) ? 'related' : 'dim') : 'none';
    return `${emphasis}:${isSelected(id) ? 'selected' : ''}`;
  }

  /** An edge is dimmed unless both its ends are related to the selection. */
  edgeDim(source: string, target: string): boolean {
    const { isRelated } = this.state;
    return isRelated !== null && !(isRelated(source) && isRelated(target));
  }
}

export const EmphasisContext = createContext<EmphasisStore | null>(null);

/** Below this zoom a card shows only its icon and name, in large type. */
export const FAR_ZOOM = 0.45;
/** Below this zoom even that name is a few pixels high: a card is a plain box in its kind's colour. */
export const BOX_ZOOM = 0.2;

/** How much a card shows at the zoom of the view: everything, its icon and name, or only its kind's colour. */
export type Detail = 'full' | 'far' | 'box';

export const detailAt = (zoom: number): Detail => (zoom < BOX_ZOOM ? 'box' : zoom < FAR_ZOOM ? 'far' : 'full');

/**
 * The detail of the view's zoom: told by the canvas (one subscription to the viewport, whose answer changes only when
 * the zoom crosses a level), so that cards subscribe to nothing that changes while the view pans.
 */
export const DetailContext = createContext<Detail>('full');

const useStore = () => useContext(EmphasisContext) ?? FALLBACK;
const FALLBACK = new EmphasisStore();

/** A card's emphasis and whether it is selected. */
export function useCardEmphasis(id: string): { emphasis: Emphasis; selected: boolean } {
  const store = useStore();
  const answer = useSyncExternalStore(
    store.subscribe,
    () => store.card(id),
    () => store.card(id),
  );
  const [emphasis, selected] = answer.split(':') as [Emphasis, string];
  return { emphasis, selected: selected === 'selected' };
}

/** Whether an edge is dimmed by the selection. */
export function useEdgeDim(source: string, target: string): boolean {
  const store = useStore();
  return useSyncExternalStore(
    store.subscribe,
    () => store.edgeDim(source, target),
    () => store.edgeDim(source, target),
  );
}
