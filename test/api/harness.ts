import { NextRequest } from 'next/server';
import { type RunningEmulator, startEmulator } from '@/emulator/server';

/** Environment for the app's server code, pointed at an emulator; no real AWS, no instance metadata lookups. */
export function pointAppAt(url: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EC2: url,
    AWS_ENDPOINT_URL_EBS: url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: url,
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
