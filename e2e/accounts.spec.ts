import { type AppProcess, startApp } from './app-process';
import { EmulatorProcess } from '../test/emulator-process';
import { LineagePage, expect, test } from './fixtures';

/**
 * An organization in one picture: an app of its own reading the emulator's organization scenario through
 * LINEAGE_ORG_ROLE, with every AWS service pointed at the emulator.
 */

const SANDBOX = '222233334444';

test.describe('several accounts', () => {
  let emulator: EmulatorProcess;
  let app: AppProcess;

  test.beforeAll(async () => {
    emulator = await EmulatorProcess.start('organization');
    app = await startApp(emulator.url, { AWS_ENDPOINT_URL: emulator.url, LINEAGE_ORG_ROLE: 'LineageReader' });
  });

  test.afterAll(() => {
    app?.stop();
    emulator?.stop();
  });

  test('every card names its account, edges cross accounts, and the header says which accounts were read', async ({
    page,
  }) => {
    const lineage = new LineagePage(page);
    await page.goto(`${app.url}/`);
    await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('accounts-status')).toContainText('4 of 5 accounts read');
    await expect(page.getByTestId('accounts-status')).toContainText('not read: sandbox');
    const banner = page.getByTestId('region-errors');
    await expect(banner).toContainText(`sandbox (${SANDBOX})`);
    await expect(banner).toContainText('AccessDenied');

    const prodWeb = lineage.node('prod-web').first();
    await expect(prodWeb.getByTestId('account-chip')).toHaveText('prod');
    await expect(lineage.node('golden-al2023-v3').first().getByTestId('account-chip')).toHaveText('tooling');
    await expect(lineage.node('staging-canary').getByTestId('account-chip')).toHaveText('staging');
    // The chip is as plain to read as the name: white on the account's colour, not a faint line.
    const chip = prodWeb.getByTestId('account-chip');
    expect(await chip.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');

    const crossing = page.locator('.react-flow__edge path.cross-account');
    expect(await crossing.count()).toBeGreaterThanOrEqual(5);
    await crossing.first().hover({ force: true });
    await expect(page.getByTestId('edge-accounts')).toContainText(/across accounts: tooling → (prod|staging)/);
    await lineage.screenshot('accounts-organization');
  });

  test('the account filter shows one account and what it was made from', async ({ page }) => {
    const lineage = new LineagePage(page);
    await page.goto(`${app.url}/`);
    await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: /^Filters/ }).click();
    const filter = page.getByTestId('account-filter');
    for (const name of ['management', 'tooling', 'staging']) {
      await filter.getByLabel(name).click();
      await expect(filter.getByLabel(name)).not.toBeChecked();
    }
    await expect(page).toHaveURL(/account=444455556666/);
    await expect(lineage.node('staging-canary')).toHaveCount(0);
    await expect(lineage.node('prod-web').first()).toBeVisible();
    // Tooling's images that prod launched from stay; tooling's own builder instances do not.
    await expect(lineage.node('golden-al2023-v3').first()).toBeVisible();
    await expect(lineage.node('golden-al2023-builder-v1')).toHaveCount(0);
    await lineage.screenshot('accounts-filter-prod');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(lineage.node('staging-canary')).toBeVisible();
  });

  test('the details panel says who an image is shared with and which accounts use it', async ({ page }) => {
    const lineage = new LineagePage(page);
    await page.goto(`${app.url}/`);
    await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
    const v2 = page.locator('.react-flow__node', { hasText: 'golden-al2023-v2' }).first();
    await v2.click();
    const sharing = lineage.panel.getByTestId('sharing');
    // Read after the graph is shown, and the usage report is made asynchronously: the panel fills in by itself.
    await expect(sharing).toContainText(
      'Shared with the organization o-a1b2c3d4e5; used by 2 accounts (1 not readable here): 3 instances.',
      { timeout: 20_000 },
    );
    const sandboxRow = sharing.getByRole('listitem').filter({ hasText: 'sandbox' });
    await expect(sandboxRow.getByTestId('account-chip')).toHaveAttribute('title', `Account ${SANDBOX} (not read here)`);
    await expect(sandboxRow).toContainText('2 instances');
    await expect(sandboxRow).toContainText('not readable here');
    await expect(lineage.panel.getByTestId('account-chip').first()).toHaveText('tooling');
    await lineage.screenshot('accounts-panel-sharing');

    // A snapshot shared with one account.
    await lineage.search.fill('reference-data');
    await page.getByRole('option', { name: /^reference-data snap-/ }).click();
    await expect(lineage.panel.getByTestId('sharing')).toContainText('Shared with 1 account.');
  });
});
