import type { BlockDeviceMapping, RegisterImageRequest, RegisterImageResult } from '@aws-sdk/client-ec2';
import { ApiError, incorrectState, invalidParameterValue } from '../errors';
import type { ImageMappingRecord } from '../state';
import {
  type ActionContext,
  checkDescription,
  checkImageName,
  checkSpecsFor,
  define,
  dryRunGate,
  idempotent,
  required,
  tagsFor,
} from './context';
import { checkKmsParameters } from './encryption';
import { addPendingImage, checkNameFree } from './images';
import { checkVolumeSize } from './instances';
import { findVisibleSnapshot } from './sharing';

/** RegisterImage: an AMI from the caller's own completed snapshots (EBS-backed; instance-store AMIs are not modelled). */

const ARCHITECTURES = ['i386', 'x86_64', 'arm64', 'x86_64_mac', 'arm64_mac'];

function mappingOf(ctx: ActionContext, m: BlockDeviceMapping): ImageMappingRecord | undefined {
  const deviceName = required(m.DeviceName, 'BlockDeviceMapping.DeviceName');
  if (m.NoDevice !== undefined || m.VirtualName !== undefined) return undefined;
  const ebs = m.Ebs;
  if (!ebs) throw invalidParameterValue(`The device ${deviceName} needs an EBS mapping.`);
  checkKmsParameters(ebs.Encrypted, ebs.KmsKeyId);
  if (ebs.KmsKeyId !== undefined)
    throw invalidParameterValue('RegisterImage keeps each snapshot’s encryption: copy the snapshot to re-encrypt it.');
  const snapshot = ebs.SnapshotId ? findVisibleSnapshot(ctx, ctx.region, ebs.SnapshotId) : undefined;
  if (snapshot && snapshot.ownerId !== ctx.account)
    throw new ApiError(
      'OperationNotPermitted',
      `You may register images only from snapshots you own: copy ${snapshot.id} first.`,
    );
  if (snapshot && snapshot.state !== 'completed')
    throw incorrectState(`Snapshot ${snapshot.id} is in invalid state - ${snapshot.state}`);
  const volumeSize = ebs.VolumeSize ?? snapshot?.volumeSize;
  if (volumeSize === undefined)
    throw invalidParameterValue(`The device ${deviceName} needs a volume size or a snapshot.`);
  checkVolumeSize(volumeSize);
  if (snapshot && volumeSize < snapshot.volumeSize)
    throw invalidParameterValue(
      `Volume of ${volumeSize}GiB is smaller than snapshot '${snapshot.id}', expect size >= ${snapshot.volumeSize}GiB`,
    );
  const volumeType = ebs.VolumeType ?? 'gp2';
  return {
    deviceName,
    snapshotId: snapshot?.id,
    volumeSize,
    volumeType,
    deleteOnTermination: ebs.DeleteOnTermination ?? true,
    encryption: snapshot?.encryption && { ...snapshot.encryption },
  };
}

function registerImage(ctx: ActionContext, input: RegisterImageRequest): RegisterImageResult {
  const name = required(input.Name, 'Name');
  checkImageName(name);
  checkDescription(input.Description);
  if (input.ImageLocation !== undefined)
    throw invalidParameterValue('The emulator models EBS-backed AMIs only: ImageLocation (instance store) is refused.');
  const architecture: string = input.Architecture ?? 'x86_64';
  if (!ARCHITECTURES.includes(architecture))
    throw invalidParameterValue(`Invalid value '${architecture}' for Architecture.`);
  if (input.VirtualizationType !== undefined && input.VirtualizationType !== 'hvm')
    throw invalidParameterValue('The emulator models hvm images only.');
  const rootDeviceName = required(input.RootDeviceName, 'RootDeviceName');
  const mappings = (input.BlockDeviceMappings ?? []).flatMap((m) => mappingOf(ctx, m) ?? []);
  if (!mappings.some((m) => m.deviceName === rootDeviceName && m.snapshotId))
    throw invalidParameterValue(`The root device ${rootDeviceName} must be mapped to a snapshot.`);
  checkNameFree(ctx, ctx.rs, name);
  checkSpecsFor(input.TagSpecifications, ['image']);
  const tags = tagsFor(input.TagSpecifications, 'image');
  dryRunGate(ctx);
  const imageId = ctx.em.nextId('ami');
  addPendingImage(
    ctx,
    imageId,
    {
      name,
      description: input.Description,
      architecture,
      platformDetails: 'Linux/UNIX',
      rootDeviceName,
      mappings,
      tags,
    },
    ctx.now + ctx.em.delayMs,
  );
  return { ImageId: imageId };
}

export const registerActions = {
  RegisterImage: define<RegisterImageRequest, RegisterImageResult>({
    mutating: true,
    handle: (ctx, input) => idempotent(ctx, 'RegisterImage', input, () => registerImage(ctx, input)),
  }),
};
