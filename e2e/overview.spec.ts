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

/** A family is drawn: its cards (a family's first resource may be folded into a fleet) and the way back. */
async function familyDrawn(page: Page) {
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('back-to-overview')).toBeVisible();
  await expect(page.getByTestId('overview')).toHaveCount(0);
}

/** Nothing scrolls: neither the page nor the overview. */
const scrolls = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement!;
    const overview = document.querySelector<HTMLElement>('[data-testid="overview"] ul')!;
    return {
      page: root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight,
      overview: overview.scrollWidth > overview.clientWidth || overview.scrollHeight > overview.clientHeight,
    };
  });

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
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    const overview = page.getByTestId('overview');
    await expect(overview).toBeVisible({ timeout: 30_000 });
    const api = await families(page.request);
    expect(api.overview).toBe(true);
    // As many of the biggest families as fit the screen, biggest first; the others summed per region.
    const cards = overview.getByTestId('family-card');
    await expect(cards.first()).toBeVisible();
    const shown = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-family')));
    expect(shown.length).toBeGreaterThanOrEqual(8);
    expect(shown).toEqual(api.families.slice(0, shown.length).map((f) => f.id));
    await expect(overview.getByTestId('family-rest').first()).toBeVisible();
    expect(await scrolls(page)).toEqual({ page: false, overview: false });
    await expect(page.locator('.react-flow__node')).toHaveCount(0);
    await lineage.screenshot('overview-1280-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await lineage.screenshot('overview-1280-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const second = api.families[1]!;
    await cards.nth(1).click();
    await expect(page).toHaveURL(new RegExp(`family=${second.id}`));
    await familyDrawn(page);
    const drawn = await page.locator('.react-flow__node').count();
    expect(drawn).toBeLessThanOrEqual(second.resources);
    await lineage.screenshot('overview-family');

    // A card in the family is a new place in the history; Back returns to the family, then to the overview.
    const card = page.locator('.react-flow__node:not([data-id^="fleet:"])').first();
    const id = (await card.getAttribute('data-id'))!.replace(/@\d+$/, '');
    await card.click();
    await expect(page).toHaveURL(new RegExp(`selected=${id}`));
    await expect(lineage.panel).toContainText(id);
    await page.goBack();
    await expect(page).not.toHaveURL(/selected=/);
    await expect(lineage.panel).toBeHidden();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await page.goBack();
    await expect(overview).toBeVisible();
    await expect(page).not.toHaveURL(/family=/);
    // Forward again: the family, drawn from what the browser already holds.
    await page.goForward();
    await familyDrawn(page);
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

  test('search into a family that is not drawn: choosing a result draws its family and selects it', async ({
    page,
    consoleErrors,
  }) => {
    const lineage = new LineagePage(page);
    const api = await families(page.request);
    // A resource of a family the overview sums up by region, and a family drawn first that is not that one.
    const all = FamiliesResponseSchema.parse(await (await page.request.get('/api/families?limit=1000')).json());
    const small = all.families.find((f) => f.resources >= 2 && !api.families.some((g) => g.id === f.id))!;
    const family = FamilyResponseSchema.parse(await (await page.request.get(`/api/families/${small.id}`)).json());
    const target = family.nodes.find((n) => n.id !== small.id && !n.external)!;
    await page.goto(`/?family=${api.families[0]!.id}`);
    await familyDrawn(page);
    await expect(lineage.nodeById(target.id)).toHaveCount(0);

    await lineage.search.fill(target.id);
    const option = page.getByTestId('search-results').getByRole('option').first();
    await expect(option).toContainText(target.id, { timeout: 15_000 });
    await option.click();
    await expect(page).toHaveURL(new RegExp(`selected=${target.id}`));
    await expect(lineage.panel).toContainText(target.id, { timeout: 30_000 });
    await expect(lineage.nodeById(target.id)).toBeVisible();
    await lineage.expectOnCanvas(target.id);
    await expect(page.getByTestId('family-bar')).toContainText(`${small.resources} resource`);
    await lineage.screenshot('overview-search-into-family');
    // Back returns to the family drawn before.
    await page.goBack();
    await expect(lineage.nodeById(target.id)).toHaveCount(0, { timeout: 30_000 });
    await expect(page).toHaveURL(new RegExp(`family=${api.families[0]!.id}`));
    expect(consoleErrors).toEqual([]);
  });

  test('a click on the minimap moves the view there', async ({ page }) => {
    const lineage = new LineagePage(page);
    const api = await families(page.request);
    await page.goto(`/?family=${api.families[0]!.id}`);
    await familyDrawn(page);
    const minimap = page.getByTestId('minimap');
    await expect(minimap).toBeVisible();
    await page.waitForTimeout(600); // the first view settles
    const before = await viewport(page);
    const box = (await minimap.boundingBox())!;
    const frame = page.getByTestId('minimap-view');
    /** The view's frame on the minimap is centred where the minimap was clicked. */
    const centredAt = async (x: number, y: number) => {
      await expect
        .poll(async () => {
          const f = (await frame.boundingBox())!;
          return Math.max(Math.abs(f.x + f.width / 2 - x), Math.abs(f.y + f.height / 2 - y));
        })
        .toBeLessThan(4);
    };
    const far = { x: box.x + box.width - 12, y: box.y + box.height - 12 };
    await page.mouse.click(far.x, far.y);
    await expect.poll(() => viewport(page)).not.toBe(before);
    await centredAt(far.x, far.y);
    const after = await viewport(page);
    const near = { x: box.x + 12, y: box.y + 12 };
    await page.mouse.click(near.x, near.y);
    await expect.poll(() => viewport(page)).not.toBe(after);
    await centredAt(near.x, near.y);
    await lineage.screenshot('overview-minimap');
  });
});
