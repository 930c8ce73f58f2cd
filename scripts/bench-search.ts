/**
 * `npm run bench:search` (also part of `npm run bench`): the server's search at 10k and 100k resources.
 *
 * The synthetic generator (test/synthetic-inventory.ts) → buildLineage → the search index, each resource given
 * three more tags (env, team, cost-center) as real accounts carry them. Printed: the time to build the index (once
 * per inventory read), and for a set of typical queries the median and p95 time of a search (the whole scan, the
 * count and the first page of 50) over 25 runs after a warm-up, in wall time and in CPU time (the process's, from
 * process.cpuUsage: this machine is shared, and waiting for a CPU is not the search's cost). Target: every query
 * < 100 ms at 100k.
 *
 *   npm run bench:search [-- 10000,100000]
 */
import { loadavg } from 'node:os';
import { buildLineage } from '../lib/lineage/build';
import { buildSearchIndex, searchIndex } from '../lib/lineage/search';
import type { LineageNode } from '../lib/lineage/types';
import { syntheticInventory } from '../test/synthetic-inventory';
import { median, percentile, printTable } from './support';

const SIZES = (process.argv[2] ?? '10000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const RUNS = 25;
const TARGET_MS = 100;
const ENVS = ['prod', 'staging', 'dev'];
const TEAMS = ['identity', 'payments', 'search', 'platform', 'data', 'mobile'];

function withTags(nodes: LineageNode[]): LineageNode[] {
  return nodes.map((n, i) => ({
    ...n,
    tags: { ...n.tags, env: ENVS[i % 3]!, team: TEAMS[i % 6]!, 'cost-center': `cc-${1000 + (i % 40)}` },
  }));
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Wall and CPU time of one call, in ms. */
function time(fn: () => unknown): { wall: number; cpu: number } {
  const [t, c] = [performance.now(), cpuMs()];
  fn();
  return { wall: performance.now() - t, cpu: cpuMs() - c };
}

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function measure(size: number): string[][] {
  const nodes = withTags(buildLineage(syntheticInventory(size)).nodes);
  const index = buildSearchIndex(nodes);
  const builds = [0, 1, 2].map(() => {
    collect();
    return time(() => buildSearchIndex(nodes));
  });
  const named = nodes.find((n) => n.kind === 'instance' && n.name)!;
  const queries = [
    named.id,
    named.name!,
    `Name=${named.name!}`,
    'env=prod',
    'team:payments eu-west-1',
    'eu-west-1',
    't3.micro',
    'snapshot completed',
    'web',
    'nothing-has-this',
  ];
  const build = (pick: 'wall' | 'cpu') => fmt(median(builds.map((b) => b[pick])));
  const rows: string[][] = [
    [`${size}`, `build the index (${nodes.length} resources)`, '', build('wall'), '', build('cpu'), '', '', ''],
  ];
  for (const q of queries) {
    for (let i = 0; i < 3; i++) searchIndex(index, q);
    collect();
    const times: { wall: number; cpu: number }[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) times.push(time(() => (total = searchIndex(index, q).total)));
    const [wall, cpu] = [times.map((t) => t.wall), times.map((t) => t.cpu)];
    const judged = size >= 100_000;
    rows.push([
      `${size}`,
      q,
      String(total),
      fmt(median(wall)),
      fmt(percentile(wall, 95)),
      fmt(median(cpu)),
      fmt(percentile(cpu, 95)),
      judged ? `< ${TARGET_MS} ms` : '',
      judged ? (percentile(cpu, 95) < TARGET_MS ? 'ok' : 'MISSED') : '',
    ]);
  }
  return rows;
}

console.log(
  `search benchmark · node ${process.version} · load average ${loadavg()[0]!.toFixed(2)} · ${RUNS} runs per query after a warm-up`,
);
const rows = SIZES.flatMap(measure);
printTable(
  ['resources', 'query', 'matches', 'wall median', 'p95', 'CPU median', 'p95', 'target (CPU p95)', ''],
  rows,
  2,
);
if (rows.some((r) => r[8] === 'MISSED')) process.exitCode = 1;
