/**
 * The embedded store's database session, in a worker thread of its own: PGlite runs PostgreSQL as WebAssembly on the
 * thread that calls it, and recording a large read (or creating the database) would hold the app's thread for tens
 * of seconds. Statements are sent to the worker one at a time; rows come back as structured clones.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PGliteOptions } from '@electric-sql/pglite';

/** What the worker opens PGlite with (plain data: it crosses to the worker). */
export type EmbeddedOptions = Required<Pick<PGliteOptions, 'dataDir' | 'initDbStartParams' | 'postgresqlconf'>>;

export interface StatementResult<R> {
  rows: R[];
  affectedRows?: number;
}

/** What the worker answers: the session ready (or not), or the result of one statement. */
type Reply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: ErrorFacts }
  | { kind: 'result'; id: number; rows: unknown[]; affectedRows?: number }
  | { kind: 'error'; id: number; error: ErrorFacts };

/** An error's message and fields (PostgreSQL's code, detail…), as they cross the thread boundary. */
type ErrorFacts = Record<string, unknown> & { message: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const facts = (error) => {
  const out = { message: String((error && error.message) || error) };
  if (error && typeof error === 'object')
    for (const [k, v] of Object.entries(error)) if (['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  return out;
};
(async () => {
  let pg;
  try {
    const { PGlite } = createRequire(workerData.base)('@electric-sql/pglite');
    pg = await PGlite.create(workerData.options);
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', error: facts(error) });
    return;
  }
  parentPort.postMessage({ kind: 'ready' });
  parentPort.on('message', async (message) => {
    if (message.close) {
      await pg.close().catch(() => undefined);
      process.exit(0);
    }
    try {
      const result = await pg.query(message.sql, message.params, { rowMode: 'object' });
      parentPort.postMessage({ kind: 'result', id: message.id, rows: result.rows, affectedRows: result.affectedRows });
    } catch (error) {
      parentPort.postMessage({ kind: 'error', id: message.id, error: facts(error) });
    }
  });
})();
`;

const asError = (facts: ErrorFacts): Error => Object.assign(new Error(facts.message), facts);

/** A PGlite session on a worker thread; `query` and `close` as PGlite's own. */
export class EmbeddedSession {
  private readonly pending = new Map<
    number,
    { resolve: (r: StatementResult<unknown>) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private ended: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      if (reply.kind !== 'result' && reply.kind !== 'error') return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.kind === 'result') waiting?.resolve({ rows: reply.rows, affectedRows: reply.affectedRows });
      else waiting?.reject(asError(reply.error));
    });
    const end = (error: Error) => {
      this.ended ??= error;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`The embedded store stopped (exit ${code}).`)));
  }

  /** Starts the worker and waits for the database to be open (created on first use). */
  static open(options: EmbeddedOptions): Promise<EmbeddedSession> {
    // The worker loads the package from the app's directory: the app's own bundle does not carry it.
    const base = join(process.cwd(), 'package.json');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { base, options } });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      worker.once('error', failed);
      worker.once('message', (reply: Reply) => {
        worker.off('error', failed);
        if (reply.kind === 'ready') resolve(new EmbeddedSession(worker));
        else {
          void worker.terminate();
          reject(asError(reply.kind === 'failed' ? reply.error : { message: 'The embedded store did not start.' }));
        }
      });
    });
  }

  get closed(): boolean {
    return this.ended !== undefined;
  }

  query<R>(sql: string, params: readonly unknown[]): Promise<StatementResult<R>> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise<StatementResult<R>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: StatementResult<unknown>) => void, reject });
      this.worker.postMessage({ id, sql, params });
    });
  }

  /** Closes the database (its files consistent) and ends the worker. */
  async close(): Promise<void> {
    if (this.ended) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ close: true });
    await exited;
  }
}
