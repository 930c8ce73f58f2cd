import 'server-only';
import type { FindingsQuery, FindingsResponse } from '@/lib/api/findings';
import type { SnapshotSizes } from '@/lib/api/snapshot-sizes';
import {
  COST_NOTE,
  PRICES_AS_OF,
  type LineageNode,
  type SnapshotNode,
  type SnapshotStorage,
  findFindings,
  judgedBySharing,
  summarize,
  summarizeByKind,
} from '@/lib/lineage';
import { config } from './config';
import { withDeadline } from './deadline';
import { listRegions } from './inventory';
import { type LineageOutcome, getLineage } from './lineage';
import { measuredChains } from './snapshot-sizes';

export type FindingsOutcome = { ok: true; body: FindingsResponse } | Extract<LineageOutcome, { ok: false }>;

/**
 * The regions to read for findings in `requested`: every configured region as well, since a copy's source or
 * the instances launched from an image's copies may live elsewhere ([] = every configured region).
 */
async function regionsToRead(requested: string[], signal?: AbortSignal): Promise<string[]> {
  if (requested.length === 0) return [];
  try {
    return [...new Set([...requested, ...(await withDeadline(config().fetchTimeoutMs, 'EC2', signal, listRegions))])];
  } catch {
    return requested; // findFindings then judges nothing from the absence of what other regions hold
  }
}

/**
 * What is known of each snapshot's storage beyond its size (its tier, FullSnapshotSizeInBytes), and what the chains
 * somebody measured say it holds: from kept listings only, never a new request.
 */
async function snapshotStorage(nodes: readonly LineageNode[]) {
  const snapshots = nodes.filter((n): n is SnapshotNode => n.kind === 'snapshot' && !n.external);
  const facts = new Map<string, SnapshotStorage>();
  for (const s of snapshots)
    facts.set(s.id, {
      storageTier: s.details.storageTier ?? undefined,
      fullBytes: s.details.fullSizeBytes ?? undefined,
    });
  const chains: SnapshotSizes[] = [];
  for (const region of new Set(snapshots.map((s) => s.region))) {
    for (const chain of await measuredChains(region, snapshots)) {
      chains.push(chain);
      for (const s of chain.snapshots) {
        if (s.uniqueBytes === null || s.fullBytes === null) continue;
        facts.set(s.snapshotId, {
          ...facts.get(s.snapshotId),
          measured: { uniqueBytes: s.uniqueBytes, fullBytes: s.fullBytes, volumeId: chain.volumeId },
        });
      }
    }
  }
  return { facts, chains };
}

/**
 * The findings of the lineage graph, with totals per kind and the price note. `?region=` narrows the findings
 * to those regions; they are judged against every region read, so a DR copy is not an orphan because its
 * source was not asked for.
 */
export async function getFindings(
  query: FindingsQuery,
  now: Date = new Date(),
  signal?: AbortSignal,
): Promise<FindingsOutcome> {
  const regions = await regionsToRead(query.region, signal);
  const outcome = await getLineage({ region: regions, refresh: query.refresh, depth: 1, fresh: [] }, signal, {
    sharingOf: (nodes) => nodes.filter(judgedBySharing),
  });
  if (!outcome.ok) return outcome;
  const { nodes, edges, regions: read, errors, fetchedAt } = outcome.body;
  const wanted = query.region.length > 0 ? new Set(query.region) : null;
  const { facts, chains } = await snapshotStorage(nodes);
  const findings = findFindings({ nodes, edges }, { now, regions: read, snapshots: facts }).filter(
    (f) => wanted === null || wanted.has(f.region),
  );
  const found = new Set(findings.map((f) => f.resourceId));
  return {
    ok: true,
    body: {
      findings,
      totals: summarize(findings),
      byKind: summarizeByKind(findings),
      pricesAsOf: PRICES_AS_OF,
      costNote: COST_NOTE,
      regions: wanted === null ? read : read.filter((r) => wanted.has(r)),
      errors,
      fetchedAt,
      chains: chains.filter((c) => c.snapshots.some((s) => found.has(s.snapshotId))),
    },
  };
}
