'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Dispatch, type ReactNode, type SetStateAction, useId, useMemo, useState } from 'react';
import type { ActionBody, ActionName } from '@/lib/api/actions';
import { ApiRequestError, invalidateAfterChange, postAction } from '@/lib/api/client';
import { type Finding, type LineageGraph, type LineageNode, retentionsSentence } from '@/lib/lineage';
import { type MeasuredChain, cleanupSaving } from '@/lib/lineage/chain-view';
import { unreachable } from '@/lib/lineage/never';
import { backingSnapshots, type GraphIndex, indexGraph } from '@/lib/lineage/queries';
import { plural } from '@/lib/lineage/story';
import { ConfirmField, useModal } from '@/components/actions/ActionDialog';
import { useRetentions } from '@/components/actions/retention';
import { usd } from './FindingsPanel';

interface Step {
  finding: Finding;
  /** The snapshots and AMIs it deletes (what a Recycle Bin rule may keep). */
  binnable: string[];
  action: ActionName;
  body: ActionBody<ActionName>;
  says: ReactNode;
  key: string;
}

type Status = { state: 'waiting' } | { state: 'working' } | { state: 'done' } | { state: 'failed'; message: string };

const Mono = ({ children }: { children: ReactNode }) => <span className="font-mono text-[12px]">{children}</span>;

function Ids({ ids, note }: { ids: string[]; note?: (id: string) => string }) {
  return ids.map((id, i) => (
    <span key={id}>
      {i ? ', ' : ''}
      <Mono>{id}</Mono>
      {note ? ` (${note(id)})` : null}
    </span>
  ));
}

/** Deregistering an unused image deletes its snapshots that no other image uses, and keeps the others. */
function deregisterStep(index: GraphIndex, f: Finding, label: string): Omit<Step, 'key'> {
  const image = index.nodes.get(f.resourceId);
  const snapshots = image?.kind === 'image' ? backingSnapshots(index, image) : [];
  const deleted = snapshots.filter((s) => s.otherImages.length === 0).map((s) => s.id);
  const kept = snapshots.filter((s) => s.otherImages.length > 0);
  const sharedWith = new Map(kept.map((s) => [s.id, s.otherImages.map((i) => i.id).join(', ')]));
  return {
    finding: f,
    binnable: [f.resourceId, ...deleted],
    action: 'deregister-image',
    body: { region: f.region, imageId: f.resourceId, deleteSnapshots: true },
    says: (
      <>
        Deregister <strong>{label}</strong>
        {deleted.length ? (
          <>
            {' '}
            and delete {plural(deleted.length, 'snapshot')}: <Ids ids={deleted} />
          </>
        ) : null}
        {kept.length ? (
          <span data-testid="cleanup-kept">
            ; keep <Ids ids={[...sharedWith.keys()]} note={(id) => `also backs ${sharedWith.get(id)}`} />
          </span>
        ) : null}
      </>
    ),
  };
}

/** Deleting a volume or a snapshot: "Delete volume scratch (vol-…), 8 GiB". */
function deleteStep<A extends ActionName>(f: Finding, action: A, body: ActionBody<A>, noun: string): Omit<Step, 'key'> {
  const says = (
    <>
      Delete {noun} {f.name ? <strong>{f.name}</strong> : <Mono>{f.resourceId}</Mono>}
      {f.name ? (
        <>
          {' '}
          (<Mono>{f.resourceId}</Mono>)
        </>
      ) : null}
      , {f.sizeGiB} GiB
    </>
  );
  return { finding: f, binnable: action === 'delete-snapshot' ? [f.resourceId] : [], action, body: body, says };
}

/** The action that removes what a finding is about, and what it says it will do. */
function planStep(index: GraphIndex, f: Finding): Omit<Step, 'key'> {
  const label = f.name ?? f.resourceId;
  switch (f.kind) {
    case 'unused-image':
      return deregisterStep(index, f, label);
    case 'unattached-volume':
      return deleteStep(f, 'delete-volume', { region: f.region, volumeId: f.resourceId }, 'volume');
    case 'orphan-snapshot':
    case 'snapshot-of-deregistered-image':
      return deleteStep(f, 'delete-snapshot', { region: f.region, snapshotId: f.resourceId }, 'snapshot');
    case 'shared-unencrypted':
      // Not offered for clean-up (isCleanable): the fix is an encrypted copy, not a deletion.
      throw new Error(`${f.resourceId} is not something the clean-up deletes.`);
    default:
      return unreachable(f.kind, 'finding kind');
  }
}

/** Runs the steps one after the other, each reporting how it went; the graph is fetched again once all are done. */
function useRunSteps(
  steps: readonly Step[],
  setStatus: Dispatch<SetStateAction<Record<string, Status>>>,
  onFinished: (removed: string[]) => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
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
      return removed;
    },
    onSuccess: onFinished,
    onSettled: () => void invalidateAfterChange(client),
  });
}

const CONFIRM = 'delete';

/** The monthly saving: priced once, as the dialog opens (the findings change as the clean-up removes them), then of
 * what was deleted. */
function useSaving(findings: Finding[], chains: readonly MeasuredChain[], removedIds: string[] | undefined): number {
  const [priced] = useState(() => ({ findings, chains }));
  return useMemo(() => {
    const removed = removedIds ? new Set(removedIds) : null;
    const counted = removed ? priced.findings.filter((f) => removed.has(f.resourceId)) : priced.findings;
    return cleanupSaving(counted, priced.chains);
  }, [priced, removedIds]);
}

/** What the Recycle Bin keeps of what the steps delete, as a sentence. */
function useStepsRetention(graph: LineageGraph, steps: Step[]): string {
  const binnable = useMemo(() => {
    const index = indexGraph(graph);
    return steps.flatMap((s) =>
      s.binnable.flatMap((id): LineageNode[] => {
        const node = index.nodes.get(id);
        return node ? [node] : [];
      }),
    );
  }, [graph, steps]);
  const retentions = useRetentions(binnable);
  return retentionsSentence(retentions, binnable.length + steps.filter((s) => s.binnable.length === 0).length);
}
const STATE_MARK = { done: '✓', failed: '✗', working: '…', waiting: '•' } as const;

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
  const ref = useModal();
  const titleId = useId();
  const [steps] = useState<Step[]>(() =>
    findings.map((f) => ({ ...planStep(indexGraph(graph), f), key: crypto.randomUUID() })),
  );
  const [status, setStatus] = useState<Record<string, Status>>({});
  const [typed, setTyped] = useState('');
  const run = useRunSteps(steps, setStatus, onFinished);
  const saving = useSaving(findings, chains, run.data);
  const retention = useStepsRetention(graph, steps);
  const running = run.isPending;
  const finished = run.isSuccess;

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        if (running) e.preventDefault();
      }}
      className="m-auto w-[560px] max-w-[calc(100vw-2rem)] rounded-xl border border-neutral-200 bg-white p-0 text-neutral-900 shadow-2xl backdrop:bg-neutral-950/40 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-base font-semibold">
          Clean up {plural(steps.length, 'resource')}
        </h2>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">
          Saves about {usd(saving)} a month (an estimate).
          {finished ? null : (
            <>
              {' '}
              <span data-testid="retention">{retention}</span>
            </>
          )}
        </p>
        <StepList steps={steps} status={status} />
        {!finished ? <ConfirmField text={CONFIRM} typed={typed} onTyped={setTyped} disabled={running} /> : null}
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
              onClick={() => run.mutate()}
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

function StepList({ steps, status }: { steps: Step[]; status: Record<string, Status> }) {
  return (
    <ol className="space-y-1.5 text-sm" data-testid="cleanup-steps">
      {steps.map((step) => {
        const st = status[step.finding.resourceId] ?? { state: 'waiting' };
        return (
          <li key={step.finding.resourceId} className="flex items-start gap-2">
            <span className="mt-0.5 w-4 shrink-0 text-center" aria-label={st.state}>
              {STATE_MARK[st.state]}
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
  );
}
