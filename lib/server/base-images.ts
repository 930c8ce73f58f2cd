import 'server-only';
import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import type { BaseImage } from '@/lib/api/base-images';
import { ACTION_DEADLINE_MS, withDeadline } from './deadline';
import { ec2Client } from './ec2';

/** The Amazon-provided images people start from, newest of each family first. */
const FAMILIES = [
  { label: 'Amazon Linux 2023 (x86_64)', pattern: 'al2023-ami-2023.*-x86_64' },
  { label: 'Amazon Linux 2023 (arm64)', pattern: 'al2023-ami-2023.*-arm64' },
  { label: 'Windows Server 2025 Base', pattern: 'Windows_Server-2025-English-Full-Base-*' },
];

const newest = (images: Image[]) =>
  [...images].sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];

/** Answers within ACTION_DEADLINE_MS (a dialog waits for it), or fails with DeadlineExceeded. */
export async function listBaseImages(region: string, signal?: AbortSignal): Promise<BaseImage[]> {
  const answer = await withDeadline(ACTION_DEADLINE_MS, `EC2 in ${region}`, signal, (abortSignal) =>
    ec2Client(region).send(
      new DescribeImagesCommand({
        Owners: ['amazon'],
        Filters: [
          { Name: 'name', Values: FAMILIES.map((f) => f.pattern) },
          { Name: 'state', Values: ['available'] },
        ],
      }),
      { abortSignal },
    ),
  );
  const images = answer.Images ?? [];
  const out: BaseImage[] = [];
  for (const family of FAMILIES) {
    const re = new RegExp(`^${family.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const image = newest(images.filter((i) => i.Name && re.test(i.Name)));
    if (!image?.ImageId) continue;
    out.push({
      imageId: image.ImageId,
      label: family.label,
      name: image.Name ?? image.ImageId,
      architecture: image.Architecture ?? null,
      rootDeviceName: image.RootDeviceName ?? null,
      rootSizeGiB:
        image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName)?.Ebs?.VolumeSize ?? null,
    });
  }
  return out;
}
