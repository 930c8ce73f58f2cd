/**
 * `npm run bench:ui`: the graph UI in a real browser against synthetic:100000 (`--size N` for another size).
 *
 * Starts the EC2 emulator in this process, the production app (`next start`, in a process group of its own) pointed
 * at it, and headless Chromium as the e2e tests launch it (the system Chromium and the flags of
 * playwright.config.ts), then measures:
 * - navigation to the first view drawn (the first `.react-flow__node` or overview card visible, timed in the page from
 *   navigation start) — first with the server's inventory cache cold, then warm — and for the walkthrough; the API
 *   bytes and the page's heap of a large account's first view, and opening its family nearest 1,000 resources;
 * - the layout time the page reports (`data-layout-ms` on the canvas: collapse and layout in the Web Worker);
 * - frame intervals (requestAnimationFrame in the page) while the mouse drags the canvas about, zoomed so that
 *   about 250 nodes are rendered (React Flow renders only the visible ones on large graphs), in that family; then a
 *   bare React Flow page with as many default nodes, panned the same way, and the ratio of the two p95s.
 *
 * Needs a production build: builds when `.next/BUILD_ID` is missing or older than the sources (as `npm run demo`
 * does) — but not while another Next.js process works in this directory — unless `--no-build`; `--build` always
 * builds. Ends by itself, stopping everything it started.
 *
 *   npm run bench:ui [-- --no-build | --build] [--headed] [--profile DIR] [--diagnose]
 *
 * --profile DIR saves V8 CPU profiles of the page (a warm 10k load and the panning) as DIR/ui-*.cpuprofile;
 * --diagnose pans again with the minimap, then the edges, then the background hidden.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium, devices } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser';
import { SYNTHETIC_REGIONS } from '../emulator/scenarios/synthetic';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { ROOT, buildReason, freePort, median, percentile, printTable } from './support';

const NEXT = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const VIEWPORT = { width: 1440, height: 900 };
/**
 * `--size N`: the synthetic account measured (default 100,000 resources in four regions: a large account, whose first
 * view is the overview, with a family of about 1,000 resources to open and pan).
 */
const SIZE = (() => {
  const at = process.argv.indexOf('--size');
  return at >= 0 ? Number(process.argv[at + 1]) : 100_000;
})();
const SCENARIO = `synthetic:${SIZE}`;
const WARM_LOADS = 3;
const WALKTHROUGH_LOADS = 3;
/** Nodes rendered while panning: zoom until the count is about this. */
const VISIBLE_TARGET = 250;
const PAN_MS = 4_000;
const LOAD_TIMEOUT_MS = 300_000;
/** Below the overview threshold: drawn whole, for panning when the account's families are too small. */
const PAN_SCENARIO = 'synthetic:2000';
/** The family opened from the overview: the one nearest this many resources. */
const FAMILY_SIZE = 1_000;
const TARGET = {
  firstGraphMs: 3_000,
  walkthroughMs: 1_000,
  frameP95Ms: 18,
  /** A large account's first view (the overview), server cache warm. */
  firstViewMs: 2_500,
  firstViewBytes: 2 * 1024 * 1024,
  heapBytes: 300 * 1024 * 1024,
  familyOpenMs: 1_000,
  /** Frame p95 while panning, ours over a bare React Flow page's with as many nodes rendered. */
  baselineRatio: 1.5,
} as const;
/** What `npm run demo` checks to decide whether the build is stale. */

// ───────────────────────────── helpers ─────────────────────────────

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const fmtMs = (ms: number) => (ms < 100 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms`);
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Other Next.js processes (build, start, dev) working in this directory: rebuilding under them would break them. */
function otherNextProcesses(): string[] {
  if (!existsSync('/proc')) return [];
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const isNext = args.some((a) => /next(\/dist\/bin\/next)?$/.test(a) || a.startsWith('next-server'));
      if (isNext && realpathSync(`/proc/${pid}/cwd`) === realpathSync(ROOT)) found.push(`${pid} ${args.join(' ')}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function build(): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT, 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  console.log(`bench-ui: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

interface App {
  url: string;
  child: ChildProcess;
  log: string[];
}

/**
 * `next start` as a detached child (its own process group, so next-server goes with it), pointed at the emulator, with
 * a history store of its own: a store kept from other runs remembers resources of other scenarios under the same ids
 * (the emulator's ids are deterministic), whose ghosts would join this account's families.
 */
async function startApp(emulatorUrl: string, historyDir: string): Promise<App> {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // As playwright.config.ts's webServer, but at this emulator and the four synthetic regions.
      NEXT_TELEMETRY_DISABLED: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_EC2: emulatorUrl,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      LINEAGE_DEMO: '1',
      LINEAGE_REGIONS: SYNTHETIC_REGIONS.join(','),
      // Kept for the whole run: the first load fetches the inventory, later ones reuse it (warm).
      LINEAGE_CACHE_TTL_MS: '600000',
      LINEAGE_FETCH_TIMEOUT_MS: '600000',
      // Serves the bare React Flow page measured beside the app.
      LINEAGE_BENCH: '1',
      LINEAGE_DATA_DIR: historyDir,
    },
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) =>
    log.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const app = { url: `http://127.0.0.1:${port}`, child, log };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log.join('\n')}`);
    try {
      if ((await fetch(`${app.url}/api/health`)).ok) return app;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stopApp(app);
  throw new Error(`next start did not answer within 60 s:\n${log.join('\n')}`);
}

/** Ends the app's whole process group; SIGKILL if it is still there after a few seconds. */
function stopApp(app: App): Promise<void> {
  const pid = app.child.pid;
  if (pid === undefined || app.child.exitCode !== null || app.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  return exited.then(() => {
    clearTimeout(timer);
    signal('SIGKILL'); // whatever of the group is left
  });
}

// ───────────────────────────── in the page ─────────────────────────────

interface BenchState {
  /** performance.now() (ms since navigation start) when the first node was visible. */
  firstNodeAt: number | null;
  frames: number[];
  recording: boolean;
}
type BenchWindow = Window & { __bench?: BenchState };

/**
 * Runs in the page before its scripts: watches, frame by frame, for the first view: a visible React Flow node, or
 * the overview's first family card.
 */
function watchForFirstNode(): void {
  const state: BenchState = { firstNodeAt: null, frames: [], recording: false };
  (window as BenchWindow).__bench = state;
  const check = () => {
    const node = document.querySelector('.react-flow__node, [data-testid="family-card"]');
    if (node) {
      const rect = node.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0 && getComputedStyle(node).visibility !== 'hidden') {
        state.firstNodeAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

interface Loaded {
  page: Page;
  firstNodeMs: number;
  /** GET /api/lineage as the page saw it: request start to the end of the body. */
  apiMs: number | null;
  apiStartMs: number | null;
  layoutMs: number | null;
  rendered: number;
  /** Bytes of every API answer the page had received by then (decoded bodies). */
  apiBytes: number;
  /** The page opened on the overview of families. */
  overview: boolean;
}

/** `--profile DIR`: V8 CPU profiles of the page (open in Chrome DevTools, Performance → Load profile). */
const PROFILE_DIR = (() => {
  const at = process.argv.indexOf('--profile');
  return at >= 0 ? (process.argv[at + 1] ?? 'bench-results') : null;
})();

/** Starts a CPU profile of the page when --profile is given; the returned function stops it and saves it. */
async function profile(page: Page, name: string): Promise<() => Promise<void>> {
  if (!PROFILE_DIR) return () => Promise.resolve();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile: data } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `ui-${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(data));
    console.log(`    profile: ${file}`);
    await cdp.detach();
  };
}

/** Opens the app in a fresh context (no client cache) and waits for the graph. */
async function openGraph(browser: Browser, url: string, profileAs?: string): Promise<Loaded> {
  const context = await browser.newContext({ ...devices['Desktop Chrome'], viewport: VIEWPORT });
  const page = await context.newPage();
  const stopProfile = profileAs ? await profile(page, profileAs) : null;
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  page.on('crash', () => console.error('  the page crashed'));
  // tsx (esbuild) wraps named functions in __name(…), which the page does not have: give it one.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await page.addInitScript(watchForFirstNode);
  await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
  try {
    await page.waitForFunction(() => (window as BenchWindow).__bench?.firstNodeAt != null, null, {
      timeout: LOAD_TIMEOUT_MS,
      polling: 100,
    });
  } catch (error) {
    const text = await page.evaluate(() => document.body?.innerText.slice(0, 300) ?? '').catch(() => '(page gone)');
    throw new Error(`no graph within ${LOAD_TIMEOUT_MS / 1000} s at ${url}; the page says: ${JSON.stringify(text)}`, {
      cause: error,
    });
  }
  const measured = await page.evaluate(() => {
    const answers = performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => e.name.includes('/api/'));
    const api = answers.find((e) => e.name.includes('/api/lineage') || e.name.includes('/api/families'));
    const layout = document.querySelector('[data-testid="canvas"]')?.getAttribute('data-layout-ms');
    return {
      firstNodeMs: (window as BenchWindow).__bench?.firstNodeAt ?? Number.NaN,
      apiMs: api ? api.responseEnd - api.startTime : null,
      apiStartMs: api ? api.startTime : null,
      layoutMs: layout == null || layout === '' ? null : Number(layout),
      rendered: document.querySelectorAll('.react-flow__node').length,
      apiBytes: answers.reduce((sum, e) => sum + e.decodedBodySize, 0),
      overview: document.querySelector('[data-testid="overview"]') !== null,
    };
  });
  await stopProfile?.();
  return { page, ...measured };
}

const countNodes = (page: Page) => page.evaluate(() => document.querySelectorAll('.react-flow__node').length);

/** Waits for two animation frames, so what was asked of React Flow is on screen. */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );

/**
 * Zooms (the canvas's own zoom controls, around the middle of the view) until about VISIBLE_TARGET nodes are
 * rendered (±20%); stops where a step jumps over that band or the zoom limit is reached. Returns the steps taken
 * (negative: out) and the count.
 */
async function zoomToVisible(page: Page): Promise<{ steps: number; rendered: number }> {
  const low = VISIBLE_TARGET * 0.8;
  const high = VISIBLE_TARGET * 1.2;
  let rendered = await countNodes(page);
  let steps = 0;
  let last = 0;
  for (let i = 0; i < 40 && (rendered > high || rendered < low); i++) {
    const direction = rendered > high ? 1 : -1;
    if (last !== 0 && direction !== last) break; // stepped over the band
    const button = page.locator(direction > 0 ? '.react-flow__controls-zoomin' : '.react-flow__controls-zoomout');
    if (await button.isDisabled()) break; // the zoom limit
    await button.click({ timeout: 30_000 }); // the page may be busy drawing thousands of nodes
    await sleep(150);
    await settle(page);
    const next = await countNodes(page);
    steps += direction;
    last = direction;
    if (next === rendered && direction < 0) break; // zoomed out as far as it goes
    rendered = next;
  }
  return { steps, rendered };
}

interface Frames extends Panned {
  intervals: number[];
}

/** Frame intervals from requestAnimationFrame in the page while `act` runs. */
async function recordFrames(page: Page, act: () => Promise<Panned>): Promise<Frames> {
  await page.evaluate(() => {
    const state = (window as BenchWindow).__bench!;
    state.frames = [];
    state.recording = true;
    let last = performance.now();
    const tick = (t: number) => {
      state.frames.push(t - last);
      last = t;
      if (state.recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const acted = await act();
  const frames = await page.evaluate(() => {
    const state = (window as BenchWindow).__bench!;
    state.recording = false;
    return state.frames;
  });
  // The first interval spans the start of the recording, not a frame.
  return { intervals: frames.slice(1), ...acted };
}

interface Panned {
  renderedMin: number;
  renderedMax: number;
  drags: number;
}

const viewportTransform = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '');

/**
 * A point near the middle of the canvas where the pane itself is under the mouse (no card, edge or control): a drag
 * that starts on a card would move nothing, or the card.
 */
async function panePoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const canvas = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!canvas) return null;
    const cx = canvas.left + canvas.width / 2;
    const cy = canvas.top + canvas.height / 2;
    for (let r = 0; r < Math.min(canvas.width, canvas.height) / 2; r += 12) {
      for (let a = 0; a < 24; a++) {
        const x = cx + r * Math.cos((a * Math.PI) / 12);
        const y = cy + r * Math.sin((a * Math.PI) / 12);
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!point) throw new Error('no free spot of the canvas to drag from: every point near its middle is a card');
  return point;
}

/**
 * Drags the canvas from a free spot near its middle out by 220 px and back, left–right then up–down, in small mouse
 * moves, for about PAN_MS; counts the rendered nodes at the end of each leg. Fails when a leg leaves the view where
 * it was (the viewport's transform unchanged): frames of a view that does not move measure nothing.
 */
async function pan(page: Page): Promise<Panned> {
  const { x: cx, y: cy } = await panePoint(page);
  const amplitude = 220;
  const started = Date.now();
  let renderedMin = Number.POSITIVE_INFINITY;
  let renderedMax = 0;
  let drags = 0;
  while (Date.now() - started < PAN_MS) {
    const horizontal = drags % 2 === 0;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (const to of [amplitude, -amplitude, 0]) {
      const before = await viewportTransform(page);
      await page.mouse.move(horizontal ? cx + to : cx, horizontal ? cy : cy + to, { steps: 16 });
      const after = await viewportTransform(page);
      if (after === before) {
        await page.mouse.up();
        throw new Error(`a drag did not move the view (transform stayed ${before || 'unset'})`);
      }
      const n = await countNodes(page);
      renderedMin = Math.min(renderedMin, n);
      renderedMax = Math.max(renderedMax, n);
      if (Date.now() - started >= PAN_MS) break;
    }
    await page.mouse.up();
    drags += 1;
  }
  return { renderedMin, renderedMax, drags };
}

/** The page's JavaScript heap in use (Chromium's performance.memory), after a garbage collection when exposed. */
const heapBytes = (page: Page) =>
  page.evaluate(() => {
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return memory?.usedJSHeapSize ?? Number.NaN;
  });

/** Where the time of opening a family goes, in ms from the click (marks the page sets, and the answer's timing). */
interface FamilySplit {
  /** The family's answer fully read. */
  answered: number | null;
  /** Handed to the layout worker (the answer parsed, filtered and encoded). */
  laying: number | null;
  /** Back from the worker. */
  laidOut: number | null;
}

/**
 * From the overview, opens the family nearest FAMILY_SIZE resources with a click; the time from the click to its
 * first card drawn, its size, and where the time went.
 */
async function openFamily(page: Page): Promise<{ ms: number; resources: number; split: FamilySplit }> {
  const cards = await page.locator('[data-testid="family-card"]').evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute('data-family')!,
      resources: Number(el.getAttribute('data-resources') ?? 0),
    })),
  );
  const pick = cards.reduce((best, c) =>
    Math.abs(c.resources - FAMILY_SIZE) < Math.abs(best.resources - FAMILY_SIZE) ? c : best,
  );
  await page.evaluate(() => {
    (window as BenchWindow).__bench!.firstNodeAt = null;
    performance.clearMarks();
  });
  const clicked = await page.evaluate(() => performance.now());
  await page.locator(`[data-family="${pick.id}"]`).click();
  await page.waitForFunction(() => document.querySelector('.react-flow__node') !== null, null, {
    timeout: LOAD_TIMEOUT_MS,
    polling: 'raf',
  });
  const drawn = await page.evaluate(() => performance.now());
  const split = await page.evaluate(
    ({ id, clicked }) => {
      const since = (t: number | undefined) => (t === undefined ? null : t - clicked);
      const answer = performance
        .getEntriesByType('resource')
        .filter((e): e is PerformanceResourceTiming => e.name.includes(`/api/families/${encodeURIComponent(id)}`))
        .at(-1);
      const mark = (name: string) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime;
      return {
        answered: since(answer?.responseEnd),
        laying: since(mark('lineage:layout-sent')),
        laidOut: since(mark('lineage:layout-done')),
      };
    },
    { id: pick.id, clicked },
  );
  return { ms: drawn - clicked, resources: pick.resources, split };
}

/** "request 620 · to the worker 140 · layout 700 · drawn 300" (ms), from the split's marks. */
function splitText(split: FamilySplit, total: number): string {
  const parts: [string, number | null][] = [
    ['request', split.answered],
    ['to the worker', split.laying],
    ['layout (worker)', split.laidOut],
    ['drawn', total],
  ];
  let last = 0;
  return parts
    .map(([label, at]) => {
      if (at === null) return `${label} n/a`;
      const text = `${label} ${fmtMs(at - last)}`;
      last = at;
      return text;
    })
    .join(' · ');
}

/**
 * The view panned: `page` zoomed to about VISIBLE_TARGET rendered cards, or, when it has too few, the page `instead`
 * opens (a smaller account drawn whole), zoomed the same way. The page it did not pan is closed.
 */
async function panView(
  page: Page,
  family: { resources: number } | null,
  instead: () => Promise<Loaded>,
): Promise<{ page: Page; label: string; zoom: { steps: number; rendered: number } }> {
  const zoomed = async (p: Page) => {
    process.stdout.write(`  zooming to about ${VISIBLE_TARGET} rendered nodes … `);
    const zoom = await zoomToVisible(p);
    console.log(`${zoom.rendered} nodes after ${Math.abs(zoom.steps)} zoom ${zoom.steps < 0 ? 'out' : 'in'} steps`);
    return zoom;
  };
  const zoom = await zoomed(page);
  const label = family ? `(a family of ${family.resources} resources)` : `(${SCENARIO})`;
  // The family is panned when it renders most of the target (the baseline gets as many nodes either way).
  if (zoom.rendered >= VISIBLE_TARGET * 0.6) return { page, label, zoom };
  console.log(`  too few cards to pan about ${VISIBLE_TARGET}: ${PAN_SCENARIO} drawn whole instead`);
  await page.context().close();
  const other = await instead();
  return { page: other.page, label: `(${PAN_SCENARIO}, drawn whole)`, zoom: await zoomed(other.page) };
}

/** The bare React Flow page with `count` default nodes, panned as the app is. */
async function panBaseline(browser: Browser, url: string, count: number): Promise<Frames> {
  const context = await browser.newContext({ ...devices['Desktop Chrome'], viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await page.addInitScript(watchForFirstNode);
  await page.goto(`${url}/bench/react-flow?n=${count}`);
  await page.waitForFunction(() => (window as BenchWindow).__bench?.firstNodeAt != null, null, { polling: 100 });
  await sleep(500);
  const frames = await recordFrames(page, () => pan(page));
  await context.close();
  return frames;
}

async function loadScenario(emulator: RunningEmulator, app: App, name: string): Promise<void> {
  const res = await fetch(`${emulator.url}/_emulator/scenario/${encodeURIComponent(name)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`scenario ${name}: ${res.status} ${await res.text()}`);
  // The app keeps each region's inventory for a while: fetch the new one now, so the page gets it.
  const refreshed = await fetch(`${app.url}/api/lineage?refresh=1`);
  if (!refreshed.ok) throw new Error(`/api/lineage?refresh=1 answered ${refreshed.status}`);
  await refreshed.arrayBuffer();
}

// ───────────────────────────── main ─────────────────────────────

interface LoadRow {
  label: string;
  loads: Loaded[];
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const reason = args.has('--build') ? 'asked to (--build)' : buildReason();
  const others = reason && !args.has('--no-build') ? otherNextProcesses() : [];
  if (reason && others.length > 0 && existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
    console.log(
      `bench-ui: not rebuilding although ${reason}: another Next.js process uses .next:\n  ${others.join('\n  ')}`,
    );
  } else if (reason && !args.has('--no-build')) {
    console.log(`bench-ui: building the app: ${reason}; this takes a few minutes…`);
    build();
  } else if (reason) {
    if (!existsSync(join(ROOT, '.next', 'BUILD_ID')))
      throw new Error('no production build: run `npx next build` (or drop --no-build)');
    console.log(`bench-ui: measuring the existing build although ${reason} (--no-build)`);
  }

  const cpu = cpus();
  console.log(`bench-ui · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'} · load average ${load()}`);

  const emulator = await startEmulator({ port: 0, scenario: SCENARIO, delayMs: 0 });
  const historyDir = mkdtempSync(join(tmpdir(), 'bench-ui-history-'));
  let app: App | null = null;
  let browser: Browser | null = null;
  const stopAll = async () => {
    await browser?.close().catch(() => undefined);
    browser = null;
    if (app) await stopApp(app);
    app = null;
    await emulator.close().catch(() => undefined);
    rmSync(historyDir, { recursive: true, force: true });
  };
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    app = await startApp(emulator.url, historyDir);
    const headless = !args.has('--headed');
    const launch = chromiumLaunchOptions();
    browser = await chromium.launch({ ...launch, headless });
    console.log(
      `emulator ${SCENARIO} in-process at ${emulator.url}; app (next start) at ${app.url}; ` +
        `Chromium ${browser.version()} (${launch.executablePath ?? "Playwright's"}, ` +
        `${headless ? 'headless' : 'headed'}, --disable-gpu: software rendering), viewport ${VIEWPORT.width}×${VIEWPORT.height}\n`,
    );

    const rows: LoadRow[] = [];
    const step = (what: string) => process.stdout.write(`  ${what} … `);
    const done = (loaded: Loaded) => {
      console.log(`${fmtMs(loaded.firstNodeMs)}`);
      return loaded;
    };

    // 1. synthetic:10000, the server's inventory cache cold: the first visit after the app started.
    step(`${SCENARIO}, server cache cold`);
    const cold = done(await openGraph(browser, `${app.url}/`));
    await cold.page.context().close();
    rows.push({ label: `${SCENARIO}, server cache cold`, loads: [cold] });

    // 2. synthetic:10000 again, the inventory cached: a visit within the cache TTL. The last one is panned.
    const warm: Loaded[] = [];
    for (let i = 0; i < WARM_LOADS; i++) {
      step(`${SCENARIO}, server cache warm (${i + 1}/${WARM_LOADS})`);
      const loaded = done(
        await openGraph(browser, `${app.url}/`, i === WARM_LOADS - 1 ? 'load-synthetic-10000' : undefined),
      );
      warm.push(loaded);
      if (i < WARM_LOADS - 1) await loaded.page.context().close();
    }
    rows.push({ label: `${SCENARIO}, server cache warm`, loads: warm });

    // 3. A large account opens on the overview: the page's heap there, then a family opened from it.
    const page = warm[warm.length - 1]!.page;
    const heap = await heapBytes(page);
    let family: Awaited<ReturnType<typeof openFamily>> | null = null;
    if (warm[warm.length - 1]!.overview) {
      step(`opening the family nearest ${FAMILY_SIZE} resources from the overview`);
      family = await openFamily(page);
      console.log(`${fmtMs(family.ms)} (${family.resources} resources: ${splitText(family.split, family.ms)})`);
      await sleep(1_000);
    }
    const heapFamily = await heapBytes(page);

    // 4. Frames while panning with about 250 nodes rendered (in that family, for a large account; when it has too
    // few cards, a smaller account drawn whole).
    const { page: panPage, label: panLabel } = await panView(page, family, () =>
      loadScenario(emulator, app!, PAN_SCENARIO).then(() => openGraph(browser!, `${app!.url}/`)),
    );
    await sleep(500);
    step('idle frames (1 s)');
    const idle = await recordFrames(panPage, async () => {
      await sleep(1_000);
      const n = await countNodes(panPage);
      return { renderedMin: n, renderedMax: n, drags: 0 };
    });
    console.log(`p50 ${fmtMs(median(idle.intervals))}`);
    step(`panning (${PAN_MS / 1000} s of mouse drags)`);
    const stopPanProfile = await profile(panPage, 'pan');
    const panned = await recordFrames(panPage, () => pan(panPage));
    await stopPanProfile();
    console.log(`${panned.intervals.length} frames, p95 ${fmtMs(percentile(panned.intervals, 95))}`);
    // The heap is the larger of the first view's and the family's.
    const heapMax = Math.max(heap, Number.isFinite(heapFamily) ? heapFamily : 0);
    // --diagnose: the same panning with parts of the canvas hidden (CSS display: none), to see what the frames cost.
    const diagnoses: { label: string; frames: Frames }[] = [];
    if (args.has('--diagnose')) {
      for (const [label, css] of [
        ['minimap hidden', '[data-testid="minimap"] { display: none !important; }'],
        ['minimap and edges hidden', '.react-flow__edges { display: none !important; }'],
        ['minimap, edges and background hidden', '.react-flow__background { display: none !important; }'],
      ] as const) {
        await panPage.addStyleTag({ content: css });
        await settle(panPage);
        step(`panning, ${label}`);
        const frames = await recordFrames(panPage, () => pan(panPage));
        console.log(`${frames.intervals.length} frames, p95 ${fmtMs(percentile(frames.intervals, 95))}`);
        diagnoses.push({ label, frames });
      }
    }
    await panPage.context().close();

    // 5. A bare React Flow page with as many default nodes as were rendered while panning, panned the same way.
    const baselineCount = Math.round((panned.renderedMin + panned.renderedMax) / 2);
    step(`bare React Flow page, ${baselineCount} default nodes, panning`);
    const baseline = await panBaseline(browser, app.url, baselineCount);
    console.log(`${baseline.intervals.length} frames, p95 ${fmtMs(percentile(baseline.intervals, 95))}`);

    // 6. The walkthrough, its inventory cached (as after the demo's first visit).
    await loadScenario(emulator, app, 'walkthrough');
    const walk: Loaded[] = [];
    for (let i = 0; i < WALKTHROUGH_LOADS; i++) {
      step(`walkthrough (${i + 1}/${WALKTHROUGH_LOADS})`);
      const loaded = done(await openGraph(browser, `${app.url}/`));
      walk.push(loaded);
      await loaded.page.context().close();
    }
    rows.push({ label: 'walkthrough', loads: walk });
    const loadAfter = load();

    console.log(
      '\nNavigation to the graph drawn (first .react-flow__node visible; ms since navigation start; median where several)',
    );
    const med = (loads: Loaded[], pick: (l: Loaded) => number | null) => {
      const values = loads.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
      return values.length > 0 ? fmtMs(median(values)) : 'n/a';
    };
    printTable(
      ['page', 'loads', 'graph drawn', 'each', 'API request', 'API start', 'layout (worker)', 'nodes rendered'],
      rows.map((r) => [
        r.label,
        String(r.loads.length),
        med(r.loads, (l) => l.firstNodeMs),
        r.loads.map((l) => l.firstNodeMs.toFixed(0)).join(', '),
        med(r.loads, (l) => l.apiMs),
        med(r.loads, (l) => l.apiStartMs),
        med(r.loads, (l) => l.layoutMs),
        med(r.loads, (l) => l.rendered).replace(' ms', ''),
      ]),
    );
    console.log('  API request: GET /api/lineage from request to the last byte; API start: when the page sent it.');
    const mounted = median(warm.map((l) => l.rendered));
    if (mounted > 4 * VISIBLE_TARGET) {
      console.log(
        `  nodes rendered when the graph first shows: ${mounted} — React Flow mounts every node once to measure its ` +
          'handles (nodes without `handles`), and the initial fit-to-view shows the whole account.',
      );
    }

    const p = (q: number) => percentile(panned.intervals, q);
    console.log(`\nTargets`);
    const firstWarm = median(warm.map((l) => l.firstNodeMs));
    const walkMs = median(walk.map((l) => l.firstNodeMs));
    printTable(
      ['figure', 'measured', 'target', ''],
      [
        [
          `first graph, ${SCENARIO}, server cache cold`,
          fmtMs(cold.firstNodeMs),
          `< ${TARGET.firstGraphMs} ms`,
          mark(cold.firstNodeMs < TARGET.firstGraphMs),
        ],
        [
          `first graph, ${SCENARIO}, server cache warm (median)`,
          fmtMs(firstWarm),
          `< ${TARGET.firstGraphMs} ms`,
          mark(firstWarm < TARGET.firstGraphMs),
        ],
        [
          'first graph, walkthrough (median)',
          fmtMs(walkMs),
          `< ${TARGET.walkthroughMs} ms`,
          mark(walkMs < TARGET.walkthroughMs),
        ],
        [`layout, ${SCENARIO} (worker, collapse + layout)`, med(warm, (l) => l.layoutMs), '', ''],
        [
          `frames while panning ${panLabel}, p50 (${panned.intervals.length} frames, ${panned.drags} drags)`,
          fmtMs(p(50)),
          '',
          '',
        ],
        [
          `frames while panning, p95 (max ${fmtMs(Math.max(...panned.intervals))})`,
          fmtMs(p(95)),
          `< ${TARGET.frameP95Ms} ms`,
          mark(p(95) < TARGET.frameP95Ms),
        ],
        ['  nodes rendered while panning', `${panned.renderedMin}–${panned.renderedMax}`, `~${VISIBLE_TARGET}`, ''],
        [
          `bare React Flow page, ${baselineCount} default nodes, frames while panning, p95`,
          fmtMs(percentile(baseline.intervals, 95)),
          '',
          '',
        ],
        [
          'panning p95, ours ÷ bare React Flow',
          `${(p(95) / percentile(baseline.intervals, 95)).toFixed(2)}×`,
          `≤ ${TARGET.baselineRatio}×`,
          mark(p(95) / percentile(baseline.intervals, 95) <= TARGET.baselineRatio),
        ],
        ...largeAccountRows(warm, heapMax, family),
        [
          '  idle frames, same view, p50 / p95',
          `${fmtMs(median(idle.intervals))} / ${fmtMs(percentile(idle.intervals, 95))}`,
          '',
          '',
        ],
        ...diagnoses.map(({ label, frames }) => [
          `  panning with ${label}, p50 / p95 (diagnostic)`,
          `${fmtMs(percentile(frames.intervals, 50))} / ${fmtMs(percentile(frames.intervals, 95))}`,
          '',
          '',
        ]),
      ],
    );
    console.log(
      `\nConditions: headless Chromium, no GPU (software compositing), app, emulator and browser on the same ` +
        `${cpu.length}-core machine; load average before the run ${loadBefore}, after ${loadAfter}.`,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
  }
}

/** What the issue asks of a large account: the first view, its bytes, the page's heap, opening a family. */
function largeAccountRows(
  warm: Loaded[],
  heap: number,
  family: Awaited<ReturnType<typeof openFamily>> | null,
): string[][] {
  const firstView = median(warm.map((l) => l.firstNodeMs));
  const bytes = median(warm.map((l) => l.apiBytes));
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return [
    [
      `first view, ${SCENARIO}, server cache warm (${warm.at(-1)?.overview ? 'overview' : 'graph'}; median)`,
      fmtMs(firstView),
      `< ${TARGET.firstViewMs} ms`,
      mark(firstView < TARGET.firstViewMs),
    ],
    [
      '  API bytes for the first view (median)',
      mb(bytes),
      `≤ ${mb(TARGET.firstViewBytes)}`,
      mark(bytes <= TARGET.firstViewBytes),
    ],
    [
      '  page JS heap (first view, then the family panned; the larger)',
      mb(heap),
      `≤ ${mb(TARGET.heapBytes)}`,
      mark(heap <= TARGET.heapBytes),
    ],
    family
      ? [
          `opening a family of ${family.resources} resources from the overview`,
          fmtMs(family.ms),
          `< ${TARGET.familyOpenMs} ms`,
          mark(family.ms < TARGET.familyOpenMs),
        ]
      : ['opening a family', 'n/a (no overview)', `< ${TARGET.familyOpenMs} ms`, ''],
    ...(family ? [[`  ${splitText(family.split, family.ms)}`, '', '', '']] : []),
  ];
}

const loadBefore = load();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench-ui failed:', error);
    process.exit(1);
  },
);
