import { z } from 'zod';
import { Region } from './fields';

/** GET /api/launch-options?region=…[&accountId=…]: what a launch in that region and account can choose from. */
export const LaunchOptionsQuerySchema = z.object({
  region: Region,
  accountId: z
    .string()
    .regex(/^\d{12}$/, { message: 'is not an AWS account id (12 digits)' })
    .optional(),
});
export type LaunchOptionsQuery = z.infer<typeof LaunchOptionsQuerySchema>;

/** One list read from AWS, or why it could not be read (the permission is missing): then the field is typed. */
const readable = <T extends z.ZodType>(item: T) =>
  z.discriminatedUnion('readable', [
    z.object({ readable: z.literal(true), items: z.array(item) }),
    z.object({ readable: z.literal(false), code: z.string(), message: z.string() }),
  ]);

export const SubnetOptionSchema = z.object({
  id: z.string(),
  vpcId: z.string().nullable(),
  availabilityZone: z.string().nullable(),
  cidr: z.string().nullable(),
  name: z.string().nullable(),
  defaultForAz: z.boolean(),
  availableIps: z.number().nullable(),
});
export const SecurityGroupOptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  vpcId: z.string().nullable(),
  description: z.string().nullable(),
});
export const KeyPairOptionSchema = z.object({ name: z.string(), type: z.string().nullable() });
export const InstanceProfileOptionSchema = z.object({ name: z.string(), arn: z.string() });

export const LaunchOptionsResponseSchema = z.object({
  region: z.string(),
  /** The region's default VPC; null when it has none (a launch must name a subnet), absent when VPCs are unreadable. */
  defaultVpcId: z.string().nullable().optional(),
  subnets: readable(SubnetOptionSchema),
  securityGroups: readable(SecurityGroupOptionSchema),
  keyPairs: readable(KeyPairOptionSchema),
  instanceProfiles: readable(InstanceProfileOptionSchema),
});

export type SubnetOption = z.infer<typeof SubnetOptionSchema>;
export type SecurityGroupOption = z.infer<typeof SecurityGroupOptionSchema>;
export type KeyPairOption = z.infer<typeof KeyPairOptionSchema>;
export type InstanceProfileOption = z.infer<typeof InstanceProfileOptionSchema>;
export type LaunchOptionsResponse = z.infer<typeof LaunchOptionsResponseSchema>;
/** One list of the answer: its items, or why they could not be read. */
export type Readable<T> = { readable: true; items: T[] } | { readable: false; code: string; message: string };
