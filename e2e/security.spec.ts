import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiErrorSchema } from '../lib/api/lineage';
import { E2E_ACCESS_TOKEN, E2E_SECURE_PORT } from '../playwright.config';
import { emulatorUrl, expect, test } from './fixtures';

const secure = `http://127.0.0.1:${E2E_SECURE_PORT}`;

test.describe('letting no one in', () => {
  test('a token-guarded app asks to sign in and then shows the graph', async ({ page, lineage }) => {
    const api = await page.request.get(`${secure}/api/lineage`);
    expect(api.status()).toBe(401);
    expect(ApiErrorSchema.parse(await api.json()).error.code).toBe('Unauthorized');

    await page.goto(`${secure}/?selected=nothing`);
    await expect(page).toHaveURL(/\/signin\?next=/);
    await expect(page.getByRole('heading', { name: 'Sign in to Lineage' })).toBeVisible();
    await lineage.screenshot('signin');

    await page.getByLabel('Access token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('That token is not right.')).toBeVisible();

    await page.getByLabel('Access token').fill(E2E_ACCESS_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${secure}/?selected=nothing`);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();

    const cookie = (await page.context().cookies(secure)).find((c) => c.name === 'lineage_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.value).not.toContain(E2E_ACCESS_TOKEN);
  });

  test('signing out ends the session on the server, whatever holds a copy of its cookie', async ({
    page,
    lineage,
    playwright,
  }) => {
    await page.goto(`${secure}/`);
    await page.getByLabel('Access token').fill(E2E_ACCESS_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    const value = (await page.context().cookies(secure)).find((c) => c.name === 'lineage_session')!.value;
    const copy = await playwright.request.newContext({ extraHTTPHeaders: { cookie: `lineage_session=${value}` } });
    expect((await copy.get(`${secure}/api/lineage`)).status()).toBe(200);
    await lineage.screenshot('signed-in-header');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin\?signedout=1/);
    await expect(page.getByText('You are signed out.')).toBeVisible();
    expect((await page.context().cookies(secure)).find((c) => c.name === 'lineage_session')).toBeUndefined();
    // proxy.ts, bundled apart from the sign-out route, sees the session ended.
    expect((await copy.get(`${secure}/api/lineage`)).status()).toBe(401);
    await copy.dispose();

    const crossSite = await page.request.post(`${secure}/api/signout`, {
      headers: { origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
  });

  test('every sign-in gets a cookie of its own', async ({ playwright }) => {
    const values: string[] = [];
    for (let i = 0; i < 2; i++) {
      const client = await playwright.request.newContext();
      const res = await client.post(`${secure}/api/signin`, {
        form: { token: E2E_ACCESS_TOKEN, next: '/' },
        headers: { origin: secure },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(303);
      values.push(/lineage_session=([^;]+)/.exec(res.headers()['set-cookie'] ?? '')![1]!);
      expect((await client.get(`${secure}/api/lineage`)).status()).toBe(200);
      await client.dispose();
    }
    expect(values[0]).not.toBe(values[1]);
  });

  test('15 wrong sign-ins in a row meet a 429 with Retry-After', async ({ request }) => {
    // Attempts are counted per client address, as X-Forwarded-For tells it: this client's own, apart from the rest.
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 15; i++) {
      const res = await request.post(`${secure}/api/signin`, {
        form: { token: 'not-the-token', next: '/' },
        headers: { origin: secure, 'x-forwarded-for': '203.0.113.77' },
        maxRedirects: 0,
      });
      statuses.push(res.status());
      if (res.status() === 429) retryAfter ??= res.headers()['retry-after'];
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBe(10);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  test('API clients send the token as a bearer token', async ({ request }) => {
    const ok = await request.get(`${secure}/api/lineage`, { headers: { authorization: `Bearer ${E2E_ACCESS_TOKEN}` } });
    expect(ok.status()).toBe(200);
    const wrong = await request.get(`${secure}/api/lineage`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status()).toBe(401);
  });

  test('pages carry the security headers', async ({ request }) => {
    const res = await request.get('/');
    const csp = res.headers()['content-security-policy']!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers()['referrer-policy']).toBe('no-referrer');
    expect(res.headers()['x-frame-options']).toBe('DENY');
  });

  test('no secret from the build environment reaches the browser', () => {
    const canary = process.env.LINEAGE_BUILD_CANARY;
    test.skip(!canary, 'run through `npm test`, which builds with made-up secrets in the environment');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (readFileSync(path).includes(canary!)) found.push(path);
      }
    };
    walk('.next/static');
    expect(found).toEqual([]);
  });
});

test('the first-run screen says what is wrong when EC2 rejects the credentials', async ({ page, lineage }) => {
  await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    body: JSON.stringify({
      code: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    }),
  });
  try {
    await page.goto('/');
    const screen = page.getByTestId('error-state');
    await expect(screen).toContainText('Lineage cannot read EC2');
    await expect(screen).toContainText('AWS was not able to validate the provided access credentials');
    await expect(screen).toContainText('aws sso login');
    await lineage.screenshot('first-run-auth-failure');
  } finally {
    await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
  }
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
});
