import type { Emulator } from '../emulator';
import type { ImageRecord, RegionState, SnapshotRecord } from '../state';

/**
 * Tables in creation order, for paging: sorted once and kept until the state next changes (`Emulator.derived`), so
 * a page of a large table costs what it holds rather than a walk over the whole table.
 */

const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;

/** A table's records in creation order. */
export const inOrder = <T extends { seq: number }>(em: Emulator, table: Readonly<Record<string, T>>): readonly T[] =>
  em.derived(table, () => Object.values(table).sort(bySeq));

/** Every account's records of one table in a region, in creation order (who may see which is asked per page). */
function everyAccount<T extends { seq: number }>(
  em: Emulator,
  region: string,
  caller: string,
  table: (rs: RegionState) => Record<string, T>,
  name: string,
): readonly T[] {
  // Settles every account's region first: a transition that is due is a change, which forgets the list.
  const regions = em.regionsOf(region, caller);
  return em.derived(`${name}\u0000${region}`, () => regions.flatMap(({ rs }) => Object.values(table(rs))).sort(bySeq));
}

export const everyAccountImages = (em: Emulator, region: string, caller: string): readonly ImageRecord[] =>
  everyAccount(em, region, caller, (rs) => rs.images, 'images');

export const everyAccountSnapshots = (em: Emulator, region: string, caller: string): readonly SnapshotRecord[] =>
  everyAccount(em, region, caller, (rs) => rs.snapshots, 'snapshots');

/** The images any account's instances in a region were launched from. */
export const imagesInUse = (em: Emulator, region: string, caller: string): ReadonlySet<string> => {
  const regions = em.regionsOf(region, caller);
  return em.derived(`images-in-use\u0000${region}`, () => {
    const ids = new Set<string>();
    for (const { rs } of regions) for (const instance of Object.values(rs.instances)) ids.add(instance.imageId);
    return ids;
  });
};
