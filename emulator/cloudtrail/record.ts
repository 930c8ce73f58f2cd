import { createHash } from 'node:crypto';
import type { Caller } from '../accounts';
import type { Emulator } from '../emulator';
import type { ApiError } from '../errors';
import { kindOfId } from '../ids';
import type { ServiceCall } from '../service';
import type { TrailActorRecord, TrailEventRecord } from '../state';

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

/** A UUID-shaped id derived from text, so a scenario's trail is the same every time it is played. */
export function uuidFrom(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  const variant = (8 | (parseInt(h[16]!, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ID_PREFIX = /^(i|vol|snap|ami)-/;

/** Every EC2 resource id in a value: strings that are exactly an id, in the order met. */
function collectIds(value: unknown, into: Set<string>, depth = 0): void {
  if (typeof value === 'string') {
    if (value.length <= 24 && ID_PREFIX.test(value) && kindOfId(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into, depth + 1);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date) && depth < 8) {
    for (const v of Object.values(value)) collectIds(v, into, depth + 1);
  }
}

/** The snapshots a new image maps: CreateImage and CopyImage make them along with the image. */
function newImageSnapshots(em: Emulator, call: ServiceCall, result: object | undefined): string[] {
  const imageId = (result as { ImageId?: unknown } | undefined)?.ImageId;
  if (typeof imageId !== 'string') return [];
  const image = em.settledRegion(call.caller.accountId, call.region).images[imageId];
  return (image?.mappings ?? []).flatMap((m) => (m.snapshotId ? [m.snapshotId] : []));
}

/** AssumeRole makes a session and its access key, and names the role. */
function assumedRole(_em: Emulator, call: ServiceCall, result: object | undefined): string[] {
  const out = result as { Credentials?: { AccessKeyId?: string }; AssumedRoleUser?: { Arn?: string } } | undefined;
  const roleArn = call.input.RoleArn;
  return [
    out?.Credentials?.AccessKeyId,
    out?.AssumedRoleUser?.Arn,
    typeof roleArn === 'string' ? roleArn : undefined,
  ].filter((name): name is string => name !== undefined);
}

type Extra = (em: Emulator, call: ServiceCall, result: object | undefined) => string[];

/** Resources a call makes or names beyond the EC2 ids in its request and answer, per service and action. */
const EXTRA: Record<string, Record<string, Extra>> = {
  ec2: { CreateImage: newImageSnapshots, CopyImage: newImageSnapshots, RunInstances: newVolumes },
  sts: { AssumeRole: assumedRole },
};

/** The volumes RunInstances made for its instances. */
function newVolumes(_em: Emulator, _call: ServiceCall, result: object | undefined): string[] {
  const { Instances } = (result ?? {}) as { Instances?: { BlockDeviceMappings?: { Ebs?: { VolumeId?: string } }[] }[] };
  return (Instances ?? []).flatMap((i) => (i.BlockDeviceMappings ?? []).flatMap((m) => m.Ebs?.VolumeId ?? []));
}

/** The ids in the request and in the kept answer, and what the action adds. */
function resourcesOf(
  em: Emulator,
  service: string,
  call: ServiceCall,
  result: object | undefined,
  answer: object | undefined,
): string[] {
  const names = new Set<string>();
  collectIds(call.input, names);
  collectIds(answer, names);
  for (const name of EXTRA[service]?.[call.action]?.(em, call, result) ?? []) names.add(name);
  return [...names];
}

/** What of an answer the trail keeps (an account's trail holds tens of thousands): ids, states and sizes. */
const KEPT = /(Id|State|Size|Return)$/;

function answerOf(value: unknown, depth = 0): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v) && depth === 0) {
      const items = v.map((item) => answerOf(item, depth + 1)).filter((item) => item !== undefined);
      if (items.length > 0) out[key] = items;
    } else if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      const name = (v as { Name?: unknown }).Name;
      if (key.endsWith('State') && typeof name === 'string') out[key] = { Name: name };
    } else if (v !== undefined && KEPT.test(key)) out[key] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
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
  nextSeq: () => number;
  /** The index of the caller in the trail's actors. */
  actorOf(actor: TrailActorRecord): number;
}

/** One event and the account whose trail holds it. */
export interface LoggedEvent {
  accountId: string;
  event: TrailEventRecord;
}

/** The events one call leaves in CloudTrail: in the caller's account, and for AssumeRole in the role's too. */
export function eventsOfCall(em: Emulator, record: CallRecord): LoggedEvent[] {
  const { service, call, outcome, origin, nextSeq } = record;
  const result = 'result' in outcome ? outcome.result : undefined;
  const error = 'error' in outcome ? outcome.error : undefined;
  const caller: Caller = call.caller;
  const answer = answerOf(result);
  const actor: TrailActorRecord = {
    arn: caller.arn,
    accessKeyId: caller.accessKeyId,
    sourceIp: origin.sourceIp ?? '127.0.0.1',
    userAgent: origin.userAgent ?? 'aws-sdk-js/3',
  };
  const event: TrailEventRecord = {
    seq: nextSeq(),
    at: em.now(),
    region: call.region,
    service,
    name: call.action,
    actor: record.actorOf(actor),
    sessionIssuedAt: caller.sessionIssuedAt,
    resources: resourcesOf(em, service, call, result, answer),
    request: Object.keys(call.input).length > 0 ? JSON.stringify(call.input) : undefined,
    response: answer ? JSON.stringify(answer) : undefined,
    error: error ? [errorCode(service, error), error.message] : undefined,
    requestId: origin.requestId,
  };
  const events = [{ accountId: caller.accountId, event }];
  const roleAccount = /^arn:aws:iam::(\d{12}):role\//.exec(
    typeof call.input.RoleArn === 'string' ? call.input.RoleArn : '',
  )?.[1];
  if (service === 'sts' && result && roleAccount && roleAccount !== caller.accountId)
    events.push({ accountId: roleAccount, event: { ...event, seq: nextSeq() } });
  return events;
}
