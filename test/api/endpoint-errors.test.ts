import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiErrorSchema } from '@/lib/api/lineage';
import { get, pointAppAt } from './harness';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

afterEach(() => {
  vi.resetModules();
});

describe('GET /api/lineage when EC2 cannot be used', () => {
  it('answers 502 when the endpoint is unreachable', async () => {
    pointAppAt(`http://127.0.0.1:${await closedPort()}`);
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(502);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe('EndpointUnreachable');
    expect(body.error.message).toMatch(/ECONNREFUSED/);
  });

  it('answers 401 with what to do when there are no credentials', async () => {
    pointAppAt(`http://127.0.0.1:${await closedPort()}`, {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: 'lineage-test-missing-profile',
      AWS_CONFIG_FILE: '/nonexistent/lineage-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/lineage-credentials',
    });
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(401);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe('NoCredentials');
    expect(body.error.message).toMatch(/AWS_PROFILE/);
    expect(body.error.message).toMatch(/npm run demo/);
  });

  it('answers 500 naming the variable when the configuration is invalid', async () => {
    pointAppAt('http://127.0.0.1:1', { LINEAGE_REGIONS: 'us-east-1,moon' });
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(500);
    expect(ApiErrorSchema.parse(await res.json()).error.message).toMatch(/LINEAGE_REGIONS/);
  });
});
