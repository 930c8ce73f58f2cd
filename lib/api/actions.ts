import { z } from 'zod';
import {
  AvailabilityZone,
  ImageId,
  ImageName,
  InstanceId,
  InstanceProfile,
  KeyName,
  Region,
  SecurityGroupId,
  SnapshotId,
  SubnetId,
  VolumeId,
  VolumeType,
} from './fields';

/** The contract of POST /api/actions/*: one zod schema per action, shared by the routes and the dialogs. */

export const Description = z.string().max(255, { message: 'must be at most 255 characters' });
export const SizeGiB = z.number().int({ message: 'must be a whole number of GiB' }).min(1).max(16384);
export const InstanceType = z
  .string()
  .regex(/^[a-z0-9-]+\.[a-z0-9]+$/, { message: 'is not an instance type like t3.micro' });
export const DeviceName = z
  .string()
  .regex(/^\/dev\/(sd[b-z]|xvd[b-z])$/, { message: 'is not a device name like /dev/sdf' });
export const ResourceName = z.string().max(256, { message: 'must be at most 256 characters' });

const common = {
  /** The account to act in (one Lineage reads); the current credentials' when absent. */
  accountId: z
    .string()
    .regex(/^\d{12}$/, { message: 'is not an AWS account id (12 digits)' })
    .optional(),
  dryRun: z.boolean().optional(),
  idempotencyKey: z
    .string()
    .min(1)
    .max(64, { message: 'must be at most 64 characters' })
    .regex(/^[\x20-\x7e]+$/, { message: 'must be printable ASCII' })
    .optional(),
};

/** An action in one region. */
const inRegion = { ...common, region: Region };
/** A copy from one region to another, sent to the destination. */
const between = { ...common, sourceRegion: Region, destinationRegion: Region };

export const CreateImageBody = z.object({
  ...inRegion,
  instanceId: InstanceId,
  name: ImageName,
  description: Description.optional(),
  noReboot: z.boolean().optional(),
});

export const ExtraVolume = z.object({
  deviceName: DeviceName,
  sizeGiB: SizeGiB,
  volumeType: VolumeType.default('gp3'),
  deleteOnTermination: z.boolean().default(true),
});

/** EC2 takes at most 16 KB of user data, counted before it is base64-encoded. */
export const USER_DATA_MAX_BYTES = 16 * 1024;
export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
/** User data as text (a script, cloud-init); the server encodes it in base64 as EC2 expects. */
export const UserData = z.string().refine((text) => utf8Bytes(text) <= USER_DATA_MAX_BYTES, {
  message: `must be at most ${USER_DATA_MAX_BYTES.toLocaleString('en-US')} bytes`,
});

export const RunInstancesBody = z.object({
  ...inRegion,
  imageId: ImageId,
  instanceType: InstanceType,
  count: z.number().int().min(1).max(20),
  name: ResourceName.optional(),
  extraVolumes: z.array(ExtraVolume).max(10).optional(),
  /** Required where the region has no default VPC; otherwise the default subnet of a zone EC2 picks. */
  subnetId: SubnetId.optional(),
  /** The subnet's VPC's groups; its `default` group when absent. */
  securityGroupIds: z.array(SecurityGroupId).min(1).max(16).optional(),
  keyName: KeyName.optional(),
  iamInstanceProfile: InstanceProfile.optional(),
  userData: UserData.optional(),
});

export const CreateSnapshotBody = z.object({ ...inRegion, volumeId: VolumeId, description: Description.optional() });

export const CreateVolumeBody = z.object({
  ...inRegion,
  snapshotId: SnapshotId,
  availabilityZone: AvailabilityZone,
  sizeGiB: SizeGiB.optional(),
  volumeType: VolumeType.optional(),
});

export const CopyImageBody = z.object({
  ...between,
  imageId: ImageId,
  name: ImageName,
  description: Description.optional(),
});

export const CopySnapshotBody = z.object({ ...between, snapshotId: SnapshotId, description: Description.optional() });

export const DeregisterImageBody = z.object({ ...inRegion, imageId: ImageId, deleteSnapshots: z.boolean() });

export const DeleteSnapshotBody = z.object({ ...inRegion, snapshotId: SnapshotId });

export const DeleteVolumeBody = z.object({ ...inRegion, volumeId: VolumeId });

export const RestoreSnapshotBody = z.object({ ...inRegion, snapshotId: SnapshotId });

export const RestoreImageBody = z.object({ ...inRegion, imageId: ImageId });
export const AttachVolumeBody = z.object({
  ...inRegion,
  volumeId: VolumeId,
  instanceId: InstanceId,
  device: DeviceName,
});

/** `force` detaches a volume whose instance does not answer (the file system may be left damaged). */
export const DetachVolumeBody = z.object({
  ...inRegion,
  volumeId: VolumeId,
  instanceId: InstanceId,
  force: z.boolean().optional(),
});

export const TerminateInstancesBody = z.object({ ...inRegion, instanceIds: z.array(InstanceId).min(1).max(50) });

export const ACTION_BODIES = {
  'create-image': CreateImageBody,
  'run-instances': RunInstancesBody,
  'create-snapshot': CreateSnapshotBody,
  'create-volume': CreateVolumeBody,
  'copy-image': CopyImageBody,
  'copy-snapshot': CopySnapshotBody,
  'deregister-image': DeregisterImageBody,
  'delete-snapshot': DeleteSnapshotBody,
  'delete-volume': DeleteVolumeBody,
  'attach-volume': AttachVolumeBody,
  'detach-volume': DetachVolumeBody,
  'terminate-instances': TerminateInstancesBody,
  'restore-snapshot': RestoreSnapshotBody,
  'restore-image': RestoreImageBody,
} as const;

export type ActionName = keyof typeof ACTION_BODIES;
export const ACTION_NAMES = Object.keys(ACTION_BODIES) as ActionName[];
export const isActionName = (name: string): name is ActionName => Object.hasOwn(ACTION_BODIES, name);

export type ActionBody<A extends ActionName> = z.input<(typeof ACTION_BODIES)[A]>;
export type ParsedActionBody<A extends ActionName> = z.output<(typeof ACTION_BODIES)[A]>;

/** What an action answers: the ids it made (or deleted), or that a dry run would be allowed. */
export const ActionResultSchema = z.object({
  dryRun: z.literal('allowed').optional(),
  imageId: z.string().optional(),
  instanceIds: z.array(z.string()).optional(),
  snapshotId: z.string().optional(),
  volumeId: z.string().optional(),
  /** Deregister with deleteSnapshots: what was deleted, and what was kept because another AMI uses it. */
  deletedSnapshotIds: z.array(z.string()).optional(),
  keptSnapshotIds: z.array(z.string()).optional(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;
