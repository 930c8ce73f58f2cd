'use client';

import { type ImageNode, type SnapshotNode, utcMinute } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Mono, label } from '../form';

/** Brings a deleted snapshot or deregistered AMI back from the Recycle Bin, as it was. */
export function RestoreDialog({ ctx, resource }: { ctx: DialogContext; resource: SnapshotNode | ImageNode }) {
  const until = resource.recycleBin ? ` (it is kept until ${utcMinute(resource.recycleBin.exitsAt)})` : '';
  const summary = (
    <>
      Restores <Mono>{resource.id}</Mono> from the Recycle Bin{until}, as it was before it was{' '}
      {resource.kind === 'image' ? 'deregistered' : 'deleted'}: its tags, encryption and sharing come back with it.
      {resource.kind === 'image' ? ' Its snapshots must be back first if they are in the Recycle Bin too.' : ''}
    </>
  );
  const done = (result: Parameters<DialogContext['onDone']>[0]) => ctx.onDone(result, `Restored ${label(resource)}`);
  return resource.kind === 'image' ? (
    <ActionDialog
      action="restore-image"
      title={`Restore ${label(resource)}`}
      body={{ region: resource.region, imageId: resource.id }}
      submitLabel="Restore AMI"
      onClose={ctx.onClose}
      onDone={done}
      summary={summary}
    />
  ) : (
    <ActionDialog
      action="restore-snapshot"
      title={`Restore ${label(resource)}`}
      body={{ region: resource.region, snapshotId: resource.id }}
      submitLabel="Restore snapshot"
      onClose={ctx.onClose}
      onDone={done}
      summary={summary}
    />
  );
}
