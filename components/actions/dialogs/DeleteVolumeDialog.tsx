'use client';

import type { VolumeNode } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Mono, label } from '../form';

export function DeleteVolumeDialog({ ctx, volume }: { ctx: DialogContext; volume: VolumeNode }) {
  const attached = volume.details.attachments[0];
  return (
    <ActionDialog
      action="delete-volume"
      title={`Delete ${label(volume)}`}
      body={{ region: volume.region, volumeId: volume.id }}
      submitLabel="Delete volume"
      confirmText={label(volume)}
      blocked={
        attached ? `Detach it from ${attached.instanceId} first: EC2 refuses to delete an attached volume.` : null
      }
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Deleted ${volume.id}`, volume.id)}
      summary={
        <>
          Deletes <Mono>{volume.id}</Mono>
          {volume.sizeGiB != null ? ` (${volume.sizeGiB} GiB)` : ''} and its data for good. Snapshots taken of it stay.
        </>
      }
    />
  );
}
