/** The header's buttons share one shape; their tone says whether they are pressed or show a past view. */
export type HeaderButtonTone = 'plain' | 'pressed' | 'past';

const TONE: Record<HeaderButtonTone, string> = {
  plain: 'border-neutral-200 hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800',
  pressed:
    'border-neutral-900 bg-neutral-900 text-white dark:border-neutral-100 dark:bg-neutral-100 dark:text-neutral-900',
  past: 'border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};

export const headerButtonClass = (tone: HeaderButtonTone = 'plain') =>
  `flex h-8 items-center gap-1 rounded-md border px-2.5 text-sm select-none disabled:opacity-50 ${TONE[tone]}`;

/** The panel a header button opens, below it. */
export const headerPanelClass = (align: 'left' | 'right') =>
  `absolute top-9 ${align === 'left' ? 'left-0' : 'right-0'} z-30 rounded-md border border-neutral-200 bg-white text-sm shadow-lg dark:border-neutral-700 dark:bg-neutral-900`;
