import 'server-only';
import { setMaxListeners } from 'node:events';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Image,
  type Instance,
  type Reservation,
} from '@aws-sdk/client-ec2';
import type { RegionInventory } from '@/lib/lineage';
import { type AccountTarget, listAccounts } from './accounts';
import { config } from './config';
import { type AccountKey, DEFAULT_ACCOUNT, credentialsFor } from './credentials';
import { abortReason, deadline, whenAborted } from './deadline';
import { ec2Client } from './ec2';
import { DeadlineExceeded, type Ec2Failure, classifyEc2Error } from './errors';
import { identityOf } from './identity';
import { Limiter } from './limit';
import { allPages } from './pages';

/** What could not be read: one region of an account, or a whole account (no region). */
export interface ReadFailure extends Ec2Failure {
  region?: string;
  /** The account, when it is known (always for a role ARN or an organization's account). */
  accountId?: string;
}

/** An account as it was read: who it is, and whether anything of it could be read. */
export interface AccountRead {
  key: AccountKey;
  accountId: string | null;
  /** Its name in the organization, or the profile's name. */
  name: string | null;
  /** The regions of it that were read. */
  regions: string[];
  /** Nothing of it could be read (its credentials or its regions failed). */
  failed: boolean;
}

export interface InventoryResult {
  /** One per (account, region) read, each naming its account. */
  regions: RegionInventory[];
  errors: ReadFailure[];
  accounts: AccountRead[];
  /** When the oldest region in this answer was fetched. */
  fetchedAt: string;
}

/** EC2 accepts up to 200 values in one filter. */
const FILTER_BATCH = 200;

/**
 * Images instances were launched from that the account does not own (public or shared AMIs), looked up by id as each
 * page of instances arrives, once the owned images are listed; the batches of one page are asked for at once.
 */
function externalImageLookup(client: EC2Client, signal: AbortSignal | undefined, owned: Promise<Image[]>) {
  const ownedIds = owned.then((images) => new Set(images.map((i) => i.ImageId)));
  // The listing's own failure is reported where it is awaited; here it may have no lookup waiting on it.
  ownedIds.catch(() => undefined);
  const asked = new Set<string>();
  const lookups: Promise<Image[]>[] = [];
  const lookUp = async (instances: readonly Instance[]): Promise<Image[]> => {
    const skip = await ownedIds;
    const wanted: string[] = [];
    for (const { ImageId: id } of instances) {
      if (!id || id === 'None' || skip.has(id) || asked.has(id)) continue;
      asked.add(id);
      wanted.push(id);
    }
    const batches: Promise<Image[]>[] = [];
    for (let i = 0; i < wanted.length; i += FILTER_BATCH) {
      const Filters = [{ Name: 'image-id', Values: wanted.slice(i, i + FILTER_BATCH) }];
      batches.push(
        client.send(new DescribeImagesCommand({ Filters }), { abortSignal: signal }).then((p) => p.Images ?? []),
      );
    }
    return (await Promise.all(batches)).flat();
  };
  return {
    /** Looks up the foreign images of one page of instances. */
    add(instances: readonly Instance[]): void {
      const lookup = lookUp(instances);
      // Awaited by all(), unless a listing fails first: then it must not be an unhandled rejection.
      lookup.catch(() => undefined);
      lookups.push(lookup);
    },
    /** Every image looked up, in the order of the instances; call once every page of instances is added. */
    all: async (): Promise<Image[]> => (await Promise.all(lookups)).flat(),
  };
}

/** The account that owns what was listed as its own, when the caller's account is not known otherwise. */
function ownerOf(...lists: readonly { OwnerId?: string }[][]): string | null {
  for (const list of lists) for (const item of list) if (item.OwnerId) return item.OwnerId;
  return null;
}

/**
 * One region's instances, volumes, snapshots and images in one account; `signal` stops every request still waiting.
 * The inventory names its account: `accountId` when known, else the owner of what it lists.
 */
export async function fetchRegionInventory(
  region: string,
  signal?: AbortSignal,
  account: AccountKey = DEFAULT_ACCOUNT,
  accountId: string | null = null,
): Promise<RegionInventory> {
  const client = ec2Client(region, 'read', account);
  const send = { abortSignal: signal };
  // Every list starts at once, volumes first: at 500 a page they take the most pages in a row. Each asks for its next
  // page as soon as a page's bytes are in (lib/server/pages.ts).
  const listVolumes = allPages(
    (NextToken, ahead) => {
      const command = new DescribeVolumesCommand({ MaxResults: 500, NextToken });
      ahead(command.middlewareStack);
      return client.send(command, send);
    },
    (p) => p.Volumes,
  );
  const listSnapshots = allPages(
    (NextToken, ahead) => {
      const command = new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 1000, NextToken });
      ahead(command.middlewareStack);
      return client.send(command, send);
    },
    (p) => p.Snapshots,
  );
  const listImages = allPages(
    (NextToken, ahead) => {
      const command = new DescribeImagesCommand({ Owners: ['self'], MaxResults: 1000, NextToken });
      ahead(command.middlewareStack);
      return client.send(command, send);
    },
    (p) => p.Images,
  );
  const external = externalImageLookup(client, signal, listImages);
  const reservations: Reservation[] = [];
  const listInstances = allPages(
    (NextToken, ahead) => {
      const command = new DescribeInstancesCommand({ MaxResults: 1000, NextToken });
      ahead(command.middlewareStack);
      return client.send(command, send);
    },
    (p) => {
      reservations.push(...(p.Reservations ?? []).slice(0, 1));
      const instances = p.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
      external.add(instances);
      return instances;
    },
  );
  const [instances, volumes, snapshots, images] = await Promise.all([
    listInstances,
    listVolumes,
    listSnapshots,
    listImages,
  ]);
  const externalImages = await external.all();
  const owner = accountId ?? ownerOf(reservations, images, snapshots);
  return { region, accountId: owner, instances, volumes, snapshots, images, externalImages };
}

/** The regions to show: the configured list, or every region the account has enabled. */
export async function listRegions(signal?: AbortSignal, account: AccountKey = DEFAULT_ACCOUNT): Promise<string[]> {
  const { regions, homeRegion } = config();
  if (regions) return regions;
  let answer;
  try {
    answer = await ec2Client(homeRegion, 'read', account).send(new DescribeRegionsCommand({}), {
      abortSignal: signal,
    });
  } catch (error) {
    throw abortReason(signal, error);
  }
  const names = (answer.Regions ?? [])
    .filter((r) => r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName)
    .filter((n): n is string => !!n);
  return names.sort();
}

interface CacheEntry {
  at: number;
  region: string;
  promise: Promise<RegionInventory>;
  done: boolean;
  /** Stops the fetch: at its deadline, or once nobody waits for it any more. */
  controller: AbortController;
  waiters: number;
}

const globalCache = globalThis as typeof globalThis & { __lineageInventoryCache?: Map<string, CacheEntry> };
const cache = () => (globalCache.__lineageInventoryCache ??= new Map<string, CacheEntry>());

const globalLimiter = globalThis as typeof globalThis & { __lineageReadLimiter?: Limiter };

/** The one cap on (account, region) reads in flight: LINEAGE_CONCURRENCY. */
function readLimiter(): Limiter {
  const max = config().concurrency;
  if (globalLimiter.__lineageReadLimiter?.max !== max) globalLimiter.__lineageReadLimiter = new Limiter(max);
  return globalLimiter.__lineageReadLimiter;
}

/** What a read of one account's region is: the account's key, its id when known, the region. */
interface RegionRead {
  account: AccountKey;
  accountId: string | null;
  region: string;
}

const where = (read: RegionRead) =>
  read.account === DEFAULT_ACCOUNT ? read.region : `${read.accountId ?? read.account} ${read.region}`;

/**
 * A region's fetch, bounded by LINEAGE_FETCH_TIMEOUT_MS (its wait for a turn under LINEAGE_CONCURRENCY included):
 * past it, it fails with DeadlineExceeded.
 */
function startFetch(read: RegionRead): CacheEntry {
  const ms = config().fetchTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(`EC2 in ${where(read)}`, ms)), ms);
  const promise = readLimiter()
    .run(() => fetchRegionInventory(read.region, controller.signal, read.account, read.accountId), controller.signal)
    .catch((error: unknown) => {
      throw abortReason(controller.signal, error);
    })
    .finally(() => clearTimeout(timer));
  return { at: Date.now(), region: read.region, promise, done: false, controller, waiters: 0 };
}

/**
 * An account's region, from the cache while it is younger than the TTL. Concurrent callers (refreshes too) share
 * one fetch in flight; a failed or timed-out fetch is not cached, so the next read tries again.
 */
function cachedRegion(read: RegionRead, refresh: boolean): CacheEntry {
  const entries = cache();
  const key = `${read.account} ${read.region}`;
  const entry = entries.get(key);
  if (entry && !entry.done) return entry;
  if (entry && !refresh && Date.now() - entry.at < config().cacheTtlMs) return entry;
  const fresh = startFetch(read);
  entries.set(key, fresh);
  fresh.promise.then(
    () => {
      fresh.done = true;
    },
    () => {
      if (entries.get(key) === fresh) entries.delete(key);
    },
  );
  return fresh;
}

/**
 * Waits for a region's fetch until `signal` aborts (this read's deadline, or the browser going away). The last
 * caller to stop waiting stops the fetch itself.
 */
async function waitFor(entry: CacheEntry, signal: AbortSignal): Promise<RegionInventory> {
  if (entry.done) return entry.promise;
  entry.waiters++;
  try {
    return await Promise.race([entry.promise, whenAborted(signal)]);
  } finally {
    entry.waiters--;
    if (signal.aborted && entry.waiters === 0 && !entry.done) entry.controller.abort(signal.reason);
  }
}

export function clearInventoryCache(): void {
  cache().clear();
  refused.clear();
}

/**
 * Forgets the cached inventory of these regions in every account, a fetch in flight too (it may have started before
 * the change), so the next read sees what an action just created or deleted.
 */
export function invalidateInventory(regions: Iterable<string>): void {
  const changed = new Set(regions);
  const entries = cache();
  for (const [key, entry] of entries) if (changed.has(entry.region)) entries.delete(key);
}

/** A failure of one read; a read that ran out of time names where. */
function readFailure(reason: unknown, accountId: string | null, region?: string): ReadFailure {
  const what = region === undefined ? `STS for account ${accountId ?? '?'}` : `EC2 in ${region}`;
  const error = reason instanceof DeadlineExceeded ? new DeadlineExceeded(what, reason.ms) : reason;
  return {
    ...(accountId !== null ? { accountId } : {}),
    ...(region !== undefined ? { region } : {}),
    ...classifyEc2Error(error),
  };
}

/** The read of one account: its regions' inventories (each with when it was fetched) and what failed. */
interface AccountOutcome {
  account: AccountRead;
  inventories: { inventory: RegionInventory; at: number }[];
  errors: ReadFailure[];
}

/** How a failure names a whole account: its role ARN or profile. */
function sourceLabel(target: AccountTarget): string {
  const { source } = target;
  switch (source.kind) {
    case 'default-chain':
      return 'the current credentials';
    case 'profile':
      return `profile ${source.profile}`;
    case 'role':
      return source.roleArn;
    default: {
      const unknown: never = source;
      throw new Error(`Unknown credential source ${JSON.stringify(unknown)}`);
    }
  }
}

/** Accounts whose credentials were refused, kept for LINEAGE_CACHE_TTL_MS: polling does not ask STS each time. */
const refused = new Map<AccountKey, { at: number; reason: unknown }>();

/** An account's credentials (its role assumed, its profile read), or why they cannot be had. */
async function enter(account: AccountKey, signal: AbortSignal, refresh: boolean): Promise<void> {
  const known = refused.get(account);
  if (known && !refresh && Date.now() - known.at < config().cacheTtlMs) throw known.reason;
  try {
    await Promise.race([credentialsFor(account)(), whenAborted(signal)]);
    refused.delete(account);
  } catch (error) {
    if (!signal.aborted) refused.set(account, { at: Date.now(), reason: error });
    throw error;
  }
}

/** An account's id: known beforehand, else STS's answer when several accounts are read (the owner otherwise). */
async function accountIdOf(target: AccountTarget, signal: AbortSignal): Promise<string | null> {
  if (target.accountId) return target.accountId;
  if (config().accounts.kind === 'current') return null;
  return identityOf(target.key, signal).catch(() => null);
}

/**
 * One account: its credentials first (a role to assume, a profile to read), so an account that cannot be entered
 * fails once, as a whole, and never sinks the others; then each of its regions through the cache.
 */
async function readAccount(
  target: AccountTarget,
  options: { regions?: string[]; refresh?: boolean; fresh?: string[] },
  signal: AbortSignal,
): Promise<AccountOutcome> {
  let accountId = target.accountId ?? null;
  const account: AccountRead = { key: target.key, accountId, name: target.name ?? null, regions: [], failed: true };
  const failed = (reason: unknown): AccountOutcome => {
    const failure = readFailure(reason, accountId);
    return {
      account,
      inventories: [],
      errors: [{ ...failure, message: `${sourceLabel(target)}: ${failure.message}` }],
    };
  };
  let regions: string[];
  try {
    if (target.key !== DEFAULT_ACCOUNT) await enter(target.key, signal, options.refresh ?? false);
    accountId = await accountIdOf(target, signal);
    account.accountId = accountId;
    regions = options.regions ?? (await listRegions(signal, target.key));
  } catch (error) {
    return failed(abortReason(signal, error));
  }
  const settled = await Promise.allSettled(
    regions.map(async (region) => {
      const refresh = (options.refresh ?? false) || (options.fresh?.includes(region) ?? false);
      const entry = cachedRegion({ account: target.key, accountId, region }, refresh);
      return { inventory: await waitFor(entry, signal), at: entry.at };
    }),
  );
  const outcome: AccountOutcome = { account, inventories: [], errors: [] };
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') outcome.inventories.push(result.value);
    else outcome.errors.push(readFailure(result.reason, accountId, regions[i]));
  });
  account.regions = outcome.inventories.map((r) => r.inventory.region);
  account.failed = account.regions.length === 0;
  account.accountId ??= outcome.inventories.find((r) => r.inventory.accountId)?.inventory.accountId ?? null;
  return outcome;
}

/** Why the organization's accounts could not be listed, as an error of the current account. */
function listingFailure(reason: unknown): ReadFailure {
  const failure = readFailure(reason, null);
  return {
    ...failure,
    message: `Organizations could not list the accounts (only the current account is read): ${failure.message}`,
  };
}

/**
 * Every chosen (account, region) in parallel, at most LINEAGE_CONCURRENCY at once, within LINEAGE_FETCH_TIMEOUT_MS:
 * an account or region that fails or has not answered by then is reported, and never sinks the others. `signal` is
 * the request's: the browser going away ends the wait.
 */
export async function fetchInventory(
  options: { regions?: string[]; refresh?: boolean; fresh?: string[]; signal?: AbortSignal } = {},
): Promise<InventoryResult> {
  const started = Date.now();
  const limit = deadline(config().fetchTimeoutMs, 'EC2', options.signal);
  // Every (account, region) waits on this one signal.
  setMaxListeners(0, limit.signal);
  try {
    const { targets, listFailure } = await listAccounts(options.refresh ?? false, limit.signal);
    const outcomes = await Promise.all(targets.map((target) => readAccount(target, options, limit.signal)));
    const errors = outcomes.flatMap((o) => o.errors);
    if (listFailure !== undefined) errors.unshift(listingFailure(listFailure));
    const inventories = outcomes.flatMap((o) => o.inventories);
    const oldest = Math.min(started, ...inventories.map((r) => r.at));
    return {
      regions: inventories.map((r) => r.inventory),
      errors,
      accounts: outcomes.map((o) => o.account),
      fetchedAt: new Date(oldest).toISOString(),
    };
  } finally {
    limit.clear();
  }
}
