import { EDGE_KINDS } from '../lib/lineage/types';
import { expect, test } from './fixtures';

test.describe('the lineage graph', () => {
  test('draws the whole walkthrough with every edge kind', async ({ lineage, page, consoleErrors }) => {
    await lineage.open();
    const api = await (await page.request.get('/api/lineage')).json();
    await expect(page.locator('.react-flow__node')).toHaveCount(api.nodes.length);

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
    await expect(lineage.panel.getByRole('heading', { name: 'EBSVolDemo' })).toBeVisible();
    await expect(lineage.panel.getByTestId('lineage-story')).toContainText('1 image created from it: ImageFromEBSVolDemo');

    await page.keyboard.press('Escape');
    await expect(lineage.panel).toBeHidden();
    await expect(page).not.toHaveURL(/selected=/);
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
    await lineage.screenshot('search-jump');
    expect(consoleErrors).toEqual([]);
  });

  test('the region filter hides eu-west-1 and lives in the URL', async ({ lineage, page, consoleErrors }) => {
    await lineage.open();
    await expect(lineage.node('eu-west-1').first()).toBeVisible();
    await page.getByTestId('filters').locator('summary').click();
    await page.getByRole('checkbox', { name: 'eu-west-1' }).uncheck();
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
    const api = await (await page.request.get('/api/lineage')).json();
    const target = api.nodes.find((n: { name: string | null }) => n.name === 'CreatedFromEBSVolDemoAMI');
    await lineage.open(`/?selected=${target.id}`);
    await expect(lineage.panel.getByRole('heading', { name: 'CreatedFromEBSVolDemoAMI' })).toBeVisible();
    await expect(lineage.nodeById(target.id)).toHaveClass(/selected/);
    await expect(lineage.nodeById(target.id)).toBeInViewport();
    expect(consoleErrors).toEqual([]);
  });

  test('hovering an edge shows what it was read from', async ({ lineage, page }) => {
    await lineage.open();
    const api = await (await page.request.get('/api/lineage')).json();
    const image = api.nodes.find((n: { name: string | null; region: string }) => n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1');
    const path = page.locator(`[data-testid^="rf__edge-launched:${image.id}->"] path.react-flow__edge-interaction`);
    const box = (await path.boundingBox())!;
    await page.mouse.move(box.x, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await expect(page.getByTestId('edge-card')).toContainText('launched');
    await expect(page.getByTestId('edge-card')).toContainText('Instance.ImageId');
    await lineage.screenshot('edge-hover');
  });
});
