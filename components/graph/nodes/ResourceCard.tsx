'use client';

import { Handle, Position } from '@xyflow/react';
import { useAccounts } from '@/components/accounts/accounts';
import { Fragment, type ReactNode, useContext } from 'react';
import { encryptionOf, encryptionText, externalReasonText, type LineageNode } from '@/lib/lineage';
import { KIND_ICONS, LockIcon } from '@/components/ui/icons';
import { KIND_STYLE, stateTone } from '../kinds';
import { CARD } from '@/lib/lineage/card';
import { DetailContext } from '../emphasis';
import type { Emphasis } from '../types';

const TONE_CLASS = {
  ok: 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
  busy: 'bg-amber-50 text-amber-700 dark:bg-amber-950 dark:text-amber-300 animate-pulse',
  muted: 'bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400',
  gone: 'bg-neutral-100 text-neutral-400 line-through dark:bg-neutral-800 dark:text-neutral-500',
  error: 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300',
  unknown: 'bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400',
} as const;

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

/** Text sizes of a card, from the one home of its size (see `READABLE_ZOOM`). */
export const TITLE_STYLE = { fontSize: CARD.titlePx, lineHeight: `${Math.round(CARD.titlePx * 1.25)}px` } as const;
export const TEXT_STYLE = { fontSize: CARD.textPx, lineHeight: `${Math.round(CARD.textPx * 1.4)}px` } as const;

/**
 * One anatomy for every kind: accent bar; icon and name (up to two lines); the full id (or why a ghost is one); state,
 * size, region and account. Nothing is cut at the sizes EC2 gives.
 */
export function ResourceCard({ resource, emphasis, selected, showRegion, flagged }: CardProps) {
  const far = useContext(DetailContext) === 'far';
  const style = KIND_STYLE[resource.kind];
  const Icon = KIND_ICONS[resource.kind];
  const tone = stateTone(resource.state);
  // Unnamed: the kind is the title, and the id below it says which one.
  const title = resource.name ?? style.label;
  return (
    <CardFrame
      accent={style.accent}
      emphasis={emphasis}
      selected={selected}
      ghost={resource.external}
      gone={tone === 'gone'}
      flagged={flagged}
    >
      {far ? (
        <div className="flex h-full items-center gap-2 px-3">
          <Icon width={26} height={26} className="shrink-0" style={{ color: style.accent }} />
          <span data-card-title className="line-clamp-2 text-2xl font-semibold [overflow-wrap:anywhere]">
            {resource.name ?? resource.id}
          </span>
        </div>
      ) : (
        <CardBody
          icon={<Icon width={16} height={16} className="mt-0.5 shrink-0" style={{ color: style.accent }} />}
          title={title}
          struck={tone === 'gone'}
          line={resource.external ? (ghostLine(resource) ?? resource.id) : resource.id}
          mono={!resource.external}
          wrap={resource.external}
        >
          {encryptionOf(resource)?.encrypted ? (
            <LockIcon
              width={12}
              height={12}
              data-testid="encrypted-mark"
              role="img"
              aria-hidden={false}
              aria-label={encryptionText(resource) ?? 'encrypted'}
              className="shrink-0"
            />
          ) : null}
          {resource.state ? (
            <span className={`shrink-0 rounded px-1.5 font-medium ${TONE_CLASS[tone]}`}>{stateLabel(resource)}</span>
          ) : null}
          {resource.sizeGiB != null ? <span className="shrink-0 tabular-nums">{resource.sizeGiB} GiB</span> : null}
          {showRegion ? (
            <span
              data-testid="card-region"
              title={resource.region}
              className="min-w-0 truncate font-medium text-sky-700 dark:text-sky-300"
            >
              {resource.region}
            </span>
          ) : null}
          <CardAccount accountId={resource.accountId} />
        </CardBody>
      )}
    </CardFrame>
  );
}

/** A ghost's reason, its dates kept on one line (non-breaking hyphens) when the reason wraps. */
const ghostLine = (resource: LineageNode) =>
  externalReasonText(resource, 'day')?.replace(/(\d{4})-(\d{2})-(\d{2})/g, '$1\u2011$2\u2011$3');

/** The three lines of a card: icon and title, a second line (an id), and a row of facts. */
export function CardBody(props: {
  icon: ReactNode;
  title: ReactNode;
  struck?: boolean;
  line: ReactNode;
  mono?: boolean;
  /** The second line may take two lines (a ghost's reason). */
  wrap?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="flex h-full min-w-0 flex-col justify-center gap-0.5 py-1.5 pr-2.5 pl-3.5">
      <div className="flex min-w-0 items-start gap-1.5">
        {props.icon}
        <span
          data-card-title
          className={`line-clamp-2 min-w-0 font-semibold [overflow-wrap:anywhere] ${props.struck ? 'line-through' : ''}`}
          style={TITLE_STYLE}
        >
          {typeof props.title === 'string' ? breakable(props.title) : props.title}
        </span>
      </div>
      <div
        className={`text-neutral-600 dark:text-neutral-400 ${props.mono ? 'truncate font-mono' : props.wrap ? 'line-clamp-2' : 'truncate'}`}
        style={TEXT_STYLE}
      >
        {props.line}
      </div>
      <div className="flex min-w-0 items-center gap-2 text-neutral-600 dark:text-neutral-400" style={TEXT_STYLE}>
        {props.children}
      </div>
    </div>
  );
}

/** A name with places to wrap where its words meet (camelCase, dashes, dots, slashes), so that it wraps there. */
function breakable(name: string): ReactNode {
  const parts = name.split(/(?<=[a-z0-9](?=[A-Z])|[-_./:])/);
  return parts.length < 2
    ? name
    : parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ));
}

/** The account of a resource, in its colour, when several accounts are read. */
function CardAccount({ accountId }: { accountId: string | null }) {
  const { several, look } = useAccounts();
  const account = look(accountId);
  if (!several || !account) return null;
  return (
    <span
      data-testid="account-chip"
      title={`Account ${account.accountId}${account.readable ? '' : ' (not read here)'}`}
      className="max-w-24 shrink-0 truncate rounded px-1 font-semibold text-white"
      style={{ background: account.colour }}
    >
      {account.label}
    </span>
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
  // Zoomed out so far that no text could be read: the kind's colour alone, with nothing inside to lay out or paint.
  const box = useContext(DetailContext) === 'box';
  const faded = emphasis === 'dim' ? 'opacity-25' : gone || ghost ? 'opacity-70' : '';
  return (
    <div
      data-emphasis={emphasis}
      data-detail={box ? 'box' : undefined}
      className={`lineage-card relative overflow-hidden rounded-lg border text-neutral-900 transition-opacity dark:text-neutral-100 ${faded} ${
        ghost
          ? 'border-dashed border-neutral-400 bg-transparent dark:border-neutral-600'
          : 'border-neutral-200 bg-white shadow-sm dark:border-neutral-700 dark:bg-neutral-900'
      } ${stacked ? 'shadow-[4px_4px_0_-1px_var(--color-neutral-300),8px_8px_0_-2px_var(--color-neutral-200)] dark:shadow-[4px_4px_0_-1px_var(--color-neutral-700),8px_8px_0_-2px_var(--color-neutral-800)]' : ''}`}
      style={{
        width: CARD.width,
        height: CARD.height,
        outline: selected ? `2px solid ${accent}` : undefined,
        outlineOffset: 2,
        background: box && !ghost ? accent : undefined,
      }}
    >
      {box ? null : (
        <>
          <div className="absolute inset-y-0 left-0 w-1" style={{ background: accent, opacity: ghost ? 0.4 : 1 }} />
          {flagged ? (
            <span
              data-testid="finding-mark"
              title="A finding: probably safe to delete"
              className="absolute -top-px -right-px rounded-bl-md bg-amber-400 px-1.5 font-bold text-amber-950"
              style={TEXT_STYLE}
            >
              $
            </span>
          ) : null}
        </>
      )}
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="!pointer-events-none !opacity-0"
      />
      {box ? null : children}
      <Handle
        type="source"
        position={Position.Right}
        isConnectable={false}
        className="!pointer-events-none !opacity-0"
      />
    </div>
  );
}
