import 'server-only';
import { type RegionInventory, buildLineage, neighbourhood, subgraph } from '@/lib/lineage';
import type { LineageQuery, LineageResponse, Mode } from '@/lib/api/lineage';
import { configuredToken } from './access';
import { config } from './config';
import { type Ec2Failure, classifyEc2Error } from './errors';
import { accountId } from './identity';
import { fetchInventory } from './inventory';

export async function currentMode(): Promise<Mode> {
  const c = config();
  const common = { readOnly: c.readOnly, accessToken: configuredToken() !== undefined };
  if (c.demo) return { kind: 'demo', endpoint: c.endpoint, ...common };
  if (c.endpoint) return { kind: 'endpoint', endpoint: c.endpoint, ...common };
  return { kind: 'aws', accountId: await accountId(c.homeRegion), ...common };
}

export type LineageOutcome =
  | { ok: true; body: LineageResponse; inventory: RegionInventory[] }
  | { ok: false; failure: Ec2Failure & { field?: string }; errors?: LineageResponse['errors'] };

/**
 * The lineage graph of the chosen regions (or one resource's neighbourhood), with per-region errors; `signal` is the
 * request's, so a browser that goes away stops the wait.
 */
export async function getLineage(query: LineageQuery, signal?: AbortSignal): Promise<LineageOutcome> {
  let inventory;
  try {
    inventory = await fetchInventory({
      regions: query.region.length > 0 ? query.region : undefined,
      refresh: query.refresh,
      signal,
    });
  } catch (error) {
    return { ok: false, failure: classifyEc2Error(error) };
  }
  const { regions, errors, fetchedAt } = inventory;
  if (regions.length === 0 && errors.length > 0) {
    const first = errors[0]!;
    return { ok: false, failure: { status: first.status, code: first.code, message: first.message }, errors };
  }
  const graph = buildLineage({ regions });
  let { nodes, edges } = graph;
  if (query.focus) {
    if (!nodes.some((n) => n.id === query.focus)) {
      return {
        ok: false,
        failure: {
          status: 404,
          code: 'NotFound',
          message: `${query.focus} is not in the inventory of ${regions.map((r) => r.region).join(', ')}.`,
          field: 'focus',
        },
      };
    }
    ({ nodes, edges } = subgraph(graph, neighbourhood(graph, query.focus, query.depth).nodeIds));
  }
  return {
    ok: true,
    inventory: regions,
    body: {
      nodes,
      edges,
      regions: regions.map((r) => r.region),
      fetchedAt,
      errors,
      mode: await currentMode(),
      focus: query.focus,
    },
  };
}
