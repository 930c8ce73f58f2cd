import type { APIRequestContext } from '@playwright/test';
import { LineageResponseSchema } from '../lib/api/lineage';
import { EDGE_KINDS } from '../lib/lineage/types';
import { expect, test } from './fixtures';

/** The graph as the API answers it, checked against its schema. */
async function graph(request: APIRequestContext) {
  return LineageResponseSchema.parse(await (await request.get('/api/lineage')).json());
}

test.describe('the lineage graph', () => {
  test('draws the whole walkthrough with every edge kind', async ({ lineage, page, consoleErrors }) => {
    await lineage.open();
    const api = await graph(page.request);
    await expect(lineage.node('EBSVolDemo').first()).toBeVisible();
    // Every resource is drawn; a public AMI shared by several families is drawn once in each (`id@n`).
    const drawn = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!.replace(/@\d+$/, '')));
    expect(new Set(drawn)).toEqual(new Set(api.nodes.map((n) => n.id)));

    for (const name of ['EBSVolDemo', 'CreatedFromEBSVolDemoAMI', 'UnusedImage', 'scratch', 'EBSVolDemo-data-backup']) {
      await expect(lineage.node(name).first()).toBeVisible();
    }
    await expect(lineage.node('ImageFromEBSVolDemo')).toHaveCount(2);
    for (const kind of EDGE_KINDS) {
      expect(await lineage.edgesOfKind(kind).count(), `edges of kind ${kind}`).toBeGreaterThan(0);
    }
    await expect(page.getByTestId('mode')).toHaveText('Demo');
    await expect(page.getByTestId('legend')).toBeVisible();
    await lineage.screenshot('graph-walkthrough');
    expect(consoleErrors).toEqual([]);
  });

  test('clicking the AMI tells its story and highlights its family', async ({ lineage, page, consoleErrors }) => {
    await lineage.open();
    await lineage.node('ImageFromEBSVolDemo').filter({ hasText: 'us-east-1' }).click();
    await expect(lineage.panel).toBeVisible();
    await expect(lineage.panel.getByRole('heading', { name: 'ImageFromEBSVolDemo' })).toBeVisible();
    const story = lineage.panel.getByTestId('lineage-story');
    await expect(story).toContainText('Created by CreateImage from EBSVolDemo');
    await expect(story).toContainText('Backed by snap-');
    await expect(story).toContainText('/dev/sdf');
    await expect(story).toContainText('1 instance launched from it: CreatedFromEBSVolDemoAMI');
    await expect(story).toContainText('Copied to eu-west-1 as ImageFromEBSVolDemo');
    await expect(page).toHaveURL(/selected=ami-/);

    // Unrelated resources are dimmed, relatives are not.
    await expect(lineage.node('scratch').locator('.opacity-25')).toHaveCount(1);
    await expect(lineage.node('CreatedFromEBSVolDemoAMI').locator('.opacity-25')).toHaveCount(0);
    await lineage.screenshot('panel-ami');

    // A link in the story selects that resource.
    await story.getByRole('button', { name: 'EBSVolDemo', exact: true }).click();
    await expect(lineage.panel.getByRole('heading', { name: 'EBSVolDemo', exact: true })).toBeVisible();
    await expect(lineage.panel.getByTestId('lineage-story')).toContainText(
      '1 image created from it: ImageFromEBSVolDemo',
    );

    await page.keyboard.press('Escape');
    await expect(lineage.panel).toBeHidden();
    await expect(page).not.toHaveURL(/selected=/);
    expect(consoleErrors).toEqual([]);
  });

  test('a small account is drawn from one request', async ({ lineage, page }) => {
    const asked: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (/^\/api\/(lineage|families)/.test(url.pathname)) asked.push(url.pathname + url.search);
    });
    await lineage.open();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^\/api\/families\?.*graph=small/);
    await expect(page.getByTestId('overview')).toHaveCount(0);
    // The HTML sends it as the page is parsed, before the app's scripts have run.
    const sent = await page.evaluate(() => {
      const request = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/families'))!;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { request: request.startTime, parsed: navigation.domContentLoadedEventStart };
    });
    expect(sent.request).toBeLessThan(sent.parsed);
  });

  test('encrypted resources carry a lock, and the details panel names their key', async ({
    lineage,
    consoleErrors,
  }) => {
    await lineage.open();
    const backup = lineage.node('EBSVolDemo-data-backup').first();
    await expect(backup.getByTestId('encrypted-mark')).toBeVisible();
    await expect(lineage.node('scratch').getByTestId('encrypted-mark')).toHaveCount(0);
    await backup.click();
    await expect(lineage.panel).toContainText(/Encryption\s*encrypted with key\/[0-9a-f]{8}…/);
    await lineage.screenshot('panel-encrypted-snapshot');
    expect(consoleErrors).toEqual([]);
  });

  test('search jumps to CreatedFromEBSVolDemoAMI', async ({ lineage, page, consoleErrors }) => {
    await lineage.open();
    await page.keyboard.press('/');
    await expect(lineage.search).toBeFocused();
    await page.keyboard.type('CreatedFrom');
    await expect(page.getByRole('option', { name: /CreatedFromEBSVolDemoAMI/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(lineage.panel.getByRole('heading', { name: 'CreatedFromEBSVolDemoAMI' })).toBeVisible();
    await expect(lineage.panel.getByTestId('lineage-story')).toContainText('Launched from ImageFromEBSVolDemo');
    await expect(lineage.node('CreatedFromEBSVolDemoAMI')).toHaveClass(/selected/);
    const id = await lineage.node('CreatedFromEBSVolDemoAMI').getAttribute('data-id');
    await lineage.expectOnCanvas(id!);
    await expect(page).toHaveURL(/q=CreatedFrom/);
    await expect(page).toHaveURL(/selected=i-/);
    await expect(lineage.panel).toBeVisible();
    await lineage.screenshot('search-jump');
    expect(consoleErrors).toEqual([]);
  });

  test('the region filter hides eu-west-1 and lives in the URL', async ({ lineage, page, consoleErrors }) => {
    await lineage.open();
    await expect(lineage.node('eu-west-1').first()).toBeVisible();
    await page.getByRole('button', { name: /^Filters/ }).click();
    const euWest = page.getByRole('checkbox', { name: 'eu-west-1' });
    await euWest.click();
    await expect(euWest).not.toBeChecked();
    await expect(page).toHaveURL(/region=us-east-1/);
    await expect(lineage.node('eu-west-1')).toHaveCount(0);
    await expect(lineage.node('ImageFromEBSVolDemo')).toHaveCount(1);
    await lineage.screenshot('filter-region');

    await page.reload();
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await expect(lineage.node('eu-west-1')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('a deep link restores the selection', async ({ lineage, page, consoleErrors }) => {
    const api = await graph(page.request);
    const target = api.nodes.find((n) => n.name === 'CreatedFromEBSVolDemoAMI')!;
    await lineage.open(`/?selected=${target.id}`);
    await expect(lineage.panel.getByRole('heading', { name: 'CreatedFromEBSVolDemoAMI' })).toBeVisible();
    await expect(lineage.nodeById(target.id)).toHaveClass(/selected/);
    await lineage.expectOnCanvas(target.id);
    expect(consoleErrors).toEqual([]);
  });

  test('hovering an edge shows what it was read from', async ({ lineage, page }) => {
    await lineage.open();
    const api = await graph(page.request);
    const image = api.nodes.find((n) => n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1')!;
    const path = page.locator(`[data-testid^="rf__edge-launched:${image.id}->"] path.react-flow__edge-interaction`);
    // The first point along the edge where nothing else is on top of it.
    const point = await path.evaluate((el) => {
      const svgPath = el as SVGPathElement;
      const edge = svgPath.closest('.react-flow__edge');
      for (let t = 0.5; t < 1; t += 0.05) {
        for (const at of [t, 1 - t]) {
          const p = svgPath.getPointAtLength(svgPath.getTotalLength() * at).matrixTransform(svgPath.getScreenCTM()!);
          if (document.elementFromPoint(p.x, p.y)?.closest('.react-flow__edge') === edge) return { x: p.x, y: p.y };
        }
      }
      return null;
    });
    expect(point).not.toBeNull();
    await page.mouse.move(point!.x - 3, point!.y);
    await page.mouse.move(point!.x, point!.y, { steps: 3 });
    await expect(page.getByTestId('edge-card')).toContainText('launched');
    await expect(page.getByTestId('edge-card')).toContainText('Instance.ImageId');
    await lineage.screenshot('edge-hover');
  });
});

test('arrow keys walk the lineage from the selected resource', async ({ lineage, page }) => {
  await lineage.open();
  await lineage.node('CreatedFromEBSVolDemoAMI').click();
  await expect(lineage.panel.getByRole('heading', { name: 'CreatedFromEBSVolDemoAMI' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(lineage.panel.getByRole('heading', { name: 'ImageFromEBSVolDemo', exact: true })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(lineage.panel.getByRole('heading', { name: 'EBSVolDemo', exact: true })).toBeVisible();
  // Right goes to something made from it, down to its next sibling.
  await page.keyboard.press('ArrowRight');
  await expect(lineage.panel.getByRole('heading', { name: 'EBSVolDemo', exact: true })).toBeHidden();
  await expect(lineage.panel.getByTestId('lineage-story')).toContainText('EBSVolDemo');
  const child = await lineage.panel.getByRole('heading').first().textContent();
  await page.keyboard.press('ArrowDown');
  await expect(lineage.panel.getByRole('heading').first()).not.toHaveText(child!);
  await expect(lineage.panel.getByTestId('lineage-story')).toContainText('EBSVolDemo');
});
