'use client';

import { useMemo, useState } from 'react';
import { plural } from '@/lib/lineage/story';
import type { ImageNode } from '@/lib/lineage';
import { backingSnapshots, indexGraph } from '@/lib/lineage/queries';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, SelectField, TextField, label, otherRegions } from '../form';

export function CopyImageDialog({ ctx, image }: { ctx: DialogContext; image: ImageNode }) {
  const choices = otherRegions(ctx.regions, image.region);
  const [destination, setDestination] = useState(choices[0]!);
  const [name, setName] = useState(image.name ?? '');
  const snapshots = useMemo(() => backingSnapshots(indexGraph(ctx.graph), image), [ctx.graph, image]);
  return (
    <ActionDialog
      action="copy-image"
      title={`Copy ${label(image)} to another region`}
      body={{ sourceRegion: image.region, imageId: image.id, destinationRegion: destination, name }}
      submitLabel="Copy image"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Copying ${label(image)} to ${destination} as ${r.imageId}`)}
      summary={
        <>
          Copies <strong>{label(image)}</strong> and its {plural(snapshots.length, 'snapshot')}
          {image.sizeGiB != null ? ` (${image.sizeGiB} GiB)` : ''} to {destination} as a new AMI named “{name}”. The
          copy records where it came from.
        </>
      }
    >
      <SelectField label="Destination region" value={destination} options={choices} onChange={setDestination} />
      <TextField label="Name of the copy" value={name} onChange={setName} />
    </ActionDialog>
  );
}
