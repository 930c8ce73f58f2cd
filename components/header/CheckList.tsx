'use client';

import type { ReactNode } from 'react';

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** A filter over some values: none chosen means all are shown, and so does every one chosen. */
export function CheckList<T extends string>({
  legend,
  all,
  chosen,
  onChange,
  label,
}: {
  legend: string;
  all: readonly T[];
  chosen: readonly T[];
  onChange: (chosen: T[]) => void;
  label: (value: T) => ReactNode;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">{legend}</legend>
      {all.map((value) => (
        <label key={value} className="flex items-center gap-2 py-0.5">
          <input
            type="checkbox"
            checked={chosen.length === 0 || chosen.includes(value)}
            onChange={() => {
              const next = toggle(chosen.length === 0 ? [...all] : chosen, value);
              onChange(next.length === all.length ? [] : next);
            }}
          />
          {label(value)}
        </label>
      ))}
    </fieldset>
  );
}
