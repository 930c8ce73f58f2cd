import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The emulator in a process of its own, so a test can freeze it (SIGSTOP): it still accepts connections, as a hung
 * endpoint does, but answers nothing until SIGCONT.
 */

const ROOT = join(__dirname, '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class EmulatorProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(scenario = 'walkthrough'): Promise<EmulatorProcess> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'emulator/cli.ts', '--port', String(port), '--scenario', scenario],
      { cwd: ROOT, stdio: 'ignore', detached: true },
    );
    const emulator = new EmulatorProcess(`http://127.0.0.1:${port}`, child);
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}`);
      const up = await fetch(`${emulator.url}/_emulator/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return emulator;
      await new Promise((r) => setTimeout(r, 100));
    }
    emulator.stop();
    throw new Error('the emulator did not start within 30 s');
  }

  /** Freezes the process: connections are accepted, nothing is answered. */
  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  stop(): void {
    this.signal('SIGCONT');
    this.signal('SIGTERM');
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }
}
