import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from '@/emulator/server';

/** Environment for the app's server code, pointed at an emulator; no real AWS, no instance metadata lookups. */
export function pointAppAt(url: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EC2: url,
    AWS_ENDPOINT_URL_EBS: url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: url,
    AWS_ENDPOINT_URL_RBIN: url,
    AWS_ENDPOINT_URL_IAM: url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    LINEAGE_REGIONS: 'us-east-1,eu-west-1',
    // No history unless a test asks for it (test/api/history.test.ts does, in temporary places).
    LINEAGE_HISTORY_DAYS: '0',
    ...extra,
  });
}

export async function startWalkthrough(): Promise<RunningEmulator> {
  return startEmulator({ port: 0, scenario: 'walkthrough', delayMs: 0 });
}

export function get(path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(new URL(path, 'http://127.0.0.1:3000'), { headers });
}

export async function addFault(emulatorUrl: string, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'POST', body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`fault not accepted: ${await res.text()}`);
}

export async function clearFaults(emulatorUrl: string): Promise<void> {
  await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
}

/**
 * The app's server code over the walkthrough scenario, for one test file: the emulator starts before its tests (hooks
 * registered after this call run after it starts) and closes after them; the inventory cache and any faults are
 * cleared after each test.
 */
export function walkthroughApp(extraEnv: Record<string, string> = {}): {
  readonly emulator: RunningEmulator;
  /** Forgets what the app has read and removes the emulator's faults. */
  reset: () => Promise<void>;
} {
  let emulator: RunningEmulator | undefined;
  const reset = async () => {
    const { clearInventoryCache } = await import('@/lib/server/inventory');
    clearInventoryCache();
    if (emulator) await clearFaults(emulator.url);
  };
  beforeAll(async () => {
    emulator = await startWalkthrough();
    pointAppAt(emulator.url, extraEnv);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(reset);
  return {
    get emulator() {
      if (!emulator) throw new Error('the walkthrough emulator is not running yet (use it inside a test or hook)');
      return emulator;
    },
    reset,
  };
}

/** For tests that read the app's modules afresh under other settings: after each, the environment and modules go back. */
export function restoreEnvAfterEach(): void {
  const saved = { ...process.env };
  afterEach(() => {
    vi.resetModules();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
}
