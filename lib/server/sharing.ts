import 'server-only';
import {
  CreateImageUsageReportCommand,
  type CreateVolumePermission,
  DescribeImageAttributeCommand,
  DescribeImageUsageReportEntriesCommand,
  DescribeImageUsageReportsCommand,
  DescribeSnapshotAttributeCommand,
  type ImageUsageReport,
  type ImageUsageReportEntry,
  type LaunchPermission,
} from '@aws-sdk/client-ec2';
import type { ImageUsage, ImageUsageEntry, LineageNode } from '@/lib/lineage';
import type { Background } from '@/lib/api/lineage';
import type { AccountKey } from './credentials';
import { ec2Client } from './ec2';
import { classifyEc2Error } from './errors';
import type { AccountRead } from './inventory';
import { Limiter } from './limit';

/**
 * Who an owned image or snapshot is shared with, and which accounts use a shared image (its owner's usage report).
 * Read after the graph is served, never on the path of an answer: each answer takes what is already known and sets
 * reading what is not; the next answer has it. Kept for SHARING_TTL_MS (⟳ reads sharing again, keeping the old
 * value meanwhile); a usage report is made at most once per USAGE_TTL_MS per image.
 */

const SHARING_TTL_MS = 30 * 60_000;
const USAGE_TTL_MS = 30 * 60_000;
/** Background reads at once, across accounts: they must not crowd out the inventory's. */
const BACKGROUND_CONCURRENCY = 4;
/** How often a pending usage report is looked at again: from 1 s, doubling, up to a minute, for at most 30 min. */
const REPORT_POLL = { firstMs: 1_000, maxMs: 60_000, giveUpMs: 30 * 60_000 };

interface Known<T> {
  at: number;
  value?: T;
  reading: boolean;
  /** The last read failed: nothing to show, and nothing to wait for until it is read again. */
  failed: boolean;
}

interface BackgroundState {
  sharing: Map<string, Known<string[]>>;
  usage: Map<string, Known<ImageUsage>>;
  limiter: Limiter;
}

const globalState = globalThis as typeof globalThis & { __lineageSharing?: BackgroundState };
const state = (): BackgroundState =>
  (globalState.__lineageSharing ??= {
    sharing: new Map(),
    usage: new Map(),
    limiter: new Limiter(BACKGROUND_CONCURRENCY),
  });

/** Forgets everything read in the background (tests start afresh). */
export function clearSharingCache(): void {
  globalState.__lineageSharing = undefined;
}

function launchPermissionTarget(p: LaunchPermission): string | undefined {
  return p.UserId ?? p.Group ?? p.OrganizationArn ?? p.OrganizationalUnitArn;
}

const volumePermissionTarget = (p: CreateVolumePermission): string | undefined => p.UserId ?? p.Group;

/** One call, in its turn among the background's. */
const inTurn = <T>(call: () => Promise<T>): Promise<T> => state().limiter.run(call);

async function readSharing(account: AccountKey, node: LineageNode): Promise<string[]> {
  const client = ec2Client(node.region, 'read', account);
  if (node.kind === 'image') {
    const answer = await inTurn(() =>
      client.send(new DescribeImageAttributeCommand({ ImageId: node.id, Attribute: 'launchPermission' })),
    );
    return (answer.LaunchPermissions ?? []).map(launchPermissionTarget).filter((t): t is string => !!t);
  }
  const answer = await inTurn(() =>
    client.send(new DescribeSnapshotAttributeCommand({ SnapshotId: node.id, Attribute: 'createVolumePermission' })),
  );
  return (answer.CreateVolumePermissions ?? []).map(volumePermissionTarget).filter((t): t is string => !!t);
}

/** Per consuming account: instances and launch templates, from a report's entries. */
function usageByAccount(entries: readonly ImageUsageReportEntry[]): ImageUsageEntry[] {
  const byAccount = new Map<string, ImageUsageEntry>();
  for (const e of entries) {
    if (!e.AccountId) continue;
    const row = byAccount.get(e.AccountId) ?? { accountId: e.AccountId, instances: 0, launchTemplates: 0 };
    if (e.ResourceType === 'ec2:Instance') row.instances += e.UsageCount ?? 0;
    if (e.ResourceType === 'ec2:LaunchTemplate') row.launchTemplates += e.UsageCount ?? 0;
    byAccount.set(e.AccountId, row);
  }
  return [...byAccount.values()].sort((a, b) => b.instances - a.instances || a.accountId.localeCompare(b.accountId));
}

/** The newest report of the image that is young enough to show. */
async function recentReport(account: AccountKey, node: LineageNode): Promise<ImageUsageReport | undefined> {
  const client = ec2Client(node.region, 'read', account);
  const answer = await inTurn(() => client.send(new DescribeImageUsageReportsCommand({ ImageIds: [node.id] })));
  const young = (answer.ImageUsageReports ?? []).filter(
    (r) => r.CreationTime && Date.now() - r.CreationTime.getTime() < USAGE_TTL_MS && r.State !== 'failed',
  );
  return young.sort((a, b) => b.CreationTime!.getTime() - a.CreationTime!.getTime())[0];
}

async function reportEntries(account: AccountKey, node: LineageNode, reportId: string) {
  const client = ec2Client(node.region, 'read', account);
  const entries: ImageUsageReportEntry[] = [];
  let token: string | undefined;
  do {
    const page = await inTurn(() =>
      client.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [reportId], NextToken: token })),
    );
    entries.push(...(page.ImageUsageReportEntries ?? []));
    token = page.NextToken;
  } while (token);
  return entries;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/** The image's usage: a recent report if there is one, else a new one, looked at until it is ready. */
async function readUsage(account: AccountKey, node: LineageNode, onPending: () => void): Promise<ImageUsage> {
  let report = await recentReport(account, node);
  if (!report) {
    const client = ec2Client(node.region, 'read', account);
    const made = await inTurn(() =>
      client.send(
        new CreateImageUsageReportCommand({
          ImageId: node.id,
          ResourceTypes: [{ ResourceType: 'ec2:Instance' }, { ResourceType: 'ec2:LaunchTemplate' }],
        }),
      ),
    );
    report = { ReportId: made.ReportId, State: 'pending', CreationTime: new Date() };
  }
  const started = Date.now();
  let wait = REPORT_POLL.firstMs;
  while (report?.State !== 'available') {
    onPending();
    if (Date.now() - started > REPORT_POLL.giveUpMs) return { state: 'pending' };
    await sleep(wait);
    wait = Math.min(wait * 2, REPORT_POLL.maxMs);
    report = await recentReport(account, node);
  }
  const entries = await reportEntries(account, node, report.ReportId!);
  return { state: 'available', reportedAt: report.CreationTime!.toISOString(), accounts: usageByAccount(entries) };
}

function unavailable(error: unknown): ImageUsage {
  const { code, message } = classifyEc2Error(error);
  return { state: 'unavailable', code, message };
}

/** Starts reading one thing in the background, unless it is being read; the old value stays meanwhile. */
function readInBackground<T>(
  known: Map<string, Known<T>>,
  key: string,
  read: (update: (value: T) => void) => Promise<T>,
  onError: (error: unknown) => T | undefined,
): void {
  const entry = known.get(key) ?? { at: 0, reading: false, failed: false };
  if (entry.reading) return;
  entry.reading = true;
  known.set(key, entry);
  const update = (value: T) => {
    entry.value = value;
  };
  read(update)
    .then(
      (value) => {
        entry.value = value;
        entry.failed = false;
      },
      (error: unknown) => {
        entry.value = onError(error);
        entry.failed = entry.value === undefined;
      },
    )
    .finally(() => {
      entry.at = Date.now();
      entry.reading = false;
    });
}

const keyOf = (account: AccountKey, node: LineageNode) => `${account} ${node.region} ${node.id}`;

/** The account key of each account read, by id ('' for an account whose id is not known). */
function readableAccounts(accounts: readonly AccountRead[]): Map<string, AccountKey> {
  return new Map(accounts.filter((a) => !a.failed).map((a) => [a.accountId ?? '', a.key]));
}

/**
 * Puts what is known of sharing and usage on the owned images and snapshots of the graph, and sets reading what is
 * not known or has aged (or everything, on ⟳). Answers how much is still being read.
 */
export function annotateSharing(
  nodes: readonly LineageNode[],
  accounts: readonly AccountRead[],
  refresh: boolean,
): Pick<Background, 'sharing' | 'usage'> {
  const { sharing, usage } = state();
  const owners = readableAccounts(accounts);
  const pending: Background = { sharing: 0, usage: 0 };
  const now = Date.now();
  for (const node of nodes) {
    if (node.external || (node.kind !== 'image' && node.kind !== 'snapshot')) continue;
    const account = owners.get(node.accountId ?? '');
    if (account === undefined) continue;
    const key = keyOf(account, node);
    const known = sharing.get(key);
    if (!known || refresh || now - known.at > SHARING_TTL_MS)
      readInBackground(
        sharing,
        key,
        () => readSharing(account, node),
        () => undefined,
      );
    const { value: sharedWith, failed } = sharing.get(key)!;
    if (sharedWith === undefined) {
      if (!failed) pending.sharing++;
      continue;
    }
    node.details.sharedWith = [...sharedWith];
    if (node.kind !== 'image' || sharedWith.length === 0) continue;
    const report = usage.get(key);
    if (!report || now - report.at > USAGE_TTL_MS) {
      readInBackground(
        usage,
        key,
        (update) => readUsage(account, node, () => update({ state: 'pending' })),
        unavailable,
      );
    }
    const value = usage.get(key)?.value ?? { state: 'pending' };
    node.details.usage = value;
    if (value.state === 'pending') pending.usage++;
  }
  return pending;
}
