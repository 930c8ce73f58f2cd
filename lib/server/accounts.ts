import 'server-only';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { type AccountEntry, config } from './config';
import { type AccountKey, type AccountSource, DEFAULT_ACCOUNT, accountKeyOf, credentialsFor } from './credentials';
import { whenAborted } from './deadline';
import { identityOf } from './identity';
import { HTTP_TIMEOUTS } from './timeouts';

/**
 * The accounts Lineage reads (LINEAGE_ACCOUNTS, LINEAGE_ORG_ROLE, or the current credentials alone) and who each
 * one is. An organization's list is asked of Organizations with the current credentials and kept like an
 * inventory (LINEAGE_CACHE_TTL_MS, ⟳ asks again); the management account itself is read with those credentials.
 */

export interface AccountTarget {
  key: AccountKey;
  source: AccountSource;
  /** Known beforehand from a role ARN or the organization's list; otherwise learned from STS. */
  accountId?: string;
  /** The account's name in the organization; a profile's name. */
  name?: string;
}

export interface AccountsList {
  targets: AccountTarget[];
  /** Why the organization's accounts could not be listed (only the current account is read then). */
  listFailure?: unknown;
}

const targetOf = (source: AccountSource, extra: Partial<AccountTarget> = {}): AccountTarget => ({
  key: accountKeyOf(source),
  source,
  ...extra,
});

function entryTarget(entry: AccountEntry): AccountTarget {
  switch (entry.kind) {
    case 'profile':
      return targetOf({ kind: 'profile', profile: entry.profile }, { name: entry.profile });
    case 'role':
      return targetOf({ kind: 'role', roleArn: entry.roleArn }, { accountId: entry.accountId });
    default: {
      const unknown: never = entry;
      throw new Error(`Unknown account entry ${JSON.stringify(unknown)}`);
    }
  }
}

/** Every active account of the organization, by id and name (ListAccounts, page after page). */
async function organizationAccounts(): Promise<{ id: string; name?: string }[]> {
  const client = new OrganizationsClient({
    region: config().homeRegion,
    maxAttempts: 3,
    credentials: credentialsFor(DEFAULT_ACCOUNT),
    requestHandler: HTTP_TIMEOUTS,
  });
  const out: { id: string; name?: string }[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListAccountsCommand({ NextToken: token }));
      for (const a of page.Accounts ?? []) {
        const active = (a.State ?? a.Status) === 'ACTIVE';
        if (a.Id && active) out.push({ id: a.Id, name: a.Name });
      }
      token = page.NextToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return out;
}

/** The organization's accounts: the caller's own with the current credentials, every other through the role. */
async function organizationTargets(role: string): Promise<AccountsList> {
  const current = targetOf({ kind: 'default-chain' });
  let self: string;
  let accounts: { id: string; name?: string }[];
  try {
    [self, accounts] = await Promise.all([identityOf(DEFAULT_ACCOUNT), organizationAccounts()]);
  } catch (error) {
    return { targets: [current], listFailure: error };
  }
  const targets = accounts.map((a) =>
    a.id === self
      ? { ...current, accountId: a.id, name: a.name }
      : targetOf({ kind: 'role', roleArn: `arn:aws:iam::${a.id}:role/${role}` }, { accountId: a.id, name: a.name }),
  );
  if (!targets.some((t) => t.key === DEFAULT_ACCOUNT)) targets.unshift({ ...current, accountId: self });
  return { targets };
}

interface CachedList {
  at: number;
  promise: Promise<AccountsList>;
}
let cachedList: CachedList | undefined;

/** The accounts to read; an organization's list is kept for LINEAGE_CACHE_TTL_MS and asked again on ⟳. */
export async function listAccounts(refresh: boolean, signal?: AbortSignal): Promise<AccountsList> {
  const setting = config().accounts;
  switch (setting.kind) {
    case 'current':
      return { targets: [targetOf({ kind: 'default-chain' })] };
    case 'list':
      return { targets: setting.entries.map(entryTarget) };
    case 'organization': {
      const fresh = cachedList && !refresh && Date.now() - cachedList.at < config().cacheTtlMs;
      if (!fresh) {
        const entry: CachedList = { at: Date.now(), promise: organizationTargets(setting.role) };
        cachedList = entry;
        void entry.promise.then((list) => {
          if (list.listFailure !== undefined && cachedList === entry) cachedList = undefined;
        });
      }
      const promise = cachedList!.promise;
      return signal ? Promise.race([promise, whenAborted(signal)]) : promise;
    }
    default: {
      const unknown: never = setting;
      throw new Error(`Unknown accounts setting ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The key of the read account with this id, for acting in it; undefined when Lineage does not read it. With the
 * current credentials alone, they act.
 */
export async function accountKeyFor(accountId: string, signal?: AbortSignal): Promise<AccountKey | undefined> {
  if (config().accounts.kind === 'current') return DEFAULT_ACCOUNT;
  const { targets } = await listAccounts(false, signal);
  for (const target of targets) {
    const id = target.accountId ?? (await identityOf(target.key, signal).catch(() => undefined));
    if (id === accountId) return target.key;
  }
  return undefined;
}
