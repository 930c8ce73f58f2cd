'use client';

import { useMemo, useState } from 'react';
import type { InstanceNode } from '@/lib/lineage';
import { suggestImageName } from '@/lib/lineage/ec2';
import { attachedVolumes, indexGraph } from '@/lib/lineage/queries';
import { ActionDialog } from '../ActionDialog';
import { Checkbox, type DialogContext, TextField, VolumeList, label } from '../form';

export function CreateImageDialog({ ctx, instance }: { ctx: DialogContext; instance: InstanceNode }) {
  const [name, setName] = useState(() => suggestImageName(label(instance)));
  const [description, setDescription] = useState('');
  const [noReboot, setNoReboot] = useState(false);
  const volumes = useMemo(() => attachedVolumes(indexGraph(ctx.graph), instance), [ctx.graph, instance]);
  return (
    <ActionDialog
      action="create-image"
      title={`Create an image from ${label(instance)}`}
      body={{ region: instance.region, instanceId: instance.id, name, description: description || undefined, noReboot }}
      submitLabel="Create image"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Creating AMI ${name} (${r.imageId}) and its snapshots`)}
      summary={
        <>
          Creates an AMI and one snapshot per attached volume
          {volumes.length ? (
            <>
              : <VolumeList volumes={volumes} />
            </>
          ) : null}
          .{' '}
          {noReboot
            ? 'The instance keeps running; a snapshot of a running file system may be inconsistent.'
            : 'The instance reboots unless No reboot is ticked.'}
        </>
      }
    >
      <TextField
        label="AMI name"
        hint="3–128 letters, digits, spaces and ( ) [ ] . / - ' @ _; unique in the region."
        value={name}
        onChange={setName}
      />
      <TextField label="Description" value={description} onChange={setDescription} />
      <Checkbox checked={noReboot} onChange={setNoReboot}>
        No reboot
      </Checkbox>
    </ActionDialog>
  );
}
