import * as sdk from '@aws-sdk/client-iam';
import type {
  GetInstanceProfileRequest,
  GetInstanceProfileResponse,
  InstanceProfile,
  ListInstanceProfilesRequest,
  ListInstanceProfilesResponse,
} from '@aws-sdk/client-iam';
import { roleArn, roleId, uniqueId } from '../accounts';
import type { Emulator } from '../emulator';
import { ApiError, expiredToken } from '../errors';
import { awsQuery } from '../protocol/aws-query';
import { sdkOperations } from '../protocol/schema';
import { type ActionDef, type CallContext, registryService } from '../service';
import type { InstanceProfileRecord } from '../state';

/**
 * IAM on the emulator's endpoint (AWS Query protocol), as far as launching needs it: the account's instance
 * profiles, which a scenario makes and RunInstances' IamInstanceProfile names. IAM is global: every region sees the
 * same profiles.
 */

/** The IAM client's protocol settings (`IAMClient.config.protocolSettings`). */
export const IAM_SETTINGS = { xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/', version: '2010-05-08' };

const define = <I, O>(def: ActionDef<CallContext, I, O>) => def;

export const instanceProfileArn = (accountId: string, p: InstanceProfileRecord) =>
  `arn:aws:iam::${accountId}:instance-profile${p.path}${p.name}`;

export const instanceProfileId = (accountId: string, p: InstanceProfileRecord) =>
  uniqueId('AIPA', `${accountId}/instance-profile/${p.name}`);

/** Gives an account an instance profile holding one role (a scenario's setting). */
export function addInstanceProfile(em: Emulator, accountId: string, name: string, role: string): void {
  const account = em.account(accountId);
  if (!account) throw new Error(`No account ${accountId} in this scenario.`);
  account.instanceProfiles = {
    ...account.instanceProfiles,
    [name]: { name, path: '/', roleName: role, createdAt: em.now() },
  };
  em.addAccount(account);
}

/** The profile an ARN or a name refers to, in the caller's account. */
export function findInstanceProfile(
  em: Emulator,
  accountId: string,
  spec: { Arn?: string; Name?: string },
): InstanceProfileRecord | undefined {
  const profiles = Object.values(em.account(accountId)?.instanceProfiles ?? {});
  if (spec.Arn !== undefined) return profiles.find((p) => instanceProfileArn(accountId, p) === spec.Arn);
  return profiles.find((p) => p.name === spec.Name);
}

function profileView(accountId: string, p: InstanceProfileRecord): InstanceProfile {
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: instanceProfileId(accountId, p),
    Arn: instanceProfileArn(accountId, p),
    CreateDate: new Date(p.createdAt),
    Roles: [
      {
        Path: '/',
        RoleName: p.roleName,
        RoleId: roleId(accountId, p.roleName),
        Arn: roleArn(accountId, p.roleName),
        CreateDate: new Date(p.createdAt),
      },
    ],
  };
}

const validation = (message: string) => new ApiError('ValidationError', message);

function pageOf(items: InstanceProfile[], marker: string | undefined, maxItems: number | undefined) {
  const max = maxItems ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw validation(
      `Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  let start = 0;
  if (marker !== undefined) {
    start = Number(Buffer.from(marker, 'base64url').toString());
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw validation('Invalid Marker.');
  }
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return {
    page,
    IsTruncated: more,
    Marker: more ? Buffer.from(String(start + max)).toString('base64url') : undefined,
  };
}

const IAM_ACTIONS = sdkOperations<typeof sdk>()({
  ListInstanceProfiles: define<ListInstanceProfilesRequest, ListInstanceProfilesResponse>({
    mutating: false,
    handle({ em, caller }, input) {
      const prefix = input.PathPrefix ?? '/';
      const all = Object.values(em.account(caller.accountId)?.instanceProfiles ?? {})
        .filter((p) => p.path.startsWith(prefix))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => profileView(caller.accountId, p));
      const { page, IsTruncated, Marker } = pageOf(all, input.Marker, input.MaxItems);
      return { InstanceProfiles: page, IsTruncated, Marker };
    },
  }),

  GetInstanceProfile: define<GetInstanceProfileRequest, GetInstanceProfileResponse>({
    mutating: false,
    handle({ em, caller }, input) {
      const name = input.InstanceProfileName ?? '';
      const profile = em.account(caller.accountId)?.instanceProfiles?.[name];
      if (!profile) throw new ApiError('NoSuchEntity', `Instance Profile ${name} cannot be found.`, 404);
      return { InstanceProfile: profileView(caller.accountId, profile) };
    },
  }),
});

export const iamService = registryService(awsQuery(sdk, IAM_SETTINGS), IAM_ACTIONS, () => expiredToken(403));
