/**
 * `npm start`: serves the built app on HOST:PORT (127.0.0.1:3000 by default), refusing to listen beyond
 * loopback unless LINEAGE_ACCESS_TOKEN is set. History is recorded in .lineage/ unless DATABASE_URL or
 * LINEAGE_DATA_DIR says otherwise.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BindError, parseBindOptions } from '../lib/server/bind';
import { describeLocation, parseStoreConfig } from '../lib/store/config';
import { ROOT, nodeVersionNotice } from './support';

function main(): void {
  let bind;
  try {
    bind = parseBindOptions(process.env);
  } catch (error) {
    if (error instanceof BindError) {
      console.error(`lineage: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
    console.error('lineage: there is no build yet: run `npm run build` first (or `npm run demo` for the demo).');
    process.exit(2);
  }
  try {
    console.log(`lineage: history: ${describeLocation(parseStoreConfig(process.env, ROOT))}`);
  } catch (error) {
    // The app says so too, and still shows live data.
    console.error(`lineage: ${(error as Error).message}`);
  }
  const notice = nodeVersionNotice();
  if (notice) console.warn(notice);
  const next = require.resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [next, 'start', '-H', bind.host, '-p', String(bind.port)], {
    cwd: ROOT,
    stdio: 'inherit',
    detached: true,
    // The SDK's own Node version warning says what the notice above already said.
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

main();
