/**
 * `npm run bench` (first part): the history store's figures. For synthetic accounts of 10k and 100k resources, on
 * embedded PGlite (a fresh temporary directory) and, where PostgreSQL is installed, on a throwaway PostgreSQL
 * cluster: recording the first read, recording it again unchanged, recording it with 1% of the resources
 * retagged, looking up every ghost of the graph (what each fresh answer asks the store, on its path), reading the
 * last stored graph back (what a restart answers first) and the graph as of the first read, and the store's size
 * on disk.
 *
 *   npm run bench:store [-- --sizes 10000,100000] [-- --embedded-only]
 *
 * Runs under `tsx --conditions=react-server` (package.json): the store is server-only.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type LineageGraph, assembleGraph, buildLineage } from '../lib/lineage';
import { syntheticInventory } from '../test/synthetic-inventory';
import { HistoryStore, type StoreConfig, factsOfRead } from '../lib/store';
import { postgresBinDir, startPostgres } from './postgres';
import { printTable } from './support';

const ACCOUNT = '123456789012';
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

async function du(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await du(join(path, entry));
  return total;
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

/** The same graph with the tag `bench` changed on every hundredth listed resource. */
function retagged(graph: LineageGraph): LineageGraph {
  let i = 0;
  return {
    nodes: graph.nodes.map((n) =>
      !n.external && i++ % 100 === 0 ? { ...n, tags: { ...n.tags, bench: 'changed' } } : n,
    ),
    edges: graph.edges,
  };
}

interface Place {
  config: Exclude<StoreConfig, { kind: 'off' }>;
  size(store: HistoryStore): Promise<number>;
  remove(): Promise<void>;
}

async function embeddedPlace(): Promise<Place> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lineage-bench-'));
  return {
    config: { kind: 'embedded', dataDir, historyDays: 400 },
    size: () => du(join(dataDir, 'history')),
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function run(backend: string, size: number, place: Place): Promise<string[]> {
  const graph = buildLineage(syntheticInventory(size));
  const regions = [...new Set(graph.nodes.map((n) => n.region))];
  const listed = graph.nodes.filter((n) => !n.external).length;
  const [store, openMs] = await timed(() => HistoryStore.open(place.config));
  try {
    const emptySize = await place.size(store);
    const [first, firstMs] = await timed(() => store.record(factsOfRead(graph, ACCOUNT, at(0), regions)));
    const [again, againMs] = await timed(() => store.record(factsOfRead(graph, ACCOUNT, at(10), regions)));
    const [changed, changedMs] = await timed(() =>
      store.record(factsOfRead(retagged(graph), ACCOUNT, at(20), regions)),
    );
    const ghosts = graph.nodes.filter((n) => n.external).map((n) => n.id);
    const [, rememberMs] = await timed(() => store.remember(ACCOUNT, ghosts, regions));
    const [stored, storedMs] = await timed(async () => {
      const facts = await store.graph(ACCOUNT, [], null);
      return assembleGraph(facts.listed, facts.edges, facts.remembered);
    });
    const [past, pastMs] = await timed(async () => {
      const facts = await store.graph(ACCOUNT, [], at(5));
      return assembleGraph(facts.listed, facts.edges, facts.remembered);
    });
    if (first.appeared !== listed || again.unchanged !== listed || changed.changed === 0) {
      throw new Error(`unexpected summaries: ${JSON.stringify({ first, again, changed })}`);
    }
    if (stored.nodes.length !== graph.nodes.length || past.nodes.length !== graph.nodes.length) {
      throw new Error(
        `stored graph has ${stored.nodes.length} nodes, as-of ${past.nodes.length}, live ${graph.nodes.length}`,
      );
    }
    const bytes = await place.size(store);
    return [
      backend,
      `${listed.toLocaleString('en')} + ${graph.edges.length.toLocaleString('en')}`,
      seconds(openMs),
      seconds(firstMs),
      seconds(againMs),
      `${seconds(changedMs)} (${changed.changed})`,
      `${seconds(rememberMs)} (${ghosts.length})`,
      seconds(storedMs),
      seconds(pastMs),
      `${mib(bytes)} (${mib(bytes - emptySize)})`,
    ];
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string' }, 'embedded-only': { type: 'boolean' } },
    strict: false,
  });
  const sizes = typeof values.sizes === 'string' ? values.sizes.split(',').map(Number) : [10_000, 100_000];
  const rows: string[][] = [];
  for (const size of sizes) {
    const place = await embeddedPlace();
    try {
      rows.push(await run('embedded PGlite', size, place));
    } finally {
      await place.remove();
    }
  }
  if (!values['embedded-only'] && postgresBinDir()) {
    const cluster = await startPostgres();
    try {
      for (const [i, size] of sizes.entries()) {
        const { Client } = await import('pg');
        const admin = new Client(cluster.url);
        await admin.connect();
        await admin.query(`create database bench_${i}`);
        await admin.end();
        const url = cluster.url.replace(/\/postgres$/, `/bench_${i}`);
        const place: Place = {
          config: { kind: 'postgres', url, historyDays: 400 },
          size: async () => {
            const c = new Client(url);
            await c.connect();
            const { rows: r } = await c.query<{ bytes: string }>(
              'select pg_database_size(current_database()) as bytes',
            );
            await c.end();
            return Number(r[0]!.bytes);
          },
          remove: () => Promise.resolve(),
        };
        rows.push(await run('PostgreSQL', size, place));
      }
    } finally {
      cluster.stop();
    }
  } else if (!values['embedded-only']) {
    console.log('(PostgreSQL is not installed: embedded figures only)');
  }
  console.log('\nHistory store: recording a synthetic account (resources + edges); size on disk (growth over empty)\n');
  printTable(
    [
      'store',
      'resources + edges',
      'open',
      'first read',
      'unchanged',
      '1% retagged',
      'ghost lookup',
      'stored graph',
      'as of',
      'size',
    ],
    rows,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
