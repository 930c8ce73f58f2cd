'use client';

import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ActionBody, ActionName } from '@/lib/api/actions';
import { ApiRequestError, postAction } from '@/lib/api/client';
import { type Finding, type LineageGraph, indexGraph } from '@/lib/lineage';
import { type MeasuredChain, cleanupSaving } from '@/lib/lineage/chain-view';
import { plural } from '@/lib/lineage/story';
import { INPUT } from '@/components/actions/ActionDialog';
import { usd } from './FindingsPanel';

interface Step {
  finding: Finding;
  action: ActionName;
  body: ActionBody<ActionName>;
  says: ReactNode;
  key: string;
}

type Status = { state: 'waiting' } | { state: 'working' } | { state: 'done' } | { state: 'failed'; message: string };

const Mono = ({ children }: { children: ReactNode }) => <span className="font-mono text-[12px]">{children}</span>;

function planStep(graph: LineageGraph, f: Finding): Omit<Step, 'key'> {
  const label = f.name ?? f.resourceId;
  if (f.kind === 'unused-image') {
    const index = indexGraph(graph);
    const snapshots = (index.incoming.get(f.resourceId) ?? []).filter((e) => e.kind === 'backs').map((e) => e.source);
    const sharedWith = (snap: string) =>
      (index.outgoing.get(snap) ?? [])
        .filter((e) => e.kind === 'backs' && e.target !== f.resourceId)
        .map((e) => e.target);
    const deleted = snapshots.filter((s) => sharedWith(s).length === 0);
    const kept = snapshots.filter((s) => sharedWith(s).length > 0);
    return {
      finding: f,
      action: 'deregister-image',
      body: { region: f.region, imageId: f.resourceId, deleteSnapshots: true },
      says: (
        <>
          Deregister <strong>{label}</strong>
          {deleted.length ? (
            <>
              {' '}
              and delete {plural(deleted.length, 'snapshot')}:{' '}
              {deleted.map((s, i) => (
                <span key={s}>
                  {i ? ', ' : ''}
                  <Mono>{s}</Mono>
                </span>
              ))}
            </>
          ) : null}
          {kept.length ? (
            <span data-testid="cleanup-kept">
              ; keep{' '}
              {kept.map((s, i) => (
                <span key={s}>
                  {i ? ', ' : ''}
                  <Mono>{s}</Mono> (also backs {sharedWith(s).join(', ')})
                </span>
              ))}
            </span>
          ) : null}
        </>
      ),
    };
  }
  if (f.kind === 'unattached-volume') {
    return {
      finding: f,
      action: 'delete-volume',
      body: { region: f.region, volumeId: f.resourceId },
      says: (
        <>
          Delete volume <strong>{label}</strong>
          {f.name ? (
            <>
              {' '}
              (<Mono>{f.resourceId}</Mono>)
            </>
          ) : null}
          , {f.sizeGiB} GiB
        </>
      ),
    };
  }
  return {
    finding: f,
    action: 'delete-snapshot',
    body: { region: f.region, snapshotId: f.resourceId },
    says: (
      <>
        Delete snapshot <Mono>{f.resourceId}</Mono>
        {f.name ? ` (${f.name})` : ''}, {f.sizeGiB} GiB
      </>
    ),
  };
}

const CONFIRM = 'delete';

/** Shows exactly what will be deleted (and kept), asks for confirmation, then runs each step and shows how it went. */
export function CleanupDialog({
  graph,
  findings,
  chains,
  onClose,
  onFinished,
}: {
  graph: LineageGraph;
  findings: Finding[];
  /** Measured chains: snapshots of one chain deleted together free what only they hold. */
  chains: readonly MeasuredChain[];
  onClose: () => void;
  onFinished: (removed: string[]) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const confirmId = useId();
  const [steps] = useState<Step[]>(() => findings.map((f) => ({ ...planStep(graph, f), key: crypto.randomUUID() })));
  const [status, setStatus] = useState<Record<string, Status>>({});
  const [typed, setTyped] = useState('');
  const [running, setRunning] = useState(false);
  const finished =
    steps.length > 0 && steps.every((s) => ['done', 'failed'].includes(status[s.finding.resourceId]?.state ?? ''));
  const saving = useMemo(() => cleanupSaving(findings, chains), [findings, chains]);

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  async function run() {
    setRunning(true);
    const removed: string[] = [];
    for (const step of steps) {
      const id = step.finding.resourceId;
      setStatus((s) => ({ ...s, [id]: { state: 'working' } }));
      try {
        await postAction(step.action, { ...step.body, idempotencyKey: step.key });
        removed.push(id);
        setStatus((s) => ({ ...s, [id]: { state: 'done' } }));
      } catch (error) {
        const message = error instanceof ApiRequestError ? `${error.code}: ${error.message}` : String(error);
        setStatus((s) => ({ ...s, [id]: { state: 'failed', message } }));
      }
    }
    setRunning(false);
    onFinished(removed);
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => running && e.preventDefault()}
      className="m-auto w-[560px] max-w-[calc(100vw-2rem)] rounded-xl border border-neutral-200 bg-white p-0 text-neutral-900 shadow-2xl backdrop:bg-neutral-950/40 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-base font-semibold">
          Clean up {plural(steps.length, 'resource')}
        </h2>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">
          Saves about {usd(saving)} a month (an estimate). This cannot be undone.
        </p>
        <ol className="space-y-1.5 text-sm" data-testid="cleanup-steps">
          {steps.map((step) => {
            const st = status[step.finding.resourceId] ?? { state: 'waiting' };
            return (
              <li key={step.finding.resourceId} className="flex items-start gap-2">
                <span className="mt-0.5 w-4 shrink-0 text-center" aria-label={st.state}>
                  {st.state === 'done' ? '✓' : st.state === 'failed' ? '✗' : st.state === 'working' ? '…' : '•'}
                </span>
                <div className="min-w-0">
                  <div>{step.says}</div>
                  {st.state === 'failed' ? (
                    <div className="text-xs text-red-700 dark:text-red-300">{st.message}</div>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
        {!finished ? (
          <div className="space-y-1">
            <label htmlFor={confirmId} className="block text-sm">
              Type <strong className="font-mono">{CONFIRM}</strong> to confirm
            </label>
            <input
              id={confirmId}
              className={INPUT}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              disabled={running}
              autoFocus
            />
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <button
            type="button"
            onClick={() => ref.current?.close()}
            disabled={running}
            className="rounded-md px-3 py-1.5 text-sm hover:bg-neutral-100 disabled:opacity-50 dark:hover:bg-neutral-800"
          >
            {finished ? 'Close' : 'Cancel'}
          </button>
          {!finished ? (
            <button
              type="button"
              onClick={() => void run()}
              disabled={typed.trim() !== CONFIRM || running}
              className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50"
            >
              {running ? 'Cleaning up…' : `Delete ${plural(steps.length, 'resource')}`}
            </button>
          ) : null}
        </div>
      </div>
    </dialog>
  );
}
