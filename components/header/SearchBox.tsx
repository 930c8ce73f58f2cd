'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { forwardRef, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { searchQuery } from '@/lib/api/client';
import type { SearchResult } from '@/lib/api/search';
import { plural } from '@/lib/lineage/story';
import { KIND_ICONS, SearchIcon } from '@/components/ui/icons';
import { KIND_STYLE, stateTone } from '@/components/graph/kinds';

interface Props {
  query: string;
  onQueryChange: (query: string) => void;
  /** A result was chosen: it may or may not be drawn. */
  onPick: (id: string) => void;
}

/** How long typing pauses before the server is asked. */
const SEARCH_DELAY_MS = 200;

/** The text after a pause in typing. */
function useSettled(text: string, ms: number): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const t = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(t);
  }, [text, ms]);
  return settled;
}

/** The box's text: follows the query when it changes from outside (a link, clearing the filters), and sets it. */
function useSearchText(query: string, onQueryChange: (query: string) => void) {
  const [text, setText] = useState(query);
  const [shownQuery, setShownQuery] = useState(query);
  if (query !== shownQuery) {
    setShownQuery(query);
    setText(query);
  }
  useEffect(() => {
    const t = setTimeout(() => {
      if (text !== query) onQueryChange(text);
    }, 300);
    return () => clearTimeout(t);
  }, [text, query, onQueryChange]);
  return [text, setText] as const;
}

/** The server's results for the text, once typing pauses, page after page. */
function useSearch(text: string, open: boolean) {
  const settled = useSettled(text, SEARCH_DELAY_MS).trim();
  const search = useInfiniteQuery({ ...searchQuery(settled), enabled: open && settled.length > 0 });
  const results = useMemo(() => search.data?.pages.flatMap((p) => p.results) ?? [], [search.data]);
  return { settled, search, results, total: search.data?.pages[0]?.total };
}

/** Picks a result; Enter before the server has answered picks the first result once it comes. */
function usePick(props: {
  search: ReturnType<typeof useSearch>['search'];
  settled: string;
  text: string;
  results: SearchResult[];
  onPick: (id: string) => void;
  close: () => void;
}) {
  const { search, settled, text, results, onPick, close } = props;
  const pickWhenReady = useRef(false);
  const answered = !search.isFetching && settled === text.trim();
  const first = results[0];
  useEffect(() => {
    if (!pickWhenReady.current || !answered) return;
    pickWhenReady.current = false;
    if (first) {
      onPick(first.id);
      close();
    }
  }, [answered, first, onPick, close]);
  const pick = (result: SearchResult | undefined) => {
    pickWhenReady.current = !result && !answered;
    if (!result) return;
    onPick(result.id);
    close();
  };
  const cancelPick = () => {
    pickWhenReady.current = false;
  };
  return { pick, cancelPick };
}

/** Server-side search over every resource read: Enter picks the active result, arrows move, the list scrolls on. */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox({ query, onQueryChange, onPick }, ref) {
  const [text, setText] = useSearchText(query, onQueryChange);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const { settled, search, results, total } = useSearch(text, open);

  const close = useCallback(() => setOpen(false), []);
  const { pick, cancelPick } = usePick({ search, settled, text, results, onPick, close });
  const blurring = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const move = (by: number) => {
    const next = Math.max(0, Math.min(active + by, results.length - 1));
    setActive(next);
    if (next >= results.length - 5 && search.hasNextPage && !search.isFetchingNextPage) void search.fetchNextPage();
  };

  return (
    <div className="relative w-72 min-w-40 shrink">
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-neutral-400" />
      <input
        ref={ref}
        type="search"
        role="combobox"
        aria-label="Search resources"
        aria-expanded={open && results.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && results[active] ? `${listId}-${active}` : undefined}
        placeholder="Search id, name, tag, region…"
        value={text}
        onChange={(e) => {
          cancelPick();
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => {
          clearTimeout(blurring.current);
          setOpen(true);
        }}
        onBlur={() => {
          blurring.current = setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={(e) => {
          const keys: Record<string, () => void> = {
            ArrowDown: () => move(1),
            ArrowUp: () => move(-1),
            Enter: () => {
              onQueryChange(text);
              pick(results[active]);
            },
          };
          if (e.key === 'Escape') {
            // Esc closes the list; the query stays (a search field would clear itself).
            e.preventDefault();
            setOpen(false);
            e.currentTarget.blur();
          } else if (keys[e.key]) {
            e.preventDefault();
            keys[e.key]!();
          }
        }}
        className="h-8 w-full rounded-md border border-neutral-200 bg-white pr-8 pl-8 text-sm outline-none placeholder:text-neutral-400 focus:border-neutral-400 focus:ring-2 focus:ring-neutral-200 dark:border-neutral-700 dark:bg-neutral-900 dark:focus:border-neutral-500 dark:focus:ring-neutral-800"
      />
      <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-neutral-200 px-1 text-[10px] text-neutral-400 dark:border-neutral-700">
        /
      </kbd>
      {open && text.trim() ? (
        <SearchDropdown
          listId={listId}
          settled={settled}
          search={search}
          results={results}
          total={total}
          active={active}
          onActive={setActive}
          onPick={pick}
        />
      ) : null}
    </div>
  );
});

function SearchDropdown(props: {
  listId: string;
  settled: string;
  search: ReturnType<typeof useSearch>['search'];
  results: SearchResult[];
  total: number | undefined;
  active: number;
  onActive: (i: number) => void;
  onPick: (result: SearchResult) => void;
}) {
  const { listId, settled, search, results, total, active, onActive, onPick } = props;
  return (
    <div
      data-testid="search-results"
      className="absolute top-9 left-0 z-30 w-[30rem] overflow-hidden rounded-md border border-neutral-200 bg-white text-sm shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
    >
      <SearchStatus
        text={settled}
        total={total}
        shown={results.length}
        pending={search.isFetching && !search.isFetchingNextPage}
        error={search.error}
      />
      <ResultList
        id={listId}
        results={results}
        active={active}
        onActive={onActive}
        onPick={onPick}
        onNearEnd={() => {
          if (search.hasNextPage && !search.isFetchingNextPage) void search.fetchNextPage();
        }}
        loadingMore={search.isFetchingNextPage}
      />
    </div>
  );
}

function SearchStatus(props: {
  text: string;
  total: number | undefined;
  shown: number;
  pending: boolean;
  error: Error | null;
}) {
  const { text, total, shown, pending, error } = props;
  let line: string;
  if (error) line = `Search failed: ${error.message}`;
  else if (total === undefined || (pending && total === 0)) line = 'Searching…';
  else if (total === 0) line = `No resource matches “${text}”.`;
  else line = `${plural(total, 'match', 'matches')}${shown < total ? ` · showing ${shown}` : ''}`;
  return (
    <div
      data-testid="search-count"
      role="status"
      className={`border-b border-neutral-100 px-3 py-1.5 text-xs dark:border-neutral-800 ${error ? 'text-red-700 dark:text-red-300' : 'text-neutral-500 dark:text-neutral-400'}`}
    >
      {line}
    </div>
  );
}

const TONE_CLASS: Record<ReturnType<typeof stateTone>, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  busy: 'text-sky-700 dark:text-sky-400',
  muted: 'text-neutral-500',
  gone: 'text-neutral-400 line-through',
  error: 'text-red-700 dark:text-red-400',
  unknown: 'text-neutral-500',
};

/** Why a result matched, when its name or id does not show it. */
function matchNote(result: SearchResult): string | null {
  const { field, text } = result.match;
  if (field === 'id' || field === 'name' || field === 'kind') return null;
  if (field === 'tag') return text.startsWith('Name=') ? null : text;
  if (field === 'description') return `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;
  return null;
}

function ResultList(props: {
  id: string;
  results: SearchResult[];
  active: number;
  onActive: (i: number) => void;
  onPick: (result: SearchResult) => void;
  onNearEnd: () => void;
  loadingMore: boolean;
}) {
  const { id, results, active, onActive, onPick, onNearEnd, loadingMore } = props;
  useEffect(() => {
    document.getElementById(`${id}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active]);
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Search results"
      className="max-h-96 overflow-y-auto py-1"
      onScroll={(e) => {
        const el = e.currentTarget;
        if (el.scrollTop + el.clientHeight > el.scrollHeight - 120) onNearEnd();
      }}
    >
      {results.map((r, i) => {
        const Icon = KIND_ICONS[r.kind];
        const note = matchNote(r);
        return (
          <li
            key={r.id}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            data-id={r.id}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(r);
            }}
            onMouseEnter={() => onActive(i)}
            className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 ${i === active ? 'bg-neutral-100 dark:bg-neutral-800' : ''}`}
          >
            <Icon width={14} height={14} className="shrink-0" style={{ color: KIND_STYLE[r.kind].accent }} />
            <span className="min-w-0 flex-1">
              <span className={`block truncate ${r.external ? 'text-neutral-500 italic' : ''}`}>{r.name ?? r.id}</span>
              <span className="block truncate text-xs text-neutral-500 dark:text-neutral-400">
                {r.name ? <span className="font-mono">{r.id}</span> : null}
                {r.name ? ' · ' : ''}
                {KIND_STYLE[r.kind].label.toLowerCase()}
                {note ? ` · ${note}` : ''}
              </span>
            </span>
            <span className="shrink-0 text-right text-xs">
              <span className="block text-neutral-500 dark:text-neutral-400">{r.region}</span>
              <span className={`block ${TONE_CLASS[stateTone(r.state)]}`}>
                {r.external ? 'not listed' : (r.state ?? '')}
              </span>
            </span>
          </li>
        );
      })}
      {loadingMore ? <li className="px-3 py-1.5 text-xs text-neutral-500">Loading more…</li> : null}
    </ul>
  );
}
