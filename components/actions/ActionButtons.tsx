'use client';

import { useState } from 'react';
import type { ActionResult } from '@/lib/api/actions';
import type { LineageGraph, LineageNode } from '@/lib/lineage';
import { isGone } from '@/lib/lineage/view';
import { ActingAccount } from '@/components/accounts/acting-account';
import {
  CopyImageDialog,
  CopySnapshotDialog,
  CreateImageDialog,
  CreateSnapshotDialog,
  CreateVolumeDialog,
  DeleteSnapshotDialog,
  DeregisterImageDialog,
  type DialogContext,
  RunInstancesDialog,
  TerminateDialog,
} from './dialogs';

type Open =
  | 'create-image'
  | 'terminate'
  | 'run-instances'
  | 'copy-image'
  | 'deregister'
  | 'create-volume'
  | 'copy-snapshot'
  | 'delete-snapshot'
  | 'create-snapshot';

const BUTTONS: Record<LineageNode['kind'], { open: Open; label: string; danger?: boolean }[]> = {
  instance: [
    { open: 'create-image', label: 'Create image' },
    { open: 'terminate', label: 'Terminate', danger: true },
  ],
  image: [
    { open: 'run-instances', label: 'Launch instances' },
    { open: 'copy-image', label: 'Copy to region' },
    { open: 'deregister', label: 'Deregister', danger: true },
  ],
  snapshot: [
    { open: 'create-volume', label: 'Create volume' },
    { open: 'copy-snapshot', label: 'Copy to region' },
    { open: 'delete-snapshot', label: 'Delete', danger: true },
  ],
  volume: [{ open: 'create-snapshot', label: 'Create snapshot' }],
};

interface Props {
  graph: LineageGraph;
  resource: LineageNode;
  regions: readonly string[];
  onDone: (result: ActionResult, message: string, removed?: string) => void;
}

/** The actions a resource offers, each opening its dialog. Resources not in the inventory offer none. */
export function ActionButtons({ graph, resource, regions, onDone }: Props) {
  const [open, setOpen] = useState<Open | null>(null);
  if (resource.external || isGone(resource)) return null;
  const ctx: DialogContext = { graph, regions, onDone, onClose: () => setOpen(null) };
  return (
    <ActingAccount accountId={resource.accountId}>
      <section aria-label="Actions" className="space-y-2">
        <h3 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">Actions</h3>
        <div className="flex flex-wrap gap-2">
          {BUTTONS[resource.kind].map((b) => (
            <button
              key={b.open}
              type="button"
              onClick={() => setOpen(b.open)}
              className={`rounded-md border px-2.5 py-1 text-sm ${
                b.danger
                  ? 'border-red-200 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950'
                  : 'border-neutral-200 hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800'
              }`}
            >
              {b.label}
            </button>
          ))}
        </div>
        {open === 'create-image' && resource.kind === 'instance' ? (
          <CreateImageDialog ctx={ctx} instance={resource} />
        ) : null}
        {open === 'terminate' && resource.kind === 'instance' ? (
          <TerminateDialog ctx={ctx} instance={resource} />
        ) : null}
        {open === 'run-instances' && resource.kind === 'image' ? (
          <RunInstancesDialog ctx={ctx} image={resource} />
        ) : null}
        {open === 'copy-image' && resource.kind === 'image' ? <CopyImageDialog ctx={ctx} image={resource} /> : null}
        {open === 'deregister' && resource.kind === 'image' ? (
          <DeregisterImageDialog ctx={ctx} image={resource} />
        ) : null}
        {open === 'create-volume' && resource.kind === 'snapshot' ? (
          <CreateVolumeDialog ctx={ctx} snapshot={resource} />
        ) : null}
        {open === 'copy-snapshot' && resource.kind === 'snapshot' ? (
          <CopySnapshotDialog ctx={ctx} snapshot={resource} />
        ) : null}
        {open === 'delete-snapshot' && resource.kind === 'snapshot' ? (
          <DeleteSnapshotDialog ctx={ctx} snapshot={resource} />
        ) : null}
        {open === 'create-snapshot' && resource.kind === 'volume' ? (
          <CreateSnapshotDialog ctx={ctx} volume={resource} />
        ) : null}
      </section>
    </ActingAccount>
  );
}
