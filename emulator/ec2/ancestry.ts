import type { GetImageAncestryRequest, GetImageAncestryResult, ImageAncestryEntry } from '@aws-sdk/client-ec2';
import type { ImageRecord } from '../state';
import { type ActionContext, checkIds, define, dryRunGate, required } from './context';
import { findVisibleImage } from './sharing';

/**
 * GetImageAncestry: the image, then the image it was copied or created from (SourceImageId and SourceImageRegion),
 * and so on back to the root, across regions and accounts; the chain ends at an image that no longer exists.
 */

const MAX_DEPTH = 100;

function findAnywhere(ctx: ActionContext, region: string, id: string): ImageRecord | undefined {
  for (const { rs } of ctx.em.regionsOf(region, ctx.account)) if (rs.images[id]) return rs.images[id];
  return undefined;
}

const entry = (image: ImageRecord): ImageAncestryEntry => ({
  ImageId: image.id,
  CreationDate: new Date(image.creationDate),
  ImageOwnerAlias: image.ownerAlias ?? image.ownerId,
  SourceImageId: image.sourceImageId,
  SourceImageRegion: image.sourceImageRegion,
});

export const ancestryActions = {
  GetImageAncestry: define<GetImageAncestryRequest, GetImageAncestryResult>({
    mutating: false,
    handle(ctx, input) {
      const id = required(input.ImageId, 'ImageId');
      checkIds('image', [id]);
      let image: ImageRecord | undefined = findVisibleImage(ctx, ctx.region, id);
      dryRunGate(ctx);
      const entries: ImageAncestryEntry[] = [];
      const seen = new Set<string>();
      while (image && !seen.has(image.id) && entries.length < MAX_DEPTH) {
        seen.add(image.id);
        entries.push(entry(image));
        const source: string | undefined = image.sourceImageId;
        image = source ? findAnywhere(ctx, image.sourceImageRegion ?? ctx.region, source) : undefined;
      }
      return { ImageAncestryEntries: entries };
    },
  }),
};
