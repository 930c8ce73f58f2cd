/**
 * Runs a command with a throwaway PostgreSQL server: starts a cluster (as the postgres user when run as root) on a
 * free port in a temporary directory, runs the command with DATABASE_URL pointing at it, and removes the cluster
 * when the command ends, fails or is interrupted.
 *
 *   npx tsx scripts/with-postgres.ts -- npm start
 */
import { spawn } from 'node:child_process';
import { startPostgres } from './postgres';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const command = args[0] === '--' ? args.slice(1) : args;
  if (command.length === 0) {
    console.error('usage: tsx scripts/with-postgres.ts -- COMMAND [ARGS…]');
    process.exit(2);
  }
  const cluster = await startPostgres();
  console.log(`with-postgres: DATABASE_URL=${cluster.url}`);
  const child = spawn(command[0]!, command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: cluster.url },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    cluster.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((error: unknown) => {
  console.error(`with-postgres: ${(error as Error).message}`);
  process.exit(1);
});
