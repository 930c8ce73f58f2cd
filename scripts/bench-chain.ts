/**
 * `npm run bench` (second part): the time to measure a terabyte volume's chain of 30 daily snapshots, about 1% of its
 * data changing a day, through the app's own server code (measureSnapshotSizes, as GET /api/snapshot-sizes runs it)
 * against the emulator in a process of its own.
 *
 * The chain is played into a state file first (a 1 TiB volume, 70% written, attached to an instance, snapshotted
 * once a day for 30 days), then the emulator serves it. Printed: the cold measurement (every listing asked for), the
 * warm one (all listings kept), and the measurement after one more day's snapshot (one new listing), with the
 * requests made and the bound the EBS direct API's request rate sets.
 *
 *   npm run bench:chain [-- --days 30 --size-gib 1024]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateSnapshotCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Emulator } from '@/emulator/emulator';
import { Player } from '@/emulator/scenarios/play';
import type { SizesProgress } from '@/lib/api/snapshot-sizes';
import { clearMeasurements } from '@/lib/server/block-measurements';
import { LIST_REQUESTS_PER_SECOND, measureSnapshotSizes } from '@/lib/server/snapshot-sizes';
import { ROOT, freePort, printTable } from './support';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const DAY = 86_400_000;
const REGION = 'us-east-1';
const tsx = require.resolve('tsx/cli');

/** Plays the chain into a state file: a volume of `sizeGiB`, 70% written, 1% of it changing a day. */
function playChain(statePath: string, sizeGiB: number, days: number): string {
  const em = new Emulator({ statePath, delayMs: 0 });
  let volumeId = '';
  em.batch(() => {
    const p = new Player(em, Date.now() - (days + 1) * DAY);
    const [db] = p.run(REGION, {
      ImageId: p.baseImageId(REGION),
      name: 'bench-db',
      BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: sizeGiB, VolumeType: 'gp3' } }],
    });
    volumeId = p.volumeAt(db!, '/dev/sdf');
    p.churn(REGION, volumeId, { fill: 0.7, dailyChange: 0.01, growth: 0.1 });
    for (let day = 0; day < days; day++) p.wait(DAY).createSnapshot(REGION, volumeId, `Daily backup ${day + 1}`);
  });
  return volumeId;
}

async function startEmulator(statePath: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [tsx, 'emulator/cli.ts', '--port', String(port), '--state', statePath, '--delay-ms', '0'],
    {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const up = await fetch(`${url}/_emulator/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, child };
  }
  throw new Error('the emulator did not start within 60 s');
}

interface Run {
  ms: number;
  requests: number;
  blocks: number;
  listings: number;
  storedBytes: number;
  snapshots: number;
}

/** One measurement; requests are counted from the progress it reports (one line per page). */
async function measure(volumeId: string): Promise<Run> {
  let reports = 0;
  let last: SizesProgress = { done: 0, total: 0, blocks: 0 };
  const started = performance.now();
  const outcome = await measureSnapshotSizes(
    { region: REGION, volumeId },
    {
      onProgress(p) {
        reports++;
        last = p;
      },
    },
  );
  const ms = performance.now() - started;
  if (!outcome.ok) throw new Error(`measurement failed: ${JSON.stringify(outcome.failure)}`);
  const unmeasured = outcome.body.snapshots.filter((s) => s.reason);
  if (unmeasured.length > 0) throw new Error(`unmeasured snapshots: ${JSON.stringify(unmeasured)}`);
  return {
    ms,
    // Progress is told once at the start, once per page and once per listing done.
    requests: reports - 1 - last.total,
    blocks: last.blocks,
    listings: last.total,
    storedBytes: outcome.body.storedBytes,
    snapshots: outcome.body.snapshots.length,
  };
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { days: { type: 'string' }, 'size-gib': { type: 'string' } } });
  const days = Number(values.days ?? 30);
  const sizeGiB = Number(values['size-gib'] ?? 1024);
  const dir = mkdtempSync(join(tmpdir(), 'lineage-bench-chain-'));
  let child: ChildProcess | undefined;
  try {
    const played = performance.now();
    const volumeId = playChain(join(dir, 'state.json'), sizeGiB, days);
    const playMs = performance.now() - played;
    const emulator = await startEmulator(join(dir, 'state.json'));
    child = emulator.child;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_EC2: emulator.url,
      AWS_ENDPOINT_URL_EBS: emulator.url,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    clearMeasurements();
    const cold = await measure(volumeId);
    const warm = await measure(volumeId);
    const ec2 = new EC2Client({
      region: REGION,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    });
    await ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId, Description: 'One more day' }));
    ec2.destroy();
    const next = await measure(volumeId);

    console.log(
      `\nMeasuring a ${sizeGiB} GiB volume's chain of ${days} daily snapshots (70% written, ~1% changing a day), ` +
        `emulator in its own process (chain played into its state in ${seconds(playMs)})`,
    );
    const bound = (r: Run) =>
      seconds((Math.max(0, r.requests - LIST_REQUESTS_PER_SECOND) / LIST_REQUESTS_PER_SECOND) * 1000);
    printTable(
      ['measurement', 'time', 'requests', 'blocks listed', 'rate bound', 'stored'],
      [
        ['cold: every listing asked for', cold, 'cold'],
        ['warm: every listing kept', warm, 'warm'],
        ['after one more daily snapshot', next, 'next'],
      ].map(([label, r]) => {
        const run = r as Run;
        return [
          label as string,
          seconds(run.ms),
          String(run.requests),
          String(run.blocks),
          bound(run),
          gib(run.storedBytes),
        ];
      }),
    );
    console.log(
      `  rate bound: the least time the EBS direct API's ${LIST_REQUESTS_PER_SECOND} list requests a second allow ` +
        "(after a first second's burst); the first snapshot lists every written block, each later one only its changes.",
    );
  } finally {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('bench-chain failed:', error);
  process.exit(1);
});
