import 'server-only';
import { buildLineage, neighbourhood, subgraph } from '@/lib/lineage';
import type { LineageQuery, LineageResponse, Mode } from '@/lib/api/lineage';
import { configuredToken } from './access';
import { config } from './config';
import { type Ec2Failure, classifyEc2Error } from './errors';
import { accountId } from './identity';
import { fetchInventory } from './inventory';
import { annotateSharing } from './sharing';

export async function currentMode(): Promise<Mode> {
  const c = config();
  const common = { readOnly: c.readOnly, accessToken: configuredToken() !== undefined };
  if (c.demo) return { kind: 'demo', endpoint: c.endpoint, ...common };
  if (c.endpoint) return { kind: 'endpoint', endpoint: c.endpoint, ...common };
  return { kind: 'aws', accountId: await accountId(), ...common };
}

/** The regions read, each once, in the order they were asked for. */
const readRegions = (inventories: readonly { region: string }[]) => [...new Set(inventories.map((r) => r.region))];

export type LineageOutcome =
  | { ok: true; body: LineageResponse }
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
  const { regions, errors, fetchedAt, accounts } = inventory;
  if (regions.length === 0 && errors.length > 0) {
    const first = errors[0]!;
    return { ok: false, failure: { status: first.status, code: first.code, message: first.message }, errors };
  }
  const graph = buildLineage({ regions });
  const background = annotateSharing(graph.nodes, accounts, query.refresh);
  let { nodes, edges } = graph;
  if (query.focus) {
    if (!nodes.some((n) => n.id === query.focus)) {
      return {
        ok: false,
        failure: {
          status: 404,
          code: 'NotFound',
          message: `${query.focus} is not in the inventory of ${readRegions(regions).join(', ')}.`,
          field: 'focus',
        },
      };
    }
    ({ nodes, edges } = subgraph(graph, neighbourhood(graph, query.focus, query.depth).nodeIds));
  }
  return {
    ok: true,
    body: {
      nodes,
      edges,
      regions: readRegions(regions),
      fetchedAt,
      errors,
      accounts: accounts.map(({ accountId, name, regions: read, failed }) => ({
        accountId,
        name,
        regions: read,
        failed,
      })),
      background,
      mode: await currentMode(),
      focus: query.focus,
    },
  };
}
