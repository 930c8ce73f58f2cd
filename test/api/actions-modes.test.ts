import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DefaultRateLimiter, Retry } from '@smithy/core/retry';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { ActionResultSchema } from '@/lib/api/actions';
import { ApiErrorSchema } from '@/lib/api/lineage';
import { addFault, clearFaults, pointAppAt, startWalkthrough } from './harness';

/**
 * POST /api/actions/* in the modes that need a fresh configuration (it is read once per process): read-only, regions
 * taken from DescribeRegions, and a region whose client is throttled until the SDK gives up.
 */

type Route = typeof import('@/app/api/actions/[action]/route');

let emulator: RunningEmulator;
const APP = 'http://127.0.0.1:3000';

beforeAll(async () => {
  emulator = await startWalkthrough();
});

afterAll(async () => {
  await emulator.close();
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.resetModules();
  await clearFaults(emulator.url);
});

/** The route with the app's configuration read afresh from this environment. */
async function routeWith(env: Record<string, string>): Promise<Route> {
  vi.resetModules();
  pointAppAt(emulator.url, { LINEAGE_READ_ONLY: '0', ...env });
  return import('@/app/api/actions/[action]/route');
}

async function post(route: Route, action: string, body: unknown, headers: Record<string, string> = {}) {
  const req = new NextRequest(new URL(`/api/actions/${action}`, APP), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP, ...headers },
    body: JSON.stringify(body),
  });
  const res = await route.POST(req, { params: Promise.resolve({ action }) });
  return { status: res.status, json: (await res.json()) as unknown };
}

const error = (json: unknown) => ApiErrorSchema.parse(json).error;
const MISSING_SNAPSHOT = 'snap-0123456789abcdef0';

describe('read-only mode (LINEAGE_READ_ONLY=1)', () => {
  it('refuses every action with 403 ReadOnly before anything else, without calling EC2', async () => {
    const route = await routeWith({ LINEAGE_READ_ONLY: '1' });
    const ec2Calls = vi.spyOn(emulator.emulator, 'invoke');
    const dryRun = await post(route, 'create-snapshot', {
      region: 'us-east-1',
      volumeId: 'vol-0123456789abcdef0',
      dryRun: true,
    });
    expect(dryRun.status).toBe(403);
    expect(error(dryRun.json)).toMatchObject({ code: 'ReadOnly', message: expect.stringMatching(/LINEAGE_READ_ONLY/) });
    const crossSiteText = await post(
      route,
      'delete-snapshot',
      { region: 'us-east-1', snapshotId: MISSING_SNAPSHOT },
      {
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      },
    );
    expect([crossSiteText.status, error(crossSiteText.json).code]).toEqual([403, 'ReadOnly']);
    expect(ec2Calls).not.toHaveBeenCalled();
  });

  it('still answers 404 for an action that does not exist', async () => {
    const route = await routeWith({ LINEAGE_READ_ONLY: '1' });
    const unknown = await post(route, 'format-disk', {});
    expect([unknown.status, error(unknown.json).code]).toEqual([404, 'UnknownAction']);
  });
});

describe('regions from DescribeRegions (LINEAGE_REGIONS unset)', () => {
  it('accepts any enabled region and refuses one the account has not enabled, with 400 naming the field', async () => {
    const route = await routeWith({ LINEAGE_REGIONS: '' });
    const ec2Calls = vi.spyOn(emulator.emulator, 'invoke');
    const optIn = await post(route, 'delete-snapshot', { region: 'af-south-1', snapshotId: MISSING_SNAPSHOT });
    expect(optIn.status).toBe(400);
    expect(error(optIn.json)).toMatchObject({ code: 'ValidationError', field: 'region' });
    expect(ec2Calls.mock.calls.map(([, action]) => action)).toEqual(['DescribeRegions']);

    const enabled = await post(route, 'delete-snapshot', { region: 'ap-south-1', snapshotId: MISSING_SNAPSHOT });
    expect([enabled.status, error(enabled.json).code]).toEqual([404, 'InvalidSnapshot.NotFound']);
  });
});

describe('throttling', () => {
  const region = 'us-west-2';
  let volumeId: string;

  beforeAll(async () => {
    const direct = new EC2Client({
      region,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    volumeId = (await direct.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 4 }))).VolumeId!;
    direct.destroy();
  });

  /**
   * The app's action client backs off between throttled attempts (seconds in all before it gives up): the wait
   * between attempts and the client-side rate limiter are shortened so the test runs in milliseconds. Every
   * attempt still goes over HTTP to the emulator.
   */
  function hurry(): void {
    vi.spyOn(Retry, 'throttlingDelay').mockReturnValue(1);
    vi.spyOn(DefaultRateLimiter.prototype, 'getSendToken').mockResolvedValue(undefined);
  }

  async function maxAttempts(): Promise<number> {
    const { ec2Client } = await import('@/lib/server/ec2');
    return ec2Client(region, 'action').config.maxAttempts();
  }

  it('retries a throttled call and succeeds when EC2 lets it through', async () => {
    const route = await routeWith({ LINEAGE_REGIONS: `us-east-1,eu-west-1,${region}` });
    hurry();
    const ec2Calls = vi.spyOn(emulator.emulator, 'invoke');
    await addFault(emulator.url, {
      region,
      action: 'CreateSnapshot',
      code: 'RequestLimitExceeded',
      status: 503,
      count: 2,
    });
    const made = await post(route, 'create-snapshot', { region, volumeId });
    expect(made.status).toBe(202);
    expect(ActionResultSchema.parse(made.json).snapshotId).toMatch(/^snap-/);
    expect(ec2Calls.mock.calls.filter(([, action]) => action === 'CreateSnapshot')).toHaveLength(3);
  });

  it('answers 503 RequestLimitExceeded once the SDK’s attempts are exhausted', async () => {
    const route = await routeWith({ LINEAGE_REGIONS: `us-east-1,eu-west-1,${region}` });
    hurry();
    const attempts = await maxAttempts();
    expect(attempts).toBeGreaterThan(1);
    const ec2Calls = vi.spyOn(emulator.emulator, 'invoke');
    await addFault(emulator.url, {
      region,
      action: 'CreateSnapshot',
      code: 'RequestLimitExceeded',
      status: 503,
      count: attempts + 2,
    });
    const throttled = await post(route, 'create-snapshot', { region, volumeId, idempotencyKey: 'throttled-once' });
    expect(throttled.status).toBe(503);
    expect(error(throttled.json)).toMatchObject({ code: 'RequestLimitExceeded', message: expect.any(String) });
    expect(ec2Calls.mock.calls.filter(([, action]) => action === 'CreateSnapshot')).toHaveLength(attempts);

    // The failed key is forgotten: once EC2 lets calls through again, the same submission succeeds.
    await clearFaults(emulator.url);
    const retried = await post(route, 'create-snapshot', { region, volumeId, idempotencyKey: 'throttled-once' });
    expect(retried.status).toBe(202);
  });
});
