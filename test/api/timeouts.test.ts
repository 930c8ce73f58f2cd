import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiErrorSchema, LineageResponseSchema } from '@/lib/api/lineage';
import { EmulatorProcess } from '../emulator-process';
import { get, pointAppAt } from './harness';

/**
 * A hung EC2 endpoint: the emulator, in its own process, is frozen with SIGSTOP. It still accepts connections, so
 * only deadlines end the wait. The inventory deadline is shortened so the test takes seconds.
 */

const DEADLINE_MS = 2_000;
/** What the answer may take beyond the deadline. */
const SLACK_MS = 1_500;

let emulator: EmulatorProcess;
let lineage: typeof import('@/app/api/lineage/route');
let actions: typeof import('@/app/api/actions/[action]/route');

beforeAll(async () => {
  emulator = await EmulatorProcess.start();
  vi.resetModules();
  pointAppAt(emulator.url, { LINEAGE_FETCH_TIMEOUT_MS: String(DEADLINE_MS), LINEAGE_CACHE_TTL_MS: '600000' });
  lineage = await import('@/app/api/lineage/route');
  actions = await import('@/app/api/actions/[action]/route');
});

afterAll(() => {
  emulator?.stop();
});

async function timed(path: string) {
  const started = Date.now();
  const res = await lineage.GET(get(path));
  return { status: res.status, json: (await res.json()) as unknown, ms: Date.now() - started };
}

function createSnapshot(volumeId: string) {
  const app = 'http://127.0.0.1:3000';
  return actions.POST(
    new NextRequest(new URL('/api/actions/create-snapshot', app), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app },
      body: JSON.stringify({ region: 'us-east-1', volumeId }),
    }),
    { params: Promise.resolve({ action: 'create-snapshot' }) },
  );
}

describe('a hung EC2 endpoint (SIGSTOP)', () => {
  it('reports the regions that did not answer within the deadline, answers actions with 504, and recovers', async () => {
    const first = await timed('/api/lineage?region=us-east-1');
    expect(first.status).toBe(200);
    const volumeId = LineageResponseSchema.parse(first.json).nodes.find((n) => n.kind === 'volume')!.id;

    emulator.pause();
    try {
      const started = Date.now();
      const action = createSnapshot(volumeId).then(async (res) => ({
        status: res.status,
        json: (await res.json()) as unknown,
        ms: Date.now() - started,
      }));

      // us-east-1 comes from the cache; eu-west-1 has to be read and does not answer.
      const partial = await timed('/api/lineage');
      expect(partial.status).toBe(200);
      const body = LineageResponseSchema.parse(partial.json);
      expect(body.regions).toEqual(['us-east-1']);
      expect(body.errors).toEqual([
        expect.objectContaining({ region: 'eu-west-1', status: 504, code: 'EndpointTimeout' }),
      ]);
      expect(body.errors[0]!.message).toMatch(/eu-west-1 did not answer within 2 s/);
      expect(partial.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
      expect(partial.ms).toBeLessThan(DEADLINE_MS + SLACK_MS);

      // Nothing answers at all: 504, each region named.
      const none = await timed('/api/lineage?refresh=1');
      expect(none.status).toBe(504);
      const failed = ApiErrorSchema.parse(none.json);
      expect(failed.error.code).toBe('EndpointTimeout');
      expect(failed.errors?.map((e) => [e.region, e.code])).toEqual([
        ['us-east-1', 'EndpointTimeout'],
        ['eu-west-1', 'EndpointTimeout'],
      ]);
      expect(none.ms).toBeLessThan(DEADLINE_MS + SLACK_MS);

      const acted = await action;
      expect(acted.status).toBe(504);
      expect(ApiErrorSchema.parse(acted.json).error).toMatchObject({
        code: 'EndpointTimeout',
        message: expect.stringMatching(/may still have been carried out/),
      });
      expect(acted.ms).toBeLessThan(30_000);
    } finally {
      emulator.resume();
    }

    // The regions that timed out were not cached: a plain read (no refresh) asks EC2 again and gets everything.
    const recovered = await timed('/api/lineage');
    expect(recovered.status).toBe(200);
    const graph = LineageResponseSchema.parse(recovered.json);
    expect(graph.errors).toEqual([]);
    expect(graph.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(graph.nodes.length).toBeGreaterThan(0);
  }, 45_000);
});
