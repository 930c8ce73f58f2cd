import 'server-only';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Image,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { RegionInventory } from '@/lib/lineage';
import { config } from './config';
import { abortReason, deadline, whenAborted } from './deadline';
import { ec2Client } from './ec2';
import { DeadlineExceeded, type Ec2Failure, classifyEc2Error } from './errors';

export interface RegionFailure extends Ec2Failure {
  region: string;
}

export interface InventoryResult {
  regions: RegionInventory[];
  errors: RegionFailure[];
  /** When the oldest region in this answer was fetched. */
  fetchedAt: string;
}

/** EC2 accepts up to 200 values in one filter. */
const FILTER_BATCH = 200;

/** Every page of a Describe call, following NextToken (each page is one request, stopped by the caller's signal). */
async function allPages<P extends { NextToken?: string }, T>(
  page: (token: string | undefined) => Promise<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    out.push(...(pick(answer) ?? []));
    token = answer.NextToken !== token ? answer.NextToken : undefined;
  } while (token);
  return out;
}

/** Images instances were launched from that the account does not own: public or shared AMIs, fetched by id. */
async function fetchExternalImages(
  client: EC2Client,
  signal: AbortSignal | undefined,
  instances: Instance[],
  owned: Image[],
): Promise<Image[]> {
  const ownedIds = new Set(owned.map((i) => i.ImageId));
  const wanted = [
    ...new Set(
      instances.map((i) => i.ImageId).filter((id): id is string => !!id && id !== 'None' && !ownedIds.has(id)),
    ),
  ];
  const found: Image[] = [];
  for (let i = 0; i < wanted.length; i += FILTER_BATCH) {
    const batch = wanted.slice(i, i + FILTER_BATCH);
    const page = await client.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: batch }] }), {
      abortSignal: signal,
    });
    found.push(...(page.Images ?? []));
  }
  return found;
}

/** One region's instances, volumes, snapshots and images; `signal` stops every request still waiting. */
export async function fetchRegionInventory(region: string, signal?: AbortSignal): Promise<RegionInventory> {
  const client = ec2Client(region);
  const send = { abortSignal: signal };
  const listInstances = allPages(
    (NextToken) => client.send(new DescribeInstancesCommand({ MaxResults: 1000, NextToken }), send),
    (p) => p.Reservations?.flatMap((r) => r.Instances ?? []),
  );
  const listImages = allPages(
    (NextToken) => client.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 1000, NextToken }), send),
    (p) => p.Images,
  );
  // The external-image lookup needs only instances and owned images: it runs while volumes and snapshots page on.
  const lookUpExternal = Promise.all([listInstances, listImages]).then(([i, owned]) =>
    fetchExternalImages(client, signal, i, owned),
  );
  const [instances, volumes, snapshots, images, externalImages] = await Promise.all([
    listInstances,
    allPages(
      (NextToken) => client.send(new DescribeVolumesCommand({ MaxResults: 500, NextToken }), send),
      (p) => p.Volumes,
    ),
    allPages(
      (NextToken) =>
        client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 1000, NextToken }), send),
      (p) => p.Snapshots,
    ),
    listImages,
    lookUpExternal,
  ]);
  return { region, instances, volumes, snapshots, images, externalImages };
}

/** The regions to show: the configured list, or every region the account has enabled. */
export async function listRegions(signal?: AbortSignal): Promise<string[]> {
  const { regions, homeRegion } = config();
  if (regions) return regions;
  let answer;
  try {
    answer = await ec2Client(homeRegion).send(new DescribeRegionsCommand({}), { abortSignal: signal });
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
  promise: Promise<RegionInventory>;
  done: boolean;
  /** Stops the fetch: at its deadline, or once nobody waits for it any more. */
  controller: AbortController;
  waiters: number;
}

const globalCache = globalThis as typeof globalThis & { __lineageInventoryCache?: Map<string, CacheEntry> };
const cache = () => (globalCache.__lineageInventoryCache ??= new Map<string, CacheEntry>());

/** A region's fetch, bounded by LINEAGE_FETCH_TIMEOUT_MS: past it, it fails with DeadlineExceeded. */
function startFetch(region: string): CacheEntry {
  const ms = config().fetchTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(`EC2 in ${region}`, ms)), ms);
  const promise = fetchRegionInventory(region, controller.signal)
    .catch((error: unknown) => {
      throw abortReason(controller.signal, error);
    })
    .finally(() => clearTimeout(timer));
  return { at: Date.now(), promise, done: false, controller, waiters: 0 };
}

/**
 * A region's inventory, from the cache while it is younger than the TTL. Concurrent callers (refreshes too)
 * share one fetch in flight; a failed or timed-out fetch is not cached, so the next read tries again.
 */
function cachedRegion(region: string, refresh: boolean): CacheEntry {
  const entries = cache();
  const entry = entries.get(region);
  if (entry && !entry.done) return entry;
  if (entry && !refresh && Date.now() - entry.at < config().cacheTtlMs) return entry;
  const fresh = startFetch(region);
  entries.set(region, fresh);
  fresh.promise.then(
    () => {
      fresh.done = true;
    },
    () => {
      if (entries.get(region) === fresh) entries.delete(region);
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
}

/**
 * Forgets the cached inventory of these regions, a fetch in flight too (it may have started before the change),
 * so the next read sees what an action just created or deleted.
 */
export function invalidateInventory(regions: Iterable<string>): void {
  const entries = cache();
  for (const region of regions) entries.delete(region);
}

/** A region's failure; a read that ran out of time names the region. */
function regionFailure(region: string, reason: unknown): RegionFailure {
  const error = reason instanceof DeadlineExceeded ? new DeadlineExceeded(`EC2 in ${region}`, reason.ms) : reason;
  return { region, ...classifyEc2Error(error) };
}

/**
 * Every chosen region in parallel, within LINEAGE_FETCH_TIMEOUT_MS: a region that fails or has not answered by
 * then is reported, and never sinks the others. `signal` is the request's: the browser going away ends the wait.
 */
export async function fetchInventory(
  options: { regions?: string[]; refresh?: boolean; signal?: AbortSignal } = {},
): Promise<InventoryResult> {
  const started = Date.now();
  const limit = deadline(config().fetchTimeoutMs, 'EC2', options.signal);
  try {
    const regions = options.regions ?? (await listRegions(limit.signal));
    const settled = await Promise.allSettled(
      regions.map(async (region) => {
        const entry = cachedRegion(region, options.refresh ?? false);
        return { inventory: await waitFor(entry, limit.signal), at: entry.at };
      }),
    );
    const ok: RegionInventory[] = [];
    const errors: RegionFailure[] = [];
    let oldest = started;
    settled.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        ok.push(result.value.inventory);
        oldest = Math.min(oldest, result.value.at);
      } else errors.push(regionFailure(regions[i]!, result.reason));
    });
    return { regions: ok, errors, fetchedAt: new Date(oldest).toISOString() };
  } finally {
    limit.clear();
  }
}
