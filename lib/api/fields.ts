/** Schemas of the EC2 values the API takes, built on the model's rules (`lib/lineage/ec2`). */
import { z } from 'zod';
import {
  ANY_ISSUED_ID,
  AVAILABILITY_ZONE_PATTERN,
  EBS_VOLUME_TYPES,
  ID_PREFIX,
  IMAGE_NAME,
  REGION_PATTERN,
  issuedIdPattern,
} from '@/lib/lineage/ec2';
import type { NodeKind } from '@/lib/lineage';

const ARTICLE: Record<NodeKind, string> = { instance: 'an', volume: 'a', snapshot: 'a', image: 'an' };

const idOf = (kind: NodeKind) =>
  z.string().regex(issuedIdPattern(kind), {
    message: `is not ${ARTICLE[kind]} ${kind} id like ${ID_PREFIX[kind]}-0123456789abcdef0`,
  });

export const InstanceId = idOf('instance');
export const VolumeId = idOf('volume');
export const SnapshotId = idOf('snapshot');
export const ImageId = idOf('image');
export const ResourceId = z
  .string()
  .regex(ANY_ISSUED_ID, { message: 'is not an EC2 instance, volume, snapshot or image id' });

export const Region = z.string().regex(REGION_PATTERN, { message: 'is not a region name like us-east-1' });
export const AvailabilityZone = z
  .string()
  .regex(AVAILABILITY_ZONE_PATTERN, { message: 'is not an availability zone like us-east-1a' });

export const ImageName = z
  .string()
  .min(IMAGE_NAME.min, { message: `must be at least ${IMAGE_NAME.min} characters` })
  .max(IMAGE_NAME.max, { message: `must be at most ${IMAGE_NAME.max} characters` })
  .regex(IMAGE_NAME.pattern, { message: `may use only ${IMAGE_NAME.characters}` });

export const VolumeType = z.enum(EBS_VOLUME_TYPES);

/** Whether a zod schema and a type written by hand describe the same values: `true` compiles only if they do. */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The network and access a launch may name: EC2's ids for subnets and security groups, key pair and profile names. */
export const SubnetId = z
  .string()
  .regex(/^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/, { message: 'is not a subnet id like subnet-0123456789abcdef0' });
export const SecurityGroupId = z
  .string()
  .regex(/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, { message: 'is not a security group id like sg-0123456789abcdef0' });
export const KeyName = z
  .string()
  .min(1)
  .max(255, { message: 'must be at most 255 characters' })
  .regex(/^[\x20-\x7e]+$/, { message: 'must be printable ASCII' });
/** An instance profile by name (IAM's characters) or by ARN. */
export const InstanceProfile = z
  .string()
  .regex(/^(arn:aws[a-z-]*:iam::\d{12}:instance-profile\/[\w+=,.@/-]{1,128}|[\w+=,.@-]{1,128})$/, {
    message: 'is not an instance profile name or ARN',
  });
