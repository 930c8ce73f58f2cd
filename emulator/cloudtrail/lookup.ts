import { createHash } from 'node:crypto';
import * as sdk from '@aws-sdk/client-cloudtrail';
import type { LookupAttributeKey, LookupEventsRequest, LookupEventsResponse } from '@aws-sdk/client-cloudtrail';
import { ApiError } from '../errors';
import { errorStatus } from '../protocol/schema';
import type { TrailActorRecord, TrailEventRecord } from '../state';
import { eventIdOf, eventSourceOf, eventView, resourceType, usernameOf } from './render';
import { RETENTION_MS, firstAtOrAfter } from './store';

/**
 * LookupEvents as CloudTrail answers it: one lookup attribute at most, a time range (the last 90 days unless
 * told), newest first, at most 50 a page, a NextToken that only works with the parameters it came from.
 */

export const MAX_RESULTS = 50;

/** An error the CloudTrail model defines, with the status the model gives it. */
export const modelled = (code: string, message: string) => new ApiError(code, message, errorStatus(sdk, code) ?? 400);

type Matcher = (e: TrailEventRecord, actor: TrailActorRecord, value: string) => boolean;

const MATCHERS: Record<LookupAttributeKey, Matcher> = {
  EventId: (e, _a, v) => eventIdOf(e) === v,
  EventName: (e, _a, v) => e.name === v,
  // The emulator logs the calls that change state: none is read-only.
  ReadOnly: (_e, _a, v) => v === 'false',
  Username: (_e, a, v) => usernameOf(a.arn) === v,
  ResourceType: (e, _a, v) => e.resources.some((name) => resourceType(name) === v),
  ResourceName: (e, _a, v) => e.resources.includes(v),
  EventSource: (e, _a, v) => eventSourceOf(e) === v,
  AccessKeyId: (_e, a, v) => a.accessKeyId === v,
};

const isKey = (key: string): key is LookupAttributeKey => Object.hasOwn(MATCHERS, key);

interface Query {
  match(e: TrailEventRecord, actor: TrailActorRecord): boolean;
  /** Both ends included, epoch ms. */
  start: number;
  end: number;
  max: number;
  /** No events at all: Insights events, which the emulator has none of. */
  none: boolean;
  fingerprint: string;
}

function matcherOf(input: LookupEventsRequest): (e: TrailEventRecord, actor: TrailActorRecord) => boolean {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1)
    throw modelled('InvalidLookupAttributesException', 'You can specify only one lookup attribute in a request.');
  const [attribute] = attributes;
  if (!attribute) return () => true;
  const key = attribute.AttributeKey ?? '';
  if (!isKey(key)) {
    throw modelled(
      'InvalidLookupAttributesException',
      `The attribute key '${key}' is not valid. Valid keys: ${Object.keys(MATCHERS).join(', ')}.`,
    );
  }
  const value = attribute.AttributeValue ?? '';
  if (value === '' || value.length > 2000)
    throw modelled(
      'InvalidLookupAttributesException',
      `The value of the attribute ${key} must be 1 to 2000 characters.`,
    );
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false')
    throw modelled('InvalidLookupAttributesException', `The value of ReadOnly must be 'true' or 'false'.`);
  const matches = MATCHERS[key];
  return (e, actor) => matches(e, actor, value);
}

function queryOf(input: LookupEventsRequest, now: number): Query {
  const match = matcherOf(input);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight')
    throw modelled(
      'InvalidEventCategoryException',
      `The event category '${String(input.EventCategory)}' is not valid.`,
    );
  const max = input.MaxResults ?? MAX_RESULTS;
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
    throw modelled('InvalidMaxResultsException', `MaxResults must be from 1 to ${MAX_RESULTS}, not ${max}.`);
  const start = Math.max(input.StartTime?.getTime() ?? -Infinity, now - RETENTION_MS);
  const end = input.EndTime?.getTime() ?? now;
  if (input.StartTime && input.EndTime && input.StartTime.getTime() > input.EndTime.getTime())
    throw modelled('InvalidTimeRangeException', 'The start time must not be after the end time.');
  const fingerprint = createHash('sha1')
    .update(
      JSON.stringify([
        input.LookupAttributes ?? [],
        input.StartTime?.getTime() ?? null,
        input.EndTime?.getTime() ?? null,
        input.EventCategory ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 12);
  return { match, start, end, max, none: input.EventCategory === 'insight', fingerprint };
}

const encodeToken = (e: TrailEventRecord, fingerprint: string) =>
  Buffer.from(`${e.at}.${e.seq}.${fingerprint}`).toString('base64url');

/** Where the page starts: just before the event the token names. */
function decodeToken(token: string | undefined, fingerprint: string): { at: number; seq: number } | undefined {
  if (token === undefined) return undefined;
  const parts = /^(-?\d+)\.(\d+)\.([0-9a-f]{12})$/.exec(Buffer.from(token, 'base64url').toString());
  if (parts?.[3] !== fingerprint) {
    throw modelled(
      'InvalidNextTokenException',
      'The token is not valid, or it was used in a request with different parameters.',
    );
  }
  return { at: Number(parts[1]), seq: Number(parts[2]) };
}

/** An account's trail: its events oldest first, and the callers they name. */
export interface AccountTrail {
  accountId: string;
  events: readonly TrailEventRecord[];
  actors: readonly TrailActorRecord[];
}

/** One page of an account's events in a region, newest first. */
export function lookupEvents(
  { accountId, events, actors }: AccountTrail,
  region: string,
  input: LookupEventsRequest,
  now: number,
): LookupEventsResponse {
  const query = queryOf(input, now);
  const after = decodeToken(input.NextToken, query.fingerprint);
  if (query.none) return { Events: [] };
  const page: TrailEventRecord[] = [];
  let more = false;
  const first = firstAtOrAfter(events, query.start);
  for (let i = firstAtOrAfter(events, query.end + 1) - 1; i >= first; i--) {
    const e = events[i]!;
    if (after && (e.at > after.at || (e.at === after.at && e.seq >= after.seq))) continue;
    if (e.region !== region || !query.match(e, actors[e.actor]!)) continue;
    if (page.length === query.max) {
      more = true;
      break;
    }
    page.push(e);
  }
  const last = page[page.length - 1];
  return {
    Events: page.map((event) => eventView({ accountId, event, actor: actors[event.actor]! })),
    NextToken: more && last ? encodeToken(last, query.fingerprint) : undefined,
  };
}
