import { LineageResponseSchema } from '../lib/api/lineage';
import { type AppProcess, startApp } from './app-process';
import { emulatorUrl, expect, test } from './fixtures';

test('a deep link to a resource that is not in the graph says so and dims nothing', async ({ lineage, page }) => {
  await lineage.open('/?selected=vol-0nope');
  const notice = page.getByTestId('not-found');
  await expect(notice).toContainText('Resource vol-0nope was not found');
  await expect(lineage.node('scratch').locator('.opacity-25')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Clear selection' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page).not.toHaveURL(/selected=/);
});

test('Create volume refuses a size below the snapshot’s; Delete snapshot offers to deregister its AMI first', async ({
  lineage,
  page,
}) => {
  // A snapshot that backs a registered AMI (the walkthrough's root volume snapshot), opened by its link.
  const graph = LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());
  const registered = new Set(graph.nodes.filter((n) => n.kind === 'image' && !n.external).map((n) => n.id));
  const backing = graph.edges.find((e) => e.kind === 'backs' && registered.has(e.target))!;
  const snapshot = graph.nodes.find((n) => n.id === backing.source)!;
  const size = snapshot.sizeGiB!;
  await lineage.open(`/?selected=${snapshot.id}`);
  await lineage.panel.getByRole('button', { name: 'Create volume' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('Size (GiB)').fill(String(size - 1));
  await expect(dialog.getByTestId('action-invalid')).toContainText(`at least the snapshot's ${size} GiB`);
  await expect(dialog.getByRole('button', { name: 'Create volume' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Check permissions' })).toBeDisabled();
  await dialog.getByLabel('Size (GiB)').fill(String(size));
  await expect(dialog.getByTestId('action-invalid')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Create volume' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await lineage.panel.getByRole('button', { name: 'Delete', exact: true }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('action-invalid')).toContainText('Deregister the AMI it backs first');
  await dialog.getByLabel(/Type .* to confirm/).fill((await dialog.locator('label strong').textContent())!);
  await expect(dialog.getByRole('button', { name: 'Delete snapshot' })).toBeDisabled();
  await dialog.getByRole('button', { name: /^Deregister .* first/ }).click();
  await expect(page.getByRole('dialog', { name: /^Deregister / })).toBeVisible();
  await lineage.screenshot('delete-snapshot-deregister-first');
});

test('the volume panel attaches, detaches and deletes a volume', async ({ lineage, page }) => {
  const graph = LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());
  const scratch = graph.nodes.find((n) => n.name === 'scratch')!;
  await lineage.open(`/?selected=${scratch.id}`);
  const actions = lineage.panel.getByRole('region', { name: 'Actions' });
  await expect(actions.getByRole('button', { name: 'Detach' })).toHaveCount(0);
  await actions.getByRole('button', { name: 'Attach' }).click();
  let dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(/^Instance \(in us-east-1/)).toBeVisible();
  await lineage.screenshot('attach-volume');
  await dialog.getByRole('button', { name: 'Attach volume' }).click();
  await expect(page.getByTestId('toast').first()).toContainText('Attaching');
  await expect(actions.getByRole('button', { name: 'Detach' })).toBeVisible({ timeout: 15_000 });

  await actions.getByRole('button', { name: 'Delete' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('action-invalid')).toContainText('Detach it from');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await actions.getByRole('button', { name: 'Detach' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Detach volume' }).click();
  await expect(actions.getByRole('button', { name: 'Attach' })).toBeVisible({ timeout: 15_000 });

  await actions.getByRole('button', { name: 'Delete' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Type scratch to confirm/).fill('scratch');
  await dialog.getByRole('button', { name: 'Delete volume' }).click();
  await expect(lineage.node('scratch')).toHaveCount(0);
});

test('a region that fails stays in the header, marked, and the banner says its copies may be missing', async ({
  lineage,
  page,
}) => {
  await lineage.open();
  await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    body: JSON.stringify({
      region: 'eu-west-1',
      action: 'DescribeSnapshots',
      code: 'UnauthorizedOperation',
      status: 403,
    }),
  });
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('failed-region')).toHaveText(/eu-west-1/);
    await expect(page.getByTestId('regions')).toContainText('us-east-1');
    await expect(page.getByTestId('region-errors')).toContainText('may be missing from the graph');
  } finally {
    await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
  }
});

test.describe('four regions', () => {
  let app: AppProcess;
  test.beforeAll(async () => {
    app = await startApp(emulatorUrl, { LINEAGE_REGIONS: 'us-east-1,eu-west-1,us-west-2,ap-southeast-2' });
  });
  test.afterAll(() => app?.stop());

  test('the header holds on one line at 1280×720 and Launch instance fits', async ({ lineage, page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await lineage.open(`${app.url}/`);
    await expect(page.getByTestId('regions')).toContainText('ap-southeast-2');
    const header = page.locator('header').first();
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(49);
    const launch = (await page.getByRole('button', { name: 'Launch instance' }).boundingBox())!;
    expect(launch.x + launch.width).toBeLessThanOrEqual(1280);
    expect(launch.height).toBeLessThanOrEqual(36);
    expect(await header.evaluate((h) => h.scrollWidth - h.clientWidth)).toBeLessThanOrEqual(0);
    const tools = (await page.getByTestId('header-tools').boundingBox())!;
    const lastTool = (await page.getByTestId('export').boundingBox())!;
    expect(lastTool.x + lastTool.width).toBeLessThanOrEqual(tools.x + tools.width);
    expect(tools.x + tools.width).toBeLessThanOrEqual(launch.x);
    expect(
      (await page
        .getByRole('searchbox')
        .or(page.getByPlaceholder(/Search/))
        .first()
        .boundingBox())!.width,
    ).toBeGreaterThanOrEqual(150);
    await lineage.screenshot('header-1280-four-regions');
  });
});

test('an unnamed resource shows its id once in the details panel', async ({ lineage, page }) => {
  const graph = LineageResponseSchema.parse(await (await page.request.get('/api/lineage')).json());
  const unnamed =
    graph.nodes.find((n) => n.kind === 'volume' && !n.external && n.name === null) ??
    graph.nodes.find((n) => !n.external && n.name === null)!;
  await lineage.open(`/?selected=${unnamed.id}`);
  const header = lineage.panel.locator('header').first();
  await expect(header.getByRole('heading', { level: 2 })).toHaveText(unnamed.id);
  expect((await header.textContent())!.split(unnamed.id)).toHaveLength(2);
});
