/**
 * Approximate AWS list prices for EBS storage, per GiB-month, used to estimate what findings cost.
 * Storage only: provisioned IOPS and throughput (io1/io2, gp3 above baseline) are not counted.
 * Snapshots are priced at standard-tier storage for what they hold: their unique blocks where their chain was
 * measured, else their full size (real snapshots are incremental and usually cost less); archived ones at the
 * archive tier for their full size.
 */

/** When the table below was taken from the public price pages (approximate list prices, USD). */
export const PRICES_AS_OF = '2025-06-01';

export const EBS_VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
export type EbsVolumeType = (typeof EBS_VOLUME_TYPES)[number];

export interface RegionPrices {
  /** USD per GiB-month of provisioned volume storage, by volume type. */
  volume: Readonly<Record<EbsVolumeType, number>>;
  /** USD per GiB-month of standard-tier snapshot storage. */
  snapshot: number;
}

/** The price region used when a region is not in the table. */
export const BASELINE_PRICE_REGION = 'us-east-1';

const US_EAST_1: RegionPrices = {
  volume: { gp3: 0.08, gp2: 0.1, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 },
  snapshot: 0.05,
};

/** Approximate list prices per region, where they differ from us-east-1 (same prices are listed too). */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': US_EAST_1,
  'us-east-2': US_EAST_1,
  'us-west-2': US_EAST_1,
  'us-west-1': {
    volume: { gp3: 0.096, gp2: 0.12, io1: 0.138, io2: 0.138, st1: 0.054, sc1: 0.018, standard: 0.08 },
    snapshot: 0.055,
  },
  'eu-west-1': {
    volume: { gp3: 0.088, gp2: 0.11, io1: 0.138, io2: 0.138, st1: 0.05, sc1: 0.0168, standard: 0.055 },
    snapshot: 0.05,
  },
  'eu-central-1': {
    volume: { gp3: 0.0952, gp2: 0.119, io1: 0.149, io2: 0.149, st1: 0.054, sc1: 0.018, standard: 0.059 },
    snapshot: 0.054,
  },
  'ap-northeast-1': {
    volume: { gp3: 0.096, gp2: 0.12, io1: 0.142, io2: 0.142, st1: 0.054, sc1: 0.018, standard: 0.08 },
    snapshot: 0.05,
  },
  'ap-southeast-2': {
    volume: { gp3: 0.096, gp2: 0.12, io1: 0.138, io2: 0.138, st1: 0.054, sc1: 0.018, standard: 0.08 },
    snapshot: 0.055,
  },
};

const TYPES: ReadonlySet<string> = new Set(EBS_VOLUME_TYPES);
export function isEbsVolumeType(value: unknown): value is EbsVolumeType {
  return typeof value === 'string' && TYPES.has(value);
}

/** The prices of a region; an unknown region gets us-east-1's (`fallback: true`). */
export function pricesFor(region: string): RegionPrices & { priceRegion: string; fallback: boolean } {
  const own = Object.prototype.hasOwnProperty.call(PRICES, region) ? PRICES[region] : undefined;
  if (own) return { ...own, priceRegion: region, fallback: false };
  return { ...US_EAST_1, priceRegion: BASELINE_PRICE_REGION, fallback: true };
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
