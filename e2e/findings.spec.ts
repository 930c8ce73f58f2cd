import { readFileSync } from 'node:fs';
import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { FindingsResponseSchema } from '../lib/api/findings';
import { emulatorUrl, expect, loadScenario, test } from './fixtures';

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
  await leftovers.getByTestId('finding').getByRole('checkbox').check();
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

test('findings filter by region and tag, sort by cost, select a whole group and export what is shown', async ({
  lineage,
  page,
  consoleErrors,
}) => {
  await loadScenario('walkthrough');
  // One more unattached volume in each region: a finding outside us-east-1, and a group of two in it.
  for (const region of ['us-east-1', 'eu-west-1']) {
    const ec2 = new EC2Client({
      region,
      endpoint: emulatorUrl,
      credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    });
    await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: `${region}a`,
        Size: 50,
        VolumeType: 'gp3',
        TagSpecifications: [
          {
            ResourceType: 'volume',
            Tags: [
              { Key: 'Name', Value: `spare-${region}` },
              { Key: 'team', Value: 'data' },
            ],
          },
        ],
      }),
    );
    ec2.destroy();
  }
  await lineage.open('/?findings=1');
  const panel = page.getByTestId('findings-panel');
  await expect(panel.getByTestId('finding')).toHaveCount(5);
  const totals = panel.getByTestId('findings-totals');
  await expect(totals).toContainText('5 findings');
  const scratchCard = page.locator('.react-flow__node', { has: page.getByText('scratch', { exact: true }) });
  await expect(scratchCard.getByTestId('finding-mark')).toHaveCount(1);

  // Region: only us-east-1's four.
  await panel.getByLabel('Region').selectOption('us-east-1');
  await expect(panel.getByTestId('finding')).toHaveCount(4);
  await expect(totals).toContainText('4 of 5 findings');
  await expect(panel.getByTestId('finding').filter({ hasText: 'spare-eu-west-1' })).toHaveCount(0);

  // Select all of a group; one row off leaves it partly chosen.
  const volumes = panel.getByRole('region', { name: 'Volumes attached to nothing' });
  const all = volumes.getByRole('checkbox', { name: 'Select all 2 volumes attached to nothing' });
  await all.check();
  await expect(panel.getByRole('button', { name: 'Clean up 2…' })).toBeEnabled();
  await volumes.getByTestId('finding').filter({ hasText: 'scratch' }).getByRole('checkbox').uncheck();
  await expect(all).not.toBeChecked();
  expect(await all.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
  await expect(panel.getByRole('button', { name: 'Clean up 1…' })).toBeEnabled();
  await lineage.screenshot('findings-filtered');

  // Export what is shown: one CSV row per finding shown.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Save the 4 findings shown as CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv).toHaveLength(1 + 4);
  const shownIds = await panel.getByTestId('finding').locator('.font-mono').allTextContents();
  for (const text of shownIds) expect(csv.some((line) => line.includes(text.split(' ')[0]!))).toBe(true);
  expect(csv.some((line) => line.includes('spare-eu-west-1'))).toBe(false);

  // Tag, combined with the region; then costliest first across kinds.
  await panel.getByLabel('Tag').fill('team=data');
  await expect(panel.getByTestId('finding')).toHaveCount(1);
  await expect(totals).toContainText('1 of 5 findings');
  // The canvas marks only the findings shown.
  await expect(scratchCard.getByTestId('finding-mark')).toHaveCount(0);
  await panel.getByLabel('Tag').fill('');
  await panel.getByLabel('Region').selectOption('');
  await panel.getByLabel('Sort').selectOption('cost');
  await expect(panel.getByRole('region', { name: 'All findings, costliest first' })).toBeVisible();
  const api = FindingsResponseSchema.parse(await (await page.request.get('/api/findings')).json());
  const costs = [...api.findings].sort(
    (a, b) => b.monthlyCostUsd - a.monthlyCostUsd || a.resourceId.localeCompare(b.resourceId),
  );
  await expect(panel.getByTestId('finding').first()).toContainText(costs[0]!.resourceId);
  await expect(panel.getByTestId('finding').last()).toContainText(costs.at(-1)!.resourceId);
  expect(consoleErrors).toEqual([]);
});
