import type { APIRequestContext, Page } from '@playwright/test';
import { FamiliesResponseSchema, FamilyResponseSchema } from '../lib/api/families';
import { LineagePage, expect, loadScenario, test } from './fixtures';

/**
 * A large account: more resources than the app draws at once (LINEAGE_OVERVIEW_FROM, 3,000 by default) in the two
 * regions the e2e app reads.
 */
const LARGE = 'synthetic:8000';

async function families(request: APIRequestContext) {
  return FamiliesResponseSchema.parse(await (await request.get('/api/families?limit=48')).json());
}

const viewport = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

test.describe('a large account', () => {
  // Every request reads the emulator afresh (LINEAGE_CACHE_TTL_MS=0): thousands of resources each time.
  test.describe.configure({ timeout: 150_000 });
  test.beforeEach(async () => {
    await loadScenario(LARGE);
  });
  test.afterAll(async () => {
    await loadScenario('walkthrough');
  });

  test('opens on the overview; a family opens on a click, and Back returns to the overview', async ({
    page,
    consoleErrors,
  }) => {
    const lineage = new LineagePage(page);
    await page.goto('/');
    const overview = page.getByTestId('overview');
    await expect(overview).toBeVisible({ timeout: 30_000 });
    const api = await families(page.request);
    expect(api.overview).toBe(true);
    const cards = overview.getByTestId('family-card');
    await expect(cards).toHaveCount(api.families.length);
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await lineage.screenshot('overview');

    const second = api.families[1]!;
    await cards.nth(1).click();
    await expect(page).toHaveURL(new RegExp(`family=${second.id}`));
    await expect(lineage.nodeById(second.id)).toBeVisible({ timeout: 30_000 });
    await expect(overview).toHaveCount(0);
    const drawn = await page.locator('.react-flow__node').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThanOrEqual(second.resources);
    await lineage.screenshot('overview-family');

    // A card in the family is a new place in the history; Back returns to the family, then to the overview.
    await lineage.nodeById(second.id).click();
    await expect(page).toHaveURL(new RegExp(`selected=${second.id}`));
    await page.goBack();
    await expect(page).not.toHaveURL(/selected=/);
    await expect(lineage.nodeById(second.id)).toBeVisible();
    await page.goBack();
    await expect(overview).toBeVisible();
    await expect(page).not.toHaveURL(/family=/);
    expect(consoleErrors).toEqual([]);
  });

  test('a link to a resource opens its family, even one the overview sums up by region', async ({ page }) => {
    const lineage = new LineagePage(page);
    const api = await families(page.request);
    expect(api.rest.length).toBeGreaterThan(0);
    // A resource of a small family: not among the families the overview shows one by one.
    const whole = await page.request.get('/api/families?limit=1000');
    const all = FamiliesResponseSchema.parse(await whole.json()).families;
    const small = all.find((f) => f.resources >= 2 && !api.families.some((g) => g.id === f.id))!;
    const family = FamilyResponseSchema.parse(await (await page.request.get(`/api/families/${small.id}`)).json());
    const member = family.nodes.find((n) => n.id !== small.id)!;
    await page.goto(`/?selected=${member.id}`);
    await expect(lineage.panel).toBeVisible({ timeout: 30_000 });
    await expect(lineage.panel).toContainText(member.id);
    await expect(page.getByTestId('overview')).toHaveCount(0);
    await expect(page.getByTestId('back-to-overview')).toBeVisible();
    await page.getByTestId('back-to-overview').click();
    await expect(page.getByTestId('overview')).toBeVisible();
  });

  test('a click on the minimap moves the view there', async ({ page }) => {
    const lineage = new LineagePage(page);
    const api = await families(page.request);
    await page.goto(`/?family=${api.families[0]!.id}`);
    await expect(lineage.nodeById(api.families[0]!.id)).toBeVisible({ timeout: 30_000 });
    const minimap = page.getByTestId('minimap');
    await expect(minimap).toBeVisible();
    await page.waitForTimeout(600); // the first view settles
    const before = await viewport(page);
    const box = (await minimap.boundingBox())!;
    await page.mouse.click(box.x + box.width - 8, box.y + box.height - 8);
    await expect.poll(() => viewport(page)).not.toBe(before);
    await page.waitForTimeout(400);
    const after = await viewport(page);
    await page.mouse.click(box.x + 8, box.y + 8);
    await expect.poll(() => viewport(page)).not.toBe(after);
    await lineage.screenshot('overview-minimap');
  });
});
