'use client';

import { Handle, Position, useStore } from '@xyflow/react';
import { AccountBand } from '@/components/accounts/AccountChip';
import type { ReactNode } from 'react';
import { encryptionOf, encryptionText, externalReasonText, type LineageNode } from '@/lib/lineage';
import { KIND_ICONS, LockIcon } from '@/components/ui/icons';
import { KIND_STYLE, stateTone } from '../kinds';
import { CARD } from '@/lib/lineage/layout';
import type { Emphasis } from '../types';

const FAR_ZOOM = 0.45;

const TONE_CLASS = {
  ok: 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
  busy: 'bg-amber-50 text-amber-700 dark:bg-amber-950 dark:text-amber-300 animate-pulse',
  muted: 'bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400',
  gone: 'bg-neutral-100 text-neutral-400 line-through dark:bg-neutral-800 dark:text-neutral-500',
  error: 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300',
  unknown: 'bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400',
} as const;

const farSelector = (s: { transform: [number, number, number] }) => s.transform[2] < FAR_ZOOM;

export function stateLabel(resource: LineageNode): string | null {
  if (resource.kind === 'snapshot' && resource.state === 'pending' && resource.details.progress) {
    return `pending ${resource.details.progress}`;
  }
  return resource.state;
}

interface CardProps {
  resource: LineageNode;
  emphasis: Emphasis;
  selected: boolean;
  showRegion: boolean;
  flagged?: boolean;
}

/** One anatomy for every kind: accent bar and icon, name, id, state badge and size. */
export function ResourceCard({ resource, emphasis, selected, showRegion, flagged }: CardProps) {
  const far = useStore(farSelector);
  const style = KIND_STYLE[resource.kind];
  const Icon = KIND_ICONS[resource.kind];
  const tone = stateTone(resource.state);
  const title = resource.name ?? resource.id;
  return (
    <CardFrame
      accent={style.accent}
      emphasis={emphasis}
      selected={selected}
      ghost={resource.external}
      gone={tone === 'gone'}
      flagged={flagged}
    >
      <div className="flex h-full flex-col">
        <AccountBand accountId={resource.accountId} />
        <div className="min-h-0 flex-1">
          {far ? (
            <div className="flex h-full items-center gap-2 px-3">
              <Icon width={22} height={22} style={{ color: style.accent }} />
              <span className="truncate text-lg font-semibold">{title}</span>
            </div>
          ) : (
            <div className="flex h-full min-w-0 items-center gap-2.5 pr-2.5 pl-3">
              <Icon width={18} height={18} className="shrink-0" style={{ color: style.accent }} />
              <div className="min-w-0 flex-1">
                <div className="flex items-center gap-1.5">
                  <span
                    className={`min-w-0 flex-1 truncate text-[13px] leading-5 font-medium ${tone === 'gone' ? 'line-through' : ''}`}
                    title={title}
                  >
                    {title}
                  </span>
                  {encryptionOf(resource)?.encrypted ? (
                    <LockIcon
                      width={12}
                      height={12}
                      data-testid="encrypted-mark"
                      role="img"
                      aria-hidden={false}
                      aria-label={encryptionText(resource) ?? 'encrypted'}
                      className="shrink-0 text-neutral-500 dark:text-neutral-400"
                    />
                  ) : null}
                  {resource.state ? (
                    <span className={`shrink-0 rounded px-1.5 text-[10px] leading-4 font-medium ${TONE_CLASS[tone]}`}>
                      {stateLabel(resource)}
                    </span>
                  ) : null}
                </div>
                <div className="flex items-center gap-1.5 text-[11px] leading-4 text-neutral-500 dark:text-neutral-400">
                  <span className="min-w-0 flex-1 truncate font-mono" title={resource.id}>
                    {resource.external ? (externalReasonText(resource) ?? resource.id) : resource.id}
                  </span>
                  {resource.sizeGiB != null ? (
                    <span className="shrink-0 tabular-nums">{resource.sizeGiB} GiB</span>
                  ) : null}
                  {showRegion ? (
                    <span className="shrink-0 rounded bg-sky-50 px-1 text-sky-700 dark:bg-sky-950 dark:text-sky-300">
                      {resource.region}
                    </span>
                  ) : null}
                </div>
              </div>
            </div>
          )}
        </div>
      </div>
    </CardFrame>
  );
}

interface FrameProps {
  accent: string;
  emphasis: Emphasis;
  selected: boolean;
  ghost?: boolean;
  gone?: boolean;
  stacked?: boolean;
  flagged?: boolean;
  children: ReactNode;
}

export function CardFrame({ accent, emphasis, selected, ghost, gone, stacked, flagged, children }: FrameProps) {
  const faded = emphasis === 'dim' ? 'opacity-25' : gone || ghost ? 'opacity-70' : '';
  return (
    <div
      className={`relative overflow-hidden rounded-lg border text-neutral-900 transition-opacity dark:text-neutral-100 ${faded} ${
        ghost
          ? 'border-dashed border-neutral-400 bg-transparent dark:border-neutral-600'
          : 'border-neutral-200 bg-white shadow-sm dark:border-neutral-700 dark:bg-neutral-900'
      } ${stacked ? 'shadow-[4px_4px_0_-1px_var(--color-neutral-300),8px_8px_0_-2px_var(--color-neutral-200)] dark:shadow-[4px_4px_0_-1px_var(--color-neutral-700),8px_8px_0_-2px_var(--color-neutral-800)]' : ''}`}
      style={{
        width: CARD.width,
        height: CARD.height,
        outline: selected ? `2px solid ${accent}` : undefined,
        outlineOffset: 2,
      }}
    >
      <div className="absolute inset-y-0 left-0 w-1" style={{ background: accent, opacity: ghost ? 0.4 : 1 }} />
      {flagged ? (
        <span
          data-testid="finding-mark"
          title="A finding: probably safe to delete"
          className="absolute -top-px -right-px rounded-bl-md bg-amber-400 px-1 text-[9px] leading-3.5 font-bold text-amber-950"
        >
          $
        </span>
      ) : null}
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="!pointer-events-none !opacity-0"
      />
      {children}
      <Handle
        type="source"
        position={Position.Right}
        isConnectable={false}
        className="!pointer-events-none !opacity-0"
      />
    </div>
  );
}
