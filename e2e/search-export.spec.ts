import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { FindingsResponseSchema } from '../lib/api/findings';
import { LineageResponseSchema } from '../lib/api/lineage';
import { FINDINGS_CSV_COLUMNS } from '../lib/lineage/export';
import { expect, test } from './fixtures';

// The first page of a run waits for the server's first read; ask for it before the tests time their pages.
test.beforeAll(async ({ request }) => {
  await request.get('/api/lineage', { timeout: 60_000 });
});

const today = () => new Date().toISOString().slice(0, 10);

async function type(page: Page, text: string) {
  const box = page.getByRole('combobox', { name: 'Search resources' });
  await box.fill('');
  await box.fill(text);
}

const results = (page: Page) => page.getByTestId('search-results');

async function downloadFrom(page: Page, item: string | RegExp): Promise<Download> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return download;
}

const text = async (download: Download) => readFileSync(await download.path(), 'utf8');

test.describe('search', () => {
  test('finds Name=scratch, eu-west-1 and a tag value with a count, kind, region and state', async ({
    lineage,
    page,
    consoleErrors,
  }) => {
    await lineage.open();
    const api = LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());

    await type(page, 'Name=scratch');
    await expect(page.getByTestId('search-count')).toHaveText('1 match');
    const scratch = results(page).getByRole('option');
    await expect(scratch).toHaveCount(1);
    await expect(scratch).toContainText('scratch');
    await expect(scratch).toContainText('volume');
    await expect(scratch).toContainText('us-east-1');
    await expect(scratch).toContainText('available');

    const eu = api.nodes.filter((n) => n.region === 'eu-west-1');
    await type(page, 'eu-west-1');
    await expect(page.getByTestId('search-count')).toHaveText(`${eu.length} matches`);
    await expect(results(page).getByRole('option')).toHaveCount(eu.length);
    for (const option of await results(page).getByRole('option').all()) await expect(option).toContainText('eu-west-1');
    await lineage.screenshot('search-results-region');

    const backups = api.nodes.filter((n) => Object.values(n.tags).some((v) => v === 'EBSVolDemo-data-backup'));
    expect(backups.length).toBeGreaterThan(0);
    await type(page, 'EBSVolDemo-data-backup');
    await expect(page.getByTestId('search-count')).toHaveText(
      backups.length === 1 ? '1 match' : `${backups.length} matches`,
    );
    await expect(results(page).getByRole('option').first()).toContainText('snapshot');

    // Choosing a result selects it and centres on it.
    await results(page).getByRole('option').first().click();
    await expect(lineage.panel).toBeVisible();
    await expect(page).toHaveURL(/selected=snap-/);
    await lineage.screenshot('search-picked');
    expect(consoleErrors).toEqual([]);
  });

  test('Enter typed before the server answers picks the first match once it comes', async ({ lineage, page }) => {
    await lineage.open();
    await lineage.search.click();
    await lineage.search.fill('Name=scratch');
    await page.keyboard.press('Enter');
    await expect(lineage.panel).toContainText('scratch');
    await expect(page).toHaveURL(/selected=vol-/);
  });

  test('scrolls through every match of a broad search', async ({ lineage, page }) => {
    await lineage.open();
    const all = await (await page.request.get('/api/search?q=us-east-1&limit=200')).json();
    const total = (all as { total: number }).total;
    await type(page, 'us-east-1');
    await expect(page.getByTestId('search-count')).toContainText(`${total} matches`);
    await expect(results(page).getByRole('option')).toHaveCount(Math.min(total, 50));
  });

  test('"only families that match" keeps exactly the walkthrough’s family for EBSVolDemo', async ({
    lineage,
    page,
  }) => {
    await lineage.open('/?q=Name%3DEBSVolDemo&only=matching');
    await expect(lineage.node('CreatedFromEBSVolDemoAMI')).toBeVisible();
    for (const name of ['EBSVolDemo', 'ImageFromEBSVolDemo', 'EBSVolDemo-data-backup'])
      await expect(lineage.node(name).first()).toBeVisible();
    // Launched from the same public image, but other families.
    for (const name of ['scratch', 'UnusedImage', 'OldBuild', 'build-runner', 'old-build-runner'])
      await expect(lineage.node(name)).toHaveCount(0);
    const api = LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());
    const drawn = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!.replace(/@\d+$/, '')));
    const names = new Set(drawn.map((id) => api.nodes.find((n) => n.id === id)?.name));
    expect(names.has('scratch')).toBe(false);
    await lineage.screenshot('only-matching-ebsvoldemo');
  });
});

test.describe('filters', () => {
  test('the popover closes on Esc and on a click outside', async ({ lineage, page }) => {
    await lineage.open();
    const button = page.getByRole('button', { name: /^Filters/ });
    const popover = page.getByRole('dialog', { name: 'Filters' });
    await button.click();
    await expect(popover).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(button).toBeFocused();
    await button.click();
    await expect(popover).toBeVisible();
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await expect(popover).toBeHidden();
  });

  test('a filter that leaves one card refits the canvas to it', async ({ lineage, page }) => {
    await lineage.open();
    const button = page.getByRole('button', { name: /^Filters/ });
    const popover = page.getByRole('dialog', { name: 'Filters' });
    // One card left: the canvas fits it instead of leaving it tiny where it was.
    await button.click();
    await popover.getByLabel('Tag').fill('Name=scratch');
    await page.keyboard.press('Escape');
    await expect(lineage.node('scratch')).toHaveCount(1);
    await expect(lineage.node('EBSVolDemo')).toHaveCount(0);
    await expect(async () => {
      const box = (await lineage.node('scratch').boundingBox())!;
      expect(box.width).toBeGreaterThan(200);
    }).toPass({ timeout: 5_000 });
    await expect(page).toHaveURL(/tag=Name%3Dscratch/);
  });

  test('narrows by state, creation day, size and encryption', async ({ lineage, page }) => {
    await lineage.open('/?min=15');
    await expect(lineage.node('scratch')).toHaveCount(1); // 20 GiB
    await expect(lineage.node('CreatedFromEBSVolDemoAMI')).toHaveCount(0); // 10 GiB
    await lineage.open('/?state=available&kind=volume');
    await expect(lineage.node('scratch')).toHaveCount(1);
    await expect(page.locator('.react-flow__node')).toHaveCount(1);
    await lineage.open('/?enc=encrypted');
    await expect(lineage.node('EBSVolDemo-data-backup')).toHaveCount(1); // the data volume's, encrypted
    await expect(lineage.node('scratch')).toHaveCount(0);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/?after=${tomorrow}`);
    await expect(page.getByRole('heading', { name: 'Nothing matches these filters' })).toBeVisible();
  });
});

test.describe('export', () => {
  test('downloads the view as PNG and SVG, a family as JSON, the findings as CSV', async ({ lineage, page }) => {
    await lineage.open();
    await page.getByRole('button', { name: 'Export' }).click();
    await expect(page.getByRole('menu', { name: 'Export' })).toBeVisible();
    await lineage.screenshot('export-menu');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu', { name: 'Export' })).toBeHidden();

    const png = await downloadFrom(page, 'View as PNG');
    expect(png.suggestedFilename()).toBe(`lineage-view-${today()}.png`);
    const pngBytes = readFileSync(await png.path());
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(10_000);

    const svg = await downloadFrom(page, 'View as SVG');
    expect(svg.suggestedFilename()).toBe(`lineage-view-${today()}.svg`);
    const svgText = await text(svg);
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('EBSVolDemo');

    await lineage.node('CreatedFromEBSVolDemoAMI').click();
    const id = (await lineage.node('CreatedFromEBSVolDemoAMI').getAttribute('data-id'))!;
    const family = await downloadFrom(page, /^Family of/);
    expect(family.suggestedFilename()).toBe(`lineage-family-${id}-${today()}.json`);
    const body = LineageResponseSchema.pick({ nodes: true, edges: true }).parse(JSON.parse(await text(family)));
    const names = body.nodes.map((n) => n.name);
    expect(names).toContain('EBSVolDemo');
    expect(names).toContain('ImageFromEBSVolDemo');
    expect(names).not.toContain('scratch');
    expect(names).not.toContain('OldBuild');

    const findings = FindingsResponseSchema.parse(await (await page.request.get('/api/findings')).json());
    const csv = await downloadFrom(page, /^Findings \(CSV/);
    expect(csv.suggestedFilename()).toBe(`lineage-findings-${today()}.csv`);
    const lines = (await text(csv)).trimEnd().split('\r\n');
    expect(lines[0]).toBe(FINDINGS_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(findings.findings.length + 1);
    for (const f of findings.findings) expect(lines.some((l) => l.includes(f.resourceId))).toBe(true);
  });

  test('copies a link to the view', async ({ lineage, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await lineage.open('/?q=scratch');
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'Copy link' }).click();
    await expect(page.getByText('Link to this view copied')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('q=scratch');
  });
});
