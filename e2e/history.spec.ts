import type { Page } from '@playwright/test';
import { ActionResultSchema } from '../lib/api/actions';
import { LineageResponseSchema } from '../lib/api/lineage';
import { type LineagePage, expect, test } from './fixtures';

/** History in the browser: a resource's timeline and who made it, the Changes view, and the graph as of a time. */

async function act(page: Page, action: string, body: Record<string, unknown>) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/actions/${action}`, { data: body, headers: { origin } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return ActionResultSchema.parse(await res.json());
}

async function graph(page: Page) {
  return LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());
}

/** ⟳ until the panel says who created the resource (CloudTrail is read after the graph is served). */
async function refreshUntilCreator(lineage: LineagePage, text: RegExp) {
  await expect(async () => {
    await lineage.page.getByRole('button', { name: 'Refresh' }).click();
    await expect(lineage.panel.getByTestId('created-by')).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Drawing waits for the server and the layout: on a busy machine that takes a while. */
const DRAWN = { timeout: 30_000 };

async function open(lineage: LineagePage, path = '/') {
  await lineage.page.goto(path);
  await expect(lineage.page.locator('.react-flow__node').first()).toBeVisible(DRAWN);
}

/** Restores a volume from one of the account's snapshots and opens the page with it selected. */
async function openRestoredVolume(lineage: LineagePage): Promise<string> {
  await open(lineage);
  const { nodes } = await graph(lineage.page);
  const snapshot = nodes.find((n) => n.kind === 'snapshot' && !n.external && n.region === 'us-east-1')!;
  const { volumeId } = await act(lineage.page, 'create-volume', {
    region: 'us-east-1',
    snapshotId: snapshot.id,
    availabilityZone: 'us-east-1a',
  });
  expect(volumeId).toBeTruthy();
  await open(lineage, `/?selected=${volumeId}`);
  return volumeId!;
}

test.describe('history', () => {
  test.slow();

  test('the details panel tells who made a resource and its timeline', async ({ lineage, consoleErrors }) => {
    await openRestoredVolume(lineage);
    await expect(lineage.panel).toBeVisible();
    await refreshUntilCreator(lineage, /Created by …\/admin on \d+ \w+ via CreateVolume/);
    const timeline = lineage.panel.getByTestId('timeline');
    await expect(timeline).toContainText('First seen');
    await expect(timeline).toContainText('Made by …/admin via CreateVolume');
    await lineage.panel.getByTestId('history-section').scrollIntoViewIfNeeded();
    await lineage.screenshot('history-timeline');
    expect(consoleErrors).toEqual([]);
  });

  test('Changes lists what appeared and disappeared; a gone resource opens as it was', async ({
    lineage,
    page,
    consoleErrors,
  }) => {
    const volumeId = await openRestoredVolume(lineage);
    await act(page, 'delete-volume', { region: 'us-east-1', volumeId });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(lineage.nodeById(volumeId)).toHaveCount(0, DRAWN);

    await page.getByRole('button', { name: 'Changes' }).click();
    const panel = page.getByTestId('changes-panel');
    await expect(panel).toBeVisible();
    await panel.getByRole('button', { name: 'Last hour' }).click();
    // Newest first: the volume went last. (A scenario reset issues the same ids again, so an id may recur.)
    const rows = panel.getByTestId('change-row').filter({ hasText: volumeId });
    await expect(rows.first()).toContainText('No longer listed by EC2');
    await expect(rows.first()).toContainText('No longer in the graph: opens it as it was then');
    await expect(rows.filter({ hasText: 'First seen' }).first()).toBeVisible();
    await lineage.screenshot('history-changes');

    // A row of a resource that is gone opens the graph as it was just before.
    await rows.first().click();
    await expect(page).toHaveURL(/asOf=/);
    const banner = page.getByTestId('as-of-banner');
    await expect(banner).toContainText('A past view');
    await expect(lineage.nodeById(volumeId)).toBeVisible(DRAWN);
    await expect(lineage.panel.getByRole('heading', { level: 2 })).toContainText(volumeId);
    await expect(page.getByTestId('mode')).toContainText('read-only');
    await expect(page.getByRole('button', { name: 'Launch instance' })).toHaveCount(0);
    await expect(lineage.panel.getByRole('button', { name: /Delete|Snapshot/ })).toHaveCount(0);
    await page.getByRole('button', { name: 'Close changes' }).click();
    await lineage.screenshot('history-as-of');

    // The time is in the URL: a reload draws the same past.
    await page.reload();
    await expect(page.getByTestId('as-of-banner')).toBeVisible();
    await expect(lineage.nodeById(volumeId)).toBeVisible(DRAWN);

    await page.getByTestId('as-of-banner').getByRole('button', { name: 'Back to now' }).click();
    await expect(page.getByTestId('as-of-banner')).toHaveCount(0);
    await expect(page).not.toHaveURL(/asOf=/);
    await expect(lineage.nodeById(volumeId)).toHaveCount(0, DRAWN);
    expect(consoleErrors).toEqual([]);
  });

  test('the time control draws a past view and says when nothing was recorded then', async ({ lineage, page }) => {
    await open(lineage);
    const control = page.getByTestId('as-of-control');
    await control.getByRole('button').click();
    await expect(page.getByLabel('As of')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('As of')).toHaveCount(0);
    await control.getByRole('button').click();
    await page.getByLabel('As of').fill('2001-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(page).toHaveURL(/asOf=2001-01-01/);
    await expect(page.getByTestId('as-of-banner')).toBeVisible();
    await expect(page.getByText(/Nothing was recorded as early as/)).toBeVisible(DRAWN);
    await expect(page.getByRole('heading', { name: 'Nothing recorded at that time' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await lineage.screenshot('history-as-of-empty');
  });
});
