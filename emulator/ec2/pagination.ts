import { invalidParameterCombination, invalidParameterValue } from '../errors';

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

const encodeToken = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');

function decodeToken(token: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) throw invalidParameterValue(`The token '${token}' is invalid.`);
  return Number(match[1]);
}

/**
 * Pages a list ordered by creation (seq). The token carries the last seq returned, so resources created or
 * deleted between pages never shift what the next page holds.
 */
export function paginate<T extends { seq: number }>(
  items: readonly T[],
  request: PageRequest,
  /** clampAbove: a MaxResults above max answers max items instead of failing (DescribeVolumes, DescribeSnapshots). */
  range: { min: number; max: number; clampAbove?: boolean },
  explicitIds: boolean,
): Page<T> {
  if (request.MaxResults === undefined) {
    if (request.NextToken !== undefined) {
      const after = decodeToken(request.NextToken);
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
  const after = request.NextToken === undefined ? -1 : decodeToken(request.NextToken);
  let start = 0;
  while (start < items.length && items[start]!.seq <= after) start++;
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return { items: page, nextToken: more ? encodeToken(page[page.length - 1]!.seq) : undefined };
}
