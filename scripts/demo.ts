/**
 * One command for the demo: builds the app if needed, starts the EC2 emulator with the walkthrough scenario
 * (its state kept under .lineage/ so the demo survives a restart, as is the history the app records there),
 * starts the app pointed at it, and stops both on Ctrl-C. `npm run demo -- --reset` starts from a fresh
 * walkthrough with no history. `--scenario organization` shows an organization's accounts instead, read through
 * their LineageReader role, with its own state and history.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBindOptions } from '../lib/server/bind';
import { type StoreError, describeLocation, parseStoreConfig } from '../lib/store/config';
import { ROOT, buildReason, freePort, nodeVersionNotice } from './support';

const root = ROOT;
const tsx = require.resolve('tsx/cli');
const next = require.resolve('next/dist/bin/next');

/** The scenarios the demo can show: the emulator's state file, where history is kept, what the app needs to read. */
const SCENARIOS = {
  walkthrough: { state: 'demo-state.json', dataDir: undefined, env: {} },
  organization: {
    state: 'demo-organization-state.json',
    dataDir: '.lineage/organization',
    env: { LINEAGE_ORG_ROLE: 'LineageReader' },
  },
} as const;
type Scenario = keyof typeof SCENARIOS;
const isScenario = (name: string): name is Scenario => Object.hasOwn(SCENARIOS, name);

function portFrom(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`demo: ${name}=${raw} is not a port number (1–65535).`);
    process.exit(2);
  }
  return port;
}

async function waitFor(url: string, child: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, label: string): ChildProcess {
  // Each child leads its own process group, so stopping it also stops what it started (next-server).
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `[${label}] ${line}\n`)
      .join('');
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  return child;
}

function stopGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { reset: { type: 'boolean' }, rebuild: { type: 'boolean' }, scenario: { type: 'string' } },
  });
  const scenario = values.scenario ?? 'walkthrough';
  if (!isScenario(scenario)) {
    console.error(`demo: --scenario ${scenario} is not one of ${Object.keys(SCENARIOS).join(', ')}.`);
    process.exit(2);
  }
  const stateFile = join(root, '.lineage', SCENARIOS[scenario].state);
  // Each scenario records its history apart, unless LINEAGE_DATA_DIR says where.
  const dataDir = process.env.LINEAGE_DATA_DIR || SCENARIOS[scenario].dataDir;
  const storeEnv = dataDir ? { LINEAGE_DATA_DIR: dataDir } : {};
  let bind;
  try {
    bind = parseBindOptions(process.env);
  } catch (error) {
    console.error(`demo: ${(error as Error).message}`);
    process.exit(2);
  }
  const { host, port: appPort } = bind;
  const notice = nodeVersionNotice();
  if (notice) console.warn(notice);
  const emulatorPort = portFrom('EMULATOR_PORT', undefined) ?? (await freePort());

  let store;
  try {
    store = parseStoreConfig({ ...process.env, ...storeEnv }, root);
  } catch (error) {
    console.error(`demo: ${(error as StoreError).message}`);
    process.exit(2);
  }
  if (values.reset) {
    if (existsSync(stateFile)) rmSync(stateFile);
    if (store.kind === 'embedded') rmSync(join(store.dataDir, 'history'), { recursive: true, force: true });
    console.log(`demo: starting from a fresh ${scenario}, with no history`);
  }
  mkdirSync(join(root, '.lineage'), { recursive: true });

  if (values.rebuild || buildReason()) {
    console.log('demo: building the app (after a change only; takes about a minute)…');
    const build = spawnSync(process.execPath, [next, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    children.forEach(stopGroup);
    setTimeout(() => process.exit(code), 500);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  const emulator = start(
    process.execPath,
    [tsx, 'emulator/cli.ts', '--port', String(emulatorPort), '--scenario', scenario, '--state', stateFile],
    process.env,
    'emulator',
  );
  children.push(emulator);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await waitFor(`${emulatorUrl}/_emulator/health`, emulator, 'The emulator');

  const app = start(
    process.execPath,
    [next, 'start', '-H', host, '-p', String(appPort)],
    {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      LINEAGE_DEMO: '1',
      // EC2, STS and Organizations alike: the emulator serves them all on one endpoint.
      AWS_ENDPOINT_URL: emulatorUrl,
      AWS_ENDPOINT_URL_EC2: emulatorUrl,
      AWS_ENDPOINT_URL_EBS: emulatorUrl,
      AWS_ACCESS_KEY_ID: 'demo',
      AWS_SECRET_ACCESS_KEY: 'demo',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_REGION: 'us-east-1',
      // The notice printed at start says what the SDK's own Node version warning would.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LINEAGE_REGIONS: process.env.LINEAGE_REGIONS || 'us-east-1,eu-west-1',
      ...storeEnv,
      ...SCENARIOS[scenario].env,
    },
    'app',
  );
  children.push(app);
  const appUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${appPort}`;
  await waitFor(`${appUrl}/api/health`, app, 'The app');
  console.log(
    `\n  Lineage demo is running: ${appUrl}\n  EC2 emulator: ${emulatorUrl}\n  History: ${describeLocation(store)}\n  Press Ctrl-C to stop.\n`,
  );

  for (const child of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`demo: a process stopped unexpectedly (exit ${code}); shutting down.`);
        shutdown(1);
      }
    });
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(1);
});
