import { CreateKeyPairCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { type AppProcess, startApp } from './app-process';
import { LineagePage, emulatorUrl, expect, loadScenario, test } from './fixtures';

/** The launch dialog's network and access pickers, fed by the emulator's subnets, groups, key pairs and profiles. */

function ec2(region: string): EC2Client {
  return new EC2Client({
    region,
    endpoint: emulatorUrl,
    credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    maxAttempts: 1,
  });
}

test.describe('launch dialog', () => {
  test('launches with a chosen subnet, security group, key pair, instance profile and user data', async ({
    lineage,
    page,
    consoleErrors,
  }) => {
    await loadScenario('walkthrough');
    const client = ec2('us-east-1');
    await client.send(new CreateKeyPairCommand({ KeyName: 'ops' }));
    await lineage.open();
    await page.getByRole('button', { name: 'Launch instance' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Image')).toHaveValue(/ami-/);
    await dialog.getByLabel('Name tag').fill('picked');
    const options = dialog.getByTestId('launch-options');
    const subnet = options.getByLabel('Subnet');
    await expect(subnet.locator('option')).not.toHaveCount(1);
    await expect(subnet.locator('option').first()).toHaveText('Default subnet of a zone EC2 picks');
    await subnet.selectOption({ index: 2 });
    const subnetId = await subnet.inputValue();
    await options.getByRole('checkbox', { name: /default/ }).check();
    await options.getByLabel('Key pair').selectOption('ops');
    await options.getByLabel('Instance profile').selectOption('lineage-demo-app');
    await options.getByLabel('User data').fill('#!/bin/bash\necho hello\n');
    await expect(options).toContainText('23 of 16,384 bytes');
    const summary = dialog.getByTestId('action-summary');
    await expect(summary).toContainText(`into ${subnetId}`);
    await expect(summary).toContainText('key pair ops');
    await expect(summary).toContainText('instance profile lineage-demo-app');
    await dialog.getByRole('button', { name: 'Check permissions' }).click();
    await expect(dialog.getByText('Allowed: EC2 says this request would succeed.')).toBeVisible();
    await lineage.screenshot('launch-1-options-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await lineage.screenshot('launch-2-options-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Launch instance' }).click();
    await expect(dialog).toBeHidden();
    await expect(lineage.node('picked')).toBeVisible();
    // The new instance's panel says how it was launched.
    await expect(lineage.panel.getByRole('heading', { name: 'picked', exact: true })).toBeVisible();
    const facts = lineage.panel.getByRole('region', { name: 'Facts' });
    await expect(facts).toContainText(`Subnet${subnetId}`);
    await expect(facts).toContainText(/Security groupsdefault \(sg-[0-9a-f]+\)/);
    await expect(facts).toContainText('Key pairops');
    await expect(facts).toContainText('Instance profilelineage-demo-app');
    await lineage.screenshot('launch-4-instance-facts');

    const described = await client.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['picked'] }] }),
    );
    const instance = described.Reservations![0]!.Instances![0]!;
    expect(instance.SubnetId).toBe(subnetId);
    expect(instance.KeyName).toBe('ops');
    expect(instance.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
    expect(instance.IamInstanceProfile?.Arn).toMatch(/instance-profile\/lineage-demo-app$/);
    client.destroy();
    expect(consoleErrors).toEqual([]);
  });

  test.describe('a region without a default VPC', () => {
    let app: AppProcess;

    test.beforeAll(async () => {
      await loadScenario('walkthrough');
      app = await startApp(emulatorUrl, { LINEAGE_REGIONS: 'us-east-1,ca-central-1' });
    });

    test.afterAll(() => app?.stop());

    test('says a subnet is required and will not launch without one', async ({ page }) => {
      const lineage = new LineagePage(page);
      await lineage.open(`${app.url}/`);
      await page.getByRole('button', { name: 'Launch instance' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Region').selectOption('ca-central-1');
      await expect(dialog.getByLabel('Image')).toHaveValue(/ami-/);
      const options = dialog.getByTestId('launch-options');
      await expect(options.getByLabel('Subnet (required)')).toBeVisible();
      await expect(options).toContainText('This region has no default VPC: a launch must name a subnet.');
      await expect(dialog.getByTestId('action-invalid')).toHaveText(
        'ca-central-1 has no default VPC: choose a subnet to launch into.',
      );
      const launch = dialog.getByRole('button', { name: 'Launch instance' });
      await expect(launch).toBeDisabled();
      await lineage.screenshot('launch-3-subnet-required');
      // Only the region's own groups are offered (its VPC has `default` and `web`).
      await options.getByLabel('Subnet (required)').selectOption({ index: 1 });
      await expect(options.getByRole('checkbox')).toHaveCount(2);
      await expect(dialog.getByTestId('action-invalid')).toBeHidden();
      await expect(launch).toBeEnabled();
    });
  });
});
