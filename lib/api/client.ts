import {
  type QueryClient,
  infiniteQueryOptions,
  keepPreviousData,
  mutationOptions,
  queryOptions,
} from '@tanstack/react-query';
import { hasPending, pendingRegions } from '@/lib/lineage/view';
import type { ActionBody, ActionName, ActionResult } from './actions';
import type { BaseImagesResponse } from './base-images';
import { familiesUrl, takeEarlyResponse } from './early';
import type { FamiliesResponse, FamilyResponse } from './families';
import type { FindingsResponse } from './findings';
import type { ChangesResponse, HistoryResponse } from './history';
import type { LaunchOptionsResponse } from './launch-options';
import { type ApiError, ApiErrorSchema, type LineageResponse, type RegionError } from './lineage';
import { SEARCH_PAGE, type SearchResponse } from './search';

/** A failed API call, carrying the server's code and message for the UI. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: ApiError,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await (takeEarlyResponse(url) ??
      fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } }));
  } catch {
    throw new ApiRequestError(0, 'NetworkError', 'Lineage’s server cannot be reached. Is it still running?');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiRequestError(
      res.status,
      'BadResponse',
      `The server answered ${res.status} with something that is not JSON.`,
    );
  }
  if (!res.ok) {
    const parsed = ApiErrorSchema.safeParse(json);
    if (parsed.success)
      throw new ApiRequestError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data);
    throw new ApiRequestError(res.status, 'HttpError', `The server answered ${res.status}.`);
  }
  return json as T;
}

/** Every query key, in one factory: invalidating `all` of a family reaches every query under it. */
export const lineageKeys = {
  all: ['lineage'] as const,
  graph: (regions: readonly string[]) => [...lineageKeys.all, 'graph', [...regions].sort()] as const,
  /** The overview of families (now, or at a past time). */
  families: (asOf: string | null = null) =>
    asOf === null ? ([...lineageKeys.all, 'families'] as const) : ([...lineageKeys.asOf(asOf), 'families'] as const),
  /** One family, by the id it was asked for (now, or at a past time). */
  family: (id: string, asOf: string | null = null) =>
    asOf === null
      ? ([...lineageKeys.all, 'family', id] as const)
      : ([...lineageKeys.asOf(asOf), 'family', id] as const),
  /** The graph as recorded at a past time: never refreshed, never invalidated by actions. */
  asOf: (asOf: string) => ['lineage-as-of', asOf] as const,
};
export const historyKeys = {
  all: ['history'] as const,
  resource: (id: string) => [...historyKeys.all, 'resource', id] as const,
  changes: (since: string) => [...historyKeys.all, 'changes', since] as const,
};
export const findingsKeys = {
  all: ['findings'] as const,
};
export const searchKeys = {
  all: ['search'] as const,
  query: (q: string) => [...searchKeys.all, q.trim()] as const,
};
export const baseImagesKeys = {
  all: ['base-images'] as const,
  region: (region: string) => [...baseImagesKeys.all, region] as const,
};

export const launchOptionsKeys = {
  all: ['launch-options'] as const,
  of: (region: string, accountId: string | undefined) => [...launchOptionsKeys.all, region, accountId ?? ''] as const,
};

const POLL_MS = 2_000;

/**
 * Retry what may pass on a second try (network, 5xx), never what the server refused (4xx), nor a 504: the server
 * has already waited as long as it is willing to.
 */
const retryUnlessRefused = (count: number, error: Error) =>
  count < 2 &&
  !(error instanceof ApiRequestError && ((error.status >= 400 && error.status < 500) || error.status === 504));

/** The regions a failed read names (a 504 names each region that did not answer), if any. */
export function failedRegions(error: unknown): RegionError[] | undefined {
  return error instanceof ApiRequestError && error.body?.errors?.length ? error.body.errors : undefined;
}

function lineageUrl(
  regions: readonly string[],
  refresh: boolean,
  asOf?: string,
  fresh: readonly string[] = [],
): string {
  const params = new URLSearchParams();
  for (const r of regions) params.append('region', r);
  if (refresh) params.set('refresh', '1');
  for (const r of fresh) params.append('fresh', r);
  if (asOf) params.set('asOf', asOf);
  const qs = params.toString();
  return `/api/lineage${qs ? `?${qs}` : ''}`;
}

/**
 * Worth asking again: a resource is pending, sharing and usage reports or CloudTrail are still being read, or the
 * answer is the stored graph a restart serves until its fresh read is done.
 */
const stillChanging = (data: LineageResponse) =>
  data.stored === true ||
  hasPending(data.nodes) ||
  data.background.sharing > 0 ||
  data.background.usage > 0 ||
  (data.background.recycleBin ?? 0) > 0 ||
  (data.background.ancestry ?? 0) > 0 ||
  data.trail?.state === 'reading';

/**
 * The whole lineage graph. Polls while anything is still changing and stops once everything has settled; structural
 * sharing is off because the payload is large and replaced whole.
 */
export function lineageQuery(regions: readonly string[]) {
  return queryOptions({
    queryKey: lineageKeys.graph(regions),
    // A poll reads the regions where something is pending past the server's cache, so a card settles with EC2.
    queryFn: ({ signal, client, queryKey }) => {
      const last = client.getQueryData<LineageResponse>(queryKey);
      const fresh = last ? pendingRegions(last.nodes) : [];
      return fetchJson<LineageResponse>(lineageUrl(regions, false, undefined, fresh), { signal });
    },
    structuralSharing: false,
    refetchInterval: ({ state: { data } }) => (data && stillChanging(data) ? POLL_MS : false),
    retry: retryUnlessRefused,
  });
}

/** How long a large account's overview is taken as current (mounting a view that shows it again reads it after). */
const OVERVIEW_STALE_MS = 10_000;

/**
 * The first request of the page: the overview of the account's families, which says whether the account is large
 * enough to open on it. Below that the answer carries the whole graph, which goes straight into the graph's query
 * (now, or at `asOf`): a small account is drawn from this one request.
 */
export function familiesQuery(asOf: string | null, refresh = false) {
  return queryOptions({
    queryKey: lineageKeys.families(asOf),
    queryFn: async ({ signal, client }) => {
      const body = await fetchJson<FamiliesResponse>(familiesUrl(asOf, refresh), { signal });
      if (body.graph) client.setQueryData(asOf === null ? lineageKeys.graph([]) : lineageKeys.asOf(asOf), body.graph);
      return body;
    },
    structuralSharing: false,
    // A recorded past does not change; a small account's graph lives on in the graph's query, which polls and
    // refreshes itself (reading this answer again would fetch that graph twice).
    staleTime: (query) => (asOf !== null || query.state.data?.overview === false ? Infinity : OVERVIEW_STALE_MS),
    retry: retryUnlessRefused,
  });
}

/** One family, named by any of its resources (now, or at `asOf`); polls as the whole graph does. */
export function familyQuery(id: string, asOf: string | null) {
  return queryOptions({
    queryKey: lineageKeys.family(id, asOf),
    // As the whole graph's poll: the regions where something is pending are read past the server's cache.
    queryFn: ({ signal, client, queryKey }) => {
      const params = new URLSearchParams();
      if (asOf) params.set('asOf', asOf);
      const last = asOf === null ? client.getQueryData<FamilyResponse>(queryKey) : undefined;
      for (const r of last ? pendingRegions(last.nodes) : []) params.append('fresh', r);
      const qs = params.toString();
      return fetchJson<FamilyResponse>(`/api/families/${encodeURIComponent(id)}${qs ? `?${qs}` : ''}`, { signal });
    },
    structuralSharing: false,
    refetchInterval: ({ state: { data } }) => (data && asOf === null && stillChanging(data) ? POLL_MS : false),
    retry: retryUnlessRefused,
  });
}

/**
 * Fetches everything again, skipping the server's cache, into the graph's query: its observers see the fetch and
 * its answer (a failure lands in the query's error), and cancelling the query aborts the request. No retry: the
 * person who asked is watching.
 */
export function refreshLineage(client: QueryClient, regions: readonly string[]): Promise<LineageResponse> {
  return client.fetchQuery({
    ...lineageQuery(regions),
    queryFn: ({ signal }) => fetchJson<LineageResponse>(lineageUrl(regions, true), { signal }),
    staleTime: 0,
    retry: false,
  });
}

/**
 * A large account's ⟳: the overview read again skipping the server's cache, then the family drawn (from that read).
 */
export async function refreshFamilies(client: QueryClient): Promise<FamiliesResponse> {
  const overview = await client.fetchQuery({ ...familiesQuery(null, true), staleTime: 0, retry: false });
  await client.invalidateQueries({ queryKey: [...lineageKeys.all, 'family'] });
  return overview;
}

/** The graph as recorded at `asOf` (a past view: read-only). A recorded past does not change: kept as it is. */
export function lineageAsOfQuery(asOf: string) {
  return queryOptions({
    queryKey: lineageKeys.asOf(asOf),
    queryFn: ({ signal }) => fetchJson<LineageResponse>(lineageUrl([], false, asOf), { signal }),
    structuralSharing: false,
    staleTime: Infinity,
    retry: retryUnlessRefused,
  });
}

/**
 * A resource's timeline, asked again for each new read of the graph (`readAt`), since a read may have added to it
 * (and CloudTrail is read after it); the last answer stays meanwhile.
 */
export function historyQuery(id: string, readAt = '') {
  return queryOptions({
    queryKey: [...historyKeys.resource(id), readAt] as const,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => fetchJson<HistoryResponse>(`/api/history?id=${encodeURIComponent(id)}`, { signal }),
    retry: retryUnlessRefused,
  });
}

/** What appeared, changed and disappeared since a time. */
export function changesQuery(since: string) {
  return queryOptions({
    queryKey: historyKeys.changes(since),
    queryFn: ({ signal }) => fetchJson<ChangesResponse>(`/api/changes?since=${encodeURIComponent(since)}`, { signal }),
    retry: retryUnlessRefused,
  });
}

/** What can be cleaned up, with costs; refreshed with the graph. */
export function findingsQuery() {
  return queryOptions({
    queryKey: findingsKeys.all,
    queryFn: ({ signal }) => fetchJson<FindingsResponse>('/api/findings', { signal }),
    retry: retryUnlessRefused,
  });
}

/** Resources matching a search, every region the server reads, a page at a time (fetchNextPage for more). */
export function searchQuery(q: string) {
  return infiniteQueryOptions({
    queryKey: searchKeys.query(q),
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({
        q: q.trim(),
        offset: String(pageParam),
        limit: String(SEARCH_PAGE.default),
      });
      return fetchJson<SearchResponse>(`/api/search?${params.toString()}`, { signal });
    },
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.results.length < last.total ? last.offset + last.limit : undefined),
    staleTime: 5_000,
    retry: retryUnlessRefused,
  });
}

/** Amazon's base images in a region, to launch a first instance from; they change rarely. */
export function baseImagesQuery(region: string) {
  return queryOptions({
    queryKey: baseImagesKeys.region(region),
    queryFn: ({ signal }) =>
      fetchJson<BaseImagesResponse>(`/api/base-images?region=${encodeURIComponent(region)}`, { signal }),
    staleTime: 5 * 60_000,
  });
}

/** What a launch in the region (and account) can choose: subnets, security groups, key pairs, instance profiles. */
export function launchOptionsQuery(region: string, accountId: string | undefined) {
  const params = new URLSearchParams({ region });
  if (accountId) params.set('accountId', accountId);
  return queryOptions({
    queryKey: launchOptionsKeys.of(region, accountId),
    queryFn: ({ signal }) => fetchJson<LaunchOptionsResponse>(`/api/launch-options?${params}`, { signal }),
    staleTime: 60_000,
    retry: retryUnlessRefused,
  });
}

/** Runs an action; the answer is the new ids, or that a dry run would be allowed. Throws ApiRequestError. */
export function postAction<A extends ActionName>(action: A, body: ActionBody<A>): Promise<ActionResult> {
  return fetchJson<ActionResult>(`/api/actions/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * An action as a mutation. Once it has settled, whatever it did or failed to do, the graph and the findings are
 * fetched again; a dry run changes nothing, so it invalidates nothing.
 */
export function actionMutation<A extends ActionName>(client: QueryClient, action: A) {
  return mutationOptions({
    mutationKey: ['action', action],
    mutationFn: (body: ActionBody<A>) => postAction(action, body),
    // Not awaited: the dialog's own callbacks run first, before the refetch may remove what it shows.
    onSettled: (_result, _error, body) => {
      if (!body.dryRun) void invalidateAfterChange(client);
    },
  });
}

/**
 * After anything that may have changed EC2: the graph and the findings again. A small account's overview answer
 * carried the same graph the graph's query reads, and only its facts are read (the graph's own win): it is left
 * alone, so the graph is fetched once.
 */
export function invalidateAfterChange(client: QueryClient): Promise<unknown> {
  const families = lineageKeys.families();
  const small = client.getQueryData<FamiliesResponse>(families)?.overview === false;
  const isFamilies = (key: readonly unknown[]) =>
    key.length === families.length && families.every((k, i) => key[i] === k);
  return Promise.all([
    client.invalidateQueries({ queryKey: lineageKeys.all, predicate: (q) => !(small && isFamilies(q.queryKey)) }),
    client.invalidateQueries({ queryKey: findingsKeys.all }),
    client.invalidateQueries({ queryKey: searchKeys.all }),
    client.invalidateQueries({ queryKey: historyKeys.all }),
  ]);
}
