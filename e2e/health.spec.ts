import { expect, test } from '@playwright/test';

test('the app answers its health check and serves the home page', async ({ page, request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Lineage' })).toBeVisible();
});
