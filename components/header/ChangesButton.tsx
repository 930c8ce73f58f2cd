'use client';

/** Opens the Changes view: what appeared, changed and disappeared since a time. */
export function ChangesButton({ open, onClick, disabled }: { open: boolean; onClick: () => void; disabled?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={open}
      disabled={disabled !== undefined}
      title={disabled ?? 'What appeared, changed and disappeared since your last visit'}
      className={`flex h-8 items-center rounded-md border px-2.5 text-sm disabled:opacity-50 ${
        open
          ? 'border-neutral-900 bg-neutral-900 text-white dark:border-neutral-100 dark:bg-neutral-100 dark:text-neutral-900'
          : 'border-neutral-200 hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800'
      }`}
    >
      Changes
    </button>
  );
}
