import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { appCommand, appEnvironment, appHistoryDir } from '../playwright.config';
import { freePort } from '../test/emulator-process';

/** An app of a test's own (built beforehand), on a free port, for settings the shared apps do not have. */
export interface AppProcess {
  url: string;
  stop(): void;
}

export async function startApp(emulatorUrl: string, extraEnv: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const [command, ...args] = appCommand(port).split(' ');
  rmSync(appHistoryDir(port), { recursive: true, force: true });
  const child = spawn(command!, args, {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, ...appEnvironment(emulatorUrl, { LINEAGE_DATA_DIR: appHistoryDir(port), ...extraEnv }) },
  });
  const url = `http://127.0.0.1:${port}`;
  // next start runs next-server in the same process group: end them together.
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('the app did not start within 60 s');
}
