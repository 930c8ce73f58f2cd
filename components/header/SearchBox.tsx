'use client';

import { forwardRef, useEffect, useId, useMemo, useState } from 'react';
import type { LineageNode } from '@/lib/lineage';
import { search } from '@/lib/lineage/view';
import { KIND_ICONS, SearchIcon } from '@/components/ui/icons';
import { KIND_STYLE } from '@/components/graph/kinds';

interface Props {
  nodes: readonly LineageNode[];
  query: string;
  onQueryChange: (query: string) => void;
  onPick: (id: string) => void;
}

/** Search by id, name or tag value; Enter jumps to the best match, arrows move through the list. */
export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox(
  { nodes, query, onQueryChange, onPick },
  ref,
) {
  const [text, setText] = useState(query);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  // The query changed from outside (a link, clearing the filters): the box shows it.
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
  const results = useMemo(() => (text.trim() ? search(nodes, text, 8) : []), [nodes, text]);

  const pick = (node: LineageNode | undefined) => {
    if (!node) return;
    onPick(node.id);
    setOpen(false);
  };

  return (
    <div className="relative">
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-neutral-400" />
      <input
        ref={ref}
        type="search"
        role="combobox"
        aria-label="Search resources"
        aria-expanded={open && results.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && results[active] ? `${listId}-${active}` : undefined}
        placeholder="Search id, name or tag"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, results.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            onQueryChange(text);
            pick(results[active]);
          } else if (e.key === 'Escape') {
            // Esc closes the list; the query stays (a search field would clear itself).
            e.preventDefault();
            setOpen(false);
            (e.target as HTMLInputElement).blur();
          }
        }}
        className="h-8 w-72 rounded-md border border-neutral-200 bg-white pr-8 pl-8 text-sm outline-none placeholder:text-neutral-400 focus:border-neutral-400 focus:ring-2 focus:ring-neutral-200 dark:border-neutral-700 dark:bg-neutral-900 dark:focus:border-neutral-500 dark:focus:ring-neutral-800"
      />
      <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-neutral-200 px-1 text-[10px] text-neutral-400 dark:border-neutral-700">
        /
      </kbd>
      {open && text.trim() ? (
        <SearchResults id={listId} text={text} results={results} active={active} onActive={setActive} onPick={pick} />
      ) : null}
    </div>
  );
});

function SearchResults({
  id,
  text,
  results,
  active,
  onActive,
  onPick,
}: {
  id: string;
  text: string;
  results: LineageNode[];
  active: number;
  onActive: (i: number) => void;
  onPick: (node: LineageNode) => void;
}) {
  return (
    <ul
      id={id}
      role="listbox"
      className="absolute top-9 left-0 z-30 w-96 overflow-hidden rounded-md border border-neutral-200 bg-white py-1 text-sm shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
    >
      {results.length === 0 ? <li className="px-3 py-2 text-neutral-500">No resource matches “{text}”.</li> : null}
      {results.map((node, i) => {
        const Icon = KIND_ICONS[node.kind];
        return (
          <li
            key={node.id}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(node);
            }}
            onMouseEnter={() => onActive(i)}
            className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 ${i === active ? 'bg-neutral-100 dark:bg-neutral-800' : ''}`}
          >
            <Icon width={14} height={14} style={{ color: KIND_STYLE[node.kind].accent }} />
            <span className="truncate">{node.name ?? node.id}</span>
            {node.name ? <span className="ml-auto shrink-0 font-mono text-xs text-neutral-500">{node.id}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
