import 'server-only';
import { ListImagesInRecycleBinCommand, ListSnapshotsInRecycleBinCommand } from '@aws-sdk/client-ec2';
import { GetRuleCommand, ListRulesCommand, RbinClient } from '@aws-sdk/client-rbin';
import type { BinnedResource, LineageGraph, RecycleBinRules, RetentionRule } from '@/lib/lineage';
import { withRecycleBin } from '@/lib/lineage';
import { config } from './config';
import { type AccountKey, credentialsFor } from './credentials';
import { ec2Client, retrySettings } from './ec2';
import { classifyEc2Error } from './errors';
import type { AccountRead } from './inventory';
import { Limiter } from './limit';
import { HTTP_TIMEOUTS } from './timeouts';

/**
 * The Recycle Bin of each account and region read: its retention rules (the Recycle Bin service) and the deleted
 * snapshots and deregistered AMIs it holds (EC2). Read in the background after the graph is served, like sharing:
 * each answer takes what is known, the next has the rest. A missing permission is a note on the region's rules, not
 * an error: the graph is drawn without the bin, and dialogs say that retention could not be read.
 */

const BIN_TTL_MS = 60_000;
const BACKGROUND_CONCURRENCY = 2;

interface BinRead {
  rules: RecycleBinRules;
  binned: BinnedResource[];
}

interface Known {
  at: number;
  value?: BinRead;
  reading: boolean;
}

interface BinState {
  known: Map<string, Known>;
  limiter: Limiter;
  clients: Map<string, RbinClient>;
}

const globalState = globalThis as typeof globalThis & { __lineageRecycleBin?: BinState };
const state = (): BinState =>
  (globalState.__lineageRecycleBin ??= {
    known: new Map(),
    limiter: new Limiter(BACKGROUND_CONCURRENCY),
    clients: new Map(),
  });

/** Forgets what was read: after an action that deletes or restores, and between tests. */
export function clearRecycleBinCache(): void {
  const s = globalState.__lineageRecycleBin;
  if (s) s.known.clear();
}

/** Where the Recycle Bin service is asked: AWS, or against another endpoint the one named for it. */
const rbinEndpoint = () => process.env.AWS_ENDPOINT_URL_RBIN || process.env.AWS_ENDPOINT_URL || undefined;

function rbinClient(region: string, account: AccountKey, endpoint: string | undefined): RbinClient {
  const key = `${account} ${region} ${endpoint ?? ''}`;
  const { clients } = state();
  let client = clients.get(key);
  if (!client) {
    client = new RbinClient({
      region,
      endpoint,
      credentials: credentialsFor(account),
      requestHandler: HTTP_TIMEOUTS,
      ...retrySettings('read'),
    });
    clients.set(key, client);
  }
  return client;
}

const RULE_TYPES = { EBS_SNAPSHOT: 'snapshot', EC2_IMAGE: 'image' } as const;

async function readRules(region: string, account: AccountKey): Promise<RetentionRule[]> {
  const client = rbinClient(region, account, rbinEndpoint());
  const rules: RetentionRule[] = [];
  for (const [type, resourceType] of Object.entries(RULE_TYPES) as [keyof typeof RULE_TYPES, 'snapshot' | 'image'][]) {
    let token: string | undefined;
    do {
      const page = await client.send(new ListRulesCommand({ ResourceType: type, NextToken: token }));
      for (const summary of page.Rules ?? []) {
        if (!summary.Identifier) continue;
        const rule = await client.send(new GetRuleCommand({ Identifier: summary.Identifier }));
        rules.push({
          id: summary.Identifier,
          resourceType,
          retentionDays: rule.RetentionPeriod?.RetentionPeriodValue ?? 0,
          resourceTags: (rule.ResourceTags ?? []).flatMap((t) =>
            t.ResourceTagKey
              ? [t.ResourceTagValue ? { key: t.ResourceTagKey, value: t.ResourceTagValue } : { key: t.ResourceTagKey }]
              : [],
          ),
          description: rule.Description,
        });
      }
      token = page.NextToken;
    } while (token);
  }
  return rules;
}

async function readBinned(region: string, account: AccountKey, accountId: string | null): Promise<BinnedResource[]> {
  const client = ec2Client(region, 'read', account);
  const out: BinnedResource[] = [];
  const iso = (d: Date | undefined) => (d ?? new Date(0)).toISOString();
  let token: string | undefined;
  do {
    const page = await client.send(new ListSnapshotsInRecycleBinCommand({ MaxResults: 1000, NextToken: token }));
    for (const s of page.Snapshots ?? []) {
      if (!s.SnapshotId) continue;
      out.push({
        kind: 'snapshot',
        id: s.SnapshotId,
        region,
        accountId,
        name: null,
        description: s.Description ?? null,
        volumeId: s.VolumeId ?? null,
        enteredAt: iso(s.RecycleBinEnterTime),
        exitsAt: iso(s.RecycleBinExitTime),
      });
    }
    token = page.NextToken;
  } while (token);
  do {
    const page = await client.send(new ListImagesInRecycleBinCommand({ MaxResults: 1000, NextToken: token }));
    for (const i of page.Images ?? []) {
      if (!i.ImageId) continue;
      out.push({
        kind: 'image',
        id: i.ImageId,
        region,
        accountId,
        name: i.Name ?? null,
        description: i.Description ?? null,
        volumeId: null,
        enteredAt: iso(i.RecycleBinEnterTime),
        exitsAt: iso(i.RecycleBinExitTime),
      });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

/** One account and region: rules and contents, each failing on its own into a note. */
async function readBin(region: string, account: AccountRead): Promise<BinRead> {
  const limiter = state().limiter;
  const rules: RecycleBinRules = { accountId: account.accountId, region, rules: [] };
  const notes: string[] = [];
  if (config().endpoint && !rbinEndpoint()) {
    notes.push('its rules are not read from this endpoint: set AWS_ENDPOINT_URL_RBIN (or AWS_ENDPOINT_URL)');
  } else {
    try {
      rules.rules = await limiter.run(() => readRules(region, account.key));
    } catch (error) {
      notes.push(`its rules could not be read (${classifyEc2Error(error, 'Recycle Bin').code})`);
    }
  }
  let binned: BinnedResource[] = [];
  try {
    binned = await limiter.run(() => readBinned(region, account.key, account.accountId));
  } catch (error) {
    notes.push(`what it holds could not be read (${classifyEc2Error(error).code})`);
  }
  if (notes.length > 0) rules.unreadable = `Recycle Bin of ${region}: ${notes.join('; ')}.`;
  return { rules, binned };
}

/**
 * The graph with what the Recycle Bins hold, the rules known so far, and how many bins are still being read; sets
 * reading what is not known or has aged (everything, on ⟳).
 */
export function annotateRecycleBin(
  graph: LineageGraph,
  accounts: readonly AccountRead[],
  refresh: boolean,
): { graph: LineageGraph; rules: RecycleBinRules[]; reading: number } {
  const { known } = state();
  const now = Date.now();
  const binned: BinnedResource[] = [];
  const rules: RecycleBinRules[] = [];
  let reading = 0;
  for (const account of accounts) {
    if (account.failed) continue;
    for (const region of account.regions) {
      const key = `${account.key} ${region}`;
      const entry = known.get(key) ?? { at: 0, reading: false };
      known.set(key, entry);
      if (!entry.reading && (refresh || !entry.value || now - entry.at > BIN_TTL_MS)) {
        entry.reading = true;
        void readBin(region, account)
          .then((value) => {
            entry.value = value;
          })
          .finally(() => {
            entry.at = Date.now();
            entry.reading = false;
          });
      }
      if (!entry.value) {
        reading++;
        continue;
      }
      rules.push(entry.value.rules);
      binned.push(...entry.value.binned);
    }
  }
  return { graph: withRecycleBin(graph, binned), rules, reading };
}
