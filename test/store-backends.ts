/**
 * The two databases the history store runs on, for tests: embedded PGlite in a temporary directory, and a real
 * PostgreSQL server (a throwaway cluster, one fresh database per use). Without PostgreSQL installed the
 * PostgreSQL cases are skipped, except on CI, where that is a failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { StoreConfig } from '@/lib/store';
import { type PostgresCluster, postgresBinDir, startPostgres } from '@/scripts/postgres';

export type BackendName = 'embedded' | 'postgres';

export interface Backend {
  name: BackendName;
  /** A fresh, empty place for a store, and a way to remove it. */
  fresh(): Promise<{
    config: Exclude<StoreConfig, { kind: 'off' }>;
    env: Record<string, string>;
    remove(): Promise<void>;
  }>;
  stop(): Promise<void>;
}

export const postgresAvailable = (): boolean => {
  if (postgresBinDir()) return true;
  if (process.env.CI)
    throw new Error('PostgreSQL is required on CI: .ci/run installs it (apt-get install -y postgresql).');
  return false;
};

export function embedded(historyDays = 400): Backend {
  return {
    name: 'embedded',
    async fresh() {
      const dataDir = await mkdtemp(join(tmpdir(), 'lineage-store-'));
      return {
        config: { kind: 'embedded', dataDir, historyDays },
        env: { LINEAGE_DATA_DIR: dataDir, DATABASE_URL: '', LINEAGE_HISTORY_DAYS: String(historyDays) },
        remove: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
    stop: () => Promise.resolve(),
  };
}

let databases = 0;

export function postgres(historyDays = 400): Backend {
  let cluster: Promise<PostgresCluster> | undefined;
  return {
    name: 'postgres',
    async fresh() {
      cluster ??= startPostgres();
      const { url } = await cluster;
      const name = `lineage_test_${process.pid}_${++databases}`;
      const admin = new Client(url);
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const dbUrl = url.replace(/\/postgres$/, `/${name}`);
      return {
        config: { kind: 'postgres', url: dbUrl, historyDays },
        env: { DATABASE_URL: dbUrl, LINEAGE_HISTORY_DAYS: String(historyDays) },
        remove: () => Promise.resolve(),
      };
    },
    async stop() {
      if (cluster) (await cluster).stop();
    },
  };
}

/** The backends to run a suite on: both, or only the embedded one where PostgreSQL is not installed. */
export function backends(historyDays = 400): Backend[] {
  return postgresAvailable() ? [embedded(historyDays), postgres(historyDays)] : [embedded(historyDays)];
}
