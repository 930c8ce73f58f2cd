import { z } from 'zod';
import { NODE_KINDS } from '@/lib/lineage';
import type { SearchMatch } from '@/lib/lineage/search';
import type { Agrees } from './fields';
import { LineageQuerySchema, RegionErrorSchema } from './lineage';

/** The contract of GET /api/search, shared by the route and the browser. */

export const SEARCH_PAGE = { default: 50, max: 200 } as const;

export const SearchQuerySchema = LineageQuerySchema.pick({ region: true }).extend({
  q: z.string().trim().min(1, { message: 'is empty' }).max(200, { message: 'is longer than 200 characters' }),
  limit: z.coerce.number().int().min(1).max(SEARCH_PAGE.max).default(SEARCH_PAGE.default),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchMatchSchema = z.object({
  field: z.enum(['id', 'name', 'kind', 'region', 'state', 'type', 'account', 'tag', 'description']),
  text: z.string(),
});

export const SearchResultSchema = z.object({
  id: z.string(),
  kind: z.enum(NODE_KINDS),
  name: z.string().nullable(),
  region: z.string(),
  accountId: z.string().nullable(),
  state: z.string().nullable(),
  /** A referenced resource that is not in the inventory (a public AMI, a deleted volume). */
  external: z.boolean(),
  sizeGiB: z.number().nullable(),
  /** Where it matched the first term. */
  match: SearchMatchSchema,
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SearchResponseSchema = z.object({
  q: z.string(),
  /** How many resources match in all. */
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  /** Best first: `limit` of them from `offset`. */
  results: z.array(SearchResultSchema),
  /** The regions searched, and those that could not be read. */
  regions: z.array(z.string()),
  errors: z.array(RegionErrorSchema),
  fetchedAt: z.string(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

const matchAgrees: Agrees<z.infer<typeof SearchMatchSchema>, SearchMatch> = true;
void matchAgrees;
