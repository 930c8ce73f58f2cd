/**
 * What EC2 writes into a snapshot's description about where the snapshot came from. Read once, when the snapshot
 * becomes a node; the builder and the findings use what is kept on the node, never the text again.
 */
import { REGION_NAME } from './ec2';
import type { SnapshotProvenance } from './types';

/** Ids as descriptions write them (other endpoints' ids included). */
const ID = '[A-Za-z0-9]+';

/** `Created by CreateImage(i-…) for ami-…`, older ones followed by ` from vol-…`. */
const CREATE_IMAGE = new RegExp(`Created by CreateImage\\((i-${ID})\\) for (ami-${ID})(?: from (vol-${ID}))?`);
/** `Copied for DestinationAmi ami-X from SourceAmi ami-Y for SourceSnapshot snap-Z. Task created on …` */
const COPY_IMAGE = new RegExp(
  `Copied for DestinationAmi (ami-${ID}) from SourceAmi (ami-${ID}) for SourceSnapshot (snap-${ID})`,
);
/** `[Copied snap-… from eu-north-1] user text` (the console's CopySnapshot); the first one names the direct source. */
const COPY_SNAPSHOT = new RegExp(`\\[Copied (snap-${ID}) from (${REGION_NAME})\\]`);

/** What a description says about the snapshot's origin; null when it says nothing this model reads. */
export function parseSnapshotDescription(description: string | null): SnapshotProvenance | null {
  if (description === null) return null;
  // `includes` first: most descriptions are free text, and it is far cheaper than a regular expression.
  const create = description.includes('CreateImage(') ? CREATE_IMAGE.exec(description) : null;
  const copyImage = description.includes('DestinationAmi') ? COPY_IMAGE.exec(description) : null;
  const copySnapshot = description.includes('[Copied ') ? COPY_SNAPSHOT.exec(description) : null;
  if (create === null && copyImage === null && copySnapshot === null) return null;
  return {
    createImage: create && {
      instanceId: create[1]!,
      imageId: create[2]!,
      volumeId: create[3] ?? null,
      text: create[0],
    },
    copyImage: copyImage && {
      imageId: copyImage[1]!,
      sourceImageId: copyImage[2]!,
      sourceSnapshotId: copyImage[3]!,
      text: copyImage[0],
    },
    copySnapshot: copySnapshot && { snapshotId: copySnapshot[1]!, region: copySnapshot[2]!, text: copySnapshot[0] },
  };
}

/** The image a snapshot was made for (by CreateImage, or as CopyImage's copy), and how; null when none is named. */
export function imageMadeFor(
  provenance: SnapshotProvenance | null,
): { imageId: string; by: string; text: string } | null {
  const create = provenance?.createImage;
  if (create) return { imageId: create.imageId, by: 'CreateImage', text: create.text };
  const copy = provenance?.copyImage;
  return copy ? { imageId: copy.imageId, by: 'CopyImage', text: copy.text } : null;
}
