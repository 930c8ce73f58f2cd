/**
 * The buildLineage part of `npm run bench` (run by scripts/bench-lineage.ts as a child process): buildLineage over an
 * inventory the emulator answered, read from a file (v8-serialised), in a process that holds that inventory and
 * nothing else — no emulator, no SDK — as the app's server does. One warm-up run, then `runs` timed ones.
 *
 *   node --expose-gc --import tsx scripts/bench-build.ts --child FILE SIZE RUNS
 */
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { buildLineage } from '@/lib/lineage';
import type { RegionInventory } from '@/lib/lineage/inventory';
import { RESULT_PREFIX } from './support';
import { type CpuShare, cpuClock, cpuSince, medians, timeRuns } from './timing';

export interface BuildResult {
  type: 'build';
  size: number;
  nodes: number;
  edges: number;
  /** The first (cold) run. */
  firstMs: number;
  /** Medians over the timed runs: wall, the main thread on a CPU, the process's CPU (GC helpers too). */
  wallMs: number;
  onCpuMs: number | null;
  cpuMs: number;
  minMs: number;
  runs: number;
  /** Heap used after a GC with the inventory loaded: all this process holds besides its code. */
  heapInventoryMiB: number;
  /** The main thread's time running and waiting for a CPU, over the whole child. */
  cpu: CpuShare | null;
}

function gc(): void {
  if (typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  globalThis.gc();
}

async function main([file, sizeArg, runsArg]: string[]): Promise<void> {
  if (!file) throw new Error('usage: bench-build.ts --child FILE SIZE RUNS');
  const start = cpuClock();
  const regions = deserialize(readFileSync(file)) as RegionInventory[];
  gc();
  const heapInventoryMiB = process.memoryUsage().heapUsed / 1_048_576;
  const first = performance.now();
  let graph = buildLineage({ regions });
  const firstMs = performance.now() - first;
  const runs = await timeRuns(Number(runsArg), () => {
    graph = buildLineage({ regions });
  });
  const m = medians(runs);
  const result: BuildResult = {
    type: 'build',
    size: Number(sizeArg),
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    firstMs,
    wallMs: m.wallMs,
    onCpuMs: m.onCpuMs,
    cpuMs: m.cpuMs,
    minMs: Math.min(...runs.wallMs),
    runs: runs.wallMs.length,
    heapInventoryMiB,
    cpu: cpuSince(start),
  };
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

if (require.main === module) {
  const at = process.argv.indexOf('--child');
  main(process.argv.slice(at + 1)).catch((error: unknown) => {
    console.error('bench-build failed:', error);
    process.exit(1);
  });
}
