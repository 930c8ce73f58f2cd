import { CopyImageCommand, DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineageResponseSchema, type LineageResponse } from '@/lib/api/lineage';
import { ANCESTRY_EVIDENCE } from '@/lib/lineage/ancestry';
import { get, walkthroughApp } from './harness';

/**
 * GetImageAncestry behind GET /api/lineage: reading only ap-southeast-2, where a copy of the walkthrough's
 * eu-west-1 copy of ImageFromEBSVolDemo lives, the inventory sees the eu-west-1 source as a ghost and nothing
 * beyond it; the ancestry adds the us-east-1 original the copy descends from.
 */

const app = walkthroughApp({ LINEAGE_REGIONS: 'ap-southeast-2' });
let lineageGET: typeof import('@/app/api/lineage/route').GET;
const clients: EC2Client[] = [];
const ec2 = (region: string) => {
  const c = new EC2Client({
    region,
    endpoint: app.emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  ({ GET: lineageGET } = await import('@/app/api/lineage/route'));
});

afterAll(() => {
  for (const c of clients) c.destroy();
});

async function settled(): Promise<LineageResponse> {
  for (let i = 0; i < 100; i++) {
    const res = await lineageGET(get('/api/lineage'));
    expect(res.status).toBe(200);
    const body = LineageResponseSchema.parse(await res.json());
    if ((body.background.ancestry ?? 0) === 0) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the ancestry was never read');
}

describe('GetImageAncestry in the lineage', () => {
  it('adds the original of a copy of a copy, in a region that was not read', async () => {
    const named = async (region: string) =>
      (
        await ec2(region).send(
          new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['ImageFromEBSVolDemo'] }] }),
        )
      ).Images![0]!;
    const original = await named('us-east-1');
    const drCopy = await named('eu-west-1');
    const { ImageId: third } = await ec2('ap-southeast-2').send(
      new CopyImageCommand({ SourceImageId: drCopy.ImageId, SourceRegion: 'eu-west-1', Name: 'ImageFromEBSVolDemo' }),
    );
    const body = await settled();
    expect(body.nodes.find((n) => n.id === third)).toMatchObject({ external: false, region: 'ap-southeast-2' });
    expect(body.nodes.find((n) => n.id === drCopy.ImageId)).toMatchObject({ external: true, region: 'eu-west-1' });
    const root = body.nodes.find((n) => n.id === original.ImageId);
    expect(root).toMatchObject({ external: true, externalReason: 'source-not-listed', region: 'us-east-1' });
    const edge = body.edges.find((e) => e.source === original.ImageId && e.target === drCopy.ImageId);
    expect(edge).toMatchObject({ kind: 'copied', evidence: ANCESTRY_EVIDENCE });
  });
});
