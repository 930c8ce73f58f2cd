'use client';

import { useMemo, useState } from 'react';
import type { ImageNode, SnapshotNode } from '@/lib/lineage';
import { imagesBackedBy, indexGraph } from '@/lib/lineage/queries';
import { retentionSentence } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { useRetention } from '../retention';
import { DeregisterImageDialog } from './DeregisterImageDialog';
import { type DialogContext, List, Mono, label } from '../form';

export function DeleteSnapshotDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const images = useMemo(
    () => imagesBackedBy(indexGraph(ctx.graph), snapshot.id).filter((i) => !i.external),
    [ctx.graph, snapshot.id],
  );
  const [deregistering, setDeregistering] = useState<ImageNode | null>(null);
  const retention = useRetention(snapshot);
  return (
    <>
      <ActionDialog
        action="delete-snapshot"
        title={`Delete ${label(snapshot)}`}
        body={{ region: snapshot.region, snapshotId: snapshot.id }}
        submitLabel="Delete snapshot"
        blocked={images.length ? 'Deregister the AMI it backs first.' : null}
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
      >
        {images.map((image) => (
          <button
            key={image.id}
            type="button"
            onClick={() => setDeregistering(image)}
            className="rounded-md border border-neutral-200 px-3 py-1.5 text-sm hover:bg-neutral-50 dark:border-neutral-700 dark:hover:bg-neutral-800"
          >
            Deregister {label(image)} first…
          </button>
        ))}
      </ActionDialog>
      {/* Beside the dialog, not in its form: a second modal above it. */}
      {deregistering ? (
        <DeregisterImageDialog ctx={{ ...ctx, onClose: () => setDeregistering(null) }} image={deregistering} />
      ) : null}
    </>
  );
}
