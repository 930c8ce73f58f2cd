/** Where history is kept, from the environment: embedded PGlite under a directory, or PostgreSQL. */
import { resolve } from 'node:path';
import { z } from 'zod';

export const DEFAULT_DATA_DIR = '.lineage';
export const DEFAULT_HISTORY_DAYS = 400;

export type StoreConfig =
  | { kind: 'off' }
  | { kind: 'embedded'; dataDir: string; historyDays: number }
  | { kind: 'postgres'; url: string; historyDays: number };

/** What went wrong with the store, for the API and the log. The message names the setting to look at. */
export class StoreError extends Error {
  constructor(
    readonly code: 'InvalidConfiguration' | 'StoreUnavailable' | 'StoreInUse',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

const EnvSchema = z.object({
  DATABASE_URL: z
    .url({ message: 'is not a URL' })
    .refine((u) => /^postgres(ql)?:\/\//.test(u), { message: 'is not a postgres:// or postgresql:// URL' })
    .optional(),
  LINEAGE_DATA_DIR: z.string().optional(),
  LINEAGE_HISTORY_DAYS: z.coerce
    .number({ message: 'is not a number of days' })
    .int({ message: 'is not a whole number of days' })
    .min(0, { message: 'is negative' })
    .max(36_500, { message: 'is more than 100 years' })
    .default(DEFAULT_HISTORY_DAYS),
});

/** A URL with its password replaced, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** `LINEAGE_HISTORY_DAYS=0` turns history off. Relative data directories are taken from `cwd`. */
export function parseStoreConfig(env: Record<string, string | undefined>, cwd = process.cwd()): StoreConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? 'config');
      const raw = env[key] ?? '';
      return `${key}=${JSON.stringify(key === 'DATABASE_URL' ? redactUrl(raw) : raw)} ${i.message}`;
    });
    throw new StoreError('InvalidConfiguration', `History store: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  if (c.LINEAGE_HISTORY_DAYS === 0) return { kind: 'off' };
  if (c.DATABASE_URL) return { kind: 'postgres', url: c.DATABASE_URL, historyDays: c.LINEAGE_HISTORY_DAYS };
  return {
    kind: 'embedded',
    dataDir: resolve(cwd, c.LINEAGE_DATA_DIR ?? DEFAULT_DATA_DIR),
    historyDays: c.LINEAGE_HISTORY_DAYS,
  };
}

/** Where the store is, for messages: the setting and its value (without a password). */
export function describeLocation(config: StoreConfig): string {
  switch (config.kind) {
    case 'off':
      return 'LINEAGE_HISTORY_DAYS=0';
    case 'embedded':
      return `LINEAGE_DATA_DIR=${config.dataDir}`;
    case 'postgres':
      return `DATABASE_URL=${redactUrl(config.url)}`;
    default: {
      const never: never = config;
      return never;
    }
  }
}
