/** Opening the store's database: embedded PGlite under a directory, or a PostgreSQL pool; then migrations. */
import 'server-only';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import type { Pool } from 'pg';
import { StoreError, type StoreConfig, describeLocation } from './config';
import { EmbeddedSession } from './embedded-session';
import { migrationProvider } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export interface OpenDatabase {
  db: Kysely<Database>;
  backend: 'embedded' | 'postgres';
  /** PostgreSQL only: the pool, for the collector's own session. */
  pool?: Pool;
  close(): Promise<void>;
}

/** Data directories this process has open: a second store on one of them is refused as on another process. */
const globalOpen = globalThis as typeof globalThis & { __lineageOpenDirs?: Set<string> };
const openDirs = () => (globalOpen.__lineageOpenDirs ??= new Set());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process per data directory: PGlite is not safe to open twice. A lock left by a dead process is taken over. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = join(dataDir, 'history.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      openDirs().add(dataDir);
      return async () => {
        openDirs().delete(dataDir);
        await unlink(lockFile).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      const ours = pid === process.pid && openDirs().has(dataDir);
      if (ours || (pid !== process.pid && Number.isInteger(pid) && pid > 0 && alive(pid))) {
        throw new StoreError(
          'StoreInUse',
          `History store: LINEAGE_DATA_DIR=${dataDir} is in use by another Lineage process (pid ${pid}). ` +
            'Give each instance its own directory, or share one PostgreSQL database through DATABASE_URL.',
        );
      }
      await unlink(lockFile).catch(() => undefined);
    }
  }
  throw new StoreError('StoreInUse', `History store: cannot lock LINEAGE_DATA_DIR=${dataDir}.`);
}

async function openEmbedded(dataDir: string): Promise<OpenDatabase> {
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    // A small write-ahead log (1 MiB segments, a few kept): the server's defaults keep 80 MiB to 1 GiB of it.
    const pg = await EmbeddedSession.open({
      dataDir: join(dataDir, 'history'),
      initDbStartParams: ['--wal-segsize=1'],
      postgresqlconf: ['max_wal_size = 32MB', 'min_wal_size = 4MB'],
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(() => Promise.resolve(pg)) });
    return {
      db,
      backend: 'embedded',
      close: async () => {
        await db.destroy();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client's connection dropping (a server restart) must not take the app down: the next query reconnects.
  pool.on('error', (error) => console.error(`lineage: history database connection lost: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, backend: 'postgres', pool, close: () => db.destroy() };
}

/** Why a database could not be used, in words, from a pg or PGlite error. */
function reason(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  const first = e.errors?.[0]?.message;
  const text = e.message || first || String(error);
  return e.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
}

/** Opens the database and brings its schema up to date. Fails with a StoreError naming the setting. */
export async function openDatabase(config: Exclude<StoreConfig, { kind: 'off' }>): Promise<OpenDatabase> {
  let opened: OpenDatabase | undefined;
  try {
    opened = config.kind === 'embedded' ? await openEmbedded(config.dataDir) : await openPostgres(config.url);
    const migrator = new Migrator({ db: opened.db, provider: migrationProvider, migrationTableSchema: 'lineage' });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error('the migration failed');
    return opened;
  } catch (error) {
    await opened?.close().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      'StoreUnavailable',
      `History store: cannot use ${describeLocation(config)}: ${reason(error)}. Lineage still shows live data, without history.`,
    );
  }
}
