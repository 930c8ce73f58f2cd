import type { Event } from '@aws-sdk/client-cloudtrail';
import { roleArn, roleId, userOf } from '../accounts';
import type { TrailEventRecord } from '../state';

/** Events as LookupEvents answers them, with the CloudTrail record as the JSON text CloudTrail gives. */

const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_ARN = /^arn:aws:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;

/** `Username`: an IAM user's name, or an assumed role's session name. */
export function usernameOf(arn: string): string {
  return USER_ARN.exec(arn)?.[2] ?? SESSION_ARN.exec(arn)?.[3] ?? arn.slice(arn.lastIndexOf('/') + 1);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function userIdentity(e: TrailEventRecord): Record<string, unknown> {
  const session = SESSION_ARN.exec(e.arn);
  if (session) {
    const [, accountId, role, name] = session as unknown as [string, string, string, string];
    return {
      type: 'AssumedRole',
      principalId: `${roleId(accountId, role)}:${name}`,
      arn: e.arn,
      accountId,
      accessKeyId: e.accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: roleId(accountId, role),
          arn: roleArn(accountId, role),
          accountId,
          userName: role,
        },
        attributes: { creationDate: iso(e.sessionIssuedAt ?? e.at), mfaAuthenticated: 'false' },
      },
    };
  }
  const user = USER_ARN.exec(e.arn);
  const accountId = user?.[1] ?? e.accountId;
  const userName = user?.[2] ?? usernameOf(e.arn);
  return {
    type: 'IAMUser',
    principalId: userOf(accountId, userName).userId,
    arn: e.arn,
    accountId,
    accessKeyId: e.accessKeyId,
    userName,
  };
}

/** The CloudTrail record of an event, as the JSON text LookupEvents gives in `CloudTrailEvent`. */
export function cloudTrailEvent(e: TrailEventRecord): string {
  const { requestID, sourceIPAddress, userAgent, requestParameters, responseElements, ...error } = JSON.parse(
    e.detail,
  ) as Record<string, unknown>;
  return JSON.stringify({
    eventVersion: '1.10',
    userIdentity: userIdentity(e),
    eventTime: iso(e.at),
    eventSource: e.source,
    eventName: e.name,
    awsRegion: e.region,
    sourceIPAddress,
    userAgent,
    ...error,
    requestParameters,
    responseElements,
    requestID,
    eventID: e.eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: e.accountId,
    eventCategory: 'Management',
  });
}

export function eventView(e: TrailEventRecord): Event {
  return {
    EventId: e.eventId,
    EventName: e.name,
    ReadOnly: 'false',
    AccessKeyId: e.accessKeyId || undefined,
    EventTime: new Date(e.at),
    EventSource: e.source,
    Username: usernameOf(e.arn),
    Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: cloudTrailEvent(e),
  };
}
