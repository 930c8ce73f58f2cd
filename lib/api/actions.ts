import { z } from 'zod';
import { REGION_PATTERN } from './lineage';

/** The contract of POST /api/actions/*: one zod schema per action, shared by the routes and the dialogs. */

const id = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), {
    message: `is not ${what} id like ${prefix}-0123456789abcdef0`,
  });

export const InstanceId = id('i', 'an instance');
export const VolumeId = id('vol', 'a volume');
export const SnapshotId = id('snap', 'a snapshot');
export const ImageId = id('ami', 'an image');
export const Region = z.string().regex(REGION_PATTERN, { message: 'is not a region name like us-east-1' });
export const AvailabilityZone = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}[a-z]$/, { message: 'is not an availability zone like us-east-1a' });

/** AWS's AMI name rule. */
export const ImageName = z
  .string()
  .min(3, { message: 'must be at least 3 characters' })
  .max(128, { message: 'must be at most 128 characters' })
  .regex(/^[A-Za-z0-9()[\] ./\-'@_]+$/, { message: "may use only letters, digits, spaces and ( ) [ ] . / - ' @ _" });

export const Description = z.string().max(255, { message: 'must be at most 255 characters' });
export const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
export const VolumeType = z.enum(VOLUME_TYPES);
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

export const CreateImageBody = z.object({
  ...common,
  region: Region,
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

export const RunInstancesBody = z.object({
  ...common,
  region: Region,
  imageId: ImageId,
  instanceType: InstanceType,
  count: z.number().int().min(1).max(20),
  name: ResourceName.optional(),
  extraVolumes: z.array(ExtraVolume).max(10).optional(),
});

export const CreateSnapshotBody = z.object({
  ...common,
  region: Region,
  volumeId: VolumeId,
  description: Description.optional(),
});

export const CreateVolumeBody = z.object({
  ...common,
  region: Region,
  snapshotId: SnapshotId,
  availabilityZone: AvailabilityZone,
  sizeGiB: SizeGiB.optional(),
  volumeType: VolumeType.optional(),
});

export const CopyImageBody = z.object({
  ...common,
  sourceRegion: Region,
  imageId: ImageId,
  destinationRegion: Region,
  name: ImageName,
  description: Description.optional(),
});

export const CopySnapshotBody = z.object({
  ...common,
  sourceRegion: Region,
  snapshotId: SnapshotId,
  destinationRegion: Region,
  description: Description.optional(),
});

export const DeregisterImageBody = z.object({
  ...common,
  region: Region,
  imageId: ImageId,
  deleteSnapshots: z.boolean(),
});

export const DeleteSnapshotBody = z.object({
  ...common,
  region: Region,
  snapshotId: SnapshotId,
});

export const DeleteVolumeBody = z.object({
  ...common,
  region: Region,
  volumeId: VolumeId,
});

export const TerminateInstancesBody = z.object({
  ...common,
  region: Region,
  instanceIds: z.array(InstanceId).min(1).max(50),
});

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
  'terminate-instances': TerminateInstancesBody,
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
