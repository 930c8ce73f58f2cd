/** Shared by the demo launcher and the benchmarks. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

/** The oldest Node the AWS SDK will support after January 2027; Lineage runs on 20, 22 and 24 until then. */
export const RECOMMENDED_NODE_MAJOR = 22;

/**
 * Said once when the app starts on a Node older than 22 (the AWS SDK's own warning is silenced in the app, so
 * this is the one place it is said).
 */
export function nodeVersionNotice(version = process.versions.node): string | null {
  if (Number(version.split('.')[0]) >= RECOMMENDED_NODE_MAJOR) return null;
  return (
    `lineage: running on Node ${version}. Node 20 reached its end of life on 30 April 2026, and AWS SDK releases ` +
    `published after the first week of January 2027 need Node ${RECOMMENDED_NODE_MAJOR} or newer: ` +
    `Node ${RECOMMENDED_NODE_MAJOR} or 24 is recommended.`
  );
}

/** A port nobody listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const SOURCES = ['app', 'components', 'lib', 'next.config.js', 'postcss.config.mjs', 'package.json', 'tsconfig.json'];

function newestChange(path: string): { at: number; path: string } {
  if (!existsSync(path)) return { at: 0, path };
  const stat = statSync(path);
  if (!stat.isDirectory()) return { at: stat.mtimeMs, path };
  return readdirSync(path).reduce(
    (newest, entry) => {
      const n = newestChange(join(path, entry));
      return n.at > newest.at ? n : newest;
    },
    { at: stat.mtimeMs, path },
  );
}

/** Why the app needs building, or null when `.next` is newer than every source. */
export function buildReason(): string | null {
  const buildId = join(ROOT, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'there is no build yet';
  const builtAt = statSync(buildId).mtimeMs;
  const newest = SOURCES.map((s) => newestChange(join(ROOT, s))).reduce((a, b) => (b.at > a.at ? b : a));
  return newest.at > builtAt ? `${newest.path.slice(ROOT.length + 1)} changed since the last build` : null;
}

/** A benchmark's child process prints its result as one line: this, then JSON. */
export const RESULT_PREFIX = 'BENCH-RESULT ';

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** A plain text table: the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function printTable(header: string[], rows: string[][], leftColumns = 1): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
