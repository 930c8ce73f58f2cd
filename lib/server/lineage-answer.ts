import 'server-only';
import type { Background, LineageQuery, LineageResponse } from '@/lib/api/lineage';
import { type LineageGraph, type LineageNode, neighbourhood, subgraph } from '@/lib/lineage';
import type { Ec2Failure } from './errors';
import { historyStatus } from './history';
import { attributed, trailStatus } from './trail';

/** Puts what is known of these nodes' sharing on them and sets reading the rest; answers how much is being read. */
export type SharingReader = (nodes: readonly LineageNode[]) => Pick<Background, 'sharing' | 'usage'>;

export type LineageOutcome =
  | {
      ok: true;
      body: LineageResponse;
      /** A live read's: reads sharing for nodes its answer left out (the family routes answer a part of the graph). */
      readSharing?: SharingReader;
    }
  | { ok: false; failure: Ec2Failure & { field?: string }; errors?: LineageResponse['errors'] };

/** What an answer is made of besides the graph. */
export type AnswerFacts = Pick<
  LineageResponse,
  'regions' | 'fetchedAt' | 'errors' | 'accounts' | 'background' | 'mode' | 'asOf' | 'stored' | 'recycleBin'
>;

/** What a graph from the history store says of accounts and of what is read in the background: nothing. */
export const STORED_FACTS = { accounts: [], background: { sharing: 0, usage: 0 } } satisfies Pick<
  AnswerFacts,
  'accounts' | 'background'
>;

/** The answer for a graph: the whole of it, or the neighbourhood of `query.focus` (404 when it is not there). */
export function answer(graph: LineageGraph, facts: AnswerFacts, query: LineageQuery): LineageOutcome {
  let { nodes, edges } = attributed(graph, facts.mode);
  if (query.focus) {
    if (!nodes.some((n) => n.id === query.focus)) {
      const where = facts.asOf ? `as of ${facts.asOf}` : `in the inventory of ${facts.regions.join(', ')}`;
      return {
        ok: false,
        failure: { status: 404, code: 'NotFound', message: `${query.focus} is not ${where}.`, field: 'focus' },
      };
    }
    ({ nodes, edges } = subgraph({ nodes, edges }, neighbourhood({ nodes, edges }, query.focus, query.depth).nodeIds));
  }
  const status = { history: historyStatus(), trail: trailStatus(facts.mode) };
  return { ok: true, body: { nodes, edges, ...facts, focus: query.focus, ...status } };
}
