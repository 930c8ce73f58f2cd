/**
 * `npm run bench:emulator [-- SCENARIO [STATE_SCENARIO]]`: seeds synthetic:100000 (or SCENARIO) in an in-process
 * emulator, then measures it with the real @aws-sdk/client-ec2 over HTTP: DescribeSnapshots pages/s at 1000 per
 * page, and a full paginated inventory of the four regions. Client and server share this process, so figures include
 * the SDK's own signing and XML parsing. Then the state file with synthetic:100000 (or STATE_SCENARIO): seeding and
 * writing it, the cost of one change (appended to the journal), loading it back, and compacting it.
 */
import {
  EC2Client,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator } from '../emulator/emulator';
import { loadScenario } from '../emulator/scenarios';
import { SYNTHETIC_REGIONS } from '../emulator/scenarios/synthetic';
import { startEmulator } from '../emulator/server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SCENARIO = process.argv[2] ?? 'synthetic:100000';
const STATE_SCENARIO = process.argv[3] ?? 'synthetic:100000';
/** Changes timed against the state file. */
const CHANGES = 200;
const WALK_FOR_MS = 5_000;
const RAW_FOR_MS = 3_000;
const PAGE = { instances: 1000, volumes: 500, snapshots: 1000, images: 1000 } as const;
/**
 * What the emulator should do at 100k resources. The page rates are the ones this bench measured at 50k before a page
 * cost what it holds (each page then walked its whole table, so the rate fell as the account grew).
 */
const TARGET = {
  seedMs: 10_000,
  sdkPagesPerSecond: 5.5,
  serverPagesPerSecond: 10.8,
  changeMedianMs: 1,
} as const;

type Kind = keyof typeof PAGE;
type Counts = Record<Kind, number>;

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;
const ms = (t: number) => `${t.toFixed(0)} ms`;

function memory(): string {
  const m = process.memoryUsage();
  return `rss ${mib(m.rss)}, heapUsed ${mib(m.heapUsed)}`;
}

function table(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  console.log('-'.repeat(title.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/** Every page of one kind in one region, at the largest page size; returns the count and the pages it took. */
async function walk(client: EC2Client, kind: Kind): Promise<{ items: number; pages: number }> {
  const config = { client, pageSize: PAGE[kind] };
  let items = 0;
  let pages = 0;
  const count = (n: number | undefined) => {
    items += n ?? 0;
    pages += 1;
  };
  if (kind === 'instances') {
    for await (const p of paginateDescribeInstances(config, {}))
      count(p.Reservations?.reduce((n, r) => n + (r.Instances?.length ?? 0), 0));
  } else if (kind === 'volumes') {
    for await (const p of paginateDescribeVolumes(config, {})) count(p.Volumes?.length);
  } else if (kind === 'snapshots') {
    for await (const p of paginateDescribeSnapshots(config, { OwnerIds: ['self'] })) count(p.Snapshots?.length);
  } else {
    for await (const p of paginateDescribeImages(config, { Owners: ['self'] })) count(p.Images?.length);
  }
  return { items, pages };
}

const RAW: Record<Kind, { action: string; params: Record<string, string> }> = {
  instances: { action: 'DescribeInstances', params: {} },
  volumes: { action: 'DescribeVolumes', params: {} },
  snapshots: { action: 'DescribeSnapshots', params: { 'Owner.1': 'self' } },
  images: { action: 'DescribeImages', params: { 'Owner.1': 'self' } },
};

/**
 * Every page of one kind in one region over plain HTTP, read as text but not parsed: the server's share. Unsigned,
 * with only the credential scope the emulator reads the region from.
 */
async function rawWalk(url: string, region: string, kind: Kind): Promise<number> {
  const authorization = `AWS4-HMAC-SHA256 Credential=bench/20261121/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`;
  let pages = 0;
  let token: string | undefined;
  do {
    const params = new URLSearchParams({
      Action: RAW[kind].action,
      Version: '2016-11-15',
      MaxResults: String(PAGE[kind]),
      ...RAW[kind].params,
    });
    if (token) params.set('NextToken', token);
    const res = await fetch(`${url}/`, {
      method: 'POST',
      body: params,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`${RAW[kind].action} answered ${res.status}: ${body.slice(0, 200)}`);
    token = /<nextToken>([^<]+)<\/nextToken>/.exec(body)?.[1];
    pages += 1;
  } while (token);
  return pages;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** One change of each common kind, in turn: what the app's actions and a user's scripts do. */
function change(em: Emulator, i: number, snapshotIds: string[], volumes: string[]): void {
  const call = (action: string, input: Record<string, unknown>) => em.invoke('us-east-1', action, input, { api: true });
  switch (i % 4) {
    case 0: {
      const volume = call('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 8 }) as { VolumeId: string };
      volumes.push(volume.VolumeId);
      return;
    }
    case 1:
      call('CreateTags', { Resources: [snapshotIds[i % snapshotIds.length]], Tags: [{ Key: 'bench', Value: `${i}` }] });
      return;
    case 2:
      call('CreateSnapshot', { VolumeId: volumes[volumes.length - 1] });
      return;
    default:
      call('DeleteVolume', { VolumeId: volumes.pop() });
  }
}

interface Seeded {
  seedMs: number;
  snapshotBytes: number;
  /** ms per change, sorted. */
  times: number[];
  appendedBytes: number;
  snapshotIds: string[];
}

/** Seeds the scenario into the state file, then times changes one by one. */
function seedAndChange(statePath: string): Seeded {
  const started = performance.now();
  const em = new Emulator({ delayMs: 0, statePath });
  loadScenario(em, STATE_SCENARIO);
  const seedMs = performance.now() - started;
  const snapshotBytes = statSync(statePath).size;
  const { Snapshots } = em.invoke('us-east-1', 'DescribeSnapshots', { OwnerIds: ['self'], MaxResults: 1000 }) as {
    Snapshots: { SnapshotId: string }[];
  };
  const snapshotIds = Snapshots.map((s) => s.SnapshotId);
  const volumes: string[] = [];
  const times: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const t = performance.now();
    change(em, i, snapshotIds, volumes);
    times.push(performance.now() - t);
  }
  const { journalBytes, changes } = em.stateFileStats!;
  em.close({ compact: false });
  return {
    seedMs,
    snapshotBytes,
    times: times.sort((a, b) => a - b),
    appendedBytes: journalBytes / changes,
    snapshotIds,
  };
}

/** Loads the file with its journal, then compacts it. */
function loadAndCompact(statePath: string): { loadMs: number; replayed: number; compactMs: number } {
  let started = performance.now();
  const em = new Emulator({ delayMs: 0, statePath });
  const loadMs = performance.now() - started;
  const replayed = em.stateFileStats!.changes;
  started = performance.now();
  em.compact();
  const compactMs = performance.now() - started;
  em.close();
  return { loadMs, replayed, compactMs };
}

/** The state file at scale: seeding and writing it, one change, loading it back, compacting it. */
function stateFileBench(): { rows: [string, string][]; changeMedianMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-emulator-'));
  const statePath = join(dir, 'state.json');
  try {
    const seeded = seedAndChange(statePath);
    const { times } = seeded;
    const { loadMs, replayed, compactMs } = loadAndCompact(statePath);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const median = percentile(times, 0.5).toFixed(2);
    const rows: [string, string][] = [
      ['scenario', STATE_SCENARIO],
      ['seeding and writing the file', `${ms(seeded.seedMs)} (${mib(seeded.snapshotBytes)})`],
      [
        `one change (${CHANGES}: CreateVolume, CreateTags, CreateSnapshot, DeleteVolume)`,
        `mean ${mean.toFixed(2)} ms, median ${median} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`,
      ],
      ['  appended to the journal per change', kib(seeded.appendedBytes)],
      [`loading the file (snapshot + journal of ${replayed} changes)`, ms(loadMs)],
      ['compacting (the whole state written: what every change cost before the journal)', ms(compactMs)],
      ['memory', memory()],
    ];
    return { rows, changeMedianMs: percentile(times, 0.5) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

interface Measured {
  seedMs: number;
  sdkPagesPerSecond: number;
  serverPagesPerSecond: number;
  inventoryMs: number;
  resources: number;
}

function targets(m: Measured, changeMedianMs: number, loadBefore: string): void {
  table('Targets', [
    [
      `seeding ${SCENARIO} (start to listening)`,
      `${ms(m.seedMs)}  (< ${ms(TARGET.seedMs)}) ${mark(m.seedMs < TARGET.seedMs)}`,
    ],
    [
      'DescribeSnapshots pages/s, SDK',
      `${m.sdkPagesPerSecond.toFixed(1)}  (≥ ${TARGET.sdkPagesPerSecond}) ${mark(m.sdkPagesPerSecond >= TARGET.sdkPagesPerSecond)}`,
    ],
    [
      'DescribeSnapshots pages/s, server only',
      `${m.serverPagesPerSecond.toFixed(1)}  (≥ ${TARGET.serverPagesPerSecond}) ${mark(m.serverPagesPerSecond >= TARGET.serverPagesPerSecond)}`,
    ],
    [`full inventory of ${m.resources} resources, SDK, all calls at once`, ms(m.inventoryMs)],
    [
      `one change to the state file of ${STATE_SCENARIO}, median`,
      `${changeMedianMs.toFixed(2)} ms  (< ${TARGET.changeMedianMs} ms) ${mark(changeMedianMs < TARGET.changeMedianMs)}`,
    ],
    ['load average', `before ${loadBefore}, after ${load()} (${cpus().length} cores)`],
  ]);
}

async function main(): Promise<void> {
  const loadBefore = load();
  const started = performance.now();
  const running = await startEmulator({ port: 0, scenario: SCENARIO, delayMs: 0 });
  const seedMs = performance.now() - started;
  const memoryAfterSeed = memory();
  console.log(`${SCENARIO} seeded and listening on ${running.url} in ${ms(seedMs)}`);

  const clients = new Map<string, EC2Client>(
    SYNTHETIC_REGIONS.map((region) => [
      region,
      new EC2Client({
        region,
        endpoint: running.url,
        credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
        maxAttempts: 1,
      }),
    ]),
  );
  const client = (region: string) => clients.get(region)!;

  let measured: Measured;
  try {
    // DescribeSnapshots, us-east-1, 1000 per page, all pages, again and again for about five seconds.
    const home = client('us-east-1');
    await walk(home, 'snapshots'); // warm-up: connections, JIT
    let walks = 0;
    let pages = 0;
    let snapshots = 0;
    const walkStart = performance.now();
    while (performance.now() - walkStart < WALK_FOR_MS) {
      const w = await walk(home, 'snapshots');
      walks += 1;
      pages += w.pages;
      snapshots = w.items;
    }
    const walkMs = performance.now() - walkStart;

    // The server alone: the same snapshot pages over plain HTTP, read as text but not parsed by the SDK.
    let rawPages = 0;
    const rawStart = performance.now();
    while (performance.now() - rawStart < RAW_FOR_MS) rawPages += await rawWalk(running.url, 'us-east-1', 'snapshots');
    const rawMs = performance.now() - rawStart;

    // A full inventory of the four regions, as a dashboard loads it: every region and kind at once, all pages.
    const kinds = Object.keys(PAGE) as Kind[];
    const inventoryStart = performance.now();
    const results = await Promise.all(
      SYNTHETIC_REGIONS.flatMap((region) =>
        kinds.map(async (kind) => ({ region, kind, ...(await walk(client(region), kind)) })),
      ),
    );
    const inventoryMs = performance.now() - inventoryStart;
    // The server's share of it: the same pages over plain HTTP, one call at a time.
    const rawInventoryStart = performance.now();
    for (const region of SYNTHETIC_REGIONS) for (const kind of kinds) await rawWalk(running.url, region, kind);
    const rawInventoryMs = performance.now() - rawInventoryStart;

    const byRegion = new Map<string, Counts>();
    for (const r of results) {
      const counts = byRegion.get(r.region) ?? { instances: 0, volumes: 0, snapshots: 0, images: 0 };
      counts[r.kind] = r.items;
      byRegion.set(r.region, counts);
    }
    const totals: Counts = { instances: 0, volumes: 0, snapshots: 0, images: 0 };
    for (const counts of byRegion.values()) for (const kind of kinds) totals[kind] += counts[kind];
    const total = kinds.reduce((n, k) => n + totals[k], 0);
    const totalPages = results.reduce((n, r) => n + r.pages, 0);
    const cells = (values: (string | number)[]) => values.map((v) => String(v).padStart(10)).join('');
    const row = (c: Counts) => cells([...kinds.map((k) => c[k]), kinds.reduce((n, k) => n + c[k], 0)]);

    table('Account (owned resources, as listed over the API)', [
      ['region', cells([...kinds, 'total'])],
      ...[...byRegion].map(([region, counts]): [string, string] => [region, row(counts)]),
      ['all', row(totals)],
    ]);
    table('Emulator benchmark', [
      ['scenario', SCENARIO],
      ['seeding (start to listening)', ms(seedMs)],
      ['memory after seeding', memoryAfterSeed],
      ['DescribeSnapshots, us-east-1', `${snapshots} snapshots (Owner self) in pages of ${PAGE.snapshots}`],
      ['  walked', `${walks} times, ${pages} pages in ${ms(walkMs)}`],
      ['  pages/s', (pages / (walkMs / 1000)).toFixed(1)],
      ['  snapshots/s', ((walks * snapshots) / (walkMs / 1000)).toFixed(0)],
      ['  ms per page', (walkMs / pages).toFixed(1)],
      [
        '  server only (plain HTTP)',
        `${(rawPages / (rawMs / 1000)).toFixed(1)} pages/s (${(rawMs / rawPages).toFixed(1)} ms per page)`,
      ],
      ['full inventory, 4 regions', `${total} resources in ${totalPages} pages (largest page sizes)`],
      ['  time, SDK, all calls at once', ms(inventoryMs)],
      ['  time, server only (plain HTTP)', ms(rawInventoryMs)],
      ['memory after the run', memory()],
    ]);
    measured = {
      seedMs,
      sdkPagesPerSecond: pages / (walkMs / 1000),
      serverPagesPerSecond: rawPages / (rawMs / 1000),
      inventoryMs,
      resources: total,
    };
  } finally {
    for (const c of clients.values()) c.destroy();
    await running.close();
  }
  const stateFile = stateFileBench();
  table('State file (journal)', stateFile.rows);
  targets(measured, stateFile.changeMedianMs, loadBefore);
}

main().catch((error: unknown) => {
  console.error('bench-emulator failed:', error);
  process.exit(1);
});
