import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { startEmulator } from '@/emulator/server';
import { ApiErrorSchema } from '@/lib/api/lineage';
import { BaseImagesResponseSchema } from '@/lib/api/base-images';
import { get, pointAppAt } from './harness';

let emulator: RunningEmulator;
let GET: (request: ReturnType<typeof get>) => Promise<Response>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scenario: 'empty', delayMs: 0 });
  pointAppAt(emulator.url);
  ({ GET } = await import('@/app/api/base-images/route'));
});

afterAll(async () => {
  await emulator.close();
});

describe('GET /api/base-images', () => {
  it("lists the region's Amazon base images, one per family", async () => {
    const res = await GET(get('/api/base-images?region=eu-west-1'));
    expect(res.status).toBe(200);
    const body = BaseImagesResponseSchema.parse(await res.json());
    expect(body.images.map((i) => i.label)).toEqual([
      'Amazon Linux 2023 (x86_64)',
      'Amazon Linux 2023 (arm64)',
      'Windows Server 2025 Base',
    ]);
    const linux = body.images[0]!;
    expect(linux.imageId).toMatch(/^ami-/);
    expect(linux.architecture).toBe('x86_64');
    expect(linux.rootSizeGiB).toBe(8);
  });

  it('refuses a bad region with 400', async () => {
    const res = await GET(get('/api/base-images?region=nowhere'));
    expect(res.status).toBe(400);
    expect(ApiErrorSchema.parse(await res.json()).error.field).toBe('region');
  });
});
