import 'server-only';
import { z } from 'zod';
import { REGION_PATTERN as REGION } from '@/lib/lineage/ec2';

const flag = z
  .enum(['', '0', '1', 'true', 'false', 'yes', 'no'], { message: 'use 1 or 0' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const regionList = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(REGION, { message: 'is not a region name like us-east-1' }))
      .min(1, { message: 'names no region' }),
  );

/** `arn:aws:iam::ACCOUNT:role/NAME` (a path allowed), as IAM writes a role ARN. */
export const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PROFILE_NAME = /^[\w+=,.@:/-]{1,128}$/;

/** One entry of LINEAGE_ACCOUNTS: an AWS profile name, or a role ARN to assume with the current credentials. */
export type AccountEntry = { kind: 'profile'; profile: string } | { kind: 'role'; roleArn: string; accountId: string };

/** Which accounts to read: the current credentials alone, a list, or every active account of the organization. */
export type AccountsSetting =
  { kind: 'current' } | { kind: 'list'; entries: AccountEntry[] } | { kind: 'organization'; role: string };

const accountList = z
  .string()
  .transform((raw) => [
    ...new Set(
      raw
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(
        z.string().refine((a) => ROLE_ARN.test(a) || (!a.startsWith('arn:') && PROFILE_NAME.test(a)), {
          message: 'is neither a profile name nor a role ARN like arn:aws:iam::111122223333:role/LineageReader',
        }),
      )
      .min(1, { message: 'names no account' }),
  )
  .transform((list) =>
    list.map((a): AccountEntry => {
      const match = ROLE_ARN.exec(a);
      return match ? { kind: 'role', roleArn: a, accountId: match[1]! } : { kind: 'profile', profile: a };
    }),
  );

const ConfigSchema = z.object({
  LINEAGE_REGIONS: regionList.optional(),
  LINEAGE_ACCOUNTS: accountList.optional(),
  LINEAGE_ORG_ROLE: z.string().regex(ROLE_NAME, { message: 'is not an IAM role name like LineageReader' }).optional(),
  LINEAGE_CONCURRENCY: z.coerce.number({ message: 'is not a number' }).int().min(1).max(256).default(16),
  LINEAGE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  LINEAGE_READ_ONLY: flag.default(false),
  LINEAGE_DEMO: flag.default(false),
  LINEAGE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  LINEAGE_OVERVIEW_FROM: z.coerce.number({ message: 'is not a number' }).int().min(1).default(3000),
  LINEAGE_SESSION_HOURS: z.coerce
    .number({ message: 'is not a number of hours' })
    .positive({ message: 'must be more than 0' })
    .max(24 * 366)
    .default(12),
  // Read by the SDK itself; checked here so a typo is named instead of failing every request.
  AWS_RETRY_MODE: z.enum(['standard', 'adaptive', 'legacy'], { message: 'use standard or adaptive' }).optional(),
  AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).optional(),
  AWS_ENDPOINT_URL_EC2: z.url({ message: 'is not a URL' }).optional(),
  AWS_ENDPOINT_URL_EBS: z.url({ message: 'is not a URL' }).optional(),
  AWS_ENDPOINT_URL_CLOUDTRAIL: z.url({ message: 'is not a URL' }).optional(),
  AWS_ENDPOINT_URL_RBIN: z.url({ message: 'is not a URL' }).optional(),
  AWS_ENDPOINT_URL_IAM: z.url({ message: 'is not a URL' }).optional(),
  AWS_ENDPOINT_URL: z.url({ message: 'is not a URL' }).optional(),
  AWS_REGION: z.string().regex(REGION, { message: 'is not a region name' }).optional(),
});

export interface Config {
  /** Regions to show; undefined means every region DescribeRegions reports as enabled. */
  regions?: string[];
  cacheTtlMs: number;
  readOnly: boolean;
  demo: boolean;
  /** How long one inventory read may take; a region that has not answered by then is reported as timed out. */
  fetchTimeoutMs: number;
  /** How long a browser's session lasts after signing in. */
  sessionHours: number;
  /** The accounts to read. */
  accounts: AccountsSetting;
  /** How many (account, region) inventories are read at once. */
  concurrency: number;
  /** The EC2-compatible endpoint the SDK will use, when not real AWS (AWS_ENDPOINT_URL_EC2, else AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** Where account-wide calls (DescribeRegions) go. */
  homeRegion: string;
  /** From this many drawn resources the app opens on the overview of families rather than the whole graph. */
  overviewFrom: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? 'config');
      return `${key}=${JSON.stringify(env[key] ?? '')} ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  if (c.LINEAGE_ACCOUNTS && c.LINEAGE_ORG_ROLE)
    throw new ConfigError('Invalid configuration: set LINEAGE_ACCOUNTS or LINEAGE_ORG_ROLE, not both');
  return {
    regions: c.LINEAGE_REGIONS ? [...new Set(c.LINEAGE_REGIONS)] : undefined,
    cacheTtlMs: c.LINEAGE_CACHE_TTL_MS,
    readOnly: c.LINEAGE_READ_ONLY,
    demo: c.LINEAGE_DEMO,
    fetchTimeoutMs: c.LINEAGE_FETCH_TIMEOUT_MS,
    sessionHours: c.LINEAGE_SESSION_HOURS,
    accounts: c.LINEAGE_ACCOUNTS
      ? { kind: 'list', entries: c.LINEAGE_ACCOUNTS }
      : c.LINEAGE_ORG_ROLE
        ? { kind: 'organization', role: c.LINEAGE_ORG_ROLE }
        : { kind: 'current' },
    concurrency: c.LINEAGE_CONCURRENCY,
    // The SDK's own order: the service's variable, then the one for every service.
    endpoint: c.AWS_ENDPOINT_URL_EC2 ?? c.AWS_ENDPOINT_URL,
    homeRegion: c.AWS_REGION ?? c.LINEAGE_REGIONS?.[0] ?? 'us-east-1',
    overviewFrom: c.LINEAGE_OVERVIEW_FROM,
  };
}

let cached: Config | undefined;

/** The configuration, read from the environment once. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
