'use client';

import { useMemo } from 'react';
import type { InstanceNode } from '@/lib/lineage';
import { attachedVolumes, indexGraph } from '@/lib/lineage/queries';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, VolumeList, label } from '../form';

export function TerminateDialog({ ctx, instance }: { ctx: DialogContext; instance: InstanceNode }) {
  const volumes = useMemo(() => attachedVolumes(indexGraph(ctx.graph), instance), [ctx.graph, instance]);
  const deleted = volumes.filter((v) => v.deleteOnTermination !== false);
  const kept = volumes.filter((v) => v.deleteOnTermination === false);
  return (
    <ActionDialog
      action="terminate-instances"
      title={`Terminate ${label(instance)}`}
      body={{ region: instance.region, instanceIds: [instance.id] }}
      submitLabel="Terminate"
      confirmText={label(instance)}
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Terminating ${label(instance)}`)}
      summary={
        <>
          Terminates <strong>{label(instance)}</strong>.{' '}
          {deleted.length ? (
            <>
              Deletes the volumes marked delete-on-termination: <VolumeList volumes={deleted} />.{' '}
            </>
          ) : null}
          {kept.length ? (
            <>
              Keeps <VolumeList volumes={kept} />, which become available.{' '}
            </>
          ) : null}
          AMIs and snapshots made from it stay.
        </>
      }
    />
  );
}
