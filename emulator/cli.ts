import { parseArgs } from 'node:util';
import { accountSummaries } from './accounts';
import type { Emulator } from './emulator';
import { TERMINATED_TTL_MS } from './lifecycle';
import { StateFileError } from './persistence';
import { isScenarioName } from './scenarios';
import { startEmulator } from './server';

const USAGE = `Usage: npm run emulator -- [--port 4566]
         [--scenario empty|walkthrough|organization|synthetic:N[:SEED]|synthetic-org:ACCOUNTS:N[:SEED]]
         [--state FILE] [--delay-ms 1500] [--latency-ms 0] [--terminated-ttl-ms 3600000] [--throttle]`;

const MAX_LISTED_ACCOUNTS = 12;

/** The accounts, their access keys and their roles, when the scenario has more than one account. */
function printAccounts(em: Emulator): void {
  const accounts = accountSummaries(em.view);
  if (accounts.length < 2) return;
  const org = em.organization;
  console.log(
    `${accounts.length} accounts${org ? ` in organization ${org.id}` : ''}. An access key not listed acts in the ` +
      'default account; roles are arn:aws:iam::ACCOUNT:role/NAME, assumable from the management account.',
  );
  for (const a of accounts.slice(0, MAX_LISTED_ACCOUNTS)) {
    const roles = a.roles.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).join(', ') || '-';
    const key = a.accessKeys.join(', ') || '-';
    const where = a.default ? 'default' : (a.unit ?? '');
    console.log(`  ${a.id}  ${a.name.padEnd(12)} ${where.padEnd(15)} key ${key.padEnd(22)} roles ${roles}`);
  }
  if (accounts.length > MAX_LISTED_ACCOUNTS)
    console.log(`  … and ${accounts.length - MAX_LISTED_ACCOUNTS} more: GET /_emulator/accounts lists them all.`);
}

function fail(message: string): never {
  console.error(`emulator: ${message}\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    fail(`--${name} takes a whole number from 0 to ${max}, not '${value}'.`);
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        scenario: { type: 'string' },
        state: { type: 'string' },
        'delay-ms': { type: 'string' },
        'latency-ms': { type: 'string' },
        'terminated-ttl-ms': { type: 'string' },
        throttle: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const scenario = values.scenario ?? 'empty';
  if (!isScenarioName(scenario)) fail(`unknown scenario '${scenario}'.`);

  const started = Date.now();
  const running = await startEmulator({
    port: wholeNumber(values.port, 'port', 4566, 65535),
    scenario,
    statePath: values.state,
    delayMs: wholeNumber(values['delay-ms'], 'delay-ms', 1500, 3_600_000),
    latencyMs: wholeNumber(values['latency-ms'], 'latency-ms', 0, 60_000),
    terminatedTtlMs: wholeNumber(values['terminated-ttl-ms'], 'terminated-ttl-ms', TERMINATED_TTL_MS, 30 * 86_400_000),
    throttle: values.throttle ?? false,
  });
  const source = running.emulator.restored
    ? `state restored from ${values.state}`
    : `scenario ${running.emulator.scenario}`;
  console.log(
    `AWS emulator (EC2, EBS direct API, STS, Organizations, CloudTrail) listening on ${running.url} (${source}, ready in ${Date.now() - started} ms)`,
  );
  printAccounts(running.emulator);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`emulator: ${signal}, shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StateFileError) console.error(`emulator: ${error.message}`);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`emulator: the port is already in use: ${(error as Error).message}`);
  else console.error('emulator: failed to start', error);
  process.exit(1);
});
