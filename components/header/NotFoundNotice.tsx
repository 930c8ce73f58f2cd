'use client';

/** A selection (a link, a bookmark) naming a resource the graph does not hold: said, not silently dimmed. */
export function NotFoundNotice({ id, onClear }: { id: string; onClear: () => void }) {
  return (
    <div
      role="alert"
      data-testid="not-found"
      className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <span className="min-w-0 flex-1">
        Resource <span className="font-mono">{id}</span> was not found: it may have been deleted, or it is in a region
        or account that is not read.
      </span>
      <button
        type="button"
        onClick={onClear}
        className="rounded px-2 py-0.5 font-medium hover:bg-amber-100 dark:hover:bg-amber-900"
      >
        Clear selection
      </button>
    </div>
  );
}
