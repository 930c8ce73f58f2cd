/**
 * The multi-account part of `npm run bench`: an organization (`synthetic-org:ACCOUNTS:N`) read through
 * LINEAGE_ORG_ROLE, every (account, region) under the LINEAGE_CONCURRENCY cap, the emulator answering after a
 * latency. The bound it is held against: each (account, region) needs at least its pagination bound (the most pages
 * of one Describe, then the external-image lookup); with at most CAP of them at once the whole read needs at least
 * max(the slowest one, their sum / CAP), plus the organization's ListAccounts pages before any of them (and, on
 * the first read, the caller's identity and one AssumeRole per account, all in parallel).
 */
import * as ec2Sdk from '@aws-sdk/client-ec2';
import { userOf } from '@/emulator/accounts';
import { SYNTHETIC_REGIONS } from '@/emulator/scenarios/synthetic';
import { startEmulator } from '@/emulator/server';
import { encodeEc2Output } from '@/emulator/protocol/ec2-query';
import { operationSchema } from '@/emulator/protocol/schema';
import { clearInventoryCache, fetchInventory } from '@/lib/server/inventory';
import { median, printTable } from './support';
import { timeRuns } from './timing';

export const ORG = { accounts: 50, size: 10_000, latencyMs: 50, refreshes: 3 } as const;
/** The page sizes the inventory asks for (lib/server/inventory.ts). */
const PAGES = [
  { action: 'DescribeInstances', input: { MaxResults: 1000 } },
  { action: 'DescribeVolumes', input: { MaxResults: 500 } },
  { action: 'DescribeSnapshots', input: { MaxResults: 1000, OwnerIds: ['self'] } },
  { action: 'DescribeImages', input: { MaxResults: 1000, Owners: ['self'] } },
] as const;
const EXTERNAL_BATCH = 200;
/** Organizations ListAccounts answers at most this many accounts a page. */
const LIST_PAGE = 20;

export interface OrgResult {
  type: 'org';
  accounts: number;
  size: number;
  latencyMs: number;
  concurrency: number;
  reads: number;
  resources: number;
  errors: number;
  firstMs: number;
  refreshMs: number;
  refreshes: number[];
  /** The process's CPU time (app and in-process emulator) during a read again, median. */
  refreshCpuMs: number;
  /** The slowest (account, region)'s own pagination bound. */
  slowestReadMs: number;
  /** The sum of every (account, region)'s pagination bound. */
  sumReadsMs: number;
  boundMs: number;
  firstBoundMs: number;
  /** The emulator's own work for one whole read, answer after answer. */
  emulatorSerialMs: number;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function measureOrganization(): Promise<OrgResult> {
  const { accounts, size, latencyMs, refreshes: count } = ORG;
  const running = await startEmulator({
    port: 0,
    scenario: `synthetic-org:${accounts}:${size}`,
    delayMs: 0,
    latencyMs,
  });
  try {
    delete process.env.AWS_ENDPOINT_URL_EC2;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: running.url,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      LINEAGE_REGIONS: SYNTHETIC_REGIONS.join(','),
      LINEAGE_ORG_ROLE: 'LineageReader',
      LINEAGE_CACHE_TTL_MS: '3600000',
    });
    const concurrency = Number(process.env.LINEAGE_CONCURRENCY ?? 16);
    const t = performance.now();
    const first = await fetchInventory({ refresh: true });
    const firstMs = performance.now() - t;
    if (first.errors.length > 0) throw new Error(`inventory errors: ${JSON.stringify(first.errors.slice(0, 3))}`);
    const runs = await timeRuns(count, () => fetchInventory({ refresh: true }));

    // Each (account, region)'s pagination bound, and the emulator's own work for all of them.
    let emulatorSerialMs = 0;
    const bounds = first.regions.map((inventory) => {
      const caller = userOf(inventory.accountId!);
      let most = 0;
      for (const { action, input } of PAGES) {
        const schema = operationSchema(ec2Sdk, action)!;
        let pages = 0;
        let token: string | undefined;
        do {
          const started = performance.now();
          const answer = running.emulator.invoke(
            inventory.region,
            action,
            { ...input, ...(token ? { NextToken: token } : {}) },
            { caller },
          );
          encodeEc2Output(schema, action, 'bench', answer);
          emulatorSerialMs += performance.now() - started;
          token = (answer as { NextToken?: string }).NextToken;
          pages++;
        } while (token);
        most = Math.max(most, pages);
      }
      const owned = new Set(inventory.images.map((i) => i.ImageId));
      const wanted = new Set(inventory.instances.map((i) => i.ImageId).filter((id) => id && !owned.has(id)));
      return (most + Math.ceil(wanted.size / EXTERNAL_BATCH)) * latencyMs;
    });
    const slowestReadMs = Math.max(...bounds);
    const sumReadsMs = bounds.reduce((a, b) => a + b, 0);
    const listMs = Math.ceil(first.accounts.length / LIST_PAGE) * latencyMs;
    const boundMs = Math.max(slowestReadMs, sumReadsMs / concurrency) + listMs;
    return {
      type: 'org',
      accounts: first.accounts.length,
      size,
      latencyMs,
      concurrency,
      reads: first.regions.length,
      resources: first.regions.reduce(
        (n, r) => n + r.instances.length + r.volumes.length + r.snapshots.length + r.images.length,
        0,
      ),
      errors: first.errors.length,
      firstMs,
      refreshMs: median(runs.wallMs),
      refreshes: runs.wallMs,
      refreshCpuMs: median(runs.cpuMs),
      slowestReadMs,
      sumReadsMs,
      boundMs,
      // GetCallerIdentity, then one AssumeRole per account (in parallel), before anything is read.
      firstBoundMs: boundMs + 2 * latencyMs,
      emulatorSerialMs,
    };
  } finally {
    clearInventoryCache();
    await running.close();
  }
}

export function printOrganization(r: OrgResult): void {
  console.log(
    `\nSeveral accounts: synthetic-org:${ORG.accounts}:${r.size} through LINEAGE_ORG_ROLE, latency ${r.latencyMs} ms, ` +
      `LINEAGE_CONCURRENCY ${r.concurrency} (emulator in-process)`,
  );
  printTable(
    ['figure', 'measured', 'bound', 'ratio'],
    [
      [
        `inventory again, ${r.accounts} accounts × ${SYNTHETIC_REGIONS.length} regions = ${r.reads} reads, ${r.resources} owned (median of ${r.refreshes.length})`,
        fmt(r.refreshMs),
        fmt(r.boundMs),
        `${(r.refreshMs / r.boundMs).toFixed(2)}×`,
      ],
      [
        '  first read (identity, AssumeRole per account, SDK loading)',
        fmt(r.firstMs),
        fmt(r.firstBoundMs),
        `${(r.firstMs / r.firstBoundMs).toFixed(2)}×`,
      ],
    ],
  );
  console.log(
    `  bound = max(slowest read ${fmt(r.slowestReadMs)}, sum of reads ${fmt(r.sumReadsMs)} / ${r.concurrency}) + ListAccounts pages; ` +
      `every read: ${r.refreshes.map((ms) => ms.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `  on a CPU for ${fmt(r.refreshCpuMs)} of each read again (the app's SDK work and the in-process emulator's, which ` +
      `alone is ${fmt(r.emulatorSerialMs)}): past the bound, the read waits for the CPU, not for EC2`,
  );
}
