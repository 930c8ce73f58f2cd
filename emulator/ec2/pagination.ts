import { invalidParameterCombination, invalidParameterValue } from '../errors';

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** A token names the call it continues, so one Describe's token is refused by another. */
const encodeToken = (scope: string, seq: number) => Buffer.from(`${scope}:seq:${seq}`).toString('base64url');

function decodeToken(scope: string, token: string): number {
  const match = /^([A-Za-z]+):seq:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (match?.[1] !== scope) throw invalidParameterValue(`The token '${token}' is invalid.`);
  return Number(match[2]);
}

/**
 * Pages a list ordered by creation (seq). The token carries the last seq returned, so resources created or
 * deleted between pages never shift what the next page holds.
 */
export function paginate<T extends { seq: number }>(
  items: readonly T[],
  request: PageRequest,
  /** scope: the action the token belongs to. clampAbove: a MaxResults above max answers max items instead of failing (DescribeVolumes, DescribeSnapshots). */
  range: { scope: string; min: number; max: number; clampAbove?: boolean },
  explicitIds: boolean,
): Page<T> {
  if (request.MaxResults === undefined) {
    if (request.NextToken !== undefined) {
      const after = decodeToken(range.scope, request.NextToken);
      return { items: items.filter((i) => i.seq > after) };
    }
    return { items: [...items] };
  }
  if (explicitIds) {
    throw invalidParameterCombination('The parameter MaxResults cannot be used with the parameter of resource IDs');
  }
  const max = range.clampAbove && request.MaxResults > range.max ? range.max : request.MaxResults;
  if (!Number.isInteger(request.MaxResults) || max < range.min || max > range.max) {
    throw invalidParameterValue(
      `Value ( ${request.MaxResults} ) for parameter maxResults is invalid. Expecting a value between ${range.min} and ${range.max}.`,
    );
  }
  const after = request.NextToken === undefined ? -1 : decodeToken(range.scope, request.NextToken);
  let start = 0;
  while (start < items.length && items[start]!.seq <= after) start++;
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return { items: page, nextToken: more ? encodeToken(range.scope, page[page.length - 1]!.seq) : undefined };
}
