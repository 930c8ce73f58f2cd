import 'server-only';
import type { SearchQuery, SearchResponse } from '@/lib/api/search';
import { type RegionInventory, buildLineage } from '@/lib/lineage';
import { type SearchIndex, buildSearchIndex, searchIndex } from '@/lib/lineage/search';
import { classifyEc2Error } from './errors';
import { fetchInventory } from './inventory';
import type { LineageOutcome } from './lineage-answer';

export type SearchOutcome = { ok: true; body: SearchResponse } | Extract<LineageOutcome, { ok: false }>;

/** An index with the inventories it was built from: the same (cached) inventories reuse it. */
interface Indexed {
  inventories: readonly RegionInventory[];
  index: SearchIndex;
}

/** How many region selections keep an index (a selection of all regions, and one or two narrower ones). */
const KEPT = 3;
const globalIndexes = globalThis as typeof globalThis & { __lineageSearchIndexes?: Indexed[] };
const kept = () => (globalIndexes.__lineageSearchIndexes ??= []);

const sameInventories = (a: readonly RegionInventory[], b: readonly RegionInventory[]) =>
  a.length === b.length && a.every((inventory, i) => inventory === b[i]);

/**
 * The index of these inventories: built once from their lineage graph (ghosts included) and kept while the
 * inventory cache hands out the same inventories, so it is rebuilt exactly when a region is read again.
 */
export function indexFor(inventories: readonly RegionInventory[]): SearchIndex {
  const indexes = kept();
  const found = indexes.findIndex((k) => sameInventories(k.inventories, inventories));
  if (found >= 0) {
    const [hit] = indexes.splice(found, 1);
    indexes.unshift(hit!);
    return hit!.index;
  }
  const index = buildSearchIndex(buildLineage({ regions: [...inventories] }).nodes);
  indexes.unshift({ inventories, index });
  indexes.length = Math.min(indexes.length, KEPT);
  return index;
}

/** Every resource of the chosen regions (every region by default) that matches the query, a page at a time. */
export async function searchResources(query: SearchQuery, signal?: AbortSignal): Promise<SearchOutcome> {
  let inventory;
  try {
    inventory = await fetchInventory({ regions: query.region.length > 0 ? query.region : undefined, signal });
  } catch (error) {
    return { ok: false, failure: classifyEc2Error(error) };
  }
  const { regions, errors, fetchedAt } = inventory;
  if (regions.length === 0 && errors.length > 0) {
    const first = errors[0]!;
    return { ok: false, failure: { status: first.status, code: first.code, message: first.message }, errors };
  }
  const page = searchIndex(indexFor(regions), query.q, query.offset, query.limit);
  return {
    ok: true,
    body: {
      q: query.q,
      total: page.total,
      offset: query.offset,
      limit: query.limit,
      results: page.hits.map(({ node, match }) => ({
        id: node.id,
        kind: node.kind,
        name: node.name,
        region: node.region,
        accountId: node.accountId,
        state: node.state,
        external: node.external,
        sizeGiB: node.sizeGiB,
        match,
      })),
      regions: [...new Set(regions.map((r) => r.region))],
      errors,
      fetchedAt,
    },
  };
}
