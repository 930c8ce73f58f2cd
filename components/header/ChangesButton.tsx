'use client';

import { headerButtonClass } from './header-button';

/** Opens the Changes view: what appeared, changed and disappeared since a time. */
export function ChangesButton({ open, onClick, disabled }: { open: boolean; onClick: () => void; disabled?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={open}
      disabled={disabled !== undefined}
      title={disabled ?? 'What appeared, changed and disappeared since your last visit'}
      className={headerButtonClass(open ? 'pressed' : 'plain')}
    >
      Changes
    </button>
  );
}
