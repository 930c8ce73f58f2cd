import { z } from 'zod';
import { EDGE_KINDS, EXTERNAL_REASONS, type LineageEdge, type LineageNode, type RecycleBinRules } from '@/lib/lineage';
import { type Agrees, Region, ResourceId } from './fields';
import {
  type HistoryStatus,
  HistoryStatusSchema,
  PastInstantSchema,
  type TrailStatus,
  TrailStatusSchema,
} from './store-status';

/** The contract of GET /api/lineage, shared by the route and the browser. */

/** What every route reading the graph takes (/api/lineage, /api/families, /api/families/{id}). */
export const ReadingQuery = {
  region: z.array(Region).default([]),
  /** Every region read past the server's cache. */
  refresh: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  /** Regions read past the server's cache (where something is pending), the others from it. */
  fresh: z.array(Region).default([]),
  /** The graph as recorded at that time, from the history store. */
  asOf: PastInstantSchema.optional(),
};

/** The reading parameters of a request's query string, for the schemas above to check. */
export function readingParams(params: URLSearchParams) {
  return {
    region: params.getAll('region'),
    refresh: params.get('refresh') ?? undefined,
    fresh: params.getAll('fresh'),
    asOf: params.get('asOf') ?? undefined,
  };
}

export const LineageQuerySchema = z.object({
  ...ReadingQuery,
  focus: ResourceId.optional(),
  depth: z.coerce.number().int().min(1).max(20).default(2),
});

export type LineageQuery = z.infer<typeof LineageQuerySchema>;

/** Who made a call, from CloudTrail: the caller's ARN, the event and its time. */
const AttributionSchema = z.object({ arn: z.string(), eventName: z.string(), at: z.string() });

const common = {
  id: z.string(),
  region: z.string(),
  accountId: z.string().nullable(),
  name: z.string().nullable(),
  state: z.string().nullable(),
  sizeGiB: z.number().nullable(),
  createdAt: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  external: z.boolean(),
  externalReason: z.enum(EXTERNAL_REASONS).optional(),
  lastSeenAt: z.string().optional(),
  recycleBin: z.object({ enteredAt: z.string(), exitsAt: z.string() }).optional(),
  createdBy: AttributionSchema.optional(),
  deletedBy: AttributionSchema.optional(),
};
const str = z.string().nullable();

/** Account ids, `all`, organization and organizational unit ARNs, as EC2 lists launch and volume permissions. */
const SharedWithSchema = z.array(z.string()).optional();

export const ImageUsageSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending') }),
  z.object({
    state: z.literal('available'),
    reportedAt: z.string(),
    accounts: z.array(
      z.object({ accountId: z.string(), instances: z.number().int(), launchTemplates: z.number().int() }),
    ),
  }),
  z.object({ state: z.literal('unavailable'), code: z.string(), message: z.string() }),
]);

const SnapshotProvenanceSchema = z.object({
  createImage: z.object({ imageId: z.string(), instanceId: z.string(), volumeId: str, text: z.string() }).nullable(),
  copyImage: z
    .object({ imageId: z.string(), sourceImageId: z.string(), sourceSnapshotId: z.string(), text: z.string() })
    .nullable(),
  copySnapshot: z.object({ snapshotId: z.string(), region: z.string(), text: z.string() }).nullable(),
});

/** Whether EBS encrypts a volume, snapshot or image's snapshots, and the KMS key's ARN. */
const encryption = { encrypted: z.boolean().nullable().optional(), kmsKeyId: str.optional() };

export const LineageNodeSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('instance'),
    details: z.object({
      instanceType: str,
      imageId: str,
      availabilityZone: str,
      rootDeviceName: str,
      subnetId: z.string().optional(),
      securityGroups: z.array(z.object({ id: z.string(), name: str })).optional(),
      keyName: z.string().optional(),
      instanceProfileArn: z.string().optional(),
    }),
  }),
  z.object({
    ...common,
    kind: z.literal('volume'),
    details: z.object({
      volumeType: str,
      availabilityZone: str,
      snapshotId: str,
      multiAttachEnabled: z.boolean(),
      attachments: z.array(
        z.object({ instanceId: z.string(), device: str, state: str, deleteOnTermination: z.boolean().nullable() }),
      ),
      ...encryption,
    }),
  }),
  z.object({
    ...common,
    kind: z.literal('snapshot'),
    details: z.object({
      volumeId: str,
      progress: str,
      description: str,
      ownerId: str,
      provenance: SnapshotProvenanceSchema.nullable(),
      sharedWith: SharedWithSchema,
      storageTier: str.optional(),
      fullSizeBytes: z.number().nullable().optional(),
      ...encryption,
    }),
  }),
  z.object({
    ...common,
    kind: z.literal('image'),
    details: z.object({
      ownerId: str,
      ownerAlias: str,
      public: z.boolean().nullable(),
      description: str,
      rootDeviceName: str,
      sourceInstanceId: str,
      sourceImageId: str,
      sourceImageRegion: str,
      lastLaunchedTime: str,
      blockDeviceMappings: z.array(
        z.object({ deviceName: str, snapshotId: str, sizeGiB: z.number().nullable(), ...encryption }),
      ),
      ...encryption,
      sharedWith: SharedWithSchema,
      usage: ImageUsageSchema.optional(),
    }),
  }),
]);

export const LineageEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.enum(EDGE_KINDS),
  evidence: z.string(),
  label: z.string().optional(),
  at: z.string().optional(),
});

/** What could not be read: a region of an account, or a whole account (no region: its role, its credentials). */
export const RegionErrorSchema = z.object({
  region: z.string().optional(),
  accountId: z.string().optional(),
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
});

export const ModeSchema = z.object({
  kind: z.enum(['demo', 'aws', 'endpoint']),
  endpoint: z.string().optional(),
  /** Real AWS only: the account the credentials belong to. */
  accountId: z.string().optional(),
  readOnly: z.boolean(),
  /** An access token guards the app: people sign in, and can sign out. */
  accessToken: z.boolean().optional(),
});

/** An account as it was read. */
export const AccountSchema = z.object({
  accountId: z.string().nullable(),
  /** Its name in the organization, or the profile's name. */
  name: z.string().nullable(),
  /** The regions of it that were read. */
  regions: z.array(z.string()),
  /** Nothing of it could be read. */
  failed: z.boolean(),
});

/** What is read after the graph is served: sharing attributes and usage reports still to come. */
export const BackgroundSchema = z.object({
  /** Owned images and snapshots whose sharing is still being read. */
  sharing: z.number().int(),
  /** Shared images whose usage report is still being made or read. */
  usage: z.number().int(),
  /** Accounts and regions whose Recycle Bin (its rules and what it holds) is still being read. */
  recycleBin: z.number().int().optional(),
  /** Images whose copy ancestry (GetImageAncestry) is still being read. */
  ancestry: z.number().int().optional(),
});

/** The Recycle Bin rules of an account and region, or why they could not be read. */
export const RecycleBinRulesSchema = z.object({
  accountId: z.string().nullable(),
  region: z.string(),
  rules: z.array(
    z.object({
      id: z.string(),
      resourceType: z.enum(['snapshot', 'image']),
      retentionDays: z.number().int(),
      resourceTags: z.array(z.object({ key: z.string(), value: z.string().optional() })),
      description: z.string().optional(),
    }),
  ),
  unreadable: z.string().optional(),
});

export const LineageResponseSchema = z.object({
  nodes: z.array(LineageNodeSchema),
  edges: z.array(LineageEdgeSchema),
  regions: z.array(z.string()),
  fetchedAt: z.string(),
  errors: z.array(RegionErrorSchema),
  accounts: z.array(AccountSchema),
  background: BackgroundSchema,
  mode: ModeSchema,
  focus: z.string().optional(),
  /** Present when the graph is a past view: the time asked for. Actions are off there. */
  asOf: z.string().optional(),
  /** True when the graph comes from the history store (after a restart) while a fresh read runs. */
  stored: z.boolean().optional(),
  history: HistoryStatusSchema.optional(),
  /** Whether who made what (`createdBy`, `deletedBy`) is read from CloudTrail, and why not. */
  trail: TrailStatusSchema.optional(),
  /** The Recycle Bin rules of each account and region read so far (read in the background). */
  recycleBin: z.array(RecycleBinRulesSchema).optional(),
});

export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
  errors: z.array(RegionErrorSchema).optional(),
});

export type RegionError = z.infer<typeof RegionErrorSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type Background = z.infer<typeof BackgroundSchema>;
export type Mode = z.infer<typeof ModeSchema>;
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The response as the server builds it: node and edge types come from the lineage model itself. */
export interface LineageResponse {
  nodes: LineageNode[];
  edges: LineageEdge[];
  regions: string[];
  fetchedAt: string;
  errors: RegionError[];
  accounts: Account[];
  background: Background;
  mode: Mode;
  focus?: string;
  asOf?: string;
  stored?: boolean;
  history?: HistoryStatus;
  trail?: TrailStatus;
  recycleBin?: RecycleBinRules[];
}

/** The schema and the model's types must agree; this fails to compile if they drift apart. */
const nodesAgree: Agrees<z.infer<typeof LineageNodeSchema>, LineageNode> = true;
const edgesAgree: Agrees<z.infer<typeof LineageEdgeSchema>, LineageEdge> = true;
const rulesAgree: Agrees<z.infer<typeof RecycleBinRulesSchema>, RecycleBinRules> = true;
void rulesAgree;
void nodesAgree;
void edgesAgree;
