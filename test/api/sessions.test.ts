import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Signing in, sessions and signing out through the real route handlers and proxy.ts, as Next.js calls them.
 */

const APP = 'http://127.0.0.1:3000';
const TOKEN = 'sessions-test-token-0123456789';

afterEach(() => {
  vi.resetModules();
  delete process.env.LINEAGE_ACCESS_TOKEN;
  delete process.env.LINEAGE_SESSION_HOURS;
});

async function app(env: Record<string, string> = {}) {
  vi.resetModules();
  Object.assign(process.env, { LINEAGE_ACCESS_TOKEN: TOKEN, LINEAGE_REGIONS: 'us-east-1', ...env });
  const [signin, signout, proxy] = await Promise.all([
    import('@/app/api/signin/route'),
    import('@/app/api/signout/route'),
    import('@/proxy'),
  ]);
  return { signin: signin.POST, signout: signout.POST, proxy: proxy.proxy };
}

type App = Awaited<ReturnType<typeof app>>;

function form(token: string, address = '198.51.100.7'): NextRequest {
  return new NextRequest(new URL('/api/signin', APP), {
    method: 'POST',
    headers: { origin: APP, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
    body: new URLSearchParams({ token, next: '/' }).toString(),
  });
}

/** Signs in and answers the session cookie's value. */
async function signIn(a: App, address?: string): Promise<string> {
  const res = await a.signin(form(TOKEN, address));
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+/);
  return /lineage_session=([^;]+)/.exec(cookie)![1]!;
}

/** What proxy.ts answers for an API call carrying this cookie: 200 when it lets the request through. */
function apiStatus(a: App, cookie: string | undefined): number {
  const res = a.proxy(
    new NextRequest(new URL('/api/lineage', APP), { headers: cookie ? { cookie: `lineage_session=${cookie}` } : {} }),
  );
  return res.headers.get('x-middleware-next') ? 200 : res.status;
}

describe('sessions', () => {
  it('gives every sign-in a new cookie value, each a session of its own', async () => {
    const a = await app();
    const first = await signIn(a);
    const second = await signIn(a);
    expect(first).not.toBe(second);
    expect(first).not.toContain(TOKEN);
    expect(apiStatus(a, first)).toBe(200);
    expect(apiStatus(a, second)).toBe(200);
    expect(apiStatus(a, undefined)).toBe(401);
  });

  it('refuses a cookie once LINEAGE_SESSION_HOURS has passed', async () => {
    const a = await app({ LINEAGE_SESSION_HOURS: '0.002' });
    const cookie = await signIn(a);
    expect(apiStatus(a, cookie)).toBe(200);
    await new Promise((r) => setTimeout(r, 8_000));
    expect(apiStatus(a, cookie)).toBe(401);
    const page = a.proxy(
      new NextRequest(new URL('/?selected=ami-1', APP), { headers: { cookie: `lineage_session=${cookie}` } }),
    );
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/\/signin\?next=.*&expired=1$/);
  }, 15_000);

  it('ends the session on POST /api/signout, and only that one', async () => {
    const a = await app();
    const mine = await signIn(a);
    const other = await signIn(a);
    const crossSite = a.signout(
      new NextRequest(new URL('/api/signout', APP), {
        method: 'POST',
        headers: { origin: 'https://evil.example', cookie: `lineage_session=${mine}` },
      }),
    );
    expect(crossSite.status).toBe(403);
    expect(apiStatus(a, mine)).toBe(200);

    const res = a.signout(
      new NextRequest(new URL('/api/signout', APP), {
        method: 'POST',
        headers: { origin: APP, cookie: `lineage_session=${mine}` },
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?signedout=1');
    expect(res.headers.get('set-cookie')).toMatch(/lineage_session=; .*Max-Age=0/);
    expect(apiStatus(a, mine)).toBe(401);
    expect(apiStatus(a, other)).toBe(200);
  });

  it('invalidates every session when the token changes', async () => {
    const before = await app();
    const cookie = await signIn(before);
    const after = await app({ LINEAGE_ACCESS_TOKEN: 'another-token-0123456789' });
    expect(apiStatus(after, cookie)).toBe(401);
  });

  it('meets 15 wrong sign-ins in a row with 429 and Retry-After, for that address only', async () => {
    const a = await app();
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 15; i++) {
      const res = await a.signin(form('not-the-token', '203.0.113.15'));
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    // Even the right token waits now; another address does not.
    expect((await a.signin(form(TOKEN, '203.0.113.15'))).status).toBe(429);
    expect((await a.signin(form(TOKEN, '203.0.113.16'))).status).toBe(303);
  });
});
