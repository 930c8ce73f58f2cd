import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { ApiErrorSchema } from '@/lib/api/lineage';
import { get, pointAppAt, restoreEnvAfterEach, startWalkthrough } from './harness';

/**
 * How the app's AWS clients are made: retry settings from the environment (today's values as defaults), timeouts on
 * every request, and one credential provider shared by all of an account's clients.
 */

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startWalkthrough();
});

afterAll(async () => {
  await emulator.close();
});

restoreEnvAfterEach();

/** ec2.ts read afresh; each test uses regions of its own, so no client made by another test is reused. */
async function clients(env: Record<string, string>) {
  vi.resetModules();
  pointAppAt(emulator.url, env);
  for (const [key, value] of Object.entries(env)) if (value === '') delete process.env[key];
  return import('@/lib/server/ec2');
}

/** The retry mode and attempts a client resolved. */
async function retries(config: EC2Client['config']): Promise<[string, number]> {
  const mode = typeof config.retryMode === 'function' ? await config.retryMode() : config.retryMode;
  return [mode, await config.maxAttempts()];
}

describe('retry settings', () => {
  it('default to adaptive with 8 attempts for reading, standard with 4 for actions', async () => {
    const { ec2Client } = await clients({ AWS_RETRY_MODE: '', AWS_MAX_ATTEMPTS: '' });
    const read = ec2Client('ap-south-1', 'read').config;
    const action = ec2Client('ap-south-1', 'action').config;
    expect(await retries(read)).toEqual(['adaptive', 8]);
    expect(await retries(action)).toEqual(['standard', 4]);
  });

  it('come from AWS_RETRY_MODE and AWS_MAX_ATTEMPTS when they are set, for reading and actions alike', async () => {
    const { ec2Client } = await clients({ AWS_RETRY_MODE: 'standard', AWS_MAX_ATTEMPTS: '2' });
    const read = ec2Client('ap-northeast-1', 'read').config;
    const action = ec2Client('ap-northeast-1', 'action').config;
    expect(await retries(read)).toEqual(['standard', 2]);
    expect(await retries(action)).toEqual(['standard', 2]);
  });

  it('take one of the two from the environment and the other from the defaults', async () => {
    const { ec2Client } = await clients({ AWS_RETRY_MODE: 'adaptive', AWS_MAX_ATTEMPTS: '' });
    const action = ec2Client('ap-southeast-1', 'action').config;
    expect(await retries(action)).toEqual(['adaptive', 4]);
  });

  it('are attempted as many times as AWS_MAX_ATTEMPTS says', async () => {
    await clients({ AWS_MAX_ATTEMPTS: '2', LINEAGE_REGIONS: 'sa-east-1' });
    const { GET } = await import('@/app/api/lineage/route');
    const calls = vi.spyOn(emulator.emulator, 'invoke');
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ code: 'InternalError', status: 500, region: 'sa-east-1', action: 'DescribeVolumes' }),
    });
    try {
      const res = await GET(get('/api/lineage'));
      expect(res.status).toBe(502);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('InternalError');
    } finally {
      await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
    expect(calls.mock.calls.filter(([, action]) => action === 'DescribeVolumes')).toHaveLength(2);
  });

  it('refuses a retry mode the SDK does not know, naming the variable', async () => {
    await clients({ AWS_RETRY_MODE: 'sometimes' });
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(500);
    expect(ApiErrorSchema.parse(await res.json()).error.message).toMatch(/AWS_RETRY_MODE/);
  });
});

describe('every client', () => {
  it('has a connection timeout and a request timeout that fails the attempt', async () => {
    const { ec2Client } = await clients({ LINEAGE_REGIONS: 'ca-central-1' });
    const { GET } = await import('@/app/api/lineage/route');
    expect((await GET(get('/api/lineage'))).status).toBe(200);
    const handler = ec2Client('ca-central-1').config.requestHandler as unknown as {
      httpHandlerConfigs(): Record<string, unknown>;
    };
    expect(handler.httpHandlerConfigs()).toMatchObject({
      connectionTimeout: 3_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
    });
  });

  it('of an account shares one credential provider: the credential chain runs once for every region', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lineage-credentials-'));
    const count = join(dir, 'count');
    writeFileSync(count, '');
    const script = join(dir, 'credentials.js');
    writeFileSync(
      script,
      `require('fs').appendFileSync(${JSON.stringify(count)}, 'x');` +
        `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'process', SecretAccessKey: 'process' }));`,
    );
    writeFileSync(
      join(dir, 'config'),
      `[profile lineage-process]\ncredential_process = ${process.execPath} ${script}\n`,
    );
    await clients({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: 'lineage-process',
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      LINEAGE_REGIONS: 'eu-north-1,eu-west-3,us-east-2',
    });
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(200);
    expect(readFileSync(count, 'utf8')).toBe('x');
  });
});
