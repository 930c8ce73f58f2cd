import 'server-only';
import type { FamiliesQuery, FamiliesResponse, FamilyQuery, FamilyResponse } from '@/lib/api/families';
import type { LineageResponse } from '@/lib/api/lineage';
import { type LineageGraph, type LineageNode, findFindings } from '@/lib/lineage';
import { type FamilyIndex, familyIndex, summariseRest } from '@/lib/lineage/family-index';
import { config } from './config';
import { type LineageOutcome, getLineage } from './lineage';

type Failure = Extract<LineageOutcome, { ok: false }>;
export type FamiliesOutcome = { ok: true; body: FamiliesResponse } | Failure;
export type FamilyOutcome = { ok: true; body: FamilyResponse } | Failure;

interface Indexed {
  key: string;
  index: FamilyIndex;
}

/** The last few family indexes, one per answer of a distinct inventory read (regions, time of the read, size). */
const INDEXES_KEPT = 4;
const globalIndexes = globalThis as typeof globalThis & { __lineageFamilyIndexes?: Indexed[] };
const indexes = () => (globalIndexes.__lineageFamilyIndexes ??= []);

/** What identifies the inventory behind an answer: the same read builds the same resources in the same order. */
const inventoryKey = (body: LineageResponse) =>
  [
    body.regions.join(','),
    body.fetchedAt,
    body.asOf ?? (body.stored ? 'stored' : 'live'),
    body.nodes.length,
    body.edges.length,
  ].join('|');

/** The family index of an answer's graph, computed once per inventory read. */
function indexOf(body: LineageResponse): FamilyIndex {
  const key = inventoryKey(body);
  const kept = indexes();
  const found = kept.find((i) => i.key === key);
  if (found) return found.index;
  const graph: LineageGraph = { nodes: body.nodes, edges: body.edges };
  const flagged = new Set(findFindings(graph, { regions: body.regions }).map((f) => f.resourceId));
  const index = familyIndex(graph, flagged);
  kept.unshift({ key, index });
  kept.length = Math.min(kept.length, INDEXES_KEPT);
  return index;
}

/** The whole graph as the server holds it, for the family routes: sharing is read for the part they answer. */
const wholeGraph = (query: FamilyQuery, signal?: AbortSignal) =>
  getLineage({ region: query.region, refresh: query.refresh, fresh: query.fresh, depth: 2, asOf: query.asOf }, signal, {
    sharingOf: () => [],
  });

/** The answer's background with the sharing of `nodes` (what the answer carries), as far as it is known. */
function withSharing(outcome: Extract<LineageOutcome, { ok: true }>, nodes: readonly LineageNode[]) {
  return { ...outcome.body.background, ...outcome.readSharing?.(nodes) };
}

/**
 * The overview of an account: its biggest families one by one, the rest summed per region. Below the threshold, and
 * when asked (`graph=small`), the whole lineage answer comes with it.
 */
export async function getFamilies(query: FamiliesQuery, signal?: AbortSignal): Promise<FamiliesOutcome> {
  const outcome = await wholeGraph(query, signal);
  if (!outcome.ok) return outcome;
  const { nodes, edges: _edges, focus: _focus, ...facts } = outcome.body;
  const index = indexOf(outcome.body);
  const overviewFrom = config().overviewFrom;
  const overview = index.drawn >= overviewFrom;
  return {
    ok: true,
    body: {
      families: index.families.slice(0, query.limit),
      rest: summariseRest(index.families, query.limit),
      totals: { families: index.families.length, resources: nodes.length, drawn: index.drawn },
      overviewFrom,
      overview,
      ...facts,
      ...(!overview && query.graph === 'small'
        ? { graph: { ...outcome.body, background: withSharing(outcome, nodes) } }
        : {}),
    },
  };
}

/** One family, named by its id or any member's: the lineage answer for its resources (404 when none has that id). */
export async function getFamily(id: string, query: FamilyQuery, signal?: AbortSignal): Promise<FamilyOutcome> {
  const outcome = await wholeGraph(query, signal);
  if (!outcome.ok) return outcome;
  const body = outcome.body;
  const family = indexOf(body).graphOf(id, body);
  if (!family) {
    const where = body.asOf ? `as of ${body.asOf}` : `in the inventory of ${body.regions.join(', ')}`;
    const message = `${id} is not ${where}.`;
    return { ok: false, failure: { status: 404, code: 'NotFound', message, field: 'id' } };
  }
  const background = withSharing(outcome, family.nodes);
  return { ok: true, body: { ...body, nodes: family.nodes, edges: family.edges, family: family.family, background } };
}
