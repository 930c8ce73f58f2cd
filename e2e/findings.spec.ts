import { expect, test } from './fixtures';

test('findings list what can be deleted, jump to it, and clean it up', async ({ lineage, page, consoleErrors }) => {
  await lineage.open();
  await expect(page.getByRole('button', { name: /Findings/ })).toContainText('3');
  await page.getByRole('button', { name: /Findings/ }).click();
  const panel = page.getByTestId('findings-panel');
  await expect(panel.getByTestId('finding')).toHaveCount(3);
  await expect(panel.getByTestId('findings-totals')).toContainText('3 findings · 36 GiB');
  await expect(panel.getByRole('region', { name: 'AMIs nobody launches' })).toContainText('UnusedImage');
  await expect(panel.getByRole('region', { name: 'Volumes attached to nothing' })).toContainText('scratch');
  const leftovers = panel.getByRole('region', { name: 'Snapshots left by deregistered AMIs' });
  await expect(leftovers.getByTestId('finding')).toHaveCount(1);
  await expect(page).toHaveURL(/findings=1/);
  // Marked on the canvas.
  await expect(page.getByTestId('finding-mark')).toHaveCount(3);
  await lineage.screenshot('findings-panel');

  // A row jumps to its resource.
  await panel.getByTestId('finding').filter({ hasText: 'UnusedImage' }).getByRole('button').click();
  await expect(lineage.panel.getByRole('heading', { name: 'UnusedImage', exact: true })).toBeVisible();

  // Clean up the deregistered AMI's leftover snapshot.
  const snapshotId = (await leftovers.getByTestId('finding').locator('.font-mono').textContent())!.split(' ')[0]!;
  await leftovers.getByRole('checkbox').check();
  await panel.getByRole('button', { name: 'Clean up 1…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cleanup-steps')).toContainText(`Delete snapshot ${snapshotId}`);
  const run = dialog.getByRole('button', { name: 'Delete 1 resource' });
  await expect(run).toBeDisabled();
  await expect(dialog).toContainText('Saves about $0.40 a month');
  await dialog.getByLabel(/Type delete to confirm/).fill('delete');
  await run.click();
  await expect(dialog.getByTestId('cleanup-steps')).toContainText('✓');
  // Still priced as it was once the findings it was given are gone.
  await expect(page.getByRole('button', { name: /Findings/ })).toContainText('2');
  await expect(dialog).toContainText('Saves about $0.40 a month');
  await lineage.screenshot('findings-cleanup');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(panel.getByTestId('finding')).toHaveCount(2);
  await expect(lineage.nodeById(snapshotId)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Findings/ })).toContainText('2');
  expect(consoleErrors).toEqual([]);
});

test('cleaning up an unused AMI says which snapshots go with it', async ({ lineage, page }) => {
  await lineage.open('/?findings=1');
  const panel = page.getByTestId('findings-panel');
  await panel.getByTestId('finding').filter({ hasText: 'UnusedImage' }).getByRole('checkbox').check();
  await panel.getByTestId('finding').filter({ hasText: 'scratch' }).getByRole('checkbox').check();
  await panel.getByRole('button', { name: 'Clean up 2…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cleanup-steps')).toContainText('Deregister UnusedImage and delete 1 snapshot');
  await expect(dialog.getByTestId('cleanup-steps')).toContainText('Delete volume scratch');
  await dialog.getByLabel(/Type delete to confirm/).fill('delete');
  await dialog.getByRole('button', { name: 'Delete 2 resources' }).click();
  await expect(dialog.getByTestId('cleanup-steps').getByLabel('done')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByTestId('finding')).toHaveCount(1);
  await expect(lineage.node('UnusedImage')).toHaveCount(0);
  await expect(lineage.node('scratch')).toHaveCount(0);
});
