/**
 * Hand-built inventories for tests (and for anyone who needs a small, known graph): the walkthrough of
 * docs/ARCHITECTURE.md, and helpers to write others briefly.
 */
import type { Inventory, InventoryTag, RegionInventory } from './inventory';

export function tags(record: Record<string, string>): InventoryTag[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

/** A region's inventory; lists left out are empty. */
export function region(name: string, parts: Partial<Omit<RegionInventory, 'region'>> = {}): RegionInventory {
  return {
    region: name,
    instances: parts.instances ?? [],
    volumes: parts.volumes ?? [],
    snapshots: parts.snapshots ?? [],
    images: parts.images ?? [],
    ...(parts.externalImages ? { externalImages: parts.externalImages } : {}),
  };
}

export function inventory(...regions: RegionInventory[]): Inventory {
  return { regions };
}

/** Ids of the walkthrough, named as in docs/ARCHITECTURE.md. `…c` are the eu-west-1 copies (AMI1', S1', S2'). */
export const W = {
  BASE: 'ami-0b45e000000000001', // public Amazon Linux AMI I1 was launched from
  BASE_SNAP: 'snap-0a3a2000000000001', // its snapshot, owned by Amazon
  I1: 'i-01000000000000001',
  V1a: 'vol-01a00000000000001',
  V1b: 'vol-01b00000000000001',
  S1: 'snap-01000000000000001',
  S2: 'snap-02000000000000002',
  AMI1: 'ami-01000000000000001',
  I2: 'i-02000000000000002',
  V2a: 'vol-02a00000000000002',
  V2b: 'vol-02b00000000000002',
  AMI1c: 'ami-0c100000000000001',
  S1c: 'snap-0c100000000000001',
  S2c: 'snap-0c200000000000002',
} as const;

/**
 * The walkthrough: I1 (launched from a public AMI) with a root and a data volume; CreateImage → S1, S2,
 * AMI1; I2 launched from AMI1 with two restored volumes; AMI1 copied to eu-west-1 with its two snapshots.
 * Shaped the way real AWS answers (SourceImageId on a CreateImage AMI names the launch AMI).
 */
export function walkthroughInventory(): Inventory {
  const createDescription = `Created by CreateImage(${W.I1}) for ${W.AMI1}`;
  const copyDescription = (snap: string) =>
    `Copied for DestinationAmi ${W.AMI1c} from SourceAmi ${W.AMI1} for SourceSnapshot ${snap}. Task created on 1,629,998,298,383.`;
  return inventory(
    region('us-east-1', {
      instances: [
        {
          InstanceId: W.I1,
          ImageId: W.BASE,
          State: { Code: 16, Name: 'running' },
          InstanceType: 't3.micro',
          LaunchTime: new Date('2026-01-10T09:00:00.000Z'),
          Tags: tags({ Name: 'EBSVolDemo' }),
          RootDeviceName: '/dev/xvda',
          Placement: { AvailabilityZone: 'us-east-1a' },
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { VolumeId: W.V1a, Status: 'attached', DeleteOnTermination: true } },
            { DeviceName: '/dev/sdf', Ebs: { VolumeId: W.V1b, Status: 'attached', DeleteOnTermination: false } },
          ],
        },
        {
          InstanceId: W.I2,
          ImageId: W.AMI1,
          State: { Code: 16, Name: 'running' },
          InstanceType: 't3.micro',
          LaunchTime: new Date('2026-01-11T09:00:00.000Z'),
          Tags: tags({ Name: 'EBSVolDemo-restored' }),
          RootDeviceName: '/dev/xvda',
          Placement: { AvailabilityZone: 'us-east-1a' },
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { VolumeId: W.V2a, Status: 'attached', DeleteOnTermination: true } },
            { DeviceName: '/dev/sdf', Ebs: { VolumeId: W.V2b, Status: 'attached', DeleteOnTermination: false } },
          ],
        },
      ],
      volumes: [
        {
          VolumeId: W.V1a,
          Size: 8,
          SnapshotId: W.BASE_SNAP,
          State: 'in-use',
          VolumeType: 'gp3',
          AvailabilityZone: 'us-east-1a',
          CreateTime: new Date('2026-01-10T09:00:01.000Z'),
          Attachments: [
            {
              InstanceId: W.I1,
              Device: '/dev/xvda',
              State: 'attached',
              DeleteOnTermination: true,
              AttachTime: new Date('2026-01-10T09:00:02.000Z'),
            },
          ],
        },
        {
          VolumeId: W.V1b,
          Size: 2,
          SnapshotId: '',
          State: 'in-use',
          VolumeType: 'gp3',
          AvailabilityZone: 'us-east-1a',
          CreateTime: new Date('2026-01-10T09:00:01.000Z'),
          Attachments: [{ InstanceId: W.I1, Device: '/dev/sdf', State: 'attached', DeleteOnTermination: false }],
        },
        {
          VolumeId: W.V2a,
          Size: 8,
          SnapshotId: W.S1,
          State: 'in-use',
          VolumeType: 'gp3',
          AvailabilityZone: 'us-east-1a',
          CreateTime: new Date('2026-01-11T09:00:01.000Z'),
          Attachments: [{ InstanceId: W.I2, Device: '/dev/xvda', State: 'attached', DeleteOnTermination: true }],
        },
        {
          VolumeId: W.V2b,
          Size: 2,
          SnapshotId: W.S2,
          State: 'in-use',
          VolumeType: 'gp3',
          AvailabilityZone: 'us-east-1a',
          CreateTime: new Date('2026-01-11T09:00:01.000Z'),
          Attachments: [{ InstanceId: W.I2, Device: '/dev/sdf', State: 'attached', DeleteOnTermination: false }],
        },
      ],
      snapshots: [
        {
          SnapshotId: W.S1,
          VolumeId: W.V1a,
          VolumeSize: 8,
          State: 'completed',
          Progress: '100%',
          StartTime: new Date('2026-01-10T10:00:00.000Z'),
          Description: createDescription,
          OwnerId: '123456789012',
        },
        {
          SnapshotId: W.S2,
          VolumeId: W.V1b,
          VolumeSize: 2,
          State: 'completed',
          Progress: '100%',
          StartTime: new Date('2026-01-10T10:00:00.000Z'),
          Description: createDescription,
          OwnerId: '123456789012',
        },
      ],
      images: [
        {
          ImageId: W.AMI1,
          Name: 'EBSVolDemo-ami',
          State: 'available',
          OwnerId: '123456789012',
          Public: false,
          CreationDate: '2026-01-10T10:00:00.000Z',
          RootDeviceName: '/dev/xvda',
          SourceInstanceId: W.I1,
          SourceImageId: W.BASE,
          SourceImageRegion: 'us-east-1',
          BlockDeviceMappings: [
            {
              DeviceName: '/dev/xvda',
              Ebs: { SnapshotId: W.S1, VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true },
            },
            {
              DeviceName: '/dev/sdf',
              Ebs: { SnapshotId: W.S2, VolumeSize: 2, VolumeType: 'gp3', DeleteOnTermination: false },
            },
          ],
        },
      ],
      externalImages: [
        {
          ImageId: W.BASE,
          Name: 'al2023-ami-2023.6.20260101.0-kernel-6.1-x86_64',
          State: 'available',
          OwnerId: '137112412989',
          ImageOwnerAlias: 'amazon',
          Public: true,
          CreationDate: '2026-01-01T00:00:00.000Z',
          RootDeviceName: '/dev/xvda',
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: W.BASE_SNAP, VolumeSize: 8 } }],
        },
      ],
    }),
    region('eu-west-1', {
      snapshots: [
        {
          SnapshotId: W.S1c,
          VolumeId: 'vol-ffffffff',
          VolumeSize: 8,
          State: 'completed',
          Progress: '100%',
          StartTime: new Date('2026-01-12T10:00:00.000Z'),
          Description: copyDescription(W.S1),
          OwnerId: '123456789012',
        },
        {
          SnapshotId: W.S2c,
          VolumeId: 'vol-ffffffff',
          VolumeSize: 2,
          State: 'completed',
          Progress: '100%',
          StartTime: new Date('2026-01-12T10:00:00.000Z'),
          Description: copyDescription(W.S2),
          OwnerId: '123456789012',
        },
      ],
      images: [
        {
          ImageId: W.AMI1c,
          Name: 'EBSVolDemo-ami',
          State: 'available',
          OwnerId: '123456789012',
          CreationDate: '2026-01-12T10:00:00.000Z',
          RootDeviceName: '/dev/xvda',
          SourceImageId: W.AMI1,
          SourceImageRegion: 'us-east-1',
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { SnapshotId: W.S1c, VolumeSize: 8 } },
            { DeviceName: '/dev/sdf', Ebs: { SnapshotId: W.S2c, VolumeSize: 2 } },
          ],
        },
      ],
    }),
  );
}
