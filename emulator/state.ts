/** The emulator's state: plain, JSON-serialisable records per region. Times are epoch milliseconds. */

import type { BlockState } from './blocks/state';

export interface Tag {
  key: string;
  value: string;
}

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';
export type VolumeStateName = 'creating' | 'available' | 'in-use' | 'deleting' | 'deleted' | 'error';
export type SnapshotStateName = 'pending' | 'completed' | 'error';
export type ImageStateName = 'pending' | 'available' | 'failed' | 'deregistered' | 'disabled';

export interface InstanceDevice {
  deviceName: string;
  volumeId: string;
  attachTime: number;
  deleteOnTermination: boolean;
}

export interface InstanceRecord {
  seq: number;
  id: string;
  imageId: string;
  instanceType: string;
  architecture: string;
  state: InstanceStateName;
  /** When the current transitional state (pending, stopping, shutting-down) ends. */
  settlesAt?: number;
  stateReason?: string;
  /** When the user asked for the state it is in or moving to (stop, terminate). */
  stateReasonAt?: number;
  launchTime: number;
  terminatedAt?: number;
  availabilityZone: string;
  rootDeviceName: string;
  devices: InstanceDevice[];
  reservationId: string;
  amiLaunchIndex: number;
  privateIpAddress: string;
  clientToken?: string;
  /** The key pair it was launched with. */
  keyName?: string;
  /** `windows` for an instance of a Windows image. */
  platform?: 'windows';
  platformDetails?: string;
  monitoring?: boolean;
  ebsOptimized?: boolean;
  hibernation?: boolean;
  tenancy?: string;
  tags: Tag[];
}

export interface VolumeAttachmentRecord {
  instanceId: string;
  device: string;
  attachTime: number;
  deleteOnTermination: boolean;
  state: 'attaching' | 'attached' | 'detaching';
}

export interface VolumeRecord {
  seq: number;
  id: string;
  sizeGiB: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
  snapshotId?: string;
  availabilityZone: string;
  state: VolumeStateName;
  settlesAt?: number;
  createTime: number;
  attachments: VolumeAttachmentRecord[];
  multiAttachEnabled: boolean;
  /** Restored from a snapshot with fast snapshot restore enabled in its zone. */
  fastRestored?: boolean;
  /** Encrypted, with the ARN of its KMS key; absent (unencrypted) in records from before encryption was kept. */
  encryption?: EncryptionRecord;
  tags: Tag[];
}

export interface SnapshotRecord {
  seq: number;
  id: string;
  volumeId: string;
  volumeSize: number;
  description: string;
  state: SnapshotStateName;
  startTime: number;
  /** When a pending snapshot completes; progress is measured against it. */
  settlesAt?: number;
  completedAt?: number;
  ownerId: string;
  ownerAlias?: string;
  /** createVolumePermission group `all`. */
  public: boolean;
  /** createVolumePermission user ids; absent when shared with nobody. */
  sharedWith?: string[];
  /** What its blocks add up to (FullSnapshotSizeInBytes); absent for a snapshot from before blocks were kept. */
  fullSizeBytes?: number;
  /** Standard unless archived (ModifySnapshotTier). */
  storageTier?: 'standard' | 'archive';
  /** When it was archived. */
  tieringStartTime?: number;
  /** Fast snapshot restore: when it was enabled in each zone. */
  fastRestores?: Record<string, number>;
  /** Encrypted, with the ARN of its KMS key; absent (unencrypted) in records from before encryption was kept. */
  encryption?: EncryptionRecord;
  tags: Tag[];
}

export interface ImageMappingRecord {
  deviceName: string;
  snapshotId?: string;
  volumeSize: number;
  volumeType: string;
  deleteOnTermination: boolean;
  /** Encrypted, with the ARN of its KMS key; absent (unencrypted) in records from before encryption was kept. */
  encryption?: EncryptionRecord;
}

/** An encrypted volume's or snapshot's KMS key, by its key ARN. */
export interface EncryptionRecord {
  kmsKeyId: string;
}

/** A region's EBS encryption settings (EnableEbsEncryptionByDefault, ModifyEbsDefaultKmsKeyId). */
export interface EbsDefaultsRecord {
  encryptionByDefault: boolean;
  /** The default key as it was named (a key or alias ARN); the AWS managed key `alias/aws/ebs` when absent. */
  kmsKeyId?: string;
}

export interface ImageRecord {
  seq: number;
  id: string;
  name: string;
  description?: string;
  state: ImageStateName;
  creationDate: number;
  ownerId: string;
  ownerAlias?: string;
  /** launchPermission group `all`. */
  public: boolean;
  /** The other launch permissions; absent when shared with nobody. */
  sharedWith?: LaunchPermissionRecord;
  architecture: string;
  platformDetails: string;
  rootDeviceName: string;
  mappings: ImageMappingRecord[];
  sourceInstanceId?: string;
  sourceImageId?: string;
  sourceImageRegion?: string;
  lastLaunchedTime?: number;
  tags: Tag[];
}

export interface LaunchPermissionRecord {
  userIds: string[];
  organizationArns: string[];
  organizationalUnitArns: string[];
}

export interface UsageReportEntryRecord {
  accountId: string;
  resourceType: string;
  count: number;
}

/** An image usage report: counted when it is asked for, shown once it is available. */
export interface UsageReportRecord {
  seq: number;
  id: string;
  imageId: string;
  resourceTypes: { type: string; options: { name: string; values: string[] }[] }[];
  accountIds?: string[];
  createdAt: number;
  availableAt: number;
  entries: UsageReportEntryRecord[];
  tags: Tag[];
}

export interface VolumeSettingsRecord {
  size: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
}

export interface VolumeModificationRecord {
  volumeId: string;
  startTime: number;
  original: VolumeSettingsRecord;
  target: VolumeSettingsRecord;
}

export interface KeyPairRecord {
  seq: number;
  id: string;
  name: string;
  type: 'rsa' | 'ed25519';
  fingerprint: string;
  publicKey: string;
  createTime: number;
  tags: Tag[];
}

export interface IdempotencyRecord {
  action: string;
  fingerprint: string;
  result: unknown;
}

export interface RegionState {
  instances: Record<string, InstanceRecord>;
  volumes: Record<string, VolumeRecord>;
  snapshots: Record<string, SnapshotRecord>;
  images: Record<string, ImageRecord>;
  usageReports: Record<string, UsageReportRecord>;
  clientTokens: Record<string, IdempotencyRecord>;
  /** Each volume's latest ModifyVolume, by volume id; absent until the first. */
  volumeModifications?: Record<string, VolumeModificationRecord>;
  /** Key pairs by name; absent until the first is made. */
  keyPairs?: Record<string, KeyPairRecord>;
  /** Absent until encryption settings are changed in the region. */
  ebsDefaults?: EbsDefaultsRecord;
}

/** An IAM role other principals may assume. */
export interface RoleRecord {
  name: string;
  /** Accounts whose users and roles the trust policy lets assume it. */
  trustedAccountIds: string[];
  maxSessionSeconds: number;
}

export interface AccountRecord {
  id: string;
  name: string;
  email: string;
  /** Amazon's own account carries the alias `amazon`. */
  alias?: string;
  /** Where it sits in the organization: the root or an organizational unit; absent outside any organization. */
  parentId?: string;
  joinedAt: number;
  roles: Record<string, RoleRecord>;
  regions: Record<string, RegionState>;
}

export interface OrganizationalUnitRecord {
  id: string;
  name: string;
  parentId: string;
}

export interface OrganizationRecord {
  id: string;
  rootId: string;
  managementAccountId: string;
  units: Record<string, OrganizationalUnitRecord>;
}

/** An access key: one a scenario names for an IAM user, or one AssumeRole issued for a session. */
export interface AccessKeyRecord {
  accountId: string;
  user?: string;
  /** issuedAt is absent on sessions issued by an earlier emulator. */
  session?: { role: string; name: string; expiresAt: number; issuedAt?: number };
}

/** Who made calls that CloudTrail logs: the caller's ARN and access key, and where the calls came from. */
export interface TrailActorRecord {
  /** An IAM user's ARN, or an assumed role session's. */
  arn: string;
  accessKeyId: string;
  sourceIp: string;
  userAgent: string;
}

/**
 * One CloudTrail management event: a call that changed state (or tried to), kept small because an account's trail
 * holds tens of thousands. Its ids, resource types and the CloudTrail record follow from these fields.
 */
export interface TrailEventRecord {
  seq: number;
  /** eventTime. */
  at: number;
  region: string;
  /** The service, whose eventSource is `SERVICE.amazonaws.com`. */
  service: string;
  name: string;
  /** Who called: an index into the trail's actors. */
  actor: number;
  /** When the caller's assumed role session was issued. */
  sessionIssuedAt?: number;
  /** The ids and ARNs it named or made (their resource types follow from their shape). */
  resources: string[];
  /** The request, in the SDK's input shape, as JSON text (one string is lighter to keep than its objects). */
  request?: string;
  /** The answer's ids, states and sizes, as JSON text. */
  response?: string;
  /** What the service refused it with: code and message. */
  error?: [string, string];
  /** The request id the caller got; a scenario's calls derive theirs from seq. */
  requestId?: string;
}

/** Every account's CloudTrail events, oldest first; the callers they name; the sequence that numbers them. */
export interface TrailState {
  seq: number;
  actors: TrailActorRecord[];
  events: Record<string, TrailEventRecord[]>;
}

export interface EmulatorState {
  version: 2;
  scenario: string;
  /** The account any access key the emulator does not know acts in: the scenario's only or management account. */
  defaultAccountId: string;
  /** Feeds resource ids and sequence numbers, so a scenario always yields the same ids. */
  counter: number;
  accounts: Record<string, AccountRecord>;
  organization?: OrganizationRecord;
  accessKeys: Record<string, AccessKeyRecord>;
  /** Absent in files written before the emulator kept a trail. */
  trail?: TrailState;
  /** The blocks behind volumes and snapshots; absent in a file from before blocks were kept. */
  blocks?: BlockState;
  /**
   * The aliases of the customer managed KMS keys every account holds in every region (besides the AWS managed key
   * `alias/aws/ebs`); absent in files from before keys were kept, which then have the usual one.
   */
  customerKeys?: string[];
}

export const ACCOUNT_ID = '123456789012';
export const AMAZON_OWNER_ID = '137112412989';
/** The customer managed keys a scenario has unless it names others. */
export const CUSTOMER_KEYS = ['alias/lineage-data'] as const;
/** The IAM user an access key the emulator does not know belongs to. */
export const DEFAULT_USER = 'admin';

export function emptyRegion(): RegionState {
  return { instances: {}, volumes: {}, snapshots: {}, images: {}, usageReports: {}, clientTokens: {} };
}

export function newAccount(id: string, name: string, fields: Partial<AccountRecord> = {}): AccountRecord {
  return { id, name, email: `${name}@example.com`, joinedAt: 0, roles: {}, regions: {}, ...fields };
}

/** A fresh state: the default account and Amazon's, which holds the public base images. */
export function emptyState(scenario: string): EmulatorState {
  return {
    version: 2,
    scenario,
    defaultAccountId: ACCOUNT_ID,
    counter: 0,
    accounts: {
      [ACCOUNT_ID]: newAccount(ACCOUNT_ID, 'default'),
      [AMAZON_OWNER_ID]: newAccount(AMAZON_OWNER_ID, 'amazon', { alias: 'amazon', email: 'aws@amazon.com' }),
    },
    accessKeys: {},
    trail: { seq: 0, actors: [], events: {} },
    customerKeys: [...CUSTOMER_KEYS],
  };
}
