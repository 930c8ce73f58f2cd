import { randomBytes } from 'node:crypto';
import * as sdk from '@aws-sdk/client-sts';
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  GetCallerIdentityRequest,
  GetCallerIdentityResponse,
} from '@aws-sdk/client-sts';
import { roleArn, roleId } from '../accounts';
import { ApiError, expiredToken } from '../errors';
import { awsQuery } from '../protocol/aws-query';
import { sdkOperations } from '../protocol/schema';
import { type ActionDef, type CallContext, registryService } from '../service';

/**
 * STS on the emulator's endpoint (AWS Query protocol): who the caller is, and temporary keys for a role of another
 * account. AssumeRole succeeds only for a role the scenario defines in that account whose trust policy names the
 * caller's account; anything else is AccessDenied, as STS answers. Issued keys act in the role's account until they
 * expire (by the emulator's clock).
 */

/** The STS client's protocol settings (`STSClient.config.protocolSettings`); a contract test checks them. */
export const STS_SETTINGS = { xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' };

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const DEFAULT_DURATION_SECONDS = 3600;
const DAY_MS = 86_400_000;

const define = <I, O>(def: ActionDef<CallContext, I, O>) => def;

const validation = (message: string) => new ApiError('ValidationError', message);

const notNull = (value: string | undefined, member: string): string => {
  if (value === undefined || value === '')
    throw validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
};

const random = (alphabet: string, length: number) =>
  Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function checkAssumeRole(input: AssumeRoleRequest): {
  accountId: string;
  role: string;
  session: string;
  seconds: number;
} {
  const arn = notNull(input.RoleArn, 'roleArn');
  const session = notNull(input.RoleSessionName, 'roleSessionName');
  const match = ROLE_ARN.exec(arn);
  if (!match)
    throw validation(`Value '${arn}' at 'roleArn' failed to satisfy constraint: Member must be an IAM role ARN`);
  if (!SESSION_NAME.test(session)) {
    throw validation(
      `Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must have length 2 to 64 and match [\\w+=,.@-]*`,
    );
  }
  const seconds = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
    throw validation(
      `Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  return { accountId: match[1]!, role: match[2]!, session, seconds };
}

const STS_ACTIONS = sdkOperations<typeof sdk>()({
  GetCallerIdentity: define<GetCallerIdentityRequest, GetCallerIdentityResponse>({
    mutating: false,
    handle: ({ caller }) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }),
  }),

  AssumeRole: define<AssumeRoleRequest, AssumeRoleResponse>({
    mutating: true,
    handle({ em, caller, now }, input) {
      const { accountId, role, session, seconds } = checkAssumeRole(input);
      const record = em.account(accountId)?.roles[role];
      if (!record?.trustedAccountIds.includes(caller.accountId)) {
        throw new ApiError(
          'AccessDenied',
          `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(accountId, role)}`,
          403,
        );
      }
      if (seconds > record.maxSessionSeconds)
        throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      const accessKeyId = `ASIA${random(UPPER, 16)}`;
      const expiresAt = now + seconds * 1000;
      em.pruneAccessKeys(now - DAY_MS);
      em.addAccessKey(accessKeyId, { accountId, session: { role, name: session, expiresAt } });
      return {
        Credentials: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: random(MIXED, 40),
          SessionToken: random(MIXED, 356),
          Expiration: new Date(expiresAt),
        },
        AssumedRoleUser: {
          AssumedRoleId: `${roleId(accountId, role)}:${session}`,
          Arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
        },
      };
    },
  }),
});

export const stsService = registryService(awsQuery(sdk, STS_SETTINGS), STS_ACTIONS, () => expiredToken(403));
