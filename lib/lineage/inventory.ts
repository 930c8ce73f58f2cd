/**
 * Input of the lineage builder: what the describe-* calls returned, per region.
 *
 * These are our own minimal shapes, deliberately structurally compatible with the output types of
 * `@aws-sdk/client-ec2` (PascalCase, every field optional), so an SDK `Instance`, `Volume`, `Snapshot`
 * or `Image` can be passed as-is without this module importing the SDK.
 *
 * Other EC2 emulators send garbage: moto and LocalStack write the literal string "None" into fields and
 * use 8-hex ids (`ami-1a2b3c4d`). Every string here may be "None", "" or null; the builder treats all
 * three as absent. Timestamps may be `Date` objects (SDK) or strings (JSON, `Image.CreationDate`).
 */

/** A field as it may arrive: present, absent, or explicitly null. */
type Maybe<T> = T | null | undefined;

export type Timestamp = Date | string;

export interface InventoryTag {
  Key?: Maybe<string>;
  Value?: Maybe<string>;
}

export type InventoryTags = Maybe<readonly InventoryTag[]>;

export interface InventoryInstance {
  InstanceId?: Maybe<string>;
  ImageId?: Maybe<string>;
  State?: Maybe<{ Name?: Maybe<string>; Code?: Maybe<number> }>;
  InstanceType?: Maybe<string>;
  LaunchTime?: Maybe<Timestamp>;
  Tags?: InventoryTags;
  BlockDeviceMappings?: Maybe<
    readonly {
      DeviceName?: Maybe<string>;
      Ebs?: Maybe<{
        VolumeId?: Maybe<string>;
        Status?: Maybe<string>;
        AttachTime?: Maybe<Timestamp>;
        DeleteOnTermination?: Maybe<boolean>;
      }>;
    }[]
  >;
  RootDeviceName?: Maybe<string>;
  Placement?: Maybe<{ AvailabilityZone?: Maybe<string> }>;
  KeyName?: Maybe<string>;
  SubnetId?: Maybe<string>;
  SecurityGroups?: Maybe<readonly { GroupId?: Maybe<string>; GroupName?: Maybe<string> }[]>;
  IamInstanceProfile?: Maybe<{ Arn?: Maybe<string> }>;
}

export interface InventoryVolumeAttachment {
  InstanceId?: Maybe<string>;
  Device?: Maybe<string>;
  State?: Maybe<string>;
  DeleteOnTermination?: Maybe<boolean>;
  AttachTime?: Maybe<Timestamp>;
}

export interface InventoryVolume {
  VolumeId?: Maybe<string>;
  Size?: Maybe<number>;
  /** Empty for a blank volume. */
  SnapshotId?: Maybe<string>;
  State?: Maybe<string>;
  VolumeType?: Maybe<string>;
  AvailabilityZone?: Maybe<string>;
  CreateTime?: Maybe<Timestamp>;
  Attachments?: Maybe<readonly InventoryVolumeAttachment[]>;
  MultiAttachEnabled?: Maybe<boolean>;
  Encrypted?: Maybe<boolean>;
  /** The ARN of the KMS key of an encrypted volume. */
  KmsKeyId?: Maybe<string>;
  Tags?: InventoryTags;
}

export interface InventorySnapshot {
  SnapshotId?: Maybe<string>;
  /** A copy carries `vol-ffffffff`; a real id may name a deleted volume. */
  VolumeId?: Maybe<string>;
  VolumeSize?: Maybe<number>;
  State?: Maybe<string>;
  Progress?: Maybe<string>;
  StartTime?: Maybe<Timestamp>;
  Description?: Maybe<string>;
  OwnerId?: Maybe<string>;
  Tags?: InventoryTags;
  /** `standard` or `archive`. */
  StorageTier?: Maybe<string>;
  /** The blocks written on the volume when it was taken, where EC2 reports it. */
  FullSnapshotSizeInBytes?: Maybe<number>;
  Encrypted?: Maybe<boolean>;
  KmsKeyId?: Maybe<string>;
}

export interface InventoryImageBlockDeviceMapping {
  DeviceName?: Maybe<string>;
  /** Instance-store mappings (`ephemeral0`) have no Ebs. */
  VirtualName?: Maybe<string>;
  Ebs?: Maybe<{
    SnapshotId?: Maybe<string>;
    VolumeSize?: Maybe<number>;
    VolumeType?: Maybe<string>;
    DeleteOnTermination?: Maybe<boolean>;
    Encrypted?: Maybe<boolean>;
    KmsKeyId?: Maybe<string>;
  }>;
}

export interface InventoryImage {
  ImageId?: Maybe<string>;
  Name?: Maybe<string>;
  Description?: Maybe<string>;
  State?: Maybe<string>;
  OwnerId?: Maybe<string>;
  ImageOwnerAlias?: Maybe<string>;
  Public?: Maybe<boolean>;
  CreationDate?: Maybe<Timestamp>;
  RootDeviceName?: Maybe<string>;
  BlockDeviceMappings?: Maybe<readonly InventoryImageBlockDeviceMapping[]>;
  /** CreateImage only. */
  SourceInstanceId?: Maybe<string>;
  /** CopyImage, CreateImage (the AMI the source instance was launched from), restore tasks. */
  SourceImageId?: Maybe<string>;
  SourceImageRegion?: Maybe<string>;
  LastLaunchedTime?: Maybe<Timestamp>;
  Tags?: InventoryTags;
}

export interface RegionInventory {
  region: string;
  /** The account it was read from; null or absent when it is not known (one account, nothing it owns listed). */
  accountId?: string | null;
  instances: readonly InventoryInstance[];
  volumes: readonly InventoryVolume[];
  /** The account's own snapshots (`Owner.1=self`). */
  snapshots: readonly InventorySnapshot[];
  /** The account's own images (`Owner.1=self`). */
  images: readonly InventoryImage[];
  /**
   * Images the account does not own but that its instances were launched from, fetched by id
   * (public AMIs, AMIs shared by other accounts). They become `external` nodes.
   */
  externalImages?: readonly InventoryImage[];
}

export interface Inventory {
  regions: readonly RegionInventory[];
}
