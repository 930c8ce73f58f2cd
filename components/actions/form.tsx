'use client';

import { type ReactNode, useId } from 'react';
import type { ActionResult } from '@/lib/api/actions';
import type { LineageGraph, LineageNode } from '@/lib/lineage';

/** What every action dialog is given. */
export interface DialogContext {
  graph: LineageGraph;
  regions: readonly string[];
  /** `removed` names a resource the action deleted, so a selection of it can be cleared. */
  onDone: (result: ActionResult, message: string, removed?: string) => void;
  onClose: () => void;
}

/** A resource as dialogs name it: its name, else its id. */
export const label = (n: Pick<LineageNode, 'id' | 'name'>) => n.name ?? n.id;

export const INPUT =
  'h-8 w-full rounded-md border border-neutral-200 bg-white px-2 text-sm outline-none focus:border-neutral-400 focus:ring-2 focus:ring-neutral-200 dark:border-neutral-700 dark:bg-neutral-950 dark:focus:ring-neutral-800';

export const Mono = ({ children }: { children: ReactNode }) => (
  <span className="font-mono text-[13px]">{children}</span>
);

/** "a, b and c". */
export function List({ items }: { items: ReactNode[] }) {
  return items.map((item, i) => (
    <span key={i}>
      {i > 0 ? (i === items.length - 1 ? ' and ' : ', ') : null}
      {item}
    </span>
  ));
}

/** "8 GiB, /dev/xvda" from what is known. */
export const sizeAndDevice = (sizeGiB: number | null, device: string | null) =>
  [sizeGiB != null ? `${sizeGiB} GiB` : null, device].filter(Boolean).join(', ');

/** Resources in monospace with their size and device: "vol-1 (8 GiB, /dev/xvda) and vol-2 (…)". */
export function VolumeList({ volumes }: { volumes: { id: string; sizeGiB: number | null; device: string | null }[] }) {
  return (
    <List
      items={volumes.map((v) => (
        <span key={v.id}>
          <Mono>{v.id}</Mono> ({sizeAndDevice(v.sizeGiB, v.device)})
        </span>
      ))}
    />
  );
}

/** A labelled field; the label is tied to the control through the id handed to `children`. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children(id)}
      {hint ? <p className="text-xs text-neutral-500">{hint}</p> : null}
    </div>
  );
}

/** A text field bound to a value. */
export function TextField({
  label: text,
  value,
  onChange,
  hint,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  placeholder?: string;
}) {
  return (
    <Field label={text} hint={hint}>
      {(id) => (
        <input
          id={id}
          className={INPUT}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
        />
      )}
    </Field>
  );
}

/** A choice among some options, each shown as it is. */
export function SelectField<T extends string>({
  label: text,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
}) {
  return (
    <Field label={text}>
      {(id) => (
        <select
          id={id}
          className={INPUT}
          value={value}
          onChange={(e) => onChange(options.find((o) => o === e.target.value) ?? value)}
        >
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The regions a copy can go to: every other region, or the same one when there is no other. */
export function otherRegions(regions: readonly string[], current: string): string[] {
  const others = regions.filter((r) => r !== current);
  return others.length ? others : [current];
}

export function Checkbox({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
    </label>
  );
}
