import type {
  CreateTagsRequest,
  DeleteTagsRequest,
  DescribeTagsRequest,
  DescribeTagsResult,
  ResourceType,
} from '@aws-sdk/client-ec2';
import { assertKnownFilters, compileFilters, type FilterValues, matchesFilters } from './filters';
import { paginate } from './pagination';
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

interface TagItem {
  seq: number;
  resourceId: string;
  resourceType: ResourceType;
  key: string;
  value: string;
}

/** Every tag on the caller's resources in the region, in the order the resources were made. */
function tagItems(ctx: ActionContext): TagItem[] {
  const rs = ctx.rs;
  const own = <T extends { seq: number; id: string; tags: Tag[] }>(records: T[], type: ResourceType) =>
    records.map((r) => ({ seq: r.seq, id: r.id, type, tags: r.tags }));
  const resources = [
    ...own(Object.values(rs.instances), 'instance'),
    ...own(Object.values(rs.volumes), 'volume'),
    ...own(Object.values(rs.snapshots), 'snapshot'),
    ...own(Object.values(rs.images), 'image'),
    ...own(Object.values(rs.keyPairs ?? {}), 'key-pair'),
  ].sort((a, b) => a.seq - b.seq);
  let seq = 0;
  return resources.flatMap((r) =>
    r.tags.map((t) => ({ seq: seq++, resourceId: r.id, resourceType: r.type, key: t.key, value: t.value })),
  );
}

const tagFilters: FilterValues<TagItem> = (t, name) => {
  switch (name) {
    case 'key':
      return [t.key];
    case 'value':
      return [t.value];
    case 'resource-id':
      return [t.resourceId];
    case 'resource-type':
      return [t.resourceType];
    default:
      return undefined;
  }
};

export const tagActions = {
  DescribeTags: define<DescribeTagsRequest, DescribeTagsResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, tagFilters, { seq: 0, resourceId: '', resourceType: 'instance', key: '', value: '' });
      const page = paginate(
        tagItems(ctx).filter((t) => matchesFilters(t, filters, tagFilters)),
        input,
        { scope: 'DescribeTags', min: 5, max: 1000 },
        false,
      );
      dryRunGate(ctx);
      return {
        Tags: page.items.map((t) => ({
          ResourceId: t.resourceId,
          ResourceType: t.resourceType,
          Key: t.key,
          Value: t.value,
        })),
        NextToken: page.nextToken,
      };
    },
  }),

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
