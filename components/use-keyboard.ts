'use client';

import { type RefObject, useEffect, useRef } from 'react';
import type { LineageGraph } from '@/lib/lineage';
import type { DisplayResult } from '@/lib/lineage/display';
import { indexGraph } from '@/lib/lineage/queries';
import { type CameFrom, arrowTarget, isArrowKey } from './navigation';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

const isCard = (element: Element | null) => element?.classList.contains('react-flow__node') ?? false;

/** `/` focuses search, Esc clears the selection, arrow keys walk the lineage of the selected resource. */
export function useKeyboard(options: {
  selected: string | null;
  shown: LineageGraph | undefined;
  display: DisplayResult | undefined;
  select: (id: string | null, centre?: boolean, focusNode?: boolean) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { selected, shown, display, select, searchRef } = options;
  const cameFrom = useRef<CameFrom | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'Escape') {
        select(null);
      } else if (isArrowKey(e.key) && selected) {
        e.preventDefault();
        if (!shown || !display) return;
        const { positions, groupOf } = display;
        const y = (id: string) => positions[id]?.y ?? positions[groupOf[id] ?? '']?.y ?? 0;
        const step = arrowTarget(indexGraph(shown), selected, e.key, y, cameFrom.current);
        if (!step) return;
        cameFrom.current = step.cameFrom;
        // Keyboard focus on a card follows the walk, so its ring stays on what is selected.
        select(step.next, true, isCard(document.activeElement));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, selected, shown, display, searchRef]);
}
