import type { Page } from '@playwright/test';
import { LineageResponseSchema } from '../lib/api/lineage';
import { expect, loadScenario, test } from './fixtures';

/** The graph as the API answers it, checked against its schema. */
async function graph(page: Page) {
  return LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());
}

test.describe('actions from the graph', () => {
  test('plays the walkthrough by clicking, from an empty account', async ({ lineage, page, consoleErrors }) => {
    test.setTimeout(120_000);
    await loadScenario('empty');
    await page.goto('/');
    await expect(page.getByTestId('empty-state')).toBeVisible();

    // 1. Launch EBSVolDemo from a base image with an extra 2 GiB volume.
    await page.getByTestId('empty-state').getByRole('button', { name: 'Launch an instance' }).click();
    let dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Image')).toHaveValue(/ami-/);
    await dialog.getByLabel('Name tag').fill('EBSVolDemo');
    await dialog.getByRole('button', { name: 'Add a volume' }).click();
    await expect(dialog.getByTestId('action-summary')).toContainText('a blank 2 GiB gp3 volume at /dev/sdf');
    await dialog.getByRole('button', { name: 'Check permissions' }).click();
    await expect(dialog.getByText('Allowed: EC2 says this request would succeed.')).toBeVisible();
    await lineage.screenshot('actions-1-launch-dialog');
    await dialog.getByRole('button', { name: 'Launch instance' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('toast').first()).toContainText('Launching 1 instance');
    await expect(lineage.node('EBSVolDemo')).toBeVisible();
    await expect(lineage.panel.getByRole('heading', { name: 'EBSVolDemo', exact: true })).toBeVisible();
    await expect(lineage.node('EBSVolDemo')).toContainText('running', { timeout: 15_000 });
    await lineage.screenshot('actions-2-launched');

    // 2. Create an image from it: one snapshot per volume.
    await lineage.panel.getByRole('button', { name: 'Create image' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('AMI name').fill('ImageFromEBSVolDemo');
    await expect(dialog.getByTestId('action-summary')).toContainText('one snapshot per attached volume');
    await expect(dialog.getByTestId('action-summary')).toContainText('(8 GiB, /dev/xvda)');
    await expect(dialog.getByTestId('action-summary')).toContainText('(2 GiB, /dev/sdf)');
    await dialog.getByRole('button', { name: 'Create image' }).click();
    await expect(dialog).toBeHidden();
    await expect(lineage.panel.getByRole('heading', { name: 'ImageFromEBSVolDemo', exact: true })).toBeVisible();
    const image = (await graph(page)).nodes.find((n) => n.name === 'ImageFromEBSVolDemo')!;
    await expect(lineage.edgesOfKind(`backs`).and(page.locator(`[data-testid$="->${image.id}"]`))).toHaveCount(2);
    await expect(lineage.node('ImageFromEBSVolDemo')).toContainText('pending');
    await lineage.screenshot('actions-3-image-pending');
    await expect(lineage.node('ImageFromEBSVolDemo')).toContainText('available', { timeout: 15_000 });

    // 3. Launch from the image: two restored volumes.
    await lineage.panel.getByRole('button', { name: 'Launch instances' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name tag').fill('CreatedFromEBSVolDemoAMI');
    await expect(dialog.getByTestId('action-summary')).toContainText('each with 2 volumes');
    await dialog.getByRole('button', { name: 'Launch instance' }).click();
    await expect(dialog).toBeHidden();
    await expect(lineage.node('CreatedFromEBSVolDemoAMI')).toBeVisible();
    await expect(async () => {
      const g = await graph(page);
      const launched = g.nodes.find((n) => n.name === 'CreatedFromEBSVolDemoAMI')!;
      const volumes = g.edges.filter((e) => e.kind === 'attached' && e.source === launched.id).map((e) => e.target);
      expect(g.edges.filter((e) => e.kind === 'restored' && volumes.includes(e.target))).toHaveLength(2);
    }).toPass();
    await expect(lineage.edgesOfKind('restored')).toHaveCount(3);
    await lineage.screenshot('actions-4-launched-from-image');

    // 4. Copy the image to eu-west-1.
    await lineage.nodeById(image.id).click();
    await lineage.panel.getByRole('button', { name: 'Copy to region' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Destination region').selectOption('eu-west-1');
    await dialog.getByRole('button', { name: 'Copy image' }).click();
    await expect(dialog).toBeHidden();
    await expect(lineage.node('ImageFromEBSVolDemo')).toHaveCount(2);
    await expect(lineage.node('ImageFromEBSVolDemo').filter({ hasText: 'eu-west-1' })).toHaveCount(1);
    await expect(page.locator(`[data-testid^="rf__edge-copied:${image.id}->"]`)).toHaveCount(1);
    await lineage.screenshot('actions-5-copied');
    expect(consoleErrors).toEqual([]);
  });

  test('a failed action shows the EC2 error and changes nothing', async ({ lineage, page }) => {
    await lineage.open();
    await lineage.node('EBSVolDemo').first().click();
    await lineage.panel.getByRole('button', { name: 'Create image' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('AMI name').fill('ImageFromEBSVolDemo');
    await dialog.getByRole('button', { name: 'Create image' }).click();
    await expect(dialog.getByTestId('action-error')).toContainText('InvalidAMIName.Duplicate');
    await lineage.screenshot('actions-error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(lineage.node('ImageFromEBSVolDemo')).toHaveCount(2);
  });

  test('after an action, a small account fetches its graph once', async ({ lineage, page }) => {
    await lineage.open();
    await lineage.node('EBSVolDemo').first().click();
    const asked: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (r.method() === 'GET' && /^\/api\/(lineage|families)/.test(url.pathname)) asked.push(url.pathname);
    });
    await lineage.panel.getByRole('button', { name: 'Create image' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('AMI name').fill('FetchedOnce');
    await dialog.getByRole('button', { name: 'Create image' }).click();
    await expect(dialog).toBeHidden();
    await expect(lineage.node('FetchedOnce')).toBeVisible();
    // The graph's own query reads it again; the overview's answer, which carried the same graph, is not asked for.
    expect(asked).toEqual(['/api/lineage']);
  });

  test('destructive actions ask for the name to be typed', async ({ lineage, page }) => {
    await lineage.open();
    await lineage.node('UnusedImage').click();
    await lineage.panel.getByRole('button', { name: 'Deregister' }).click();
    const dialog = page.getByRole('dialog');
    const submit = dialog.getByRole('button', { name: 'Deregister' });
    await expect(submit).toBeDisabled();
    await dialog.getByLabel('Also delete its snapshots').check();
    await dialog.getByLabel(/Type UnusedImage to confirm/).fill('UnusedImage');
    await expect(submit).toBeEnabled();
    await submit.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('toast').first()).toContainText('Deregistered UnusedImage and deleted 1 snapshot');
    await expect(lineage.node('UnusedImage')).toHaveCount(0);
    await expect(lineage.panel).toBeHidden();
  });
});
