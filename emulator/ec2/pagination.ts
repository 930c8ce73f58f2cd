import { invalidParameterCombination, invalidParameterValue } from '../errors';

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** scope: the action the token belongs to. clampAbove: a MaxResults above max answers max items instead of failing (DescribeVolumes, DescribeSnapshots). */
export interface PageRange {
  scope: string;
  min: number;
  max: number;
  clampAbove?: boolean;
}

/** A token names the call it continues, so one Describe's token is refused by another. */
const encodeToken = (scope: string, seq: number) => Buffer.from(`${scope}:seq:${seq}`).toString('base64url');

function decodeToken(scope: string, token: string): number {
  const match = /^([A-Za-z]+):seq:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (match?.[1] !== scope) throw invalidParameterValue(`The token '${token}' is invalid.`);
  return Number(match[2]);
}

/** The page size asked for (undefined: everything), checked against the action's range. */
function pageSize(request: PageRequest, range: PageRange, explicitIds: boolean): number | undefined {
  if (request.MaxResults === undefined) return undefined;
  if (explicitIds) {
    throw invalidParameterCombination('The parameter MaxResults cannot be used with the parameter of resource IDs');
  }
  const max = range.clampAbove && request.MaxResults > range.max ? range.max : request.MaxResults;
  if (!Number.isInteger(request.MaxResults) || max < range.min || max > range.max) {
    throw invalidParameterValue(
      `Value ( ${request.MaxResults} ) for parameter maxResults is invalid. Expecting a value between ${range.min} and ${range.max}.`,
    );
  }
  return max;
}

const afterOf = (request: PageRequest, range: PageRange) =>
  request.NextToken === undefined ? -1 : decodeToken(range.scope, request.NextToken);

/**
 * Pages a short list ordered by creation (seq). The token carries the last seq returned, so resources created or
 * deleted between pages never shift what the next page holds.
 */
export function paginate<T extends { seq: number }>(
  items: readonly T[],
  request: PageRequest,
  range: PageRange,
  explicitIds: boolean,
): Page<T> {
  const max = pageSize(request, range, explicitIds);
  const after = afterOf(request, range);
  if (max === undefined) return { items: after < 0 ? [...items] : items.filter((i) => i.seq > after) };
  let start = 0;
  while (start < items.length && items[start]!.seq <= after) start++;
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return { items: page, nextToken: more ? encodeToken(range.scope, page[page.length - 1]!.seq) : undefined };
}

/** The index of the first item whose seq is above `after`, in a list sorted by seq. */
function firstAfter(ordered: readonly { seq: number }[], after: number): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ordered[mid]!.seq <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Pages a large list sorted by seq (a table's records in creation order) without reading what comes before the
 * token: the token's seq is found by binary search, then items are tested until the page is full and one more
 * matches. A page costs what it holds (plus the items the predicate skips), so walking every page is linear.
 *
 * `group` (optional) gathers consecutive matching items with the same key into one page item, at the position of its
 * last (newest) item: DescribeInstances pages count reservations, whose instances are created together.
 */
export function paginateOrdered<T extends { seq: number }>(
  ordered: readonly T[],
  matches: (item: T) => boolean,
  request: PageRequest,
  range: PageRange,
  group?: (item: T) => string,
): Page<T[]> {
  const max = pageSize(request, range, false) ?? Number.POSITIVE_INFINITY;
  const items: T[][] = [];
  let current: T[] | undefined;
  let key: string | undefined;
  for (let i = firstAfter(ordered, afterOf(request, range)); i < ordered.length; i++) {
    const item = ordered[i]!;
    if (!matches(item)) continue;
    const k = group?.(item);
    if (current && group && k === key) {
      current.push(item);
      continue;
    }
    // One more unit matches: the page is full and there is more.
    if (items.length === max) {
      return { items, nextToken: encodeToken(range.scope, current![current!.length - 1]!.seq) };
    }
    current = [item];
    key = k;
    items.push(current);
  }
  return { items };
}

/**
 * One page of a Describe call: records named by id (a short list, in the order asked; MaxResults refused) are kept
 * and paged as they are; otherwise `records` is a table in creation order, paged from the token's position.
 */
export function pageOf<T extends { seq: number }>(
  records: readonly T[],
  byIds: boolean,
  keep: (item: T) => boolean,
  request: PageRequest,
  range: PageRange,
): Page<T> {
  if (byIds) return paginate(records.filter(keep), request, range, true);
  const page = paginateOrdered(records, keep, request, range);
  return { items: page.items.flat(), nextToken: page.nextToken };
}
