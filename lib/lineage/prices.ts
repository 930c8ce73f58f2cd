/**
 * Approximate AWS list prices for EBS storage, per GiB-month, used to estimate what findings cost.
 * Storage only: provisioned IOPS and throughput (io1/io2, gp3 above baseline) are not counted.
 * Snapshots are priced at standard-tier storage for what they hold: their unique blocks where their chain was
 * measured, else their full size (real snapshots are incremental and usually cost less); archived ones at the
 * archive tier for their full size.
 */
import { EBS_VOLUME_TYPES, type EbsVolumeType, isEbsVolumeType } from './ec2';

/** When the table below was taken from the public price pages (approximate list prices, USD). */
export const PRICES_AS_OF = '2025-06-01';

export interface RegionPrices {
  /** USD per GiB-month of provisioned volume storage, by volume type. */
  volume: Readonly<Record<EbsVolumeType, number>>;
  /** USD per GiB-month of standard-tier snapshot storage. */
  snapshot: number;
}

/** The price region used when a region is not in the table. */
const BASELINE_PRICE_REGION = 'us-east-1';

/**
 * Approximate list prices, USD per GiB-month: volume storage in the order of EBS_VOLUME_TYPES (gp3, gp2, io1, io2,
 * st1, sc1, standard), then standard-tier snapshot storage.
 */
const PRICE_ROWS: Readonly<Record<string, readonly number[]>> = {
  'us-east-1': [0.08, 0.1, 0.125, 0.125, 0.045, 0.015, 0.05, 0.05],
  'us-east-2': [0.08, 0.1, 0.125, 0.125, 0.045, 0.015, 0.05, 0.05],
  'us-west-2': [0.08, 0.1, 0.125, 0.125, 0.045, 0.015, 0.05, 0.05],
  'us-west-1': [0.096, 0.12, 0.138, 0.138, 0.054, 0.018, 0.08, 0.055],
  'eu-west-1': [0.088, 0.11, 0.138, 0.138, 0.05, 0.0168, 0.055, 0.05],
  'eu-central-1': [0.0952, 0.119, 0.149, 0.149, 0.054, 0.018, 0.059, 0.054],
  'ap-northeast-1': [0.096, 0.12, 0.142, 0.142, 0.054, 0.018, 0.08, 0.05],
  'ap-southeast-2': [0.096, 0.12, 0.138, 0.138, 0.054, 0.018, 0.08, 0.055],
};

const PRICES: ReadonlyMap<string, RegionPrices> = new Map(
  Object.entries(PRICE_ROWS).map(([region, row]) => [
    region,
    {
      volume: Object.fromEntries(EBS_VOLUME_TYPES.map((type, i) => [type, row[i]!])) as Record<EbsVolumeType, number>,
      snapshot: row[EBS_VOLUME_TYPES.length]!,
    },
  ]),
);

type PricesOfRegion = Readonly<RegionPrices & { priceRegion: string; fallback: boolean }>;

/** Made once per region: findings ask for every snapshot and volume. */
const pricesOfRegion = new Map<string, PricesOfRegion>();

/** The prices of a region; an unknown region gets us-east-1's (`fallback: true`). */
export function pricesFor(region: string): PricesOfRegion {
  let prices = pricesOfRegion.get(region);
  if (prices) return prices;
  const own = PRICES.get(region);
  prices = own
    ? { ...own, priceRegion: region, fallback: false }
    : { ...PRICES.get(BASELINE_PRICE_REGION)!, priceRegion: BASELINE_PRICE_REGION, fallback: true };
  pricesOfRegion.set(region, prices);
  return prices;
}

/** USD per GiB-month of a volume type in a region; an unknown or missing type is priced as gp3. */
export function volumePricePerGiBMonth(region: string, volumeType: string | null): number {
  const prices = pricesFor(region);
  return prices.volume[isEbsVolumeType(volumeType) ? volumeType : 'gp3'];
}

/** USD per GiB-month of standard snapshot storage in a region (full size; see the file comment). */
export function snapshotPricePerGiBMonth(region: string): number {
  return pricesFor(region).snapshot;
}

/**
 * USD per GiB-month of archive-tier snapshot storage, where it differs from us-east-1's: an archived snapshot is
 * stored in full (every block written when it was taken), at about a quarter of the standard price.
 */
const ARCHIVE_PRICES: Readonly<Record<string, number>> = {
  'us-west-1': 0.015,
  'eu-central-1': 0.0135,
  'ap-southeast-2': 0.01375,
};
const ARCHIVE_BASELINE = 0.0125;

/** USD per GiB-month of archive-tier snapshot storage in a region (its full size). */
export function snapshotArchivePricePerGiBMonth(region: string): number {
  return Object.prototype.hasOwnProperty.call(ARCHIVE_PRICES, region) ? ARCHIVE_PRICES[region]! : ARCHIVE_BASELINE;
}

/** Rounds USD to cents. */
export function roundCents(usd: number): number {
  return Math.round((usd + Number.EPSILON) * 100) / 100;
}

/** The sentence that goes with every cost shown. */
export const COST_NOTE =
  `Estimated monthly costs from approximate AWS list prices as of ${PRICES_AS_OF} (EBS storage only; ` +
  'provisioned IOPS and throughput not counted). A snapshot whose chain was measured with the EBS direct API counts ' +
  'what deleting it frees (its unique blocks); others are estimated at their full size, though real snapshots are ' +
  'incremental and usually cost less. Archived snapshots are priced at the archive tier, for their full size.';
