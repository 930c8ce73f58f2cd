'use client';

import { type ReactNode, useMemo } from 'react';
import type { ActionResult } from '@/lib/api/actions';
import { type LineageGraph, type LineageNode, encryptionText } from '@/lib/lineage';
import { ActionButtons } from '@/components/actions/ActionButtons';
import { ChainView } from './ChainView';
import type { SnapshotGroupNode } from '@/lib/lineage/collapse';
import { type StorySentence, formatDate, lineageStory } from '@/lib/lineage/story';
import { CloseIcon, KIND_ICONS, StackIcon } from '@/components/ui/icons';
import { KIND_STYLE, stateTone } from '@/components/graph/kinds';
import { stateLabel } from '@/components/graph/nodes/ResourceCard';
import { AccountChip } from '@/components/accounts/AccountChip';
import { SharingSection } from '@/components/accounts/SharingSection';
import { HistorySection } from './HistorySection';

interface Props {
  graph: LineageGraph;
  regions: readonly string[];
  /** Actions are offered unless the app is read-only. */
  actions: boolean;
  onActionDone: (result: ActionResult, message: string, removed?: string) => void;
  resource: LineageNode | null;
  group: SnapshotGroupNode | null;
  onSelect: (id: string) => void;
  onExpand: (volumeId: string) => void;
  onClose: () => void;
}

const TONE_TEXT = {
  ok: 'text-emerald-700 dark:text-emerald-300',
  busy: 'text-amber-700 dark:text-amber-300',
  muted: 'text-neutral-500',
  gone: 'text-neutral-400 line-through',
  error: 'text-red-700 dark:text-red-300',
  unknown: 'text-neutral-500',
} as const;

export function DetailsPanel({
  graph,
  regions,
  actions,
  onActionDone,
  resource,
  group,
  onSelect,
  onExpand,
  onClose,
}: Props) {
  return (
    <aside
      data-testid="details-panel"
      aria-label="Details"
      className="flex h-full w-[380px] shrink-0 flex-col overflow-hidden border-l border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="flex items-center justify-end px-2 pt-2">
        <button
          type="button"
          onClick={onClose}
          className="rounded p-1 text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900 dark:hover:bg-neutral-800 dark:hover:text-neutral-100"
          aria-label="Close details (Esc)"
          title="Close (Esc)"
        >
          <CloseIcon />
        </button>
      </div>
      <div className="flex-1 overflow-y-auto px-5 pb-6">
        {resource ? (
          <ResourceDetails graph={graph} resource={resource} onSelect={onSelect}>
            {actions ? (
              <ActionButtons graph={graph} resource={resource} regions={regions} onDone={onActionDone} />
            ) : null}
          </ResourceDetails>
        ) : null}
        {group ? <GroupDetails group={group} onSelect={onSelect} onExpand={onExpand} /> : null}
      </div>
    </aside>
  );
}

function ResourceDetails({
  graph,
  resource,
  onSelect,
  children,
}: {
  graph: LineageGraph;
  resource: LineageNode;
  onSelect: (id: string) => void;
  children?: ReactNode;
}) {
  const story = useMemo(() => lineageStory(graph, resource.id), [graph, resource.id]);
  const style = KIND_STYLE[resource.kind];
  const Icon = KIND_ICONS[resource.kind];
  const tone = stateTone(resource.state);
  return (
    <div className="space-y-5">
      <header className="space-y-1">
        <div className="flex items-center gap-2 text-xs font-medium tracking-wide text-neutral-600 uppercase dark:text-neutral-300">
          <Icon width={14} height={14} style={{ color: style.accent }} /> {style.label}
          {resource.external ? <span className="text-neutral-500 normal-case">· not in inventory</span> : null}
        </div>
        {/* Unnamed: the id is the heading, and is not said again below it. */}
        <h2 className={`text-lg leading-snug font-semibold break-words ${resource.name ? '' : 'font-mono'}`}>
          {resource.name ?? resource.id}
        </h2>
        <div className="flex flex-wrap items-center gap-x-2 text-sm text-neutral-500 dark:text-neutral-400">
          {resource.name ? <span className="font-mono text-xs">{resource.id}</span> : null}
          {resource.state ? (
            <span className={TONE_TEXT[tone]}>
              {resource.name ? '· ' : ''}
              {stateLabel(resource)}
            </span>
          ) : null}
          {resource.sizeGiB != null ? <span>· {resource.sizeGiB} GiB</span> : null}
          <span>· {resource.region}</span>
          <AccountChip accountId={resource.accountId} size="panel" />
        </div>
      </header>

      <section aria-label="Lineage" className="space-y-2 text-sm leading-relaxed" data-testid="lineage-story">
        {story.map((sentence, i) => (
          <p key={i}>
            <Sentence sentence={sentence} onSelect={onSelect} />
          </p>
        ))}
      </section>

      {resource.kind === 'image' || resource.kind === 'snapshot' ? <SharingSection resource={resource} /> : null}

      <Facts resource={resource} />

      <HistorySection resource={resource} />

      {resource.kind === 'volume' || resource.kind === 'snapshot' ? (
        <ChainView key={resource.id} resource={resource} onSelect={onSelect} />
      ) : null}

      {Object.keys(resource.tags).length > 0 ? (
        <section aria-label="Tags">
          <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-neutral-500 uppercase">Tags</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {Object.entries(resource.tags).map(([k, v]) => (
              <Row key={k} label={k}>
                {v}
              </Row>
            ))}
          </dl>
        </section>
      ) : null}

      <details className="text-sm">
        <summary className="cursor-pointer text-xs font-semibold tracking-wide text-neutral-500 uppercase">
          Raw fields
        </summary>
        <pre className="mt-2 overflow-x-auto rounded bg-neutral-50 p-2 font-mono text-[11px] leading-4 dark:bg-neutral-950">
          {JSON.stringify(resource, null, 2)}
        </pre>
      </details>

      {children}
    </div>
  );
}

function Sentence({ sentence, onSelect }: { sentence: StorySentence; onSelect: (id: string) => void }) {
  return (
    <>
      {sentence.map((segment, i) =>
        typeof segment === 'string' ? (
          <span key={i}>{segment}</span>
        ) : (
          <button
            key={i}
            type="button"
            onClick={() => onSelect(segment.ref)}
            className={`text-left underline decoration-neutral-300 underline-offset-2 hover:decoration-current dark:decoration-neutral-600 ${
              segment.strong ? 'font-semibold' : 'font-mono text-[13px]'
            }`}
          >
            {segment.label}
          </button>
        ),
      )}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-neutral-500 dark:text-neutral-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

/** "web (sg-…), default (sg-…)". */
const groupsText = (groups: { id: string; name: string | null }[] | undefined) =>
  groups?.map((g) => (g.name ? `${g.name} (${g.id})` : g.id)).join(', ');

function Facts({ resource }: { resource: LineageNode }) {
  const rows: [string, ReactNode][] = [];
  const add = (label: string, value: ReactNode) => {
    if (value !== null && value !== undefined && value !== '') rows.push([label, value]);
  };
  add('Created', formatDate(resource.createdAt));
  switch (resource.kind) {
    case 'instance':
      add('Type', resource.details.instanceType);
      add('Zone', resource.details.availabilityZone);
      add('Root device', resource.details.rootDeviceName);
      add('Subnet', resource.details.subnetId);
      add('Security groups', groupsText(resource.details.securityGroups));
      add('Key pair', resource.details.keyName);
      add('Instance profile', resource.details.instanceProfileArn?.replace(/^.*:instance-profile\//, ''));
      break;
    case 'volume':
      add('Type', resource.details.volumeType);
      add('Zone', resource.details.availabilityZone);
      add('Multi-attach', resource.details.multiAttachEnabled ? 'yes' : null);
      add('Encryption', encryptionText(resource));
      break;
    case 'snapshot':
      add('Description', resource.details.description);
      add('Progress', resource.state === 'pending' ? resource.details.progress : null);
      add('Owner', resource.details.ownerId);
      add('Encryption', encryptionText(resource));
      break;
    case 'image':
      add('Description', resource.details.description);
      add('Owner', resource.details.ownerAlias ?? resource.details.ownerId);
      add('Public', resource.details.public === null ? null : resource.details.public ? 'yes' : 'no');
      add('Root device', resource.details.rootDeviceName);
      add('Last launched', formatDate(resource.details.lastLaunchedTime));
      add('Encryption', encryptionText(resource));
      break;
  }
  if (rows.length === 0) return null;
  return (
    <section aria-label="Facts">
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-neutral-500 uppercase">Facts</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <Row key={label} label={label}>
            {value}
          </Row>
        ))}
      </dl>
    </section>
  );
}

function GroupDetails({
  group,
  onSelect,
  onExpand,
}: {
  group: SnapshotGroupNode;
  onSelect: (id: string) => void;
  onExpand: (volumeId: string) => void;
}) {
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <div className="flex items-center gap-2 text-xs font-medium tracking-wide text-neutral-600 uppercase dark:text-neutral-300">
          <StackIcon width={14} height={14} style={{ color: KIND_STYLE.snapshot.accent }} /> Snapshot chain
        </div>
        <h2 className="text-lg font-semibold">
          {group.count} snapshots of <span className="font-mono text-base">{group.volumeId}</span>
        </h2>
        <p className="text-sm text-neutral-500">
          {formatDate(group.firstAt)} → {formatDate(group.lastAt)} · {group.region}
        </p>
      </header>
      <button
        type="button"
        onClick={() => onExpand(group.volumeId)}
        className="rounded-md bg-neutral-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
      >
        Expand on the canvas
      </button>
      <ul className="space-y-0.5 text-sm">
        {group.snapshotIds.map((id) => (
          <li key={id}>
            <button
              type="button"
              onClick={() => onSelect(id)}
              className="font-mono text-[13px] underline decoration-neutral-300 underline-offset-2"
            >
              {id}
            </button>
          </li>
        ))}
      </ul>
      <p className="text-sm text-neutral-500">
        <button type="button" onClick={() => onSelect(group.volumeId)} className="underline underline-offset-2">
          Show the volume
        </button>
      </p>
    </div>
  );
}
