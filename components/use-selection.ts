'use client';

import { useCallback, useMemo, useState } from 'react';
import { ancestors, descendants, type LineageGraph } from '@/lib/lineage';
import { volumeIdOfGroup } from '@/lib/lineage/collapse';
import { isFleetId } from '@/lib/lineage/fleets';
import type { ViewState } from './use-view-state';

/** A request to bring a resource into view; a new token asks again. */
export interface FocusRequest {
  id: string;
  token: number;
  /** Move keyboard focus to the card too (a search pick, an arrow key), so the arrow keys walk on from it at once. */
  focusNode?: boolean;
}

/**
 * The selected resource (kept in the URL), the snapshot chains expanded on the canvas, and requests to centre the
 * canvas on a resource. A deep link asks to be centred from the start.
 */
export function useSelection(view: ViewState, setView: (change: Partial<ViewState>) => void) {
  const selected = view.selected;
  const [focus, setFocus] = useState<FocusRequest | null>(() => (selected ? { id: selected, token: 1 } : null));
  const [expanded, setExpanded] = useState<string[]>([]);
  const expand = useCallback(
    (volumeId: string) => setExpanded((list) => (list.includes(volumeId) ? list : [...list, volumeId])),
    [],
  );
  const select = useCallback(
    (id: string | null, centre = false, focusNode = false) => {
      setView({ selected: id });
      if (centre && id) setFocus((f) => ({ id, token: (f?.token ?? 0) + 1, focusNode }));
    },
    [setView],
  );
  /** A selected snapshot inside a collapsed chain, or instance inside a fleet, expands it, so that it can be seen. */
  const reveal = (groupOf: Readonly<Record<string, string>> | undefined) => {
    const holder = selected ? (groupOf?.[selected] ?? '') : '';
    const key = isFleetId(holder) ? holder : volumeIdOfGroup(holder);
    if (key !== null && !expanded.includes(key)) expand(key);
  };
  /** Expands a collapsed chain and selects its volume. */
  const expandAndSelect = (volumeId: string) => {
    expand(volumeId);
    select(volumeId, true);
  };
  return { selected, select, focus, expanded, expand, reveal, expandAndSelect };
}

/** The selected resource with its ancestors and descendants (and the chains holding any of them); null for none. */
export function useRelated(
  selected: string | null,
  shown: LineageGraph | undefined,
  groupOf: Readonly<Record<string, string>> | undefined,
): ReadonlySet<string> | null {
  return useMemo(() => {
    if (!selected || !shown) return null;
    const ids = new Set<string>([selected, ...ancestors(shown, selected), ...descendants(shown, selected)]);
    if (groupOf) for (const id of [...ids]) if (groupOf[id]) ids.add(groupOf[id]);
    return ids;
  }, [selected, shown, groupOf]);
}
