import { isGrantee } from '../accounts';
import type { Emulator } from '../emulator';
import { type ApiError, imageNotFound, snapshotNotFound } from '../errors';
import type { ImageRecord, RegionState, SnapshotRecord } from '../state';
import { type ActionContext, checkIds } from './context';

/**
 * Who may see and use another account's images and snapshots, as EC2 decides it. An image is visible to (and
 * launchable by) its owner, everyone when public, and the accounts, organizations and organizational units its
 * launch permissions name; a snapshot to its owner, everyone when public, and the accounts its create-volume
 * permissions name. Anything else answers NotFound, exactly as if it did not exist.
 */

/** Shared with the account explicitly: by its id, its organization or a unit it sits in (not owned, not public). */
export function isSharedWith(em: Emulator, accountId: string, image: ImageRecord): boolean {
  return image.ownerId !== accountId && !!image.sharedWith && isGrantee(em.view, accountId, image.sharedWith);
}

export function canLaunch(em: Emulator, accountId: string, image: ImageRecord): boolean {
  return image.ownerId === accountId || image.public || isSharedWith(em, accountId, image);
}

export function canRestore(accountId: string, snapshot: SnapshotRecord): boolean {
  return snapshot.ownerId === accountId || snapshot.public || (snapshot.sharedWith?.includes(accountId) ?? false);
}

type Table = 'images' | 'snapshots';
type RecordOf<T extends Table> = T extends 'images' ? ImageRecord : SnapshotRecord;

function findVisible<T extends Table>(
  ctx: ActionContext,
  region: string,
  table: T,
  ids: readonly string[],
  visible: (r: RecordOf<T>) => boolean,
  notFound: (missing: string[]) => ApiError,
): RecordOf<T>[] {
  checkIds(table === 'images' ? 'image' : 'snapshot', ids);
  const regions = ctx.em.regionsOf(region, ctx.account);
  const found = ids.map((id) => {
    for (const { rs } of regions) {
      const record = rs[table][id] as RecordOf<T> | undefined;
      if (record) return visible(record) ? record : undefined;
    }
    return undefined;
  });
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) throw notFound(missing);
  return found as RecordOf<T>[];
}

/** Images of a region by id, as the caller may see them; missing or hidden ones are InvalidAMIID.NotFound. */
export const findVisibleImages = (ctx: ActionContext, region: string, ids: readonly string[]): ImageRecord[] =>
  findVisible(ctx, region, 'images', ids, (i) => canLaunch(ctx.em, ctx.account, i), imageNotFound);

export const findVisibleImage = (ctx: ActionContext, region: string, id: string): ImageRecord =>
  findVisibleImages(ctx, region, [id])[0]!;

/** Snapshots of a region by id, as the caller may see them; missing or hidden ones are InvalidSnapshot.NotFound. */
export const findVisibleSnapshots = (ctx: ActionContext, region: string, ids: readonly string[]): SnapshotRecord[] =>
  findVisible(ctx, region, 'snapshots', ids, (s) => canRestore(ctx.account, s), snapshotNotFound);

export const findVisibleSnapshot = (ctx: ActionContext, region: string, id: string): SnapshotRecord =>
  findVisibleSnapshots(ctx, region, [id])[0]!;

/** The owner's state of the region a visible image or snapshot lives in. */
export const ownerRegion = (em: Emulator, record: { ownerId: string }, region: string): RegionState =>
  em.settledRegion(record.ownerId, region);
