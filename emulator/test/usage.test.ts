import {
  CreateImageUsageReportCommand,
  DeleteImageUsageReportCommand,
  DescribeImageReferencesCommand,
  DescribeImageUsageReportEntriesCommand,
  DescribeImageUsageReportsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  type EC2Client,
  TerminateInstancesCommand,
  paginateDescribeImageUsageReportEntries,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { type Harness, failure, perTest } from './harness';

/** Image usage reports (asynchronous, across accounts) and image references (within one), through the real SDK. */

const emulator = perTest();
const DELAY = 1000;

/** The organization scenario's golden images by version, as the tooling account names them. */
async function golden(tooling: EC2Client): Promise<Record<string, string>> {
  const { Images } = await tooling.send(
    new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['golden-al2023-v*'] }] }),
  );
  return Object.fromEntries((Images ?? []).map((i) => [i.Name!.slice('golden-al2023-'.length), i.ImageId!]));
}

async function organization(): Promise<{ h: Harness; tooling: EC2Client; prod: EC2Client; v: Record<string, string> }> {
  const h = await emulator({ scenario: 'organization', delayMs: DELAY });
  const tooling = h.as(ORG.tooling.accessKey).ec2();
  return { h, tooling, prod: h.as(ORG.prod.accessKey).ec2(), v: await golden(tooling) };
}

describe('image usage reports', () => {
  it('are pending for a while, then list every account using the image, the sandbox included', async () => {
    const { h, tooling, v } = await organization();
    const { ReportId } = await tooling.send(
      new CreateImageUsageReportCommand({
        ImageId: v.v2,
        ResourceTypes: [{ ResourceType: 'ec2:Instance' }, { ResourceType: 'ec2:LaunchTemplate' }],
        TagSpecifications: [{ ResourceType: 'image-usage-report', Tags: [{ Key: 'purpose', Value: 'lineage' }] }],
      }),
    );
    expect(ReportId).toMatch(/^amiur-0[0-9a-f]{16}$/);
    const reports = () => tooling.send(new DescribeImageUsageReportsCommand({ ReportIds: [ReportId!] }));
    const entries = () => tooling.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!] }));
    const [pending] = (await reports()).ImageUsageReports!;
    expect(pending).toMatchObject({
      ImageId: v.v2,
      ReportId,
      State: 'pending',
      Tags: [{ Key: 'purpose', Value: 'lineage' }],
    });
    expect(pending!.ExpirationTime!.getTime() - pending!.CreationTime!.getTime()).toBe(30 * 86_400_000);
    expect((await entries()).ImageUsageReportEntries).toEqual([]);

    h.clock.advance(2 * DELAY);
    expect((await reports()).ImageUsageReports![0]!.State).toBe('available');
    const rows = (await entries()).ImageUsageReportEntries!.map((e) => [e.AccountId, e.ResourceType, e.UsageCount]);
    expect(rows).toEqual([
      [ORG.prod.id, 'ec2:Instance', 1],
      [ORG.sandbox.id, 'ec2:Instance', 2],
    ]);
    const sandboxOnly = await tooling.send(
      new DescribeImageUsageReportEntriesCommand({
        ImageIds: [v.v2!],
        Filters: [{ Name: 'account-id', Values: [ORG.sandbox.id] }],
      }),
    );
    expect(sandboxOnly.ImageUsageReportEntries!.map((e) => e.UsageCount)).toEqual([2]);
    const pages = [];
    for await (const page of paginateDescribeImageUsageReportEntries({ client: tooling, pageSize: 1 }, {}))
      pages.push(page.ImageUsageReportEntries!.length);
    expect(pages).toEqual([1, 1]);
  });

  it('count what the accounts use when the report is asked for, within the accounts it names', async () => {
    const { h, tooling, prod, v } = await organization();
    const report = async (accountIds?: string[]) => {
      const { ReportId } = await tooling.send(
        new CreateImageUsageReportCommand({
          ImageId: v.v3,
          ResourceTypes: [{ ResourceType: 'ec2:Instance' }],
          AccountIds: accountIds,
        }),
      );
      h.clock.advance(2 * DELAY);
      const { ImageUsageReportEntries } = await tooling.send(
        new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!] }),
      );
      return ImageUsageReportEntries!.map((e) => [e.AccountId, e.UsageCount]);
    };
    expect(await report()).toEqual([
      [ORG.prod.id, 3],
      [ORG.staging.id, 2],
    ]);
    expect(await report([ORG.staging.id])).toEqual([[ORG.staging.id, 2]]);
    const { Reservations } = await prod.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'image-id', Values: [v.v3!] }] }),
    );
    const ids = Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!));
    await prod.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    h.clock.advance(DELAY);
    expect(await report()).toEqual([[ORG.staging.id, 2]]);
    const all = await tooling.send(new DescribeImageUsageReportsCommand({ ImageIds: [v.v3!] }));
    expect(all.ImageUsageReports).toHaveLength(3);
  });

  it('only the owner may ask, with known resource types; reports can be deleted and expire after 30 days', async () => {
    const { h, tooling, prod, v } = await organization();
    const create = (client: EC2Client, input: object) =>
      client.send(new CreateImageUsageReportCommand({ ImageId: v.v2, ResourceTypes: [], ...input }));
    const byProd = await failure(create(prod, { ResourceTypes: [{ ResourceType: 'ec2:Instance' }] }));
    expect(byProd).toMatchObject({ name: 'AuthFailure', message: `Not authorized for image:${v.v2}` });
    for (const input of [
      { ResourceTypes: [{ ResourceType: 'ec2:Volume' }] },
      { ResourceTypes: [{ ResourceType: 'ec2:Instance', ResourceTypeOptions: [{ OptionName: 'version-depth' }] }] },
      {
        ResourceTypes: [
          {
            ResourceType: 'ec2:LaunchTemplate',
            ResourceTypeOptions: [{ OptionName: 'version-depth', OptionValues: ['0'] }],
          },
        ],
      },
      { ResourceTypes: [{ ResourceType: 'ec2:Instance' }], AccountIds: ['prod'] },
    ]) {
      expect((await failure(create(tooling, input))).name, JSON.stringify(input)).toBe('InvalidParameterValue');
    }
    const dry = await failure(create(tooling, { ResourceTypes: [{ ResourceType: 'ec2:Instance' }], DryRun: true }));
    expect(dry.name).toBe('DryRunOperation');

    const { ReportId: first } = await create(tooling, { ResourceTypes: [{ ResourceType: 'ec2:Instance' }] });
    const { ReportId: second } = await create(tooling, { ResourceTypes: [{ ResourceType: 'ec2:Instance' }] });
    await tooling.send(new DeleteImageUsageReportCommand({ ReportId: first }));
    const listed = async () =>
      (await tooling.send(new DescribeImageUsageReportsCommand({}))).ImageUsageReports!.map((r) => r.ReportId);
    expect(await listed()).toEqual([second]);
    const gone = tooling.send(new DescribeImageUsageReportsCommand({ ReportIds: [first!] }));
    expect((await failure(gone)).name).toBe('InvalidParameterValue');
    // Another account has no reports of its own.
    expect((await prod.send(new DescribeImageUsageReportsCommand({}))).ImageUsageReports).toEqual([]);
    h.clock.advance(30 * 86_400_000);
    expect(await listed()).toEqual([]);
  });
});

describe('DescribeImageReferences', () => {
  it('names the caller’s own instances that use the images, whoever owns them, as ARNs', async () => {
    const { prod, v } = await organization();
    const { ImageReferences } = await prod.send(
      new DescribeImageReferencesCommand({ ImageIds: [v.v3!, v.v2!], IncludeAllResourceTypes: true }),
    );
    expect(ImageReferences!.map((r) => r.ImageId).sort()).toEqual([v.v2, v.v3, v.v3, v.v3].sort());
    for (const r of ImageReferences!) {
      expect(r.ResourceType).toBe('ec2:Instance');
      expect(r.Arn).toMatch(new RegExp(`^arn:aws:ec2:us-east-1:${ORG.prod.id}:instance/i-0[0-9a-f]{16}$`));
    }
    // The owner's account runs none of them.
    const tooling = await prod.send(
      new DescribeImageReferencesCommand({ ImageIds: [v.v1!], ResourceTypes: [{ ResourceType: 'ec2:Instance' }] }),
    );
    expect(tooling.ImageReferences).toEqual([]);
  });

  it('narrows by instance state, pages, and refuses what EC2 refuses', async () => {
    const { prod, v } = await organization();
    const byState = (states: string[]) =>
      prod.send(
        new DescribeImageReferencesCommand({
          ImageIds: [v.v3!],
          ResourceTypes: [
            { ResourceType: 'ec2:Instance', ResourceTypeOptions: [{ OptionName: 'state-name', OptionValues: states }] },
          ],
        }),
      );
    expect((await byState(['running'])).ImageReferences).toHaveLength(3);
    expect((await byState(['stopped'])).ImageReferences).toEqual([]);
    const page = await prod.send(
      new DescribeImageReferencesCommand({ ImageIds: [v.v3!], IncludeAllResourceTypes: true, MaxResults: 2 }),
    );
    expect(page.ImageReferences).toHaveLength(2);
    expect(page.NextToken).toBeDefined();
    expect((await failure(byState(['sleeping']))).name).toBe('InvalidParameterValue');
    const none = prod.send(new DescribeImageReferencesCommand({ ImageIds: [v.v3!] }));
    expect((await failure(none)).name).toBe('MissingParameter');
    const malformed = prod.send(
      new DescribeImageReferencesCommand({ ImageIds: ['ami-x'], IncludeAllResourceTypes: true }),
    );
    expect((await failure(malformed)).name).toBe('InvalidAMIID.Malformed');
  });
});
