import { createHash } from 'node:crypto';
import {
  type AccessKeyRecord,
  DEFAULT_USER,
  type EmulatorState,
  type LaunchPermissionRecord,
  type OrganizationRecord,
} from './state';

/**
 * Who is calling, and the organization's shape. The access key id selects the account: a key AssumeRole issued acts
 * in the role's account until it expires; a key the scenario names acts as that account's IAM user; any other key is
 * the default account's `admin` user.
 */

export interface Caller {
  accountId: string;
  accessKeyId: string;
  /** `arn:aws:iam::ACCOUNT:user/NAME` or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  arn: string;
  /** IAM's unique id: `AIDA…` for a user, `AROA…:SESSION` for an assumed role. */
  userId: string;
  /** When an assumed role's session was issued, when known. */
  sessionIssuedAt?: number;
}

export const roleArn = (accountId: string, role: string) => `arn:aws:iam::${accountId}:role/${role}`;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** IAM-shaped unique ids (`AIDA…`, `AROA…`): the prefix and 17 characters derived from what they name. */
export function uniqueId(prefix: string, text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += BASE32[digest[i]! % 32];
  return id;
}

export const roleId = (accountId: string, role: string) => uniqueId('AROA', `${accountId}/role/${role}`);

/** The caller a key stands for; `expired` for a session key past its expiry. */
export function callerOf(state: EmulatorState, accessKeyId: string, now: number): Caller | 'expired' {
  const key: AccessKeyRecord = state.accessKeys[accessKeyId] ?? {
    accountId: state.defaultAccountId,
    user: DEFAULT_USER,
  };
  const { accountId, session } = key;
  if (session) {
    if (session.expiresAt <= now) return 'expired';
    return sessionOf(accountId, session.role, session.name, accessKeyId, session.issuedAt);
  }
  return { ...userOf(accountId, key.user), accessKeyId };
}

/** A session of a role: the caller its access key stands for. */
export function sessionOf(
  accountId: string,
  role: string,
  session: string,
  accessKeyId: string,
  issuedAt?: number,
): Caller {
  return {
    accountId,
    accessKeyId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    userId: `${roleId(accountId, role)}:${session}`,
    sessionIssuedAt: issuedAt,
  };
}

/** An access key id of the given kind (`AKIA` for a user's long-term key, `ASIA` for a session's) derived from text. */
export const accessKeyIdFor = (prefix: 'AKIA' | 'ASIA', text: string) => uniqueId(prefix, text).slice(0, 20);

export const organizationArn = (org: OrganizationRecord) =>
  `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`;

export const unitArn = (org: OrganizationRecord, unitId: string) =>
  `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${unitId}`;

export const accountArn = (org: OrganizationRecord, accountId: string) =>
  `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${accountId}`;

/** The units an account sits in, nearest first, up to (not including) the root. */
export function unitsOf(state: EmulatorState, accountId: string): string[] {
  const org = state.organization;
  const units: string[] = [];
  let parent = state.accounts[accountId]?.parentId;
  while (org && parent && org.units[parent] && units.length < 10) {
    units.push(parent);
    parent = org.units[parent]!.parentId;
  }
  return units;
}

/** `o-…/r-…/ou-…/…/ACCOUNT/`, as Organizations writes an account's path. */
export function pathOf(state: EmulatorState, accountId: string): string | undefined {
  const org = state.organization;
  if (!org || !state.accounts[accountId]?.parentId) return undefined;
  return [org.id, org.rootId, ...unitsOf(state, accountId).reverse(), accountId, ''].join('/');
}

/** Whether launch permissions name the account, its organization or a unit it sits in (ownership aside). */
export function isGrantee(state: EmulatorState, accountId: string, grants: LaunchPermissionRecord): boolean {
  if (grants.userIds.includes(accountId)) return true;
  const org = state.organization;
  if (!org || !state.accounts[accountId]?.parentId) return false;
  if (grants.organizationArns.includes(organizationArn(org))) return true;
  return unitsOf(state, accountId).some((unit) => grants.organizationalUnitArns.includes(unitArn(org, unit)));
}

/** The default `admin` user of an account, for calls the emulator makes itself (scenarios). */
export function userOf(accountId: string, user = DEFAULT_USER): Caller {
  return {
    accountId,
    accessKeyId: '',
    arn: `arn:aws:iam::${accountId}:user/${user}`,
    userId: uniqueId('AIDA', `${accountId}/user/${user}`),
  };
}

export interface AccountSummary {
  id: string;
  name: string;
  /** The account unknown access keys act in. */
  default: boolean;
  /** Access keys the scenario names for this account's users. */
  accessKeys: string[];
  /** ARNs of the roles other accounts may assume here. */
  roles: string[];
  /** The organizational unit it sits in, by name; `root` at the organization's root. */
  unit?: string;
}

/** The scenario's accounts, keys and roles, as the CLI prints them and `GET /_emulator/accounts` answers. */
export function accountSummaries(state: EmulatorState): AccountSummary[] {
  const org = state.organization;
  return Object.values(state.accounts)
    .filter((a) => a.alias !== 'amazon')
    .map((a) => ({
      id: a.id,
      name: a.name,
      default: a.id === state.defaultAccountId,
      accessKeys: Object.entries(state.accessKeys)
        .filter(([, key]) => key.accountId === a.id && !key.session)
        .map(([id]) => id),
      roles: Object.keys(a.roles).map((role) => roleArn(a.id, role)),
      unit: a.parentId === undefined ? undefined : (org?.units[a.parentId]?.name ?? 'root'),
    }));
}
