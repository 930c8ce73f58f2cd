import type { CreateTagsRequest, DeleteTagsRequest } from '@aws-sdk/client-ec2';
import { ApiError, unauthorized } from '../errors';
import { kindOfId } from '../ids';
import type { RegionState, Tag } from '../state';
import {
  type ActionContext,
  checkTag,
  checkTagCount,
  define,
  dryRunGate,
  findInstance,
  findVolume,
  required,
  unique,
} from './context';
import { findVisibleImage, findVisibleSnapshot } from './sharing';

function taggable(ctx: ActionContext, rs: RegionState, id: string): { tags: Tag[] } {
  switch (kindOfId(id)) {
    case 'instance':
      return findInstance(rs, id);
    case 'volume':
      return findVolume(rs, id);
    case 'snapshot': {
      const snapshot = findVisibleSnapshot(ctx, ctx.region, id);
      if (snapshot.ownerId !== ctx.account) throw unauthorized(`You do not own snapshot ${id}.`);
      return snapshot;
    }
    case 'image': {
      const image = findVisibleImage(ctx, ctx.region, id);
      if (image.ownerId !== ctx.account) throw unauthorized(`You do not own image ${id}.`);
      return image;
    }
    default:
      throw new ApiError('InvalidID', `The ID '${id}' is not valid`);
  }
}

export const tagActions = {
  CreateTags: define<CreateTagsRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const targets = unique(required(input.Resources, 'ResourceId')).map((id) => taggable(ctx, ctx.rs, id));
      const tags = required(input.Tags, 'Tag').map((t) => checkTag(t.Key, t.Value));
      for (const target of targets) {
        const added = new Set(tags.filter((t) => !target.tags.some((o) => o.key === t.key)).map((t) => t.key));
        checkTagCount(target.tags.length + added.size);
      }
      dryRunGate(ctx);
      for (const target of targets) {
        for (const tag of tags) {
          const existing = target.tags.find((t) => t.key === tag.key);
          if (existing) existing.value = tag.value;
          else target.tags.push({ ...tag });
        }
      }
      return {};
    },
  }),

  DeleteTags: define<DeleteTagsRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const targets = unique(required(input.Resources, 'ResourceId')).map((id) => taggable(ctx, ctx.rs, id));
      dryRunGate(ctx);
      for (const target of targets) {
        target.tags = input.Tags
          ? target.tags.filter(
              (t) => !input.Tags!.some((d) => d.Key === t.key && (d.Value === undefined || d.Value === t.value)),
            )
          : [];
      }
      return {};
    },
  }),
};
