'use client';

import { useMemo, useState } from 'react';
import type { ImageNode, LineageNode } from '@/lib/lineage';
import { backingSnapshots, indexGraph, linked } from '@/lib/lineage/queries';
import { plural, snapshotsStay } from '@/lib/lineage/story';
import { retentionSentence } from '@/lib/lineage';
import { ActionDialog } from '../ActionDialog';
import { useRetention, useRetentions } from '../retention';
import { Checkbox, type DialogContext, List, Mono, label } from '../form';

export function DeregisterImageDialog({ ctx, image }: { ctx: DialogContext; image: ImageNode }) {
  const [deleteSnapshots, setDeleteSnapshots] = useState(false);
  const index = useMemo(() => indexGraph(ctx.graph), [ctx.graph]);
  const snapshots = useMemo(() => backingSnapshots(index, image), [index, image]);
  const kept = snapshots.filter((s) => s.otherImages.length > 0);
  const deleted = snapshots.filter((s) => s.otherImages.length === 0);
  const launched = linked(index, image.id, 'out', 'launched').length;
  const deletedNodes = deleted.flatMap((s) => {
    const node = index.nodes.get(s.id);
    return node ? [node] : [];
  });
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
          )}{' '}
          <DeregisterRetention image={image} deleted={deleteSnapshots ? deletedNodes : []} />
        </>
      }
    >
      <Checkbox checked={deleteSnapshots} onChange={setDeleteSnapshots}>
        Also delete its snapshots
      </Checkbox>
    </ActionDialog>
  );
}

/** What the Recycle Bin keeps of the AMI, and of the snapshots deregistering it deletes. */
function DeregisterRetention({ image, deleted }: { image: ImageNode; deleted: LineageNode[] }) {
  const retention = useRetention(image);
  const kept = useRetentions(deleted).filter((r) => r.kind === 'kept').length;
  let snapshots = '';
  if (deleted.length > 0) {
    if (kept === deleted.length) snapshots = ' A Recycle Bin rule keeps the snapshots it deletes too.';
    else if (kept > 0)
      snapshots = ` A Recycle Bin rule keeps ${plural(kept, 'snapshot')} of those it deletes; the others are gone for good.`;
    else snapshots = ' The snapshots it deletes are gone for good.';
  }
  return (
    <span data-testid="retention">
      {retentionSentence(retention)}
      {snapshots}
    </span>
  );
}
