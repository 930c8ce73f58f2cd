/**
 * Request token buckets per account and region, as EC2 keeps them (bucket size and refill per second); the EBS direct
 * API's list actions are limited to a steady 50 requests a second.
 */

interface Rate {
  size: number;
  refill: number;
}

const DESCRIBE: Rate = { size: 100, refill: 20 };
const DESCRIBE_UNPAGINATED: Rate = { size: 50, refill: 10 };
const MUTATING: Rate = { size: 50, refill: 5 };

const RATES: Record<string, Rate> = {
  CopyImage: { size: 100, refill: 1 },
  CreateSnapshot: { size: 100, refill: 5 },
  CreateVolume: { size: 100, refill: 5 },
  DeleteSnapshot: { size: 100, refill: 5 },
  ListChangedBlocks: { size: 50, refill: 50 },
  ListSnapshotBlocks: { size: 50, refill: 50 },
  DeregisterImage: { size: 100, refill: 5 },
  RunInstances: { size: 5, refill: 2 },
  TerminateInstances: { size: 100, refill: 5 },
  // CloudTrail: two a second.
  LookupEvents: { size: 2, refill: 2 },
};

const UNPAGINATED_CAPABLE = new Set(['DescribeInstances', 'DescribeSnapshots', 'DescribeVolumes']);

function bucketFor(action: string, input: Record<string, unknown>): { key: string; rate: Rate } {
  if (RATES[action]) return { key: action, rate: RATES[action] };
  if (!action.startsWith('Describe')) return { key: action, rate: MUTATING };
  const ids = Object.entries(input).some(([k, v]) => k.endsWith('Ids') && Array.isArray(v) && v.length > 0);
  if (UNPAGINATED_CAPABLE.has(action) && input.MaxResults === undefined && input.Filters === undefined && !ids) {
    return { key: `${action}:unpaginated`, rate: DESCRIBE_UNPAGINATED };
  }
  return { key: action, rate: DESCRIBE };
}

export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.buckets.clear();
  }

  /** Takes one token; false when the bucket is empty and the call must be refused. */
  take(region: string, action: string, input: Record<string, unknown>): boolean {
    const { key, rate } = bucketFor(action, input);
    const id = `${region}/${key}`;
    const now = this.now();
    const bucket = this.buckets.get(id) ?? { tokens: rate.size, at: now };
    bucket.tokens = Math.min(rate.size, bucket.tokens + ((now - bucket.at) / 1000) * rate.refill);
    bucket.at = now;
    this.buckets.set(id, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
