import { seedSnapshot } from '../blocks';
import type { Emulator } from '../emulator';
import { idFromText } from '../ids';
import { AMAZON_OWNER_ID, type RegionState } from '../state';

/** The public, Amazon-owned images every region offers to launch from. */
const BASE_IMAGES = [
  {
    name: 'al2023-ami-2023.7.20260612.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.7.20260612.0 x86_64 HVM kernel-6.1',
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    rootDeviceName: '/dev/xvda',
    sizeGiB: 8,
    written: 0.2,
  },
  {
    name: 'al2023-ami-2023.7.20260612.0-kernel-6.1-arm64',
    description: 'Amazon Linux 2023 AMI 2023.7.20260612.0 arm64 HVM kernel-6.1',
    architecture: 'arm64',
    platformDetails: 'Linux/UNIX',
    rootDeviceName: '/dev/xvda',
    sizeGiB: 8,
    written: 0.2,
  },
  {
    name: 'Windows_Server-2025-English-Full-Base-2026.06.11',
    description: 'Microsoft Windows Server 2025 Full Locale English AMI provided by Amazon',
    architecture: 'x86_64',
    platformDetails: 'Windows',
    rootDeviceName: '/dev/sda1',
    sizeGiB: 30,
    written: 0.5,
  },
] as const;

const RELEASED = Date.parse('2026-06-12T18:32:00.000Z');

export function seedBaseImages(em: Emulator, region: string, rs: RegionState): void {
  for (const base of BASE_IMAGES) {
    const imageId = idFromText('ami', `${region}/${base.name}`);
    const snapshotId = idFromText('snap', `${region}/${base.name}/root`);
    rs.snapshots[snapshotId] = {
      seq: em.nextSeq(),
      id: snapshotId,
      volumeId: 'vol-ffffffff',
      volumeSize: base.sizeGiB,
      description: `Root volume of ${base.name}`,
      state: 'completed',
      startTime: RELEASED - 3_600_000,
      completedAt: RELEASED - 3_000_000,
      ownerId: AMAZON_OWNER_ID,
      ownerAlias: 'amazon',
      public: true,
      tags: [],
    };
    seedSnapshot(em, rs.snapshots[snapshotId], base.written);
    rs.images[imageId] = {
      seq: em.nextSeq(),
      id: imageId,
      name: base.name,
      description: base.description,
      state: 'available',
      creationDate: RELEASED,
      ownerId: AMAZON_OWNER_ID,
      ownerAlias: 'amazon',
      public: true,
      architecture: base.architecture,
      platformDetails: base.platformDetails,
      rootDeviceName: base.rootDeviceName,
      mappings: [
        {
          deviceName: base.rootDeviceName,
          snapshotId,
          volumeSize: base.sizeGiB,
          volumeType: 'gp3',
          deleteOnTermination: true,
        },
      ],
      tags: [],
    };
  }
}
