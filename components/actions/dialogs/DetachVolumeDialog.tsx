'use client';

import { useState } from 'react';
import type { VolumeNode } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { Checkbox, type DialogContext, Mono, label } from '../form';

export function DetachVolumeDialog({ ctx, volume }: { ctx: DialogContext; volume: VolumeNode }) {
  const attachment = volume.details.attachments[0];
  const [force, setForce] = useState(false);
  const instanceId = attachment?.instanceId ?? '';
  return (
    <ActionDialog
      action="detach-volume"
      title={`Detach ${label(volume)}`}
      body={{ region: volume.region, volumeId: volume.id, instanceId, force: force || undefined }}
      submitLabel="Detach volume"
      blocked={attachment ? null : 'It is attached to nothing.'}
      onClose={ctx.onClose}
      // The volume stays selected: the instance is not something the action made.
      onDone={(r) => ctx.onDone({ ...r, instanceIds: undefined }, `Detaching ${volume.id} from ${instanceId}`)}
      summary={
        <>
          Detaches <Mono>{volume.id}</Mono> from <Mono>{instanceId || '…'}</Mono>
          {attachment?.device ? ` (${attachment.device})` : ''}. Unmount it on the instance first: its data stays on the
          volume.
        </>
      }
    >
      <Checkbox checked={force} onChange={setForce}>
        Force (the instance does not answer; its file system may be damaged)
      </Checkbox>
    </ActionDialog>
  );
}
