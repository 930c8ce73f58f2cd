import 'server-only';
import { type LineageGraph, type LineageNode, type RegionInventory, buildLineage } from '@/lib/lineage';
import type { LineageQuery, Mode } from '@/lib/api/lineage';
import { configuredToken } from './access';
import { config } from './config';
import { classifyEc2Error } from './errors';
import { type Collection, lineageAsOf, withHistory } from './history-lineage';
import { accountId } from './identity';
import { fetchInventory } from './inventory';
import { annotateAncestry } from './ancestry';
import { annotateRecycleBin } from './recycle-bin';
import { annotateSharing } from './sharing';
import { readTrailsAfter } from './trail';
import { type LineageOutcome, type SharingReader, answer } from './lineage-answer';

export type { LineageOutcome } from './lineage-answer';

export interface LineageOptions {
  /**
   * The owned images and snapshots of the answer whose sharing is read with it (default: all of them). A route that
   * answers a part of the graph reads its part through the outcome's `readSharing` instead.
   */
  sharingOf?: (nodes: readonly LineageNode[]) => readonly LineageNode[];
}

export async function currentMode(): Promise<Mode> {
  const c = config();
  const common = { readOnly: c.readOnly, accessToken: configuredToken() !== undefined };
  if (c.demo) return { kind: 'demo', endpoint: c.endpoint, ...common };
  if (c.endpoint) return { kind: 'endpoint', endpoint: c.endpoint, ...common };
  return { kind: 'aws', accountId: await accountId(), ...common };
}

/** The last graph built and the inventories it was built from. */
let lastBuild: { from: readonly RegionInventory[]; graph: LineageGraph } | undefined;

/**
 * The graph of these inventories: built once for as long as the same cached inventories answer (the cache hands out
 * the same objects until a region is read again), so every route over the graph shares one build.
 */
function builtOnce(regions: readonly RegionInventory[]): LineageGraph {
  const last = lastBuild;
  if (last?.from.length === regions.length && last.from.every((r, i) => r === regions[i])) return last.graph;
  const graph = buildLineage({ regions: [...regions] });
  lastBuild = { from: [...regions], graph };
  return graph;
}

/** A fresh read of the chosen regions; the collection remembers ghosts and records the read after the answer. */
async function readLive(
  query: LineageQuery,
  mode: Mode,
  collection: Collection,
  options: LineageOptions,
  signal?: AbortSignal,
): Promise<LineageOutcome> {
  let inventory;
  try {
    inventory = await fetchInventory({
      regions: query.region.length > 0 ? query.region : undefined,
      refresh: query.refresh,
      fresh: query.fresh,
      signal,
    });
  } catch (error) {
    return { ok: false, failure: classifyEc2Error(error) };
  }
  const { regions, errors, fetchedAt, accounts } = inventory;
  if (regions.length === 0 && errors.length > 0) {
    const first = errors[0]!;
    return { ok: false, failure: { status: first.status, code: first.code, message: first.message }, errors };
  }
  // Each region once, in the order asked for, however many accounts were read in it.
  const read = [...new Set(regions.map((r) => r.region))];
  const graph = await collection.collected(builtOnce(regions), read, fetchedAt);
  const ancestry = annotateAncestry(graph, accounts, read);
  const bin = annotateRecycleBin(ancestry.graph, accounts, query.refresh);
  readTrailsAfter(mode, accounts, query.refresh);
  const accountsRead = accounts.map(({ accountId, name, regions: inRegions, failed }) => ({
    accountId,
    name,
    regions: inRegions,
    failed,
  }));
  const facts = { regions: read, fetchedAt, errors, accounts: accountsRead, mode, recycleBin: bin.rules };
  const reading = { sharing: 0, usage: 0, recycleBin: bin.reading, ancestry: ancestry.reading };
  const outcome = answer(bin.graph, { ...facts, background: reading }, query);
  if (!outcome.ok) return outcome;
  const readSharing: SharingReader = (nodes) => annotateSharing(nodes, accounts, query.refresh);
  const nodes = outcome.body.nodes;
  Object.assign(outcome.body.background, readSharing(options.sharingOf ? options.sharingOf(nodes) : nodes));
  return { ...outcome, readSharing };
}

/**
 * The lineage graph of the chosen regions (or one resource's neighbourhood), with per-region errors; as of a past
 * time from the history store; or, right after a restart, as last stored while a fresh read runs. `signal` is the
 * request's, so a browser that goes away stops the wait.
 */
export async function getLineage(
  query: LineageQuery,
  signal?: AbortSignal,
  options: LineageOptions = {},
): Promise<LineageOutcome> {
  const mode = await currentMode();
  if (query.asOf) return lineageAsOf(query, query.asOf, mode);
  return withHistory(query, mode, (collection) => readLive(query, mode, collection, options, signal));
}
