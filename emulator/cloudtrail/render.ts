import type { Event } from '@aws-sdk/client-cloudtrail';
import { roleArn, roleId, userOf } from '../accounts';
import { type IdKind, kindOfId } from '../ids';
import type { TrailActorRecord, TrailEventRecord } from '../state';
import { uuidFrom } from './record';

/** Events as LookupEvents answers them, with the CloudTrail record as the JSON text CloudTrail gives. */

/** An event as LookupEvents needs it: the record, the account whose trail holds it, and who made it. */
export interface TrailEntry {
  accountId: string;
  event: TrailEventRecord;
  actor: TrailActorRecord;
}

const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_ARN = /^arn:aws:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;

const EC2_TYPES: Record<IdKind, string> = {
  instance: 'AWS::EC2::Instance',
  volume: 'AWS::EC2::Volume',
  snapshot: 'AWS::EC2::Snapshot',
  image: 'AWS::EC2::Ami',
};

/** A resource's CloudTrail type, from the shape of its id or ARN. */
export function resourceType(name: string): string {
  const kind = kindOfId(name);
  if (kind) return EC2_TYPES[kind];
  if (/^arn:aws:iam::\d{12}:role\//.test(name)) return 'AWS::IAM::Role';
  if (SESSION_ARN.test(name)) return 'AWS::STS::AssumedRole';
  if (/^A[SK]IA[A-Z2-7]{16}$/.test(name)) return 'AWS::IAM::AccessKey';
  return 'AWS::Resource';
}

export const eventIdOf = (e: TrailEventRecord) => uuidFrom(`event/${e.seq}`);
export const eventSourceOf = (e: TrailEventRecord) => `${e.service}.amazonaws.com`;

/** `Username`: an IAM user's name, or an assumed role's session name. */
export function usernameOf(arn: string): string {
  return USER_ARN.exec(arn)?.[2] ?? SESSION_ARN.exec(arn)?.[3] ?? arn.slice(arn.lastIndexOf('/') + 1);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function userIdentity({ accountId, event, actor }: TrailEntry): Record<string, unknown> {
  const session = SESSION_ARN.exec(actor.arn);
  if (session) {
    const [, account, role, name] = session as unknown as [string, string, string, string];
    return {
      type: 'AssumedRole',
      principalId: `${roleId(account, role)}:${name}`,
      arn: actor.arn,
      accountId: account,
      accessKeyId: actor.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: roleId(account, role),
          arn: roleArn(account, role),
          accountId: account,
          userName: role,
        },
        attributes: { creationDate: iso(event.sessionIssuedAt ?? event.at), mfaAuthenticated: 'false' },
      },
    };
  }
  const user = USER_ARN.exec(actor.arn);
  const account = user?.[1] ?? accountId;
  const userName = user?.[2] ?? usernameOf(actor.arn);
  const principalId = userOf(account, userName).userId;
  return { type: 'IAMUser', principalId, arn: actor.arn, accountId: account, accessKeyId: actor.accessKeyId, userName };
}

/** Member names as CloudTrail writes them (lowerCamelCase), times as ISO text, without empty lists. */
function elements(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(elements);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[key.charAt(0).toLowerCase() + key.slice(1)] = elements(v);
  }
  return out;
}

/** The CloudTrail record of an event, as the JSON text LookupEvents gives in `CloudTrailEvent`. */
export function cloudTrailEvent(entry: TrailEntry): string {
  const { event: e, actor, accountId } = entry;
  const requestId = e.requestId ?? uuidFrom(`request/${e.seq}`);
  const response = e.error ? null : (elements(e.response ? JSON.parse(e.response) : {}) as Record<string, unknown>);
  return JSON.stringify({
    eventVersion: '1.10',
    userIdentity: userIdentity(entry),
    eventTime: iso(e.at),
    eventSource: eventSourceOf(e),
    eventName: e.name,
    awsRegion: e.region,
    sourceIPAddress: actor.sourceIp,
    userAgent: actor.userAgent,
    ...(e.error ? { errorCode: e.error[0], errorMessage: e.error[1] } : {}),
    requestParameters: e.request ? elements(JSON.parse(e.request)) : null,
    responseElements: response && e.service === 'ec2' ? { requestId, ...response } : response,
    requestID: requestId,
    eventID: eventIdOf(e),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  });
}

export function eventView(entry: TrailEntry): Event {
  const { event: e, actor } = entry;
  return {
    EventId: eventIdOf(e),
    EventName: e.name,
    ReadOnly: 'false',
    AccessKeyId: actor.accessKeyId || undefined,
    EventTime: new Date(e.at),
    EventSource: eventSourceOf(e),
    Username: usernameOf(actor.arn),
    Resources: e.resources.map((name) => ({ ResourceType: resourceType(name), ResourceName: name })),
    CloudTrailEvent: cloudTrailEvent(entry),
  };
}
