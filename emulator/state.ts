/** The emulator's state: plain, JSON-serialisable records per region. Times are epoch milliseconds. */

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
  launchTime: number;
  terminatedAt?: number;
  availabilityZone: string;
  rootDeviceName: string;
  devices: InstanceDevice[];
  reservationId: string;
  amiLaunchIndex: number;
  privateIpAddress: string;
  clientToken?: string;
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
  public: boolean;
  tags: Tag[];
}

export interface ImageMappingRecord {
  deviceName: string;
  snapshotId?: string;
  volumeSize: number;
  volumeType: string;
  deleteOnTermination: boolean;
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
  public: boolean;
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
  clientTokens: Record<string, IdempotencyRecord>;
}

export interface EmulatorState {
  version: 1;
  scenario: string;
  accountId: string;
  /** Feeds resource ids and sequence numbers, so a scenario always yields the same ids. */
  counter: number;
  regions: Record<string, RegionState>;
}

export const ACCOUNT_ID = '123456789012';
export const AMAZON_OWNER_ID = '137112412989';

export function emptyRegion(): RegionState {
  return { instances: {}, volumes: {}, snapshots: {}, images: {}, clientTokens: {} };
}

export function emptyState(scenario: string): EmulatorState {
  return { version: 1, scenario, accountId: ACCOUNT_ID, counter: 0, regions: {} };
}
