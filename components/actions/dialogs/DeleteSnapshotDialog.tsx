'use client';

import { useMemo } from 'react';
import type { SnapshotNode } from '@/lib/lineage';
import { imagesBackedBy, indexGraph } from '@/lib/lineage/queries';
import { retentionSentence } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { useRetention } from '../retention';
import { type DialogContext, List, Mono, label } from '../form';

export function DeleteSnapshotDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const images = useMemo(() => imagesBackedBy(indexGraph(ctx.graph), snapshot.id), [ctx.graph, snapshot.id]);
  const retention = useRetention(snapshot);
  return (
    <ActionDialog
      action="delete-snapshot"
      title={`Delete ${label(snapshot)}`}
      body={{ region: snapshot.region, snapshotId: snapshot.id }}
      submitLabel="Delete snapshot"
      confirmText={label(snapshot)}
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Deleted ${snapshot.id}`, snapshot.id)}
      summary={
        images.length ? (
          <span className="text-amber-800 dark:text-amber-300">
            This snapshot backs{' '}
            <List
              items={images.map((i) => (
                <Mono key={i.id}>{i.id}</Mono>
              ))}
            />
            : EC2 refuses to delete it until that AMI is deregistered.
          </span>
        ) : (
          <>
            Deletes <Mono>{snapshot.id}</Mono>
            {snapshot.sizeGiB != null ? ` (${snapshot.sizeGiB} GiB)` : ''}. Volumes already restored from it are not
            affected. <span data-testid="retention">{retentionSentence(retention)}</span>
          </>
        )
      }
    />
  );
}
