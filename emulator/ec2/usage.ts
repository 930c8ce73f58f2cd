import type {
  CreateImageUsageReportRequest,
  CreateImageUsageReportResult,
  DeleteImageUsageReportRequest,
  DeleteImageUsageReportResult,
  DescribeImageUsageReportEntriesRequest,
  DescribeImageUsageReportEntriesResult,
  DescribeImageUsageReportsRequest,
  DescribeImageUsageReportsResult,
  ImageUsageReport,
  ImageUsageResourceTypeRequest,
} from '@aws-sdk/client-ec2';
import { invalidParameterValue, notAuthorizedForImage } from '../errors';
import type { UsageReportEntryRecord, UsageReportRecord } from '../state';
import {
  type ActionContext,
  checkSpecsFor,
  define,
  dryRunGate,
  idempotent,
  required,
  tagsFor,
  unique,
} from './context';
import { type FilterValues, assertKnownFilters, compileFilters, matchesFilters, tagFilterValues } from './filters';
import { paginate } from './pagination';
import { findVisibleImage } from './sharing';

/**
 * Image usage reports: which accounts use an image the caller owns, and how many instances and launch templates of
 * each refer to it. A report is counted when it is asked for, stays `pending` for twice the emulator's delay, is
 * `available` after that, and is gone 30 days after it was made, as on EC2. The emulator has no launch templates.
 */

const REPORT_LIFETIME_MS = 30 * 24 * 3_600_000;
const REPORT_TYPES: Record<string, readonly string[]> = { 'ec2:Instance': [], 'ec2:LaunchTemplate': ['version-depth'] };
const ACCOUNT_ID = /^\d{12}$/;

function checkResourceTypes(types: readonly ImageUsageResourceTypeRequest[]): UsageReportRecord['resourceTypes'] {
  return types.map((t) => {
    const type = required(t.ResourceType, 'ResourceType.ResourceType');
    const options = REPORT_TYPES[type];
    if (!options)
      throw invalidParameterValue(`Invalid resource type '${type}': use ec2:Instance or ec2:LaunchTemplate.`);
    return {
      type,
      options: (t.ResourceTypeOptions ?? []).map((o) => {
        const name = required(o.OptionName, 'ResourceTypeOption.OptionName');
        if (!options.includes(name)) throw invalidParameterValue(`Invalid option '${name}' for ${type}.`);
        const values = o.OptionValues ?? [];
        for (const v of values)
          if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 10_000)
            throw invalidParameterValue(`Invalid ${name} '${v}': use a whole number from 1 to 10000.`);
        return { name, values };
      }),
    };
  });
}

/** Instances (not terminated) launched from the image, per account of the region; launch templates never count. */
function countUsage(
  ctx: ActionContext,
  imageId: string,
  accountIds: readonly string[],
  types: UsageReportRecord['resourceTypes'],
): UsageReportEntryRecord[] {
  if (!types.some((t) => t.type === 'ec2:Instance')) return [];
  const entries: UsageReportEntryRecord[] = [];
  for (const { accountId, rs } of ctx.em.regionsOf(ctx.region, ctx.account)) {
    if (accountIds.length > 0 && !accountIds.includes(accountId)) continue;
    let count = 0;
    for (const i of Object.values(rs.instances)) if (i.imageId === imageId && i.state !== 'terminated') count++;
    if (count > 0) entries.push({ accountId, resourceType: 'ec2:Instance', count });
  }
  return entries;
}

/** The caller's reports in the region that have not expired (expired ones are dropped). */
function liveReports(ctx: ActionContext): UsageReportRecord[] {
  const reports = ctx.rs.usageReports;
  for (const r of Object.values(reports)) if (r.createdAt + REPORT_LIFETIME_MS <= ctx.now) delete reports[r.id];
  return Object.values(reports);
}

function chosenReports(ctx: ActionContext, reportIds: readonly string[], imageIds: readonly string[]) {
  const reports = liveReports(ctx);
  for (const id of reportIds)
    if (!reports.some((r) => r.id === id))
      throw invalidParameterValue(`The image usage report '${id}' does not exist.`);
  return reports.filter(
    (r) =>
      (reportIds.length === 0 || reportIds.includes(r.id)) && (imageIds.length === 0 || imageIds.includes(r.imageId)),
  );
}

const stateOf = (r: UsageReportRecord, now: number) => (now >= r.availableAt ? 'available' : 'pending');
const iso = (ms: number) => new Date(ms).toISOString();

const reportFilters =
  (now: number): FilterValues<UsageReportRecord> =>
  (r, name) =>
    name === 'state'
      ? [stateOf(r, now)]
      : name === 'creation-time'
        ? [iso(r.createdAt)]
        : tagFilterValues(r.tags, name);

type Entry = UsageReportEntryRecord & { seq: number; report: UsageReportRecord };

const entryFilters: FilterValues<Entry> = (e, name) =>
  name === 'account-id'
    ? [e.accountId]
    : name === 'resource-type'
      ? [e.resourceType]
      : name === 'creation-time'
        ? [iso(e.report.createdAt)]
        : undefined;

function reportView(r: UsageReportRecord, now: number): ImageUsageReport {
  return {
    ImageId: r.imageId,
    ReportId: r.id,
    ResourceTypes: r.resourceTypes.map((t) => ({
      ResourceType: t.type,
      ResourceTypeOptions: t.options.map((o) => ({ OptionName: o.name, OptionValues: o.values })),
    })),
    AccountIds: r.accountIds,
    State: stateOf(r, now),
    CreationTime: new Date(r.createdAt),
    ExpirationTime: new Date(r.createdAt + REPORT_LIFETIME_MS),
    Tags: r.tags.length > 0 ? r.tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined,
  };
}

export const usageReportActions = {
  CreateImageUsageReport: define<CreateImageUsageReportRequest, CreateImageUsageReportResult>({
    mutating: true,
    handle(ctx, input) {
      const image = findVisibleImage(ctx, ctx.region, required(input.ImageId, 'ImageId'));
      if (image.ownerId !== ctx.account) throw notAuthorizedForImage(image.id);
      const types = checkResourceTypes(required(input.ResourceTypes, 'ResourceType'));
      const accountIds = unique(input.AccountIds);
      for (const id of accountIds) if (!ACCOUNT_ID.test(id)) throw invalidParameterValue(`Invalid account id '${id}'.`);
      checkSpecsFor(input.TagSpecifications, ['image-usage-report']);
      const tags = tagsFor(input.TagSpecifications, 'image-usage-report');
      return idempotent(ctx, 'CreateImageUsageReport', input, () => {
        dryRunGate(ctx);
        const { em, now } = ctx;
        const report: UsageReportRecord = {
          seq: em.nextSeq(),
          id: em.nextId('amiur'),
          imageId: image.id,
          resourceTypes: types,
          accountIds: accountIds.length > 0 ? accountIds : undefined,
          createdAt: now,
          availableAt: now + 2 * em.delayMs,
          entries: countUsage(ctx, image.id, accountIds, types),
          tags,
        };
        ctx.rs.usageReports[report.id] = report;
        return { ReportId: report.id };
      });
    },
  }),

  DescribeImageUsageReports: define<DescribeImageUsageReportsRequest, DescribeImageUsageReportsResult>({
    mutating: false,
    handle(ctx, input) {
      const values = reportFilters(ctx.now);
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, values, { tags: [] } as unknown as UsageReportRecord);
      const reports = chosenReports(ctx, unique(input.ReportIds), unique(input.ImageIds));
      const page = paginate(
        reports.filter((r) => matchesFilters(r, filters, values)),
        input,
        { scope: 'DescribeImageUsageReports', min: 1, max: 1000 },
        false,
      );
      dryRunGate(ctx);
      return { ImageUsageReports: page.items.map((r) => reportView(r, ctx.now)), NextToken: page.nextToken };
    },
  }),

  DescribeImageUsageReportEntries: define<
    DescribeImageUsageReportEntriesRequest,
    DescribeImageUsageReportEntriesResult
  >({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, entryFilters, { report: {} } as unknown as Entry);
      const reports = chosenReports(ctx, unique(input.ReportIds), unique(input.ImageIds));
      const entries: Entry[] = reports
        .filter((r) => stateOf(r, ctx.now) === 'available')
        .flatMap((report) => report.entries.map((e) => ({ ...e, report })))
        .map((e, seq) => ({ ...e, seq }));
      const matching = entries.filter((e) => matchesFilters(e, filters, entryFilters));
      const page = paginate(matching, input, { scope: 'DescribeImageUsageReportEntries', min: 1, max: 1000 }, false);
      dryRunGate(ctx);
      return {
        ImageUsageReportEntries: page.items.map((e) => ({
          ResourceType: e.resourceType,
          ReportId: e.report.id,
          UsageCount: e.count,
          AccountId: e.accountId,
          ImageId: e.report.imageId,
          ReportCreationTime: new Date(e.report.createdAt),
        })),
        NextToken: page.nextToken,
      };
    },
  }),

  DeleteImageUsageReport: define<DeleteImageUsageReportRequest, DeleteImageUsageReportResult>({
    mutating: true,
    handle(ctx, input) {
      const [report] = chosenReports(ctx, [required(input.ReportId, 'ReportId')], []);
      dryRunGate(ctx);
      delete ctx.rs.usageReports[report!.id];
      return { Return: true };
    },
  }),
};
