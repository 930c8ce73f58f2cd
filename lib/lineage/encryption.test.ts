import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { encryptionOf, encryptionText, kmsKeyLabel } from './encryption';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-0000-4000-a000-000000000001';

describe('encryption', () => {
  it('reads the encryption of volumes, snapshots and images (encrypted when every mapped snapshot is)', () => {
    const graph = buildLineage({
      regions: [
        {
          region: 'us-east-1',
          instances: [],
          volumes: [{ VolumeId: 'vol-0000000000000000a', Encrypted: true, KmsKeyId: KEY }],
          snapshots: [{ SnapshotId: 'snap-0000000000000000a', VolumeId: 'vol-0000000000000000a', Encrypted: false }],
          images: [
            {
              ImageId: 'ami-0000000000000000a',
              RootDeviceName: '/dev/xvda',
              BlockDeviceMappings: [
                {
                  DeviceName: '/dev/xvda',
                  Ebs: { SnapshotId: 'snap-0000000000000000b', Encrypted: true, KmsKeyId: KEY },
                },
                { DeviceName: '/dev/sdf', Ebs: { SnapshotId: 'snap-0000000000000000c', Encrypted: false } },
              ],
            },
            {
              ImageId: 'ami-0000000000000000b',
              RootDeviceName: '/dev/xvda',
              BlockDeviceMappings: [
                {
                  DeviceName: '/dev/xvda',
                  Ebs: { SnapshotId: 'snap-0000000000000000d', Encrypted: true, KmsKeyId: KEY },
                },
              ],
            },
          ],
        },
      ],
    });
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    expect(encryptionOf(node('vol-0000000000000000a'))).toEqual({ encrypted: true, kmsKeyId: KEY });
    expect(encryptionText(node('vol-0000000000000000a'))).toBe('encrypted with key/1a2b3c4d…');
    expect(encryptionText(node('snap-0000000000000000a'))).toBe('not encrypted');
    expect(encryptionOf(node('ami-0000000000000000a'))).toEqual({ encrypted: false, kmsKeyId: null });
    expect(encryptionOf(node('ami-0000000000000000b'))).toEqual({ encrypted: true, kmsKeyId: KEY });
  });

  it('names keys by alias, short id, and the account when it is another', () => {
    expect(kmsKeyLabel('arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs')).toBe('alias/aws/ebs');
    expect(kmsKeyLabel(KEY, '444455556666')).toBe('key/1a2b3c4d… of 123456789012');
    expect(kmsKeyLabel(null)).toBe('a KMS key');
  });
});
