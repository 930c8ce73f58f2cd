import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';

test('the chain view measures a volume’s snapshots and says what deleting one frees', async ({
  lineage,
  consoleErrors,
}) => {
  await lineage.open();
  await lineage.node('EBSVolDemo-data-backup').click();
  await expect(lineage.panel.getByRole('heading', { name: 'EBSVolDemo-data-backup' })).toBeVisible();
  const chain = lineage.panel.getByTestId('chain-view');
  await chain.getByRole('button', { name: 'Measure blocks' }).click();

  // The AMI's snapshot of the data volume, two nightly backups and the named one: four bars, oldest first.
  const bars = chain.getByTestId('chain-bar');
  await expect(bars).toHaveCount(4);
  await expect(chain).toContainText(/4 snapshots store [\d.]+ GiB in all \([\d.]+ GiB if each were stored in full\)/);
  const backupId = await bars.last().getAttribute('data-snapshot');
  await expect(chain.getByTestId('chain-deleting')).toHaveText(
    new RegExp(`^Deleting ${backupId} frees about [\\d.]+ MiB of its 1\\.2 GiB\\.$`),
  );
  for (const bar of await bars.all()) await expect(bar).toContainText(/full · .* changed · .* unique/);
  await expect(chain.getByRole('button', { name: 'Measure again' })).toBeVisible();
  mkdirSync('test-results/screenshots', { recursive: true });
  await chain.scrollIntoViewIfNeeded();
  await lineage.screenshot('chain-view-snapshot');
  await lineage.panel.screenshot({ path: 'test-results/screenshots/chain-view-snapshot-panel.png' });

  // The volume shows the same chain at once; a bar's id selects that snapshot.
  await lineage.panel.getByTestId('lineage-story').getByRole('button', { name: /^vol-/ }).first().click();
  await expect(lineage.panel.getByText('Volume', { exact: true })).toBeVisible();
  await expect(lineage.panel.getByTestId('chain-bar')).toHaveCount(4);
  await lineage.panel.getByTestId('chain-view').scrollIntoViewIfNeeded();
  await lineage.panel.screenshot({ path: 'test-results/screenshots/chain-view-volume-panel.png' });
  const first = await lineage.panel.getByTestId('chain-bar').first().getAttribute('data-snapshot');
  await lineage.panel.getByTestId('chain-bar').first().getByRole('button', { name: first! }).click();
  await expect(lineage.panel.getByText(first!, { exact: true }).first()).toBeVisible();
  await expect(lineage.panel.getByTestId('chain-deleting')).toContainText(`Deleting ${first}`);
  expect(consoleErrors).toEqual([]);
});

test('a snapshot copy says its blocks are a lineage of their own', async ({ lineage }) => {
  await lineage.open();
  await lineage.node('EBSVolDemo-data-backup').click();
  await lineage.panel
    .getByTestId('lineage-story')
    .getByRole('button', { name: /^snap-/ })
    .last()
    .click();
  await expect(lineage.panel.getByTestId('chain-view')).toContainText('A copy');
});

test('a measured chain gives its snapshot’s finding what deleting it frees', async ({ lineage, page }) => {
  await lineage.open();
  await page.getByRole('button', { name: /Findings/ }).click();
  const panel = page.getByTestId('findings-panel');
  const leftover = panel.getByRole('region', { name: 'Snapshots left by deregistered AMIs' }).getByTestId('finding');
  await expect(leftover.getByTestId('finding-basis')).toHaveText('estimated at full size');
  await expect(leftover).toContainText('8 GiB');

  // Measure the leftover's chain (its builder's root volume, gone): one snapshot, which alone holds its blocks.
  await leftover.getByRole('button').first().click();
  const chain = lineage.panel.getByTestId('chain-view');
  await chain.getByRole('button', { name: 'Measure blocks' }).click();
  await expect(chain.getByTestId('chain-bar')).toHaveCount(1);
  await expect(chain.getByTestId('chain-deleting')).toHaveText(/frees about 1\.6 GiB of its 1\.6 GiB/);
  await expect(leftover.getByTestId('finding-basis')).toHaveText('measured: what deleting it frees');
  await expect(leftover).toContainText('1.6 GiB');
  await lineage.screenshot('chain-finding-measured');
});
