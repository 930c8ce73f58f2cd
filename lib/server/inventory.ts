import 'server-only';
import {
  DescribeImagesCommand,
  DescribeRegionsCommand,
  type EC2Client,
  type Image,
  type Instance,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import type { RegionInventory } from '@/lib/lineage';
import { config } from './config';
import { ec2Client } from './ec2';
import { type Ec2Failure, classifyEc2Error } from './errors';

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

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

/** Images instances were launched from that the account does not own: public or shared AMIs, fetched by id. */
async function fetchExternalImages(client: EC2Client, instances: Instance[], owned: Image[]): Promise<Image[]> {
  const ownedIds = new Set(owned.map((i) => i.ImageId));
  const wanted = [
    ...new Set(
      instances.map((i) => i.ImageId).filter((id): id is string => !!id && id !== 'None' && !ownedIds.has(id)),
    ),
  ];
  const found: Image[] = [];
  for (let i = 0; i < wanted.length; i += FILTER_BATCH) {
    const batch = wanted.slice(i, i + FILTER_BATCH);
    const page = await client.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: batch }] }));
    found.push(...(page.Images ?? []));
  }
  return found;
}

export async function fetchRegionInventory(region: string): Promise<RegionInventory> {
  const client = ec2Client(region);
  const listInstances = collect(paginateDescribeInstances({ client }, { MaxResults: 1000 }), (p) =>
    p.Reservations?.flatMap((r) => r.Instances ?? []),
  );
  const listImages = collect(
    paginateDescribeImages({ client }, { Owners: ['self'], MaxResults: 1000 }),
    (p) => p.Images,
  );
  // The external-image lookup needs only instances and owned images: it runs while volumes and snapshots page on.
  const lookUpExternal = Promise.all([listInstances, listImages]).then(([i, owned]) =>
    fetchExternalImages(client, i, owned),
  );
  const [instances, volumes, snapshots, images, externalImages] = await Promise.all([
    listInstances,
    collect(paginateDescribeVolumes({ client }, { MaxResults: 500 }), (p) => p.Volumes),
    collect(paginateDescribeSnapshots({ client }, { OwnerIds: ['self'], MaxResults: 1000 }), (p) => p.Snapshots),
    listImages,
    lookUpExternal,
  ]);
  return {
    region,
    instances,
    volumes,
    snapshots,
    images,
    externalImages,
  };
}

/** The regions to show: the configured list, or every region the account has enabled. */
export async function listRegions(): Promise<string[]> {
  const { regions, homeRegion } = config();
  if (regions) return regions;
  const answer = await ec2Client(homeRegion).send(new DescribeRegionsCommand({}));
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
}

const globalCache = globalThis as typeof globalThis & { __lineageInventoryCache?: Map<string, CacheEntry> };
const cache = () => (globalCache.__lineageInventoryCache ??= new Map<string, CacheEntry>());

/**
 * A region's inventory, from the cache while it is younger than the TTL. Concurrent callers (refreshes too)
 * share one fetch in flight; a failed fetch is not cached.
 */
function cachedRegion(region: string, refresh: boolean): CacheEntry {
  const entries = cache();
  const now = Date.now();
  const entry = entries.get(region);
  if (entry && !entry.done) return entry;
  if (entry && !refresh && now - entry.at < config().cacheTtlMs) return entry;
  const fresh: CacheEntry = { at: now, promise: fetchRegionInventory(region), done: false };
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

/** Every chosen region in parallel; a failing region is reported, never sinks the others. */
export async function fetchInventory(
  options: { regions?: string[]; refresh?: boolean } = {},
): Promise<InventoryResult> {
  const regions = options.regions ?? (await listRegions());
  const started = Date.now();
  const settled = await Promise.allSettled(
    regions.map((region) => {
      const entry = cachedRegion(region, options.refresh ?? false);
      return entry.promise.then((inventory) => ({ inventory, at: entry.at }));
    }),
  );
  const ok: RegionInventory[] = [];
  const errors: RegionFailure[] = [];
  let oldest = started;
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      ok.push(result.value.inventory);
      oldest = Math.min(oldest, result.value.at);
    } else errors.push({ region: regions[i]!, ...classifyEc2Error(result.reason) });
  });
  return { regions: ok, errors, fetchedAt: new Date(oldest).toISOString() };
}
