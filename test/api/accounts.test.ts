import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from '@/emulator/server';
import { type LineageResponse, LineageResponseSchema } from '@/lib/api/lineage';
import type { ImageNode, LineageNode } from '@/lib/lineage';
import { get, restoreEnvAfterEach } from './harness';

/**
 * Several accounts through the real routes, against the emulator's organization scenario: the organization's
 * accounts through one role name, a list of role ARNs, an account that cannot be entered, sharing and usage
 * reports read after the answer.
 */

const TOOLING = '111122223333';
const PROD = '444455556666';
const STAGING = '777788889999';
const SANDBOX = '222233334444';
const MANAGEMENT = '123456789012';
const ORG_ARN = `arn:aws:organizations::${MANAGEMENT}:organization/o-a1b2c3d4e5`;
const role = (id: string) => `arn:aws:iam::${id}:role/LineageReader`;

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scenario: 'organization', delayMs: 0 });
});

afterAll(async () => {
  await emulator.close();
});

restoreEnvAfterEach();

/** The app's server code read afresh with the whole SDK (EC2, STS, Organizations) pointed at the emulator. */
async function app(env: Record<string, string>) {
  vi.resetModules();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    LINEAGE_REGIONS: 'us-east-1,eu-west-1',
    LINEAGE_CACHE_TTL_MS: '0',
    ...env,
  });
  delete process.env.AWS_ENDPOINT_URL_EC2;
  delete process.env.AWS_PROFILE;
  const { GET } = await import('@/app/api/lineage/route');
  const { clearSharingCache } = await import('@/lib/server/sharing');
  clearSharingCache();
  return async (path = '/api/lineage'): Promise<LineageResponse> => {
    const res = await GET(get(path));
    expect(res.status).toBe(200);
    return LineageResponseSchema.parse(await res.json());
  };
}

/** Asks again until nothing is read in the background any more. */
async function settled(lineage: () => Promise<LineageResponse>): Promise<LineageResponse> {
  const until = Date.now() + 15_000;
  for (;;) {
    const body = await lineage();
    if (body.background.sharing === 0 && body.background.usage === 0) return body;
    if (Date.now() > until) throw new Error(`still reading: ${JSON.stringify(body.background)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const owned = (body: LineageResponse) => body.nodes.filter((n) => !n.external);
const accountsOf = (nodes: readonly LineageNode[]) => new Set(nodes.map((n) => n.accountId));
const image = (body: LineageResponse, name: string, accountId: string) =>
  body.nodes.find((n): n is ImageNode => n.kind === 'image' && n.name === name && n.accountId === accountId)!;
const nodeOf = (body: LineageResponse, id: string) => body.nodes.find((n) => n.id === id)!;

describe('LINEAGE_ORG_ROLE=LineageReader against the organization scenario', () => {
  it('reads every account of the organization it can enter, and names the one it cannot', async () => {
    const lineage = await app({ LINEAGE_ORG_ROLE: 'LineageReader' });
    const first = await lineage();
    // The first answer does not wait for sharing: it is still being read.
    expect(first.background.sharing).toBeGreaterThan(0);
    expect(accountsOf(owned(first))).toEqual(new Set([TOOLING, PROD, STAGING]));

    expect(first.accounts.map((a) => [a.accountId, a.name, a.failed]).sort()).toEqual(
      [
        [MANAGEMENT, 'management', false],
        [TOOLING, 'tooling', false],
        [PROD, 'prod', false],
        [STAGING, 'staging', false],
        [SANDBOX, 'sandbox', true],
      ].sort(),
    );
    const sandbox = first.errors.filter((e) => e.accountId === SANDBOX);
    expect(sandbox).toHaveLength(1);
    expect(sandbox[0]).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(sandbox[0]!.region).toBeUndefined();
    expect(sandbox[0]!.message).toContain(role(SANDBOX));
    expect(first.errors).toHaveLength(1);
  });

  it('draws the edges that cross accounts: launched, copied and restored', async () => {
    const body = await (await app({ LINEAGE_ORG_ROLE: 'LineageReader' }))();
    const crossing = (kind: string) =>
      body.edges.filter((e) => {
        const [source, target] = [nodeOf(body, e.source), nodeOf(body, e.target)];
        return e.kind === kind && source.accountId !== target.accountId;
      });
    const launched = crossing('launched').map((e) => [nodeOf(body, e.source), nodeOf(body, e.target)] as const);
    expect(launched.some(([from, to]) => from.accountId === TOOLING && to.accountId === PROD && !from.external)).toBe(
      true,
    );
    expect(launched.some(([from, to]) => from.accountId === TOOLING && to.accountId === STAGING)).toBe(true);

    const v3 = image(body, 'golden-al2023-v3', TOOLING);
    const privateCopy = image(body, 'staging-golden-al2023-v3', STAGING);
    expect(crossing('copied').map((e) => [e.source, e.target])).toContainEqual([v3.id, privateCopy.id]);

    const restored = crossing('restored').map((e) => [nodeOf(body, e.source), nodeOf(body, e.target)] as const);
    expect(restored.some(([snap, volume]) => snap.accountId === TOOLING && volume.name === 'prod-reference-data')).toBe(
      true,
    );
  });

  it('puts sharing on owned images and snapshots, and the usage report on shared images, once read', async () => {
    const body = await settled(await app({ LINEAGE_ORG_ROLE: 'LineageReader' }));
    const v1 = image(body, 'golden-al2023-v1', TOOLING);
    const v2 = image(body, 'golden-al2023-v2', TOOLING);
    const v3 = image(body, 'golden-al2023-v3', TOOLING);
    expect(v1.details.sharedWith).toEqual([]);
    expect(v2.details.sharedWith).toEqual([ORG_ARN]);
    expect(v3.details.sharedWith).toEqual([ORG_ARN]);
    expect(v1.details.usage).toBeUndefined();

    const usage = v2.details.usage;
    expect(usage?.state).toBe('available');
    if (usage?.state !== 'available') return;
    expect(usage.accounts).toEqual(
      expect.arrayContaining([
        { accountId: SANDBOX, instances: 2, launchTemplates: 0 },
        { accountId: PROD, instances: 1, launchTemplates: 0 },
      ]),
    );

    const shared = body.nodes.find((n) => n.kind === 'snapshot' && n.name === 'reference-data')!;
    expect(shared.kind === 'snapshot' && shared.details.sharedWith).toEqual([PROD]);
    // Another account's image, seen through a launch, is not its owner's to describe.
    const external = body.nodes.filter((n) => n.kind === 'image' && n.external);
    expect(external.every((n) => n.kind === 'image' && n.details.sharedWith === undefined)).toBe(true);
  });
});

describe('LINEAGE_ACCOUNTS', () => {
  it('with two role ARNs reads exactly those two accounts', async () => {
    const body = await (await app({ LINEAGE_ACCOUNTS: `${role(PROD)}, ${role(STAGING)}` }))();
    expect(body.accounts.map((a) => a.accountId)).toEqual([PROD, STAGING]);
    expect(body.errors).toEqual([]);
    expect(accountsOf(owned(body))).toEqual(new Set([PROD, STAGING]));
    // Tooling's images, launched from in prod and staging, are there as its shared images: owned by tooling.
    const golden = body.nodes.filter((n) => n.kind === 'image' && n.external && n.accountId === TOOLING);
    expect(golden.map((n) => n.name).sort()).toEqual(['golden-al2023-v2', 'golden-al2023-v3']);
  });

  it('reports a role that cannot be assumed with its account and STS code, and reads the others', async () => {
    const body = await (await app({ LINEAGE_ACCOUNTS: `${role(SANDBOX)},${role(PROD)}` }))();
    expect(body.errors).toEqual([expect.objectContaining({ accountId: SANDBOX, code: 'AccessDenied', status: 403 })]);
    expect(accountsOf(owned(body))).toEqual(new Set([PROD]));
  });

  it('reads a profile through fromIni, named by the profile, beside a role', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lineage-profiles-'));
    // The emulator's organization names a key per account: this profile's keys act in prod.
    writeFileSync(
      join(dir, 'credentials'),
      '[prod-admin]\naws_access_key_id = AKIAPRODEXAMPLE\naws_secret_access_key = example\n',
    );
    writeFileSync(join(dir, 'config'), '[profile prod-admin]\nregion = us-east-1\n');
    const body = await (
      await app({
        LINEAGE_ACCOUNTS: `prod-admin,${role(STAGING)}`,
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONFIG_FILE: join(dir, 'config'),
      })
    )();
    expect(body.errors).toEqual([]);
    expect(body.accounts.map((a) => [a.accountId, a.name])).toEqual([
      [PROD, 'prod-admin'],
      [STAGING, null],
    ]);
    expect(accountsOf(owned(body))).toEqual(new Set([PROD, STAGING]));
  });

  it('names the account and the region of a region that fails, in every account', async () => {
    const lineage = await app({ LINEAGE_ACCOUNTS: `${role(PROD)},${role(STAGING)}` });
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        code: 'UnauthorizedOperation',
        status: 403,
        region: 'eu-west-1',
        action: 'DescribeVolumes',
      }),
    });
    try {
      const body = await lineage();
      expect(body.errors.map((e) => [e.accountId, e.region, e.code]).sort()).toEqual([
        [PROD, 'eu-west-1', 'UnauthorizedOperation'],
        [STAGING, 'eu-west-1', 'UnauthorizedOperation'],
      ]);
      expect(body.accounts.every((a) => !a.failed && a.regions.join() === 'us-east-1')).toBe(true);
    } finally {
      await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
  });

  it('asks STS again for a refused role only once the inventory TTL has passed, or on ⟳', async () => {
    const lineage = await app({ LINEAGE_ACCOUNTS: `${role(SANDBOX)},${role(PROD)}`, LINEAGE_CACHE_TTL_MS: '60000' });
    const calls = vi.spyOn(emulator.emulator, 'invoke');
    const assumed = () =>
      calls.mock.calls.filter(([, action, input]) => action === 'AssumeRole' && input.RoleArn === role(SANDBOX)).length;
    for (let i = 0; i < 3; i++) expect((await lineage()).errors.map((e) => e.accountId)).toEqual([SANDBOX]);
    expect(assumed()).toBe(1);
    await lineage('/api/lineage?refresh=1');
    expect(assumed()).toBe(2);
    calls.mockRestore();
  });

  it('answers 403 with the errors when no account can be read', async () => {
    vi.resetModules();
    await app({ LINEAGE_ACCOUNTS: role(SANDBOX) });
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string }; errors: { accountId: string }[] };
    expect(body.error.code).toBe('AccessDenied');
    expect(body.errors.map((e) => e.accountId)).toEqual([SANDBOX]);
  });

  it('refuses an entry that is neither a profile nor a role ARN, naming the variable', async () => {
    vi.resetModules();
    await app({ LINEAGE_ACCOUNTS: 'arn:aws:iam::12:role/x' });
    const { GET } = await import('@/app/api/lineage/route');
    const res = await GET(get('/api/lineage'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain('LINEAGE_ACCOUNTS');
  });
});

describe('actions with several accounts', () => {
  /** POST /api/actions/create-snapshot as the browser sends it (same origin, JSON). */
  async function snapshot(body: Record<string, unknown>) {
    const { POST } = await import('@/app/api/actions/[action]/route');
    const request = new NextRequest(new URL('/api/actions/create-snapshot', 'http://127.0.0.1:3000'), {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
    });
    const res = await POST(request, { params: Promise.resolve({ action: 'create-snapshot' }) });
    return {
      status: res.status,
      body: (await res.json()) as { snapshotId?: string; error?: { code: string; field?: string } },
    };
  }

  it('act in the account the body names, with its credentials', async () => {
    const lineage = await app({ LINEAGE_ACCOUNTS: `${role(PROD)},${role(STAGING)}` });
    const volume = (await lineage()).nodes.find((n) => n.kind === 'volume' && n.name === 'prod-reference-data')!;
    const made = await snapshot({ region: 'us-east-1', volumeId: volume.id, accountId: PROD });
    expect(made.status).toBe(202);
    const after = await lineage();
    expect(after.nodes.find((n) => n.id === made.body.snapshotId)?.accountId).toBe(PROD);

    // The current credentials (the management account's) cannot see prod's volume; an account not read is refused.
    expect((await snapshot({ region: 'us-east-1', volumeId: volume.id })).body.error?.code).toBe(
      'InvalidVolume.NotFound',
    );
    const stranger = await snapshot({ region: 'us-east-1', volumeId: volume.id, accountId: SANDBOX });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatchObject({ code: 'ValidationError', field: 'accountId' });
  });
});
