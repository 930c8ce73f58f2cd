import { createHash } from 'node:crypto';
import type { Caller } from '../accounts';
import type { Emulator } from '../emulator';
import type { ApiError } from '../errors';
import { type IdKind, kindOfId } from '../ids';
import type { ServiceCall } from '../service';
import type { TrailEventRecord } from '../state';

/**
 * The emulator's CloudTrail: every call that may change state, successful or refused, becomes a management event in
 * the caller's account (AssumeRole also in the role's account), with the caller's identity, the resources it
 * named or made, and the request and answer as CloudTrail records them.
 */

/** Where a call came from, as CloudTrail records it. */
export interface CallOrigin {
  requestId?: string;
  sourceIp?: string;
  userAgent?: string;
}

export type Outcome = { result: object } | { error: ApiError };

export interface TrailResource {
  type: string;
  name: string;
}

const RESOURCE_TYPES: Record<IdKind, string> = {
  instance: 'AWS::EC2::Instance',
  volume: 'AWS::EC2::Volume',
  snapshot: 'AWS::EC2::Snapshot',
  image: 'AWS::EC2::Ami',
};

/** A UUID-shaped id derived from text, so a scenario's trail is the same every time it is played. */
export function uuidFrom(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  const variant = (8 | (parseInt(h[16]!, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Every EC2 resource id in a value: strings that are exactly an id, in the order met. */
function collectIds(value: unknown, into: Map<string, IdKind>, depth = 0): void {
  if (typeof value === 'string') {
    const kind = value.length <= 24 ? kindOfId(value) : undefined;
    if (kind) into.set(value, kind);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into, depth + 1);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date) && depth < 8) {
    for (const v of Object.values(value)) collectIds(v, into, depth + 1);
  }
}

/** The snapshots a new image maps: CreateImage and CopyImage make them along with the image. */
function newImageSnapshots(em: Emulator, call: ServiceCall, result: object): TrailResource[] {
  const imageId = (result as { ImageId?: unknown }).ImageId;
  if (typeof imageId !== 'string') return [];
  const image = em.settledRegion(call.caller.accountId, call.region).images[imageId];
  return (image?.mappings ?? []).flatMap((m) =>
    m.snapshotId ? [{ type: RESOURCE_TYPES.snapshot, name: m.snapshotId }] : [],
  );
}

/** AssumeRole names the role, and makes a session and its access key. */
function assumedRole(_em: Emulator, call: ServiceCall, result: object | undefined): TrailResource[] {
  const out = result as { Credentials?: { AccessKeyId?: string }; AssumedRoleUser?: { Arn?: string } } | undefined;
  const resources: TrailResource[] = [];
  if (out?.Credentials?.AccessKeyId) resources.push({ type: 'AWS::IAM::AccessKey', name: out.Credentials.AccessKeyId });
  if (out?.AssumedRoleUser?.Arn) resources.push({ type: 'AWS::STS::AssumedRole', name: out.AssumedRoleUser.Arn });
  const roleArn = call.input.RoleArn;
  if (typeof roleArn === 'string') resources.push({ type: 'AWS::IAM::Role', name: roleArn });
  return resources;
}

type Extra = (em: Emulator, call: ServiceCall, result: object | undefined) => TrailResource[];

/** Resources a call makes or names beyond the EC2 ids in its request and answer, per service and action. */
const EXTRA: Record<string, Record<string, Extra>> = {
  ec2: {
    CreateImage: (em, call, result) => (result ? newImageSnapshots(em, call, result) : []),
    CopyImage: (em, call, result) => (result ? newImageSnapshots(em, call, result) : []),
  },
  sts: { AssumeRole: assumedRole },
};

function resourcesOf(em: Emulator, service: string, call: ServiceCall, result: object | undefined): TrailResource[] {
  const ids = new Map<string, IdKind>();
  collectIds(call.input, ids);
  if (result) collectIds(result, ids);
  const resources = [...ids].map(([name, kind]) => ({ type: RESOURCE_TYPES[kind], name }));
  const extra = EXTRA[service]?.[call.action]?.(em, call, result) ?? [];
  for (const r of extra) if (!resources.some((x) => x.name === r.name)) resources.push(r);
  return resources;
}

/** Member names as CloudTrail writes them (lowerCamelCase), times as ISO text, without empty lists and tags. */
function elements(value: unknown, dropTags: boolean): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => elements(v, dropTags));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0) || (dropTags && key === 'Tags')) continue;
    out[key.charAt(0).toLowerCase() + key.slice(1)] = elements(v, dropTags);
  }
  return out;
}

/** EC2 writes its error codes in CloudTrail as `Client.…` or `Server.…`. */
const errorCode = (service: string, error: ApiError) =>
  service === 'ec2' ? `${error.status >= 500 ? 'Server' : 'Client'}.${error.code}` : error.code;

export interface CallRecord {
  service: string;
  call: ServiceCall;
  outcome: Outcome;
  origin: CallOrigin;
  /** Numbers the next event. */
  nextSeq(): number;
}

/** The events one call leaves in CloudTrail: in the caller's account, and for AssumeRole in the role's too. */
export function eventsOfCall(
  em: Emulator,
  { service, call, outcome, origin, nextSeq }: CallRecord,
): TrailEventRecord[] {
  const result = 'result' in outcome ? outcome.result : undefined;
  const error = 'error' in outcome ? outcome.error : undefined;
  const seq = nextSeq();
  const requestId = origin.requestId ?? uuidFrom(`request/${seq}`);
  const response = result ? (elements(result, true) as Record<string, unknown>) : null;
  const detail = JSON.stringify({
    requestParameters: Object.keys(call.input).length > 0 ? elements(call.input, false) : null,
    responseElements: response && service === 'ec2' ? { requestId, ...response } : response,
    requestID: requestId,
    sourceIPAddress: origin.sourceIp ?? '127.0.0.1',
    userAgent: origin.userAgent ?? 'aws-sdk-js/3',
    ...(error ? { errorCode: errorCode(service, error), errorMessage: error.message } : {}),
  });
  const caller: Caller = call.caller;
  const event: TrailEventRecord = {
    seq,
    eventId: uuidFrom(`event/${seq}`),
    at: em.now(),
    accountId: caller.accountId,
    region: call.region,
    source: `${service}.amazonaws.com`,
    name: call.action,
    arn: caller.arn,
    accessKeyId: caller.accessKeyId,
    sessionIssuedAt: caller.sessionIssuedAt,
    resources: resourcesOf(em, service, call, result),
    detail,
  };
  const roleAccount = /^arn:aws:iam::(\d{12}):role\//.exec(String(call.input.RoleArn ?? ''))?.[1];
  if (service !== 'sts' || !result || !roleAccount || roleAccount === caller.accountId) return [event];
  const otherSeq = nextSeq();
  return [event, { ...event, seq: otherSeq, eventId: uuidFrom(`event/${otherSeq}`), accountId: roleAccount }];
}
