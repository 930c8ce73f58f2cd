'use client';

import { EDGE_KINDS, NODE_KINDS } from '@/lib/lineage';
import { KIND_ICONS } from '@/components/ui/icons';
import { EDGE_STYLE, KIND_STYLE } from './kinds';

/** What the accents and lines mean; folded until asked for, in the canvas's rail. */
export function Legend() {
  return (
    <details
      className="group shrink-0 rounded-lg border border-neutral-200 bg-white text-xs dark:border-neutral-700 dark:bg-neutral-900"
      data-testid="legend"
    >
      <summary className="cursor-pointer px-3 py-2 font-medium text-neutral-600 select-none dark:text-neutral-300">
        Legend
      </summary>
      <div className="space-y-1 px-3 pb-3">
        {NODE_KINDS.map((kind) => {
          const Icon = KIND_ICONS[kind];
          return (
            <div key={kind} className="flex items-center gap-2">
              <Icon width={14} height={14} style={{ color: KIND_STYLE[kind].accent }} />
              <span>{KIND_STYLE[kind].label}</span>
            </div>
          );
        })}
        <div className="my-1.5 border-t border-neutral-200 dark:border-neutral-700" />
        {EDGE_KINDS.map((kind) => {
          const s = EDGE_STYLE[kind];
          return (
            <div key={kind} className="flex items-center gap-2">
              <svg width="28" height="8" aria-hidden>
                <line x1="0" y1="4" x2="28" y2="4" stroke={s.color} strokeWidth={s.width} strokeDasharray={s.dash} />
              </svg>
              <span>{s.label}</span>
            </div>
          );
        })}
        <div className="flex items-center gap-2 pt-1 text-neutral-500 dark:text-neutral-400">
          <span className="inline-block h-3 w-7 rounded border border-dashed border-neutral-400" />
          <span>not in inventory</span>
        </div>
      </div>
    </details>
  );
}
