'use client';

import { useMemo, useState } from 'react';
import type { VolumeNode } from '@/lib/lineage';
import { attachTargets, indexGraph } from '@/lib/lineage/queries';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Mono, SelectField, TextField, label } from '../form';

export function AttachVolumeDialog({ ctx, volume }: { ctx: DialogContext; volume: VolumeNode }) {
  const targets = useMemo(() => attachTargets(indexGraph(ctx.graph), volume), [ctx.graph, volume]);
  const [instanceId, setInstanceId] = useState(targets[0]?.instance.id ?? '');
  const [device, setDevice] = useState(targets[0]?.device ?? '/dev/sdf');
  const zone = volume.details.availabilityZone ?? volume.region;
  const pick = (id: string) => {
    setInstanceId(id);
    setDevice(targets.find((t) => t.instance.id === id)?.device ?? device);
  };
  return (
    <ActionDialog
      action="attach-volume"
      title={`Attach ${label(volume)}`}
      body={{ region: volume.region, volumeId: volume.id, instanceId, device }}
      submitLabel="Attach volume"
      blocked={
        volume.details.attachments.length
          ? 'It is attached already: detach it first.'
          : targets.length === 0
            ? `No running or stopped instance in ${zone}: EC2 attaches a volume only within its zone.`
            : null
      }
      onClose={ctx.onClose}
      // The volume stays selected: the instance is not something the action made.
      onDone={(r) => ctx.onDone({ ...r, instanceIds: undefined }, `Attaching ${volume.id} to ${instanceId}`)}
      summary={
        <>
          Attaches <Mono>{volume.id}</Mono> to <Mono>{instanceId || '…'}</Mono> as {device}. The instance sees a new
          disk; mount it there.
        </>
      }
    >
      {targets.length ? (
        <div className="grid grid-cols-2 gap-3">
          <SelectField
            label={`Instance (in ${zone})`}
            value={instanceId}
            options={targets.map((t) => t.instance.id)}
            onChange={pick}
          />
          <TextField label="Device" value={device} onChange={setDevice} />
        </div>
      ) : null}
    </ActionDialog>
  );
}
