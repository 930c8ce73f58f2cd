'use client';

import { useState } from 'react';
import type { SnapshotNode } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Mono, SelectField, TextField, label, otherRegions } from '../form';

export function CopySnapshotDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const choices = otherRegions(ctx.regions, snapshot.region);
  const [destination, setDestination] = useState(choices[0]!);
  const [description, setDescription] = useState('');
  return (
    <ActionDialog
      action="copy-snapshot"
      title={`Copy ${label(snapshot)} to another region`}
      body={{
        sourceRegion: snapshot.region,
        snapshotId: snapshot.id,
        destinationRegion: destination,
        description: description || undefined,
      }}
      submitLabel="Copy snapshot"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Copying ${snapshot.id} to ${destination} as ${r.snapshotId}`)}
      summary={
        <>
          Copies <Mono>{snapshot.id}</Mono>
          {snapshot.sizeGiB != null ? ` (${snapshot.sizeGiB} GiB)` : ''} to {destination}. EC2 notes the source in the
          copy’s description.
        </>
      }
    >
      <SelectField label="Destination region" value={destination} options={choices} onChange={setDestination} />
      <TextField label="Description" value={description} onChange={setDescription} placeholder="optional" />
    </ActionDialog>
  );
}
