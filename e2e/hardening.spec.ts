import { type AppProcess, startApp } from './app-process';
import { EmulatorProcess } from '../test/emulator-process';
import { ApiErrorSchema } from '../lib/api/lineage';
import { E2E_ACCESS_TOKEN } from '../playwright.config';
import { LineagePage, emulatorUrl, expect, test } from './fixtures';

/** Apps of their own: one on an emulator this test can freeze, one whose sessions last seconds. */

test.describe('a hung EC2 endpoint', () => {
  let emulator: EmulatorProcess;
  let app: AppProcess;

  test.beforeAll(async () => {
    emulator = await EmulatorProcess.start();
    app = await startApp(emulator.url, { LINEAGE_FETCH_TIMEOUT_MS: '3000' });
  });

  test.afterAll(() => {
    app?.stop();
    emulator?.stop();
  });

  test('⟳ can be cancelled, names the regions that timed out, and works again once EC2 answers', async ({ page }) => {
    const lineage = new LineagePage(page);
    const aborted: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/lineage')) aborted.push(request.failure()?.errorText ?? '');
    });
    await lineage.open(`${app.url}/`);
    const refresh = page.getByRole('button', { name: 'Refresh' });
    const status = page.getByTestId('fetched-at');

    emulator.pause();
    try {
      // Cancelling aborts the request in the browser and gives ⟳ back at once.
      await refresh.click();
      await expect(status).toHaveText('refreshing…');
      await lineage.screenshot('refreshing-cancel');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(status).toHaveText(/^updated/);
      await expect(refresh).toBeEnabled();
      await expect.poll(() => aborted).toEqual(['net::ERR_ABORTED']);

      // Left to run, the refresh ends at the server's deadline with a banner naming each region.
      const started = Date.now();
      await refresh.click();
      const banner = page.getByTestId('region-errors');
      await expect(banner).toContainText('us-east-1', { timeout: 10_000 });
      await expect(banner).toContainText('eu-west-1');
      await expect(banner).toContainText('EndpointTimeout');
      await expect(banner).toContainText('did not answer within 3 s');
      expect(Date.now() - started).toBeLessThan(8_000);
      await expect(page.getByText('Refresh failed: no region could be read. Showing the last answer.')).toBeVisible();
      await expect(page.locator('.react-flow__node').first()).toBeVisible();
      await expect(status).toHaveText(/^updated/);
      await expect(refresh).toBeEnabled();
      await lineage.screenshot('endpoint-timeout');
    } finally {
      emulator.resume();
    }

    await refresh.click();
    await expect(page.getByTestId('region-errors')).toHaveCount(0);
    await expect(page.getByText(/Refresh failed/)).toHaveCount(0);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await expect(status).toHaveText(/^updated/);
  });
});

test.describe('a session of a few seconds (LINEAGE_SESSION_HOURS=0.002)', () => {
  let app: AppProcess;

  test.beforeAll(async () => {
    app = await startApp(emulatorUrl, { LINEAGE_ACCESS_TOKEN: E2E_ACCESS_TOKEN, LINEAGE_SESSION_HOURS: '0.002' });
  });

  test.afterAll(() => app?.stop());

  test('is refused after 8 s, and the page asks to sign in again', async ({ page, playwright }) => {
    // A client that keeps the cookie past its Max-Age, as a copied cookie would be kept.
    const signIn = await playwright.request.newContext();
    const res = await signIn.post(`${app.url}/api/signin`, {
      form: { token: E2E_ACCESS_TOKEN, next: '/' },
      headers: { origin: app.url },
      maxRedirects: 0,
    });
    const signedInAt = Date.now();
    const value = /lineage_session=([^;]+)/.exec(res.headers()['set-cookie'] ?? '')![1]!;
    await signIn.dispose();
    const copy = await playwright.request.newContext({ extraHTTPHeaders: { cookie: `lineage_session=${value}` } });
    expect((await copy.get(`${app.url}/api/lineage`)).status()).toBe(200);

    await page.goto(`${app.url}/`);
    await page.getByLabel('Access token').fill(E2E_ACCESS_TOKEN);
    const pageSignedInAt = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${app.url}/`);

    const until = (t: number) => page.waitForTimeout(Math.max(0, t + 8_000 - Date.now()));
    await until(signedInAt);
    const stale = await copy.get(`${app.url}/api/lineage`);
    expect(stale.status()).toBe(401);
    expect(ApiErrorSchema.parse(await stale.json()).error.message).toMatch(/session has ended/);
    await copy.dispose();

    await until(pageSignedInAt);
    await page.reload();
    await expect(page).toHaveURL(/\/signin\?next=/);
    await expect(page.getByRole('heading', { name: 'Sign in to Lineage' })).toBeVisible();
  });
});
