/** The benchmarks' timing loop: wall time, the process's CPU time and the main thread's time on a CPU, per run. */
import { readFileSync } from 'node:fs';
import { median } from './support';

/** How long the main thread ran, and waited for a CPU while runnable (shared machine), in ms. */
export interface CpuShare {
  runMs: number;
  waitMs: number;
}

/** The main thread's time on a CPU and waiting for one (Linux /proc schedstat), or null elsewhere. */
export function cpuClock(): CpuShare | null {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return run === undefined || wait === undefined ? null : { runMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return null;
  }
}

export function cpuSince(start: CpuShare | null): CpuShare | null {
  const now = cpuClock();
  return start && now ? { runMs: now.runMs - start.runMs, waitMs: now.waitMs - start.waitMs } : null;
}

/** Every run's figures, in ms. */
export interface Runs {
  wallMs: number[];
  /** process.cpuUsage (user + system, every thread: the GC's helpers too). */
  cpuMs: number[];
  /** The main thread on a CPU (empty where /proc is not there). */
  onCpuMs: number[];
}

/** `count` runs of `fn`, one after another; `before` runs untimed ahead of each. */
export async function timeRuns(
  count: number,
  fn: (run: number) => unknown,
  before?: (run: number) => void,
): Promise<Runs> {
  const runs: Runs = { wallMs: [], cpuMs: [], onCpuMs: [] };
  for (let i = 0; i < count; i++) {
    before?.(i);
    const clock = cpuClock();
    const used = process.cpuUsage();
    const t = performance.now();
    const value = fn(i);
    if (value instanceof Promise) await value;
    runs.wallMs.push(performance.now() - t);
    const { user, system } = process.cpuUsage(used);
    runs.cpuMs.push((user + system) / 1000);
    const ran = cpuSince(clock);
    if (ran) runs.onCpuMs.push(ran.runMs);
  }
  return runs;
}

/** The medians of the runs (the main thread's time on a CPU: null where not measured). */
export function medians(runs: Runs): { wallMs: number; cpuMs: number; onCpuMs: number | null } {
  return {
    wallMs: median(runs.wallMs),
    cpuMs: median(runs.cpuMs),
    onCpuMs: runs.onCpuMs.length > 0 ? median(runs.onCpuMs) : null,
  };
}
