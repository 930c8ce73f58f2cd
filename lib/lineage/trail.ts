/**
 * Who did what, from CloudTrail: the lineage events, what each one made, removed or changed, and who made the call.
 * Pure: the server hands in each event's name, time and record (the JSON text LookupEvents gives); nodes come out
 * with `createdBy` and `deletedBy` where a stored event says so.
 */
import { ANY_ISSUED_ID, ID_PREFIX } from './ec2';
import type { LineageGraph, LineageNode, NodeKind } from './types';

/** The management events Lineage reads, each with the kinds of resource it makes, removes or changes. */
export const TRAIL_EVENTS = {
  RunInstances: { creates: ['instance', 'volume'] },
  CreateImage: { creates: ['image'] },
  RegisterImage: { creates: ['image'] },
  CopyImage: { creates: ['image'] },
  CreateSnapshot: { creates: ['snapshot'] },
  CreateSnapshots: { creates: ['snapshot'] },
  CopySnapshot: { creates: ['snapshot'] },
  CreateVolume: { creates: ['volume'] },
  DeleteSnapshot: { deletes: ['snapshot'] },
  DeleteVolume: { deletes: ['volume'] },
  DeregisterImage: { deletes: ['image'] },
  TerminateInstances: { deletes: ['instance'] },
  ModifyImageAttribute: { modifies: ['image'] },
  ModifySnapshotAttribute: { modifies: ['snapshot'] },
} as const satisfies Record<string, { creates?: NodeKind[]; deletes?: NodeKind[]; modifies?: NodeKind[] }>;
export type TrailEventName = keyof typeof TRAIL_EVENTS;
export const TRAIL_EVENT_NAMES = Object.keys(TRAIL_EVENTS) as TrailEventName[];

export const TRAIL_ROLES = ['created', 'deleted', 'modified'] as const;
export type TrailRole = (typeof TRAIL_ROLES)[number];

/** Who made a call, and when: `arn` is the caller's (an IAM user, an assumed role's session, a service). */
export interface Attribution {
  arn: string;
  eventName: string;
  /** ISO-8601. */
  at: string;
}

/** One resource an event made, removed or changed. */
export interface TrailFact extends Attribution {
  eventId: string;
  resourceId: string;
  role: TrailRole;
  region: string;
}

/** An event as LookupEvents gives it, reduced to what is read here. */
export interface TrailEventInput {
  eventId: string;
  eventName: string;
  at: string;
  /** `Username` of the event, used when the record names no ARN. */
  username: string | null;
  /** `CloudTrailEvent`: the record as JSON text. */
  record: string | null;
}

const KIND_OF_PREFIX = new Map<string, NodeKind>(
  (Object.entries(ID_PREFIX) as [NodeKind, string][]).map(([kind, prefix]) => [prefix, kind]),
);

/** The kind of an id EC2 issued, from its prefix. */
export function kindOfIssuedId(id: string): NodeKind | undefined {
  return ANY_ISSUED_ID.test(id) ? KIND_OF_PREFIX.get(id.slice(0, id.indexOf('-'))) : undefined;
}

/** Every issued EC2 id of the given kinds in a value (the request or the answer of a call). */
function idsIn(value: unknown, kinds: readonly NodeKind[], into: Set<string>, depth = 0): Set<string> {
  if (typeof value === 'string') {
    const kind = kindOfIssuedId(value);
    if (kind && kinds.includes(kind)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, kinds, into, depth + 1);
  } else if (typeof value === 'object' && value !== null && depth < 10) {
    for (const v of Object.values(value)) idsIn(v, kinds, into, depth + 1);
  }
  return into;
}

const isTrailEvent = (name: string): name is TrailEventName => Object.hasOwn(TRAIL_EVENTS, name);

interface ParsedRecord {
  arn: string | null;
  region: string | null;
  failed: boolean;
  request: unknown;
  response: unknown;
}

function parseRecord(text: string | null): ParsedRecord {
  let r: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') r = parsed as Record<string, unknown>;
  } catch {
    // a record that is not JSON names nothing
  }
  const identity = (r.userIdentity ?? {}) as Record<string, unknown>;
  const arn = typeof identity.arn === 'string' ? identity.arn : typeof r.invokedBy === 'string' ? r.invokedBy : null;
  return {
    arn,
    region: typeof r.awsRegion === 'string' ? r.awsRegion : null,
    failed: typeof r.errorCode === 'string',
    request: r.requestParameters,
    response: r.responseElements,
  };
}

/**
 * What one event did to which resources: ids of the kinds it makes found in its answer, of the kinds it removes
 * or changes found in its request. A refused call did nothing.
 */
export function trailFacts(event: TrailEventInput, region: string): TrailFact[] {
  if (!isTrailEvent(event.eventName)) return [];
  const record = parseRecord(event.record);
  if (record.failed) return [];
  const arn = record.arn ?? event.username ?? 'unknown';
  const effect: { creates?: readonly NodeKind[]; deletes?: readonly NodeKind[]; modifies?: readonly NodeKind[] } =
    TRAIL_EVENTS[event.eventName];
  const base = {
    eventId: event.eventId,
    eventName: event.eventName,
    at: event.at,
    arn,
    region: record.region ?? region,
  };
  const out: TrailFact[] = [];
  const add = (ids: Set<string>, role: TrailRole) => {
    for (const resourceId of ids) out.push({ ...base, resourceId, role });
  };
  if (effect.creates) add(idsIn(record.response, effect.creates, new Set()), 'created');
  if (effect.deletes) add(idsIn(record.request, effect.deletes, new Set()), 'deleted');
  if (effect.modifies) add(idsIn(record.request, effect.modifies, new Set()), 'modified');
  return out;
}

/** Who made and who removed a resource, as far as the stored events tell. */
export interface ResourceAttribution {
  createdBy?: Attribution;
  deletedBy?: Attribution;
}

/**
 * The nodes of `graph` with `createdBy`, and for ghosts `deletedBy`, where `known` has them; nodes without are the
 * same objects. The graph given is not changed.
 */
export function attribute(graph: LineageGraph, known: ReadonlyMap<string, ResourceAttribution>): LineageGraph {
  if (known.size === 0) return graph;
  let changed = false;
  const nodes = graph.nodes.map((node): LineageNode => {
    const createdBy = known.get(node.id)?.createdBy;
    const deletedBy = node.external ? known.get(node.id)?.deletedBy : undefined;
    if (!createdBy && !deletedBy) return node;
    changed = true;
    return { ...node, ...(createdBy ? { createdBy } : {}), ...(deletedBy ? { deletedBy } : {}) };
  });
  return changed ? { nodes, edges: graph.edges } : graph;
}

/** The short name of a caller: the last part of its ARN (`…/ci-pipeline`), or the ARN itself. */
export function callerName(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 && slash < arn.length - 1 ? arn.slice(slash + 1) : arn;
}
