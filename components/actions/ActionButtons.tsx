'use client';

import { type ReactNode, useState } from 'react';
import type { ActionName, ActionResult } from '@/lib/api/actions';
import type { LineageGraph, LineageNode, NodeKind } from '@/lib/lineage';
import { isGone } from '@/lib/lineage/view';
import { ActingAccount } from '@/components/accounts/acting-account';
import { AttachVolumeDialog } from './dialogs/AttachVolumeDialog';
import { CopyImageDialog } from './dialogs/CopyImageDialog';
import { CopySnapshotDialog } from './dialogs/CopySnapshotDialog';
import { CreateImageDialog } from './dialogs/CreateImageDialog';
import { CreateSnapshotDialog } from './dialogs/CreateSnapshotDialog';
import { CreateVolumeDialog } from './dialogs/CreateVolumeDialog';
import { DeleteSnapshotDialog } from './dialogs/DeleteSnapshotDialog';
import { DeleteVolumeDialog } from './dialogs/DeleteVolumeDialog';
import { DeregisterImageDialog } from './dialogs/DeregisterImageDialog';
import { RestoreDialog } from './dialogs/RestoreDialog';
import { DetachVolumeDialog } from './dialogs/DetachVolumeDialog';
import { RunInstancesDialog } from './dialogs/RunInstancesDialog';
import { TerminateDialog } from './dialogs/TerminateDialog';
import type { DialogContext } from './form';

/** The actions each kind of resource offers, by the API's names. */
const BUTTONS: Record<NodeKind, { action: ActionName; label: string; danger?: boolean }[]> = {
  instance: [
    { action: 'create-image', label: 'Create image' },
    { action: 'terminate-instances', label: 'Terminate', danger: true },
  ],
  image: [
    { action: 'run-instances', label: 'Launch instances' },
    { action: 'copy-image', label: 'Copy to region' },
    { action: 'deregister-image', label: 'Deregister', danger: true },
  ],
  snapshot: [
    { action: 'create-volume', label: 'Create volume' },
    { action: 'copy-snapshot', label: 'Copy to region' },
    { action: 'delete-snapshot', label: 'Delete', danger: true },
  ],
  volume: [
    { action: 'create-snapshot', label: 'Create snapshot' },
    { action: 'attach-volume', label: 'Attach' },
    { action: 'detach-volume', label: 'Detach' },
    { action: 'delete-volume', label: 'Delete', danger: true },
  ],
};

/**
 * The dialog of each action for a resource; nothing when the action does not apply to that kind of resource. A
 * record over every action name, so a new action fails to compile until it says what its dialog is.
 */
const DIALOGS: Record<ActionName, (resource: LineageNode, ctx: DialogContext) => ReactNode> = {
  'create-image': (r, ctx) => r.kind === 'instance' && <CreateImageDialog ctx={ctx} instance={r} />,
  'terminate-instances': (r, ctx) => r.kind === 'instance' && <TerminateDialog ctx={ctx} instance={r} />,
  'run-instances': (r, ctx) => r.kind === 'image' && <RunInstancesDialog ctx={ctx} image={r} />,
  'copy-image': (r, ctx) => r.kind === 'image' && <CopyImageDialog ctx={ctx} image={r} />,
  'deregister-image': (r, ctx) => r.kind === 'image' && <DeregisterImageDialog ctx={ctx} image={r} />,
  'create-volume': (r, ctx) => r.kind === 'snapshot' && <CreateVolumeDialog ctx={ctx} snapshot={r} />,
  'copy-snapshot': (r, ctx) => r.kind === 'snapshot' && <CopySnapshotDialog ctx={ctx} snapshot={r} />,
  'delete-snapshot': (r, ctx) => r.kind === 'snapshot' && <DeleteSnapshotDialog ctx={ctx} snapshot={r} />,
  'create-snapshot': (r, ctx) => r.kind === 'volume' && <CreateSnapshotDialog ctx={ctx} volume={r} />,
  'delete-volume': (r, ctx) => r.kind === 'volume' && <DeleteVolumeDialog ctx={ctx} volume={r} />,
  'attach-volume': (r, ctx) => r.kind === 'volume' && <AttachVolumeDialog ctx={ctx} volume={r} />,
  'detach-volume': (r, ctx) => r.kind === 'volume' && <DetachVolumeDialog ctx={ctx} volume={r} />,
  'restore-snapshot': (r, ctx) => r.kind === 'snapshot' && <RestoreDialog ctx={ctx} resource={r} />,
  'restore-image': (r, ctx) => r.kind === 'image' && <RestoreDialog ctx={ctx} resource={r} />,
};

/** A resource in the Recycle Bin offers one action: bringing it back. */
function binButtons(resource: LineageNode): { action: ActionName; label: string; danger?: boolean }[] {
  if (resource.externalReason !== 'recycle-bin') return [];
  if (resource.kind === 'snapshot') return [{ action: 'restore-snapshot', label: 'Restore from Recycle Bin' }];
  if (resource.kind === 'image') return [{ action: 'restore-image', label: 'Restore from Recycle Bin' }];
  return [];
}

interface Props {
  graph: LineageGraph;
  resource: LineageNode;
  regions: readonly string[];
  onDone: (result: ActionResult, message: string, removed?: string) => void;
}

/** Attach is offered to a volume attached to nothing, Detach to one that is attached. */
function applies(action: ActionName, resource: LineageNode): boolean {
  if (resource.kind !== 'volume') return true;
  const attached = resource.details.attachments.length > 0;
  if (action === 'attach-volume') return !attached;
  if (action === 'detach-volume') return attached;
  return true;
}

/**
 * The actions a resource offers, each opening its dialog. Resources not in the inventory offer none, but those in
 * the Recycle Bin can be restored.
 */
export function ActionButtons({ graph, resource, regions, onDone }: Props) {
  const [open, setOpen] = useState<ActionName | null>(null);
  const binned = binButtons(resource);
  const buttons = binned.length > 0 ? binned : BUTTONS[resource.kind];
  if (binned.length === 0 && (resource.external || isGone(resource))) return null;
  const ctx: DialogContext = { graph, regions, onDone, onClose: () => setOpen(null) };
  return (
    <ActingAccount accountId={resource.accountId}>
      <section aria-label="Actions" className="space-y-2">
        <h3 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">Actions</h3>
        <div className="flex flex-wrap gap-2">
          {buttons
            .filter((b) => applies(b.action, resource))
            .map((b) => (
              <button
                key={b.action}
                type="button"
                onClick={() => setOpen(b.action)}
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
        {open ? DIALOGS[open](resource, ctx) : null}
      </section>
    </ActingAccount>
  );
}
