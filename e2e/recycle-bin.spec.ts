import { expect, test } from './fixtures';

test('a backup in the Recycle Bin is a ghost on its volume that can be restored', async ({
  lineage,
  page,
  consoleErrors,
}) => {
  await lineage.open();
  // Read in the background: the ghost comes with a later answer.
  const ghost = lineage.node('in the Recycle Bin until');
  await expect(ghost).toHaveCount(1, { timeout: 15_000 });
  const id = (await ghost.getAttribute('data-id'))!;
  expect(id).toMatch(/^snap-/);
  await ghost.click();
  await expect(lineage.panel).toContainText(/In the Recycle Bin until|in the Recycle Bin until/);
  // EBS cannot list a binned snapshot's blocks: nothing offers to measure them.
  await expect(lineage.panel.getByTestId('chain-view')).toContainText('EBS lists its blocks again once it is restored');
  await expect(lineage.panel.getByRole('button', { name: 'Measure blocks' })).toHaveCount(0);
  await lineage.screenshot('recycle-bin-ghost');

  await lineage.panel.getByRole('button', { name: 'Restore from Recycle Bin' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Restores ${id} from the Recycle Bin`);
  await dialog.getByRole('button', { name: 'Check permissions' }).click();
  await expect(dialog.getByRole('status')).toContainText('Allowed');
  await lineage.screenshot('recycle-bin-restore');
  await dialog.getByRole('button', { name: 'Restore snapshot' }).click();
  await expect(page.getByTestId('toast').first()).toContainText('Restored');

  // Back in the inventory: a snapshot like any other, no longer in the bin.
  await expect(lineage.nodeById(id)).not.toContainText('Recycle Bin', { timeout: 15_000 });
  await expect(lineage.nodeById(id)).toContainText(id);

  // Deleting it again: the rule that kept it keeps it again.
  await lineage.nodeById(id).click();
  await lineage.panel.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog').getByTestId('retention')).toContainText(
    'A Recycle Bin rule keeps it 7 days: it can be restored until',
  );
  await lineage.screenshot('recycle-bin-delete-kept');
  // The history store has recorded nothing of a resource back from the bin yet: an empty timeline, no error.
  expect(consoleErrors).toEqual([]);
});

test('deleting a backup says the Recycle Bin keeps it; deleting another says it cannot be undone', async ({
  lineage,
  page,
}) => {
  await lineage.open();
  await lineage.node('EBSVolDemo-data-backup').first().click();
  await lineage.panel.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('retention')).toHaveText('This cannot be undone.');
});
