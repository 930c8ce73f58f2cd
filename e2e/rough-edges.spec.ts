import { expect, test } from './fixtures';

test('a deep link to a resource that is not in the graph says so and dims nothing', async ({ lineage, page }) => {
  await lineage.open('/?selected=vol-0nope');
  const notice = page.getByTestId('not-found');
  await expect(notice).toContainText('Resource vol-0nope was not found');
  await expect(lineage.node('scratch').locator('.opacity-25')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Clear selection' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page).not.toHaveURL(/selected=/);
});
