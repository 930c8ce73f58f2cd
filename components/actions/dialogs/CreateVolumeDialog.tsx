'use client';

import { useState } from 'react';
import type { SnapshotNode } from '@/lib/lineage';
import { EBS_VOLUME_TYPES, type EbsVolumeType, restoredSizeProblem } from '@/lib/lineage/ec2';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Field, INPUT, Mono, SelectField, label } from '../form';

/** Volume types offered here: those that need no provisioned IOPS. */
const TYPES = EBS_VOLUME_TYPES.filter((t) => t !== 'io1' && t !== 'io2');
const ZONE_LETTERS = ['a', 'b', 'c'] as const;

export function CreateVolumeDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const zones = ZONE_LETTERS.map((letter) => `${snapshot.region}${letter}`);
  const [zone, setZone] = useState(zones[0]!);
  const [size, setSize] = useState(snapshot.sizeGiB ?? 8);
  const [volumeType, setVolumeType] = useState<EbsVolumeType>('gp3');
  return (
    <ActionDialog
      action="create-volume"
      title={`Create a volume from ${label(snapshot)}`}
      body={{ region: snapshot.region, snapshotId: snapshot.id, availabilityZone: zone, sizeGiB: size, volumeType }}
      submitLabel="Create volume"
      blocked={restoredSizeProblem(size, snapshot.sizeGiB)}
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Creating volume ${r.volumeId} from ${snapshot.id}`)}
      summary={
        <>
          Creates a {size} GiB {volumeType} volume in {zone}, restored from <Mono>{snapshot.id}</Mono>. It is attached
          to nothing.
        </>
      }
    >
      <div className="grid grid-cols-3 gap-3">
        <SelectField label="Zone" value={zone} options={zones} onChange={setZone} />
        <Field label="Size (GiB)" hint={snapshot.sizeGiB ? `at least ${snapshot.sizeGiB}` : undefined}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={snapshot.sizeGiB ?? 1}
              className={INPUT}
              value={size}
              onChange={(e) => setSize(Number(e.target.value))}
            />
          )}
        </Field>
        <SelectField label="Type" value={volumeType} options={TYPES} onChange={setVolumeType} />
      </div>
    </ActionDialog>
  );
}
