'use client';

import { useState } from 'react';
import type { VolumeNode } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Mono, TextField, label } from '../form';

export function CreateSnapshotDialog({ ctx, volume }: { ctx: DialogContext; volume: VolumeNode }) {
  const [description, setDescription] = useState('');
  const attachment = volume.details.attachments[0];
  return (
    <ActionDialog
      action="create-snapshot"
      title={`Snapshot ${label(volume)}`}
      body={{ region: volume.region, volumeId: volume.id, description: description || undefined }}
      submitLabel="Create snapshot"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Creating snapshot ${r.snapshotId} of ${volume.id}`)}
      summary={
        <>
          Creates a snapshot of <Mono>{volume.id}</Mono>
          {volume.sizeGiB != null ? ` (${volume.sizeGiB} GiB)` : ''}
          {attachment
            ? `, attached to ${attachment.instanceId}${attachment.device ? ` as ${attachment.device}` : ''}`
            : ''}
          . It is pending until EC2 has copied every block.
        </>
      }
    >
      <TextField label="Description" value={description} onChange={setDescription} placeholder="optional" />
    </ActionDialog>
  );
}
