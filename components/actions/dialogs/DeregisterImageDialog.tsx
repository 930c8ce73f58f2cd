'use client';

import { useMemo, useState } from 'react';
import type { ImageNode } from '@/lib/lineage';
import { backingSnapshots, indexGraph, linked } from '@/lib/lineage/queries';
import { plural, snapshotsStay } from '@/lib/lineage/story';
import { ActionDialog } from '../ActionDialog';
import { Checkbox, type DialogContext, List, Mono, label } from '../form';

export function DeregisterImageDialog({ ctx, image }: { ctx: DialogContext; image: ImageNode }) {
  const [deleteSnapshots, setDeleteSnapshots] = useState(false);
  const index = useMemo(() => indexGraph(ctx.graph), [ctx.graph]);
  const snapshots = useMemo(() => backingSnapshots(index, image), [index, image]);
  const kept = snapshots.filter((s) => s.otherImages.length > 0);
  const deleted = snapshots.filter((s) => s.otherImages.length === 0);
  const launched = linked(index, image.id, 'out', 'launched').length;
  return (
    <ActionDialog
      action="deregister-image"
      title={`Deregister ${label(image)}`}
      body={{ region: image.region, imageId: image.id, deleteSnapshots }}
      submitLabel="Deregister"
      confirmText={label(image)}
      onClose={ctx.onClose}
      onDone={(r) =>
        ctx.onDone(
          r,
          `Deregistered ${label(image)}${r.deletedSnapshotIds?.length ? ` and deleted ${plural(r.deletedSnapshotIds.length, 'snapshot')}` : ''}`,
          image.id,
        )
      }
      summary={
        <>
          Deregisters <strong>{label(image)}</strong>: nobody can launch from it any more.
          {launched ? ` The ${plural(launched, 'instance')} launched from it keep running.` : ''}{' '}
          {deleteSnapshots ? (
            <>
              {deleted.length ? (
                <>
                  Deletes{' '}
                  <List
                    items={deleted.map((s) => (
                      <Mono key={s.id}>{s.id}</Mono>
                    ))}
                  />
                  .{' '}
                </>
              ) : null}
              {kept.length ? (
                <span data-testid="kept-snapshots">
                  Keeps{' '}
                  <List
                    items={kept.map((s) => (
                      <span key={s.id}>
                        <Mono>{s.id}</Mono> (also backs {s.otherImages.map((i) => i.id).join(', ')})
                      </span>
                    ))}
                  />
                  .
                </span>
              ) : null}
            </>
          ) : (
            <>{snapshotsStay(snapshots.length)}</>
          )}
        </>
      }
    >
      <Checkbox checked={deleteSnapshots} onChange={setDeleteSnapshots}>
        Also delete its snapshots
      </Checkbox>
    </ActionDialog>
  );
}
