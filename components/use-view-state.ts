'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { NODE_KINDS, type NodeKind } from '@/lib/lineage';
import { ENCRYPTIONS, type ViewFilters } from '@/lib/lineage/view';

/** The view lives in the URL, so it can be bookmarked and shared: selection, filters and search. */
export interface ViewState extends ViewFilters {
  selected: string | null;
  /** The family drawn, in a large account (any of its resources names it); null for the overview. */
  family: string | null;
  /** The findings panel is open. */
  findings: boolean;
  /** A past view: the graph as recorded at this time (ISO-8601), or null for now. */
  asOf: string | null;
}

const isKind = (k: string): k is NodeKind => (NODE_KINDS as readonly string[]).includes(k);

const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
const gib = (v: string | null) =>
  v !== null && v !== '' && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : null;

export function readViewState(params: URLSearchParams): ViewState {
  return {
    selected: params.get('selected'),
    family: params.get('family'),
    regions: params.getAll('region'),
    kinds: params.getAll('kind').filter(isKind),
    accounts: params.getAll('account'),
    hideGone: params.get('hide') === 'gone',
    states: params.getAll('state'),
    tag: params.get('tag') ?? '',
    createdAfter: day(params.get('after')),
    createdBefore: day(params.get('before')),
    minGiB: gib(params.get('min')),
    maxGiB: gib(params.get('max')),
    encryption: ENCRYPTIONS.find((e) => e === params.get('enc')) ?? '',
    query: params.get('q') ?? '',
    onlyMatching: params.get('only') === 'matching',
    findings: params.get('findings') === '1',
    asOf: params.get('asOf'),
  };
}

export function writeViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.family) params.set('family', state.family);
  if (state.selected) params.set('selected', state.selected);
  for (const r of state.regions) params.append('region', r);
  for (const k of state.kinds) params.append('kind', k);
  for (const a of state.accounts) params.append('account', a);
  if (state.hideGone) params.set('hide', 'gone');
  for (const st of state.states) params.append('state', st);
  if (state.tag) params.set('tag', state.tag);
  if (state.createdAfter) params.set('after', state.createdAfter);
  if (state.createdBefore) params.set('before', state.createdBefore);
  if (state.minGiB !== null) params.set('min', String(state.minGiB));
  if (state.maxGiB !== null) params.set('max', String(state.maxGiB));
  if (state.encryption) params.set('enc', state.encryption);
  if (state.query) params.set('q', state.query);
  if (state.onlyMatching) params.set('only', 'matching');
  if (state.findings) params.set('findings', '1');
  if (state.asOf) params.set('asOf', state.asOf);
  return params.toString();
}

/**
 * A new selection, a new family or another time is a new entry in the browser's history (Back returns to the previous
 * one); every other change replaces the current entry.
 */
const isNewPlace = (from: ViewState, to: ViewState) =>
  (to.selected !== null && to.selected !== from.selected) || to.family !== from.family || to.asOf !== from.asOf;

/**
 * The view as the URL holds it. Changes go through the History API (which Next.js's router follows), never a
 * navigation: nothing is fetched or re-rendered beyond what reads the view.
 */
export function useViewState(): [ViewState, (change: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const state = useMemo(() => readViewState(new URLSearchParams(params.toString())), [params]);
  // Changes made before the URL has caught up build on each other instead of on the stale URL.
  const pending = useRef<ViewState | null>(null);
  useEffect(() => {
    if (pending.current && writeViewState(pending.current) === writeViewState(state)) pending.current = null;
  }, [state]);
  const update = useCallback((change: Partial<ViewState>) => {
    const current = pending.current ?? readViewState(new URLSearchParams(window.location.search));
    const next = { ...current, ...change };
    pending.current = next;
    const query = writeViewState(next);
    const url = query ? `${window.location.pathname}?${query}` : window.location.pathname;
    if (isNewPlace(current, next)) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, []);
  return [state, update];
}
