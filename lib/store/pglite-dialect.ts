import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { EmbeddedSession } from './embedded-session';

/**
 * Kysely over embedded PGlite (on its worker thread). PGlite is one session, so the driver hands out its single
 * connection to one caller at a time (a transaction never interleaves with another caller's statements).
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly open: () => Promise<EmbeddedSession>) {}

  createDriver(): Driver {
    return new PGliteDriver(this.open);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: EmbeddedSession) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(query.sql, query.parameters);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by the embedded store.');
  }
}

class PGliteDriver implements Driver {
  private pg: EmbeddedSession | undefined;
  private connection: PGliteConnection | undefined;
  /** Resolves when the current holder releases the connection. */
  private queue: Promise<void> = Promise.resolve();
  private releaseCurrent: (() => void) | undefined;

  constructor(private readonly open: () => Promise<EmbeddedSession>) {}

  async init(): Promise<void> {
    this.pg = await this.open();
    this.connection = new PGliteConnection(this.pg);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.releaseCurrent = release;
    if (!this.connection) throw new Error('The embedded store is closed.');
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`start transaction${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(): Promise<void> {
    const release = this.releaseCurrent;
    this.releaseCurrent = undefined;
    release?.();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    const pg = this.pg;
    this.pg = undefined;
    this.connection = undefined;
    if (pg && !pg.closed) await pg.close();
  }
}
