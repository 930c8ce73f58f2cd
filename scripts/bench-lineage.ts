/**
 * `npm run bench`: lineage figures through the app's own server code, against the EC2 emulator.
 *
 * - synthetic accounts of 1k, 10k and 50k resources in the four synthetic regions, the emulator in-process
 *   (delayMs 0): inventory time (fetchInventory with refresh: the first in a fresh process, which also loads the
 *   SDK, then again with the process warm), response bytes (the body of GET /api/lineage), heap used after a GC (the
 *   emulator's state shares the heap, so its share is printed too). buildLineage is timed apart
 *   (scripts/bench-build.ts): the inventory read here is written to a temporary file and a process holding only it
 *   builds the graph, as the app's server does (no emulator sharing its heap): median wall time of 7 runs after a
 *   warm-up, the main thread's time on a CPU (from /proc, since this machine is shared) and the process's CPU time.
 * - warm GET /api/lineage at 10k: the route handler called 50 times with the cache warm, reading the body text.
 * - the emulator answering after 500 ms, synthetic:10000: a cold read next to the bound that pagination alone sets
 *   (per region, the longest chain of requests that must follow one another at the largest page sizes: one
 *   Describe's pages, or the pages of instances then a round of external-image lookups; the slowest region), and the
 *   app's CPU time per 10k resources for it (process.cpuUsage). Measured with the emulator in a process of its own
 *   (the inventory, and cold GET /api/lineage?refresh=1: reading, building, answering), in-process, and with its
 *   answers recorded and replayed after the latency (an endpoint that does no work, as the bound assumes); the
 *   emulator's own serial work is printed, as it explains the gap.
 * - an organization of 50 accounts (synthetic-org), read through LINEAGE_ORG_ROLE under the concurrency cap, the
 *   emulator answering after 50 ms: inventory time against the pagination bound under the cap (scripts/bench-org.ts).
 * - synthetic:100000 read cold through GET /api/lineage?refresh=1, the emulator in a process of its own: the app
 *   process's peak RSS and heap.
 *
 * Each measurement runs in a child process of its own: the server config is read once per process, and heap
 * figures must not carry over. Runs under `tsx --conditions=react-server` (package.json), as `server-only`
 * refuses to load outside React Server Components otherwise.
 *
 *   npm run bench [-- --sizes 1000,10000] [--only sizes,latency,org,memory] [--trace]
 *
 * --trace prints the timeline of the latency runs' last cold reads: every EC2 request, when it was asked for, when its
 * answer came in and when it was parsed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus as cpus_, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { NextRequest } from 'next/server';
import { GET } from '@/app/api/lineage/route';
import { SYNTHETIC_REGIONS } from '@/emulator/scenarios/synthetic';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import type { DeserializeMiddleware } from '@smithy/types';
import { encodeEc2Output } from '@/emulator/protocol/ec2-query';
import { operationSchema } from '@/emulator/protocol/schema';
import { type RunningEmulator, startEmulator } from '@/emulator/server';
import { ec2Client } from '@/lib/server/ec2';
import { type InventoryResult, clearInventoryCache, fetchInventory } from '@/lib/server/inventory';
import type { BuildResult } from './bench-build';
import { type OrgResult, measureOrganization, printOrganization } from './bench-org';
import { RESULT_PREFIX, freePort, median, percentile, printTable } from './support';
import { type CpuShare, cpuClock, cpuSince, medians, timeRuns } from './timing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The benchmark measures how long a read takes: the inventory deadline must not cut a slow one short.
process.env.LINEAGE_FETCH_TIMEOUT_MS ??= '600000';

const SIZES = [1_000, 10_000, 50_000];
const WARM_AT = 10_000;
const WARM_CALLS = 50;
const BUILD_RUNS = 7;
const LATENCY_MS = 500;
const LATENCY_SIZE = 10_000;
/** Fetches with refresh=1 after the first, per endpoint, in the latency runs. */
const REFRESHES = 3;
const CHILD_TIMEOUT_MS = 360_000;
/** The 100k read seeds its emulator first (about a minute on a busy machine). */
const MEMORY_TIMEOUT_MS = 600_000;
/** Targets. */
const TARGET = { buildAt50kMs: 150, warmP95Ms: 300, boundRatio: 1.5, rssAt100kMiB: 1024 } as const;
/** The organization-sized account whose read is measured for memory, the emulator in a process of its own. */
const MEMORY_SIZE = 100_000;
/** The page sizes the inventory asks for (lib/server/inventory.ts), and what a page of each counts. */
const PAGES = [
  { action: 'DescribeInstances', input: { MaxResults: 1000 } },
  { action: 'DescribeVolumes', input: { MaxResults: 500 } },
  { action: 'DescribeSnapshots', input: { MaxResults: 1000, OwnerIds: ['self'] } },
  { action: 'DescribeImages', input: { MaxResults: 1000, Owners: ['self'] } },
] as const;
/** Image ids per DescribeImages call in the external-image lookup (lib/server/inventory.ts). */
const EXTERNAL_BATCH = 200;

interface SizeResult {
  type: 'size';
  size: number;
  resources: number;
  seedMs: number;
  /** fetchInventory({ refresh: true }), the first in this process (it also loads the SDK's modules). */
  firstMs: number;
  /** The same again, the process warm. */
  refreshMs: number;
  responseBytes: number;
  responseMs: number;
  heapEmulatorMiB: number;
  heapAfterMiB: number;
  rssMiB: number;
  warm?: { calls: number; p50: number; p95: number; max: number };
}

interface RegionBound {
  region: string;
  pages: Record<string, number>;
  externalCalls: number;
  /** The most pages of one Describe, plus every external-image lookup after them, all in a row. */
  boundMs: number;
  /**
   * The longest chain of requests that must follow one another: a Describe's pages, or the pages of instances (and of
   * owned images) and then one round of lookups, their batches at once (as lib/server/inventory.ts reads).
   */
  chainMs: number;
}

interface LatencyRun {
  /** The first fetch in a fresh process: includes loading the SDK's modules. */
  firstMs: number;
  /** fetchInventory({ refresh: true }) again, the process warm: median and all of them. */
  refreshMs: number;
  refreshes: number[];
  /** The main thread's time on a CPU during a refresh (median), where measured. */
  onCpuMs?: number;
  /** The process's CPU time (process.cpuUsage, every thread) during a refresh (median), where measured. */
  cpuMs?: number;
  /** Cold GET /api/lineage?refresh=1: reading, building and answering, the body read (each one). */
  routeMs?: number[];
  /** With --trace: every EC2 request of the last refresh. */
  trace?: TracedCall[];
}

/** One EC2 request of a read, in ms from the start of the read (--trace). */
interface TracedCall {
  region: string;
  action: string;
  /** Its page of that Describe in that region (1 for the first), or the lookup's number. */
  page: number;
  /** Asked for (the command sent to the client). */
  start: number;
  /** The answer's status and headers in (just inside the SDK's deserializer, which reads the body and parses it). */
  answered: number;
  /** Parsed: the client's promise settles. */
  parsed: number;
}

interface LatencyResult {
  type: 'latency';
  size: number;
  latencyMs: number;
  /** The emulator in this process: its work shares the app's thread. */
  inProcess: LatencyRun;
  /** The emulator in a process of its own (the machine's other core, if idle). */
  separate: LatencyRun;
  /** The emulator's answers recorded, then replayed after the latency (firstMs: NaN, the recording pass). */
  replayed: LatencyRun;
  /** The emulator's own work for one full inventory, answer after answer (it serves one at a time). */
  emulatorSerialMs: number;
  regions: RegionBound[];
  boundMs: number;
  /** The slowest region's chain: the pagination bound the targets are measured against. */
  chainMs: number;
  resources: number;
}

/** A cold read of a large account through the route, the emulator in its own process: the app's memory. */
interface MemoryResult {
  type: 'memory';
  size: number;
  resources: number;
  seedMs: number;
  routeMs: number;
  bodyBytes: number;
  /** process.resourceUsage().maxRSS: the most the process ever held. */
  peakRssMiB: number;
  /** heapUsed sampled every MEMORY_SAMPLE_MS, and after. */
  peakHeapMiB: number;
  heapAfterMiB: number;
  rssAfterMiB: number;
}

const MEMORY_SAMPLE_MS = 20;

type Result = (SizeResult | LatencyResult | MemoryResult | OrgResult | BuildResult) & { cpu?: CpuShare | null };
const ROOT = join(__dirname, '..');
const BUILD_SCRIPT = join(__dirname, 'bench-build.ts');

// ───────────────────────────── helpers ─────────────────────────────

const mib = (bytes: number) => bytes / 1_048_576;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function gc(): void {
  if (typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  globalThis.gc();
}

function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms`;
}

function fmtBytes(bytes: number): string {
  return bytes < 1_048_576 ? `${(bytes / 1024).toFixed(0)} KiB` : `${mib(bytes).toFixed(1)} MiB`;
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The environment the app's server code reads (as test/api/harness.ts sets it), pointed at the emulator. */
function pointAppAt(url: string): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_EC2: url,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    LINEAGE_REGIONS: SYNTHETIC_REGIONS.join(','),
    LINEAGE_CACHE_TTL_MS: '3600000',
    // The benchmark measures reading EC2: no history store recording each answer (nor a trail read beside it).
    LINEAGE_HISTORY_DAYS: '0',
  });
}

const request = (path: string) => new NextRequest(new URL(path, 'http://127.0.0.1:3000'));

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** A cold inventory of every configured region; fails loudly if a region did not answer. */
async function coldInventory() {
  const { ms, value } = await timed(() => fetchInventory({ refresh: true }));
  if (value.errors.length > 0) throw new Error(`inventory errors: ${JSON.stringify(value.errors)}`);
  return { ms, inventory: value };
}

/**
 * --trace: every read client of the synthetic regions at the current endpoint notes when each request is asked for,
 * when its answer's bytes are in (just inside the SDK's deserializer) and when it is parsed. `begin()` starts a new
 * read's timeline.
 */
function traceReads(): { begin: () => void; calls: () => TracedCall[] } {
  let t0 = performance.now();
  let calls: TracedCall[] = [];
  const at = () => performance.now() - t0;
  const open = new WeakMap<object, TracedCall>();
  for (const region of SYNTHETIC_REGIONS) {
    const stack = ec2Client(region, 'read').middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        // The images instances were launched from are looked up by id: a lookup, not a page of the listing.
        const lookup = (args.input as { Filters?: unknown }).Filters !== undefined ? ' lookup' : '';
        const action = `${context.commandName?.replace(/Command$/, '') ?? '?'}${lookup}`;
        const page = calls.filter((c) => c.region === region && c.action === action).length + 1;
        const call: TracedCall = { region, action, page, start: at(), answered: Number.NaN, parsed: Number.NaN };
        calls.push(call);
        open.set(context, call);
        try {
          return await next(args);
        } finally {
          call.parsed = at();
        }
      },
      { step: 'initialize', name: 'benchTraceCall' },
    );
    const wire: DeserializeMiddleware<ec2Sdk.ServiceInputTypes, ec2Sdk.ServiceOutputTypes> =
      (next, context) => async (args) => {
        const answer = await next(args);
        const call = open.get(context);
        if (call) call.answered = at();
        return answer;
      };
    stack.addRelativeTo(wire, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'benchTraceWire' });
  }
  return {
    begin: () => {
      t0 = performance.now();
      calls = [];
    },
    calls: () => calls,
  };
}

const TRACE = process.argv.includes('--trace');

/** A time of the trace; NaN (null once through JSON) where a request never got that far. */
const ms = (t: number | null) => (t === null || Number.isNaN(t) ? '–' : t.toFixed(0));

/** The timeline of one traced read: each request, asked → answered → parsed, by region. */
function printTrace(title: string, calls: readonly TracedCall[], latencyMs: number): void {
  console.log(`\n${title}: each request asked → its answer in → parsed (ms from the start of the read)`);
  const rows = [...calls]
    .sort((a, b) => a.region.localeCompare(b.region) || a.start - b.start)
    .map((c) => [
      c.region,
      `${c.action} #${c.page}`,
      ms(c.start),
      ms(c.answered),
      ms(c.parsed),
      ms(c.answered - c.start - latencyMs),
      ms(c.parsed - c.answered),
    ]);
  printTable(
    ['region', 'request', 'asked', 'answer in', 'parsed', 'wait beyond latency', 'body + parse + queue'],
    rows,
  );
  console.log(
    "  answer in: its status and headers, just inside the SDK's deserializer; the body is read and parsed after that",
  );
  const end = Math.max(...calls.map((c) => c.parsed ?? 0));
  console.log(`  last answer parsed at ${end.toFixed(0)} ms`);
}

// ───────────────────────────── children ─────────────────────────────

/** `inventoryFile`: where the inventory read is written (v8-serialised) for the buildLineage child. */
async function measureSize(size: number, inventoryFile: string): Promise<SizeResult> {
  const seedStart = performance.now();
  const running = await startEmulator({ port: 0, scenario: `synthetic:${size}`, delayMs: 0 });
  const seedMs = performance.now() - seedStart;
  try {
    pointAppAt(running.url);
    gc();
    const heapEmulator = process.memoryUsage().heapUsed;

    const first = await coldInventory();
    const refresh = await coldInventory();
    const regions = refresh.inventory.regions;
    const resources = regions.reduce(
      (n, r) => n + r.instances.length + r.volumes.length + r.snapshots.length + r.images.length,
      0,
    );
    writeFileSync(inventoryFile, serialize(regions));

    // The body as the browser gets it (the cache is warm: the route reuses the inventory fetched above).
    const response = await timed(async () => {
      const res = await GET(request('/api/lineage'));
      if (res.status !== 200)
        throw new Error(`/api/lineage answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return res.text();
    });
    const responseBytes = Buffer.byteLength(response.value);

    let warm: SizeResult['warm'];
    if (size === WARM_AT) {
      for (let i = 0; i < 3; i++) await (await GET(request('/api/lineage'))).text(); // JIT warm-up
      const calls: number[] = [];
      for (let i = 0; i < WARM_CALLS; i++) {
        const t = performance.now();
        const res = await GET(request('/api/lineage'));
        const text = await res.text();
        calls.push(performance.now() - t);
        // Sharing read in the background joins later answers, so only the status is compared.
        if (res.status !== 200) throw new Error(`warm /api/lineage answered ${res.status}: ${text.slice(0, 300)}`);
      }
      warm = { calls: calls.length, p50: percentile(calls, 50), p95: percentile(calls, 95), max: Math.max(...calls) };
    }

    gc();
    const memory = process.memoryUsage();
    return {
      type: 'size',
      size,
      resources,
      seedMs,
      firstMs: first.ms,
      refreshMs: refresh.ms,
      responseBytes,
      responseMs: response.ms,
      heapEmulatorMiB: mib(heapEmulator),
      heapAfterMiB: mib(memory.heapUsed),
      rssMiB: mib(memory.rss),
      warm,
    };
  } finally {
    clearInventoryCache();
    await running.close();
  }
}

/** The first fetch, then REFRESHES more with refresh=1 against the same endpoint. */
async function latencyRun(): Promise<{ run: LatencyRun; inventory: InventoryResult }> {
  const tracer = TRACE ? traceReads() : null;
  const first = await coldInventory();
  const runs = await timeRuns(REFRESHES, coldInventory, () => tracer?.begin());
  return {
    run: {
      firstMs: first.ms,
      refreshMs: median(runs.wallMs),
      refreshes: runs.wallMs,
      cpuMs: median(runs.cpuMs),
      trace: tracer?.calls().slice(),
    },
    inventory: first.inventory,
  };
}

/** Cold GET /api/lineage?refresh=1, REFRESHES times: reading EC2, building the graph, the body read. */
async function coldRoutes(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REFRESHES; i++) {
    const { ms } = await timed(async () => {
      const res = await GET(request('/api/lineage?refresh=1'));
      const text = await res.text();
      if (res.status !== 200) throw new Error(`/api/lineage?refresh=1 answered ${res.status}: ${text.slice(0, 300)}`);
    });
    times.push(ms);
  }
  return times;
}

/** The emulator's work for every page of the inventory (no HTTP, no latency): what it does answer after answer. */
function emulatorWork(running: RunningEmulator): {
  regions: Pick<RegionBound, 'region' | 'pages'>[];
  serialMs: number;
} {
  let serialMs = 0;
  const regions = SYNTHETIC_REGIONS.map((region) => {
    const pages: Record<string, number> = {};
    for (const { action, input } of PAGES) {
      const schema = operationSchema(ec2Sdk, action)!;
      let count = 0;
      let token: string | undefined;
      do {
        const t = performance.now();
        const answer = running.emulator.invoke(region, action, { ...input, ...(token ? { NextToken: token } : {}) });
        encodeEc2Output(schema, action, 'bench', answer);
        serialMs += performance.now() - t;
        token = (answer as { NextToken?: string }).NextToken;
        count += 1;
      } while (token);
      pages[action] = count;
    }
    return { region, pages };
  });
  return { regions, serialMs };
}

/**
 * An endpoint answering each request with the emulator's recorded answer to it, after `latencyMs`: EC2 as the
 * pagination bound sees it, with no server work. Requests not seen before go to the emulator (and are recorded);
 * misses() counts those after recorded() was called.
 */
async function startReplay(
  upstream: string,
  latencyMs: number,
): Promise<{ url: string; recorded: () => void; misses: () => number; close: () => Promise<void> }> {
  const recorded = new Map<string, { status: number; type: string; body: Buffer }>();
  let recording = true;
  let misses = 0;
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        // The region is in the credential scope: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/ec2/aws4_request
        const region = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const key = `${region} ${req.url ?? ''} ${body.toString()}`;
        let answer = recorded.get(key);
        if (answer) await new Promise((r) => setTimeout(r, latencyMs));
        else {
          if (!recording) misses += 1;
          const upstreamAnswer = await fetch(`${upstream}${req.url ?? '/'}`, {
            method: req.method,
            headers: {
              'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded',
              authorization: req.headers.authorization ?? '',
            },
            body: req.method === 'POST' ? body : undefined,
          });
          answer = {
            status: upstreamAnswer.status,
            type: upstreamAnswer.headers.get('content-type') ?? 'text/xml',
            body: Buffer.from(await upstreamAnswer.arrayBuffer()),
          };
          recorded.set(key, answer);
        }
        res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': answer.body.length });
        res.end(answer.body);
      })().catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recorded: () => {
      recording = false;
    },
    misses: () => misses,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The emulator CLI in a process of its own, on a free port; resolves once it answers its health check. */
async function startSeparateEmulator(
  size: number,
  latencyMs: number,
  startMs = 60_000,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    [
      ...process.execArgv.filter((a) => a !== '--expose-gc'),
      'emulator/cli.ts',
      '--port',
      String(port),
      '--scenario',
      `synthetic:${size}`,
      '--delay-ms',
      '0',
      '--latency-ms',
      String(latencyMs),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the emulator exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/_emulator/health`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the emulator did not start within ${startMs / 1000} s`);
}

async function measureLatency(size: number, latencyMs: number): Promise<LatencyResult> {
  // The emulator in this process, as for the sizes.
  const running = await startEmulator({ port: 0, scenario: `synthetic:${size}`, delayMs: 0, latencyMs });
  let inProcess: LatencyRun;
  let inventory: InventoryResult;
  let work: ReturnType<typeof emulatorWork>;
  let replayed: LatencyRun;
  try {
    pointAppAt(running.url);
    ({ run: inProcess, inventory } = await latencyRun());
    work = emulatorWork(running);
    clearInventoryCache();

    // The emulator's answers recorded, then replayed after the same latency: an endpoint with no work of its own.
    const replay = await startReplay(running.url, latencyMs);
    try {
      pointAppAt(replay.url);
      await coldInventory(); // records every answer (through the emulator, with its latency)
      replay.recorded();
      const tracer = TRACE ? traceReads() : null;
      const runs = await timeRuns(REFRESHES, coldInventory, () => tracer?.begin());
      if (replay.misses() > 0) throw new Error(`the replay missed ${replay.misses()} requests after recording`);
      replayed = {
        firstMs: Number.NaN,
        refreshMs: median(runs.wallMs),
        refreshes: runs.wallMs,
        onCpuMs: medians(runs).onCpuMs ?? undefined,
        trace: tracer?.calls().slice(),
      };
    } finally {
      await replay.close();
    }
  } finally {
    clearInventoryCache();
    await running.close();
  }

  // The same account from an emulator in its own process (the EC2 client cache is keyed by endpoint).
  const separateEmulator = await startSeparateEmulator(size, latencyMs);
  let separate: LatencyRun;
  try {
    pointAppAt(separateEmulator.url);
    ({ run: separate } = await latencyRun());
    separate.routeMs = await coldRoutes();
  } finally {
    clearInventoryCache();
    await separateEmulator.stop();
  }

  const regions: RegionBound[] = work.regions.map(({ region, pages }) => {
    const listed = inventory.regions.find((r) => r.region === region);
    const owned = new Set(listed?.images.map((i) => i.ImageId));
    const wanted = new Set(
      listed?.instances.map((i) => i.ImageId).filter((id) => id && id !== 'None' && !owned.has(id)),
    );
    const externalCalls = Math.ceil(wanted.size / EXTERNAL_BATCH);
    const n = (action: string) => pages[action] ?? 0;
    const lookups = externalCalls > 0 ? 1 : 0;
    return {
      region,
      pages,
      externalCalls,
      boundMs: (Math.max(...Object.values(pages)) + externalCalls) * latencyMs,
      chainMs:
        Math.max(
          n('DescribeVolumes'),
          n('DescribeSnapshots'),
          Math.max(n('DescribeInstances'), n('DescribeImages')) + lookups,
        ) * latencyMs,
    };
  });
  const resources = inventory.regions.reduce(
    (sum, r) => sum + r.instances.length + r.volumes.length + r.snapshots.length + r.images.length,
    0,
  );
  return {
    type: 'latency',
    size,
    latencyMs,
    inProcess,
    separate,
    replayed,
    emulatorSerialMs: work.serialMs,
    regions,
    boundMs: Math.max(...regions.map((r) => r.boundMs)),
    chainMs: Math.max(...regions.map((r) => r.chainMs)),
    resources,
  };
}

async function measureMemory(size: number): Promise<MemoryResult> {
  const seedStart = performance.now();
  const emulator = await startSeparateEmulator(size, 0, 240_000);
  const seedMs = performance.now() - seedStart;
  try {
    pointAppAt(emulator.url);
    gc();
    let peakHeap = 0;
    const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
    const sampler = setInterval(sample, MEMORY_SAMPLE_MS);
    let bodyBytes = 0;
    const { ms } = await timed(async () => {
      const res = await GET(request('/api/lineage?refresh=1'));
      if (res.status !== 200) throw new Error(`/api/lineage?refresh=1 answered ${res.status}: ${await res.text()}`);
      // Counted as it streams, as a socket would take it: the measuring side holds no copy of its own.
      const reader = res.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bodyBytes += chunk.value.length;
      sample();
    });
    clearInterval(sampler);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const after = process.memoryUsage();
    const { regions } = await fetchInventory(); // the cache is warm: no request
    return {
      type: 'memory',
      size,
      resources: regions.reduce(
        (n, r) => n + r.instances.length + r.volumes.length + r.snapshots.length + r.images.length,
        0,
      ),
      seedMs,
      routeMs: ms,
      bodyBytes,
      peakRssMiB,
      peakHeapMiB: mib(peakHeap),
      heapAfterMiB: mib(after.heapUsed),
      rssAfterMiB: mib(after.rss),
    };
  } finally {
    clearInventoryCache();
    await emulator.stop();
  }
}

/** The memory figures of the large cold read. */
function memoryRows(m: MemoryResult): string[][] {
  const label = `synthetic:${m.size} (${m.resources} owned), cold GET /api/lineage?refresh=1, emulator in its own process`;
  return [
    [label, `${fmtMs(m.routeMs)}, ${fmtBytes(m.bodyBytes)}`, '', ''],
    [
      '  peak RSS of the app process',
      `${m.peakRssMiB.toFixed(0)} MiB`,
      `< ${TARGET.rssAt100kMiB} MiB`,
      mark(m.peakRssMiB < TARGET.rssAt100kMiB),
    ],
    [
      `  peak heap used (sampled every ${MEMORY_SAMPLE_MS} ms), after`,
      `${m.peakHeapMiB.toFixed(0)} MiB, ${m.heapAfterMiB.toFixed(0)} MiB`,
      '',
      '',
    ],
  ];
}

async function child(args: string[]): Promise<void> {
  const [kind, sizeArg, third] = args;
  const size = Number(sizeArg);
  const start = cpuClock();
  const measured =
    kind === 'org'
      ? await measureOrganization()
      : kind === 'latency'
        ? await measureLatency(size, Number(third))
        : kind === 'memory'
          ? await measureMemory(size)
          : await measureSize(size, third!);
  const result: Result = { ...measured, cpu: cpuSince(start) };
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

// ───────────────────────────── parent ─────────────────────────────

/** What failed, said after the figures of what did not. */
const failures: string[] = [];
/** The measuring children's process groups, ended with the benchmark if it is interrupted. */
const running = new Set<number>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of running) process.kill(-pid, 'SIGKILL');
    process.exit(130);
  });
}

/**
 * Runs one measurement in a child process (same loader and conditions, with --expose-gc), in a process group of its
 * own so that a timeout also ends the emulator it started. Null when it failed: the others are still printed.
 */
async function runChild(
  args: string[],
  label: string,
  timeoutMs = CHILD_TIMEOUT_MS,
  script = __filename,
): Promise<Result | null> {
  try {
    return await runChildOrThrow(args, label, timeoutMs, script);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
    return null;
  }
}

function runChildOrThrow(args: string[], label: string, timeoutMs: number, script: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    process.stdout.write(`  ${label} … `);
    const childArgs = [...process.execArgv, '--expose-gc', script, '--child', ...args, ...(TRACE ? ['--trace'] : [])];
    const proc = spawn(process.execPath, childArgs, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
      detached: true,
    });
    const pid = proc.pid;
    if (pid !== undefined) running.add(pid);
    let timedOut = false;
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => {
      console.log('timed out');
      timedOut = true;
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
      reject(new Error(`${label}: no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    proc.on('close', (code) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      if (timedOut) return;
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        console.log('failed');
        reject(new Error(`${label} exited with ${code}\n${out}\n${err}`));
        return;
      }
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as Result);
    });
  });
}

function sizesFromArgs(): number[] {
  const at = process.argv.indexOf('--sizes');
  if (at < 0) return SIZES;
  const sizes = (process.argv[at + 1] ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  return sizes.length > 0 ? sizes : SIZES;
}

const PARTS = ['sizes', 'latency', 'org', 'memory'] as const;

/** Which measurements to run: `--only latency,memory`, else all of them. */
function partsFromArgs(): Set<string> {
  const at = process.argv.indexOf('--only');
  if (at < 0) return new Set(PARTS);
  const asked = (process.argv[at + 1] ?? '').split(',').filter((p) => (PARTS as readonly string[]).includes(p));
  return new Set(asked.length > 0 ? asked : PARTS);
}

const waitShare = (cpu: CpuShare | null) =>
  cpu ? `${Math.round((100 * cpu.waitMs) / (cpu.runMs + cpu.waitMs))}%` : 'n/a';

/** buildLineage at each size, in a process holding only the inventory. */
function printBuilds(results: readonly Sized[]): void {
  console.log(
    `\nbuildLineage in a process holding only the inventory read above (no emulator; ${BUILD_RUNS} runs after a warm-up)`,
  );
  printTable(
    ['account', 'nodes', 'edges', 'heap', 'first', 'median', 'on CPU', 'process CPU', 'fastest', 'CPU wait'],
    results.flatMap(({ size, build: b }) =>
      b
        ? [
            [
              `synthetic:${size}`,
              String(b.nodes),
              String(b.edges),
              `${b.heapInventoryMiB.toFixed(0)} MiB`,
              fmtMs(b.firstMs),
              fmtMs(b.wallMs),
              b.onCpuMs === null ? 'n/a' : fmtMs(b.onCpuMs),
              fmtMs(b.cpuMs),
              fmtMs(b.minMs),
              waitShare(b.cpu),
            ],
          ]
        : [],
    ),
  );
  console.log(
    '  heap: used after a GC with the inventory loaded; on CPU: the main thread; process CPU: every thread (GC helpers too)',
  );
}

/** buildLineage at 50k against its target. */
function buildRows(b: BuildResult): string[][] {
  const target = `< ${TARGET.buildAt50kMs} ms`;
  const rows = [
    [
      `buildLineage at 50k, a process holding only the inventory: median wall (of ${b.runs})`,
      fmtMs(b.wallMs),
      target,
      mark(b.wallMs < TARGET.buildAt50kMs),
    ],
  ];
  if (b.onCpuMs !== null)
    rows.push(['  same, main thread on a CPU', fmtMs(b.onCpuMs), target, mark(b.onCpuMs < TARGET.buildAt50kMs)]);
  rows.push(['  same, process CPU (GC helper threads too)', fmtMs(b.cpuMs), 'print', '']);
  return rows;
}

/** The cold-read figures against the pagination bound (the longest chain of sequential pages). */
function latencyRows(latency: LatencyResult): string[][] {
  const slowest = latency.regions.reduce((a, b) => (b.chainMs > a.chainMs ? b : a));
  const bound = latency.chainMs;
  const target = `≤ ${TARGET.boundRatio}×`;
  const ratio = (ms: number) => `${fmtMs(ms)} = ${(ms / bound).toFixed(2)}×`;
  const ok = (ms: number) => mark(ms / bound <= TARGET.boundRatio);
  const rows: string[][] = [
    [
      `pagination bound: longest chain × ${latency.latencyMs} ms, synthetic:${latency.size} (${slowest.region})`,
      fmtMs(bound),
      '',
      '',
    ],
  ];
  const route = latency.separate.routeMs;
  if (route && route.length > 0) {
    rows.push([
      `cold GET /api/lineage?refresh=1 / bound, emulator in its own process (median of ${route.length})`,
      ratio(median(route)),
      target,
      ok(median(route)),
    ]);
  }
  const runs: [string, number][] = [
    [`inventory / bound, emulator in its own process (median of ${REFRESHES})`, latency.separate.refreshMs],
    ['  first fetch in a fresh process', latency.separate.firstMs],
    [`inventory / bound, emulator in-process (median of ${REFRESHES})`, latency.inProcess.refreshMs],
    [`inventory / bound, answers replayed: no server work (median of ${REFRESHES})`, latency.replayed.refreshMs],
  ];
  for (const [figure, ms] of runs) rows.push([figure, ratio(ms), target, ok(ms)]);
  const cpu = latency.separate.cpuMs;
  if (cpu !== undefined) {
    const per10k = (cpu * 10_000) / latency.resources;
    rows.push([
      `the app's CPU per 10k resources, cold read (process.cpuUsage, median of ${REFRESHES})`,
      fmtMs(per10k),
      'print',
      '',
    ]);
  }
  return rows;
}

type Sized = SizeResult & { cpu?: CpuShare | null; build: BuildResult | null };

/** Each size read in a child; its inventory then built by buildLineage in a child holding only that inventory. */
async function measureSizes(sizes: number[]): Promise<Sized[]> {
  const results: Sized[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'lineage-bench-'));
  try {
    for (const size of sizes) {
      const file = join(dir, `synthetic-${size}.v8`);
      const r = await runChild(['size', String(size), file], `synthetic:${size}`);
      if (r?.type !== 'size') continue;
      const b = await runChild(
        [file, String(size), String(BUILD_RUNS)],
        `buildLineage at ${size}, a process holding only the inventory`,
        CHILD_TIMEOUT_MS,
        BUILD_SCRIPT,
      );
      rmSync(file, { force: true });
      results.push({ ...r, build: b?.type === 'build' ? b : null });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

async function parent(): Promise<void> {
  const sizes = sizesFromArgs();
  const parts = partsFromArgs();
  const cpus = cpus_();
  console.log(
    `lineage benchmark · node ${process.version} · ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'} · load average ${load()}`,
  );
  console.log(`regions ${SYNTHETIC_REGIONS.join(', ')}; each measurement in a process of its own\n`);

  const results = parts.has('sizes') ? await measureSizes(sizes) : [];
  const l = parts.has('latency')
    ? await runChild(
        ['latency', String(LATENCY_SIZE), String(LATENCY_MS)],
        `synthetic:${LATENCY_SIZE}, latency ${LATENCY_MS} ms`,
      )
    : null;
  const latency = l?.type === 'latency' ? l : null;
  const o = parts.has('org') ? await runChild(['org'], 'an organization of 50 accounts') : null;
  const mem = parts.has('memory')
    ? await runChild(
        ['memory', String(MEMORY_SIZE)],
        `synthetic:${MEMORY_SIZE}, memory of a cold read`,
        MEMORY_TIMEOUT_MS,
      )
    : null;
  const memory = mem?.type === 'memory' ? mem : null;
  const loadAfter = load();

  console.log(
    `\nInventory (emulator in-process, delayMs 0; inventory = fetchInventory({ refresh: true }), ` +
      `first in a fresh process, then again)`,
  );
  printTable(
    [
      'account',
      'owned',
      'inventory 1st',
      'inventory again',
      'response',
      'heap used after',
      'emulator share',
      'CPU wait',
    ],
    results.map((r) => [
      `synthetic:${r.size}`,
      String(r.resources),
      fmtMs(r.firstMs),
      fmtMs(r.refreshMs),
      fmtBytes(r.responseBytes),
      `${r.heapAfterMiB.toFixed(0)} MiB`,
      `${r.heapEmulatorMiB.toFixed(0)} MiB`,
      waitShare(r.cpu ?? null),
    ]),
  );
  printBuilds(results);
  console.log(
    '  CPU wait: the share of its time the measuring process was ready to run but waited for a CPU (other load).',
  );

  console.log('\nTargets');
  const rows: string[][] = [];
  const at50k = results.find((r) => r.size === 50_000);
  if (at50k?.build) rows.push(...buildRows(at50k.build));
  if (at50k) {
    rows.push([
      'inventory at 50k, emulator in-process',
      fmtMs(at50k.refreshMs),
      'none',
      at50k.refreshMs > 3_000 ? 'slow' : '',
    ]);
  }
  const warm = results.find((r) => r.warm)?.warm;
  if (warm) {
    rows.push([`warm GET /api/lineage at 10k, p50 (${warm.calls} calls)`, fmtMs(warm.p50), '', '']);
    rows.push([
      `warm GET /api/lineage at 10k, p95 (max ${fmtMs(warm.max)})`,
      fmtMs(warm.p95),
      `< ${TARGET.warmP95Ms} ms`,
      mark(warm.p95 < TARGET.warmP95Ms),
    ]);
  }
  if (latency) rows.push(...latencyRows(latency));
  if (memory) rows.push(...memoryRows(memory));
  printTable(['figure', 'measured', 'target', ''], rows);
  if (at50k && at50k.refreshMs > 3_000) {
    console.log(
      `  the 50k inventory is slow: ${fmtMs(at50k.refreshMs)} for ${at50k.resources} resources, the SDK parsing the XML and the ` +
        'emulator writing it on one thread (see the in-process vs own-process figures below)',
    );
  }

  if (latency) {
    console.log(
      `\nPagination bound at latency ${latency.latencyMs} ms (pages at the largest page sizes; the pages of one Describe are sequential)`,
    );
    printTable(
      [
        'region',
        ...PAGES.map((p) => p.action.replace('Describe', '')),
        'external lookups',
        'all in a row',
        'longest chain',
      ],
      latency.regions.map((r) => [
        r.region,
        ...PAGES.map((p) => String(r.pages[p.action] ?? 0)),
        String(r.externalCalls),
        fmtMs(r.boundMs),
        fmtMs(r.chainMs),
      ]),
    );
    console.log(
      '  all in a row: the most pages of one Describe, then every external-image lookup; longest chain (the bound the ' +
        'targets use): the requests that must follow one another, the lookups of a page of instances at once',
    );
    const runs = (r: LatencyRun) => [r.firstMs, ...r.refreshes].map((ms) => ms.toFixed(0)).join(', ');
    console.log('  (the first of each: a fresh process, loading the SDK)');
    console.log(`  every fetch, in-process emulator:   ${runs(latency.inProcess)} ms`);
    console.log(`  every fetch, emulator on its own:   ${runs(latency.separate)} ms`);
    console.log(
      `  every fetch, answers replayed:      ${latency.replayed.refreshes.map((ms) => ms.toFixed(0)).join(', ')} ms (after a recording pass); ` +
        `the app's thread on a CPU for ${latency.replayed.onCpuMs === undefined ? 'n/a' : fmtMs(latency.replayed.onCpuMs)} of each (mostly the SDK reading XML answers: signing is about 1%)`,
    );
    console.log(
      `  the emulator's own work for one inventory: ${fmtMs(latency.emulatorSerialMs)}, done one answer at a time ` +
        '(EC2 answers in parallel); CPU wait of the measuring process ' +
        waitShare(l?.cpu ?? null),
    );
  }
  if (latency?.replayed.trace) printTrace('Trace, answers replayed (last refresh)', latency.replayed.trace, LATENCY_MS);
  if (latency?.separate.trace)
    printTrace('Trace, emulator on its own (last refresh)', latency.separate.trace, LATENCY_MS);
  if (o?.type === 'org') printOrganization(o);
  console.log(`\nload average after: ${loadAfter}`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} measurement(s) failed:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

const childAt = process.argv.indexOf('--child');
(childAt >= 0 ? child(process.argv.slice(childAt + 1)) : parent()).catch((error: unknown) => {
  console.error('bench-lineage failed:', error);
  process.exit(1);
});
