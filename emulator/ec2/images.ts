import type {
  CopyImageRequest,
  CopyImageResult,
  CreateImageRequest,
  CreateImageResult,
  SnapshotReturnCodes,
  DeregisterImageRequest,
  DeregisterImageResult,
} from '@aws-sdk/client-ec2';
import { deleteSnapshotRecord, deregisterImageRecord } from './recycle-bin';
import { snapshotCopied, snapshotTaken } from '../blocks';
import { ApiError, incorrectInstanceState, incorrectState, invalidParameterValue, unauthorized } from '../errors';
import { schedule } from '../lifecycle';
import { isEnabledRegion } from '../regions';
import type { ImageMappingRecord, ImageRecord, RegionState } from '../state';
import {
  type ActionContext,
  checkDescription,
  checkImageName,
  checkSpecsFor,
  define,
  dryRunGate,
  findInstance,
  idempotent,
  required,
  tagsFor,
} from './context';
import { encryptionFor } from './encryption';
import { volumesOf } from './instances';
import { canRestore, findVisibleImage, ownerRegion } from './sharing';

/**
 * Image ids per name and per mapped snapshot in each region, so the name check and the in-use check need not scan
 * every image. Built from the records on first use (a region read from a file has none yet), then told of each new
 * image by indexImage; ids of deregistered images are dropped when met.
 */
interface ImageIndex {
  byName: Map<string, Set<string>>;
  bySnapshot: Map<string, Set<string>>;
}

const indexes = new WeakMap<RegionState, ImageIndex>();

function indexInto(index: ImageIndex, image: ImageRecord): void {
  const add = (map: Map<string, Set<string>>, key: string) => {
    const ids = map.get(key);
    if (ids) ids.add(image.id);
    else map.set(key, new Set([image.id]));
  };
  add(index.byName, image.name);
  for (const m of image.mappings) if (m.snapshotId) add(index.bySnapshot, m.snapshotId);
}

function indexOf(rs: RegionState): ImageIndex {
  let index = indexes.get(rs);
  if (!index) {
    index = { byName: new Map(), bySnapshot: new Map() };
    for (const image of Object.values(rs.images)) indexInto(index, image);
    indexes.set(rs, index);
  }
  return index;
}

/** Call right after adding an image to rs.images. */
export function indexImage(rs: RegionState, imageId: string): void {
  indexInto(indexOf(rs), rs.images[imageId]!);
}

/** The images among ids that still exist. */
function existing(rs: RegionState, ids: Set<string> | undefined): ImageRecord[] {
  const images: ImageRecord[] = [];
  for (const id of ids ?? []) {
    const image = rs.images[id];
    if (image) images.push(image);
    else ids!.delete(id);
  }
  return images;
}

export function checkNameFree(ctx: ActionContext, rs: RegionState, name: string): void {
  const taken = existing(rs, indexOf(rs).byName.get(name)).find((i) => i.ownerId === ctx.account);
  if (taken) throw new ApiError('InvalidAMIName.Duplicate', `AMI name ${name} is already in use by AMI ${taken.id}`);
}

/** EC2 writes the copy task's start in epoch milliseconds with thousands separators. */
const taskTime = (ms: number) => ms.toLocaleString('en-US');

/** A new image and its new snapshots all settle together. */
export function watchImage(rs: RegionState, imageId: string, at: number): void {
  for (const m of rs.images[imageId]!.mappings)
    if (m.snapshotId && rs.snapshots[m.snapshotId]?.state === 'pending') schedule(rs, 'snapshot', m.snapshotId, at);
  schedule(rs, 'image', imageId, at);
}

/** The image an instance was launched from, wherever it lives, if it still exists. */
type NewImage = Pick<
  ImageRecord,
  | 'name'
  | 'description'
  | 'architecture'
  | 'platformDetails'
  | 'rootDeviceName'
  | 'mappings'
  | 'tags'
  | 'sourceInstanceId'
  | 'sourceImageId'
  | 'sourceImageRegion'
>;

/** Adds an image of the caller's, pending until `settlesAt`. */
export function addPendingImage(ctx: ActionContext, imageId: string, image: NewImage, settlesAt: number): void {
  const { em, rs, now } = ctx;
  rs.images[imageId] = {
    seq: em.nextSeq(),
    id: imageId,
    state: 'pending',
    creationDate: now,
    ownerId: ctx.account,
    public: false,
    ...image,
  };
  indexImage(rs, imageId);
  watchImage(rs, imageId, settlesAt);
}

function launchedFrom(ctx: ActionContext, imageId: string): ImageRecord | undefined {
  for (const { rs } of ctx.em.regionsOf(ctx.region, ctx.account)) if (rs.images[imageId]) return rs.images[imageId];
  return undefined;
}

/**
 * Copying another account's image needs read access to its storage: every snapshot it maps must be restorable by
 * the caller (shared with it or public), as EC2 requires.
 */
function checkStorageReadable(ctx: ActionContext, source: ImageRecord, sourceRs: RegionState): void {
  if (source.ownerId === ctx.account) return;
  for (const m of source.mappings) {
    const snapshot = m.snapshotId ? sourceRs.snapshots[m.snapshotId] : undefined;
    if (!snapshot || !canRestore(ctx.account, snapshot))
      throw new ApiError('InvalidRequest', 'You do not have permission to access the storage of this ami');
  }
}

export function imagesUsingSnapshot(rs: RegionState, snapshotId: string): ImageRecord[] {
  return existing(rs, indexOf(rs).bySnapshot.get(snapshotId));
}

/** Checks and starts a copy of an image (ClientToken is checked before this). */
function copyImage(ctx: ActionContext, input: CopyImageRequest): CopyImageResult {
  const sourceRegion = required(input.SourceRegion, 'SourceRegion');
  const sourceImageId = required(input.SourceImageId, 'SourceImageId');
  const name = required(input.Name, 'Name');
  checkImageName(name);
  checkDescription(input.Description);
  if (!isEnabledRegion(sourceRegion)) throw invalidParameterValue(`Invalid source region: ${sourceRegion}`);
  const source = findVisibleImage(ctx, sourceRegion, sourceImageId);
  const sourceRs = ownerRegion(ctx.em, source, sourceRegion);
  checkStorageReadable(ctx, source, sourceRs);
  if (source.state !== 'available') {
    throw incorrectState(`The image ${sourceImageId} is not available for copying (current state: ${source.state}).`);
  }
  checkSpecsFor(input.TagSpecifications, ['image', 'snapshot']);
  const imageTags = tagsFor(input.TagSpecifications, 'image');

  const encryptionOf = (m: ImageMappingRecord) =>
    encryptionFor(ctx, input, { encryption: m.encryption, keepsKey: false });
  for (const m of source.mappings) encryptionOf(m);

  checkNameFree(ctx, ctx.rs, name);
  dryRunGate(ctx);
  const { em, rs, now } = ctx;
  const imageId = em.nextId('ami');
  const settlesAt = now + em.delayMs;
  const mappings = source.mappings.map((m) => {
    if (!m.snapshotId) return { ...m };
    const snapshotId = em.nextId('snap');
    const encryption = encryptionOf(m);
    rs.snapshots[snapshotId] = {
      seq: em.nextSeq(),
      id: snapshotId,
      volumeId: 'vol-ffffffff',
      volumeSize: sourceRs.snapshots[m.snapshotId]?.volumeSize ?? m.volumeSize,
      description: `Copied for DestinationAmi ${imageId} from SourceAmi ${source.id} for SourceSnapshot ${m.snapshotId}. Task created on ${taskTime(now)}.`,
      state: 'pending',
      startTime: now,
      settlesAt,
      ownerId: ctx.account,
      public: false,
      encryption,
      tags: [],
    };
    const sourceSnapshot = sourceRs.snapshots[m.snapshotId];
    if (sourceSnapshot) snapshotCopied(em, rs.snapshots[snapshotId], sourceSnapshot);
    return { ...m, snapshotId, encryption };
  });
  addPendingImage(
    ctx,
    imageId,
    {
      name,
      description: input.Description ?? source.description,
      architecture: source.architecture,
      platformDetails: source.platformDetails,
      rootDeviceName: source.rootDeviceName,
      mappings,
      sourceImageId: source.id,
      sourceImageRegion: sourceRegion,
      tags: [...(input.CopyImageTags && source.ownerId === ctx.account ? source.tags : []), ...imageTags].map((t) => ({
        ...t,
      })),
    },
    settlesAt,
  );
  return { ImageId: imageId };
}

export const imageActions = {
  CreateImage: define<CreateImageRequest, CreateImageResult>({
    mutating: true,
    handle(ctx, input) {
      const instance = findInstance(ctx.rs, required(input.InstanceId, 'InstanceId'));
      const name = required(input.Name, 'Name');
      checkImageName(name);
      checkDescription(input.Description);
      if (instance.state !== 'running' && instance.state !== 'stopped') {
        throw incorrectInstanceState(instance.id, instance.state, 'imaged');
      }
      checkNameFree(ctx, ctx.rs, name);
      checkSpecsFor(input.TagSpecifications, ['image', 'snapshot']);
      const imageTags = tagsFor(input.TagSpecifications, 'image');
      const snapshotTags = tagsFor(input.TagSpecifications, 'snapshot');
      const excluded = new Set(
        (input.BlockDeviceMappings ?? []).filter((m) => m.NoDevice !== undefined).map((m) => m.DeviceName),
      );
      const volumes = volumesOf(ctx.rs, instance.id);
      const devices = instance.devices.filter((d) => !excluded.has(d.deviceName));
      dryRunGate(ctx);

      const { em, rs, now } = ctx;
      const imageId = em.nextId('ami');
      const settlesAt = now + em.delayMs;
      const mappings = devices.map((d) => {
        const volume = volumes.find((v) => v.id === d.volumeId);
        const snapshotId = em.nextId('snap');
        rs.snapshots[snapshotId] = {
          seq: em.nextSeq(),
          id: snapshotId,
          volumeId: d.volumeId,
          volumeSize: volume?.sizeGiB ?? 8,
          description: `Created by CreateImage(${instance.id}) for ${imageId}`,
          state: 'pending',
          startTime: now,
          settlesAt,
          ownerId: ctx.account,
          public: false,
          encryption: volume?.encryption && { ...volume.encryption },
          tags: snapshotTags.map((t) => ({ ...t })),
        };
        if (volume) snapshotTaken(em, rs.snapshots[snapshotId], volume);
        return {
          deviceName: d.deviceName,
          snapshotId,
          volumeSize: volume?.sizeGiB ?? 8,
          volumeType: volume?.volumeType ?? 'gp3',
          deleteOnTermination: d.deleteOnTermination,
          encryption: volume?.encryption && { ...volume.encryption },
        };
      });
      addPendingImage(
        ctx,
        imageId,
        {
          name,
          description: input.Description,
          architecture: instance.architecture,
          platformDetails: launchedFrom(ctx, instance.imageId)?.platformDetails ?? 'Linux/UNIX',
          rootDeviceName: instance.rootDeviceName,
          mappings,
          sourceInstanceId: instance.id,
          sourceImageId: instance.imageId,
          sourceImageRegion: ctx.region,
          tags: imageTags,
        },
        settlesAt,
      );
      return { ImageId: imageId };
    },
  }),

  CopyImage: define<CopyImageRequest, CopyImageResult>({
    mutating: true,
    handle: (ctx, input) => idempotent(ctx, 'CopyImage', input, () => copyImage(ctx, input)),
  }),

  DeregisterImage: define<DeregisterImageRequest, DeregisterImageResult>({
    mutating: true,
    handle(ctx, input) {
      const image = findVisibleImage(ctx, ctx.region, required(input.ImageId, 'ImageId'));
      if (image.ownerId !== ctx.account) throw unauthorized(`Not authorized for image: ${image.id}`);
      dryRunGate(ctx);
      const { rs } = ctx;
      deregisterImageRecord(ctx, image);
      if (!input.DeleteAssociatedSnapshots) return { Return: true };
      const results = image.mappings
        .filter((m) => m.snapshotId !== undefined)
        .map((m) => {
          const snapshotId = m.snapshotId!;
          let code: SnapshotReturnCodes = 'success';
          if (!rs.snapshots[snapshotId]) code = 'client-error';
          else if (imagesUsingSnapshot(rs, snapshotId).length > 0) code = 'skipped';
          else deleteSnapshotRecord(ctx, rs.snapshots[snapshotId]);
          return { SnapshotId: snapshotId, ReturnCode: code };
        });
      return { Return: true, DeleteSnapshotResults: results };
    },
  }),
};
