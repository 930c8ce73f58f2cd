import 'server-only';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { config } from './config';
import { HTTP_TIMEOUTS } from './timeouts';

/**
 * Where each account's credentials come from. Every client of an account (each region's EC2 clients and STS)
 * shares one provider, so the credential chain runs once and refreshes once, not once per client: temporary
 * credentials are kept until five minutes before they expire, then fetched again.
 */

/** The key of an account's clients: `default`, `profile:NAME` or `role:ARN`. */
export type AccountKey = string;
export const DEFAULT_ACCOUNT: AccountKey = 'default';

/** How an account's credentials are obtained. */
export type AccountSource =
  | { kind: 'default-chain' }
  | { kind: 'profile'; profile: string }
  /** A role assumed with the current credentials (the default chain's). */
  | { kind: 'role'; roleArn: string };

export function accountKeyOf(source: AccountSource): AccountKey {
  switch (source.kind) {
    case 'default-chain':
      return DEFAULT_ACCOUNT;
    case 'profile':
      return `profile:${source.profile}`;
    case 'role':
      return `role:${source.roleArn}`;
    default: {
      const unknown: never = source;
      throw new Error(`Unknown credential source ${JSON.stringify(unknown)}`);
    }
  }
}

/** What each assumed-role session is called in the account's CloudTrail. */
export const ROLE_SESSION_NAME = 'lineage';
/** How long an assumed-role session lasts (STS's default, and every role's minimum maximum). */
const ROLE_SESSION_SECONDS = 3600;

/** The STS client a credential provider makes for itself: the same timeouts as every other client. */
const stsClientConfig = () => ({
  region: config().homeRegion,
  maxAttempts: 3,
  requestHandler: HTTP_TIMEOUTS,
});

function providerFor(source: AccountSource): AwsCredentialIdentityProvider {
  switch (source.kind) {
    case 'default-chain':
      // Environment, SSO, web identity, shared files, then instance or container metadata; memoized, and
      // refreshed shortly before temporary credentials expire.
      return defaultProvider();
    case 'profile':
      return fromIni({ profile: source.profile, clientConfig: stsClientConfig() });
    case 'role':
      return fromTemporaryCredentials({
        params: { RoleArn: source.roleArn, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: ROLE_SESSION_SECONDS },
        masterCredentials: credentialsFor(DEFAULT_ACCOUNT),
        clientConfig: stsClientConfig(),
      });
    default: {
      const unknown: never = source;
      throw new Error(`Unknown credential source ${JSON.stringify(unknown)}`);
    }
  }
}

/** Kept until shortly before they expire; a failure is not kept, so the next read asks again. */
function memoized(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  const memo = memoizeIdentityProvider<AwsCredentialIdentity>(provider, isIdentityExpired, doesIdentityRequireRefresh);
  return memo ?? provider;
}

/** The source a key names (keys are made by accountKeyOf). */
export function sourceOfKey(account: AccountKey): AccountSource {
  if (account === DEFAULT_ACCOUNT) return { kind: 'default-chain' };
  if (account.startsWith('profile:')) return { kind: 'profile', profile: account.slice('profile:'.length) };
  if (account.startsWith('role:')) return { kind: 'role', roleArn: account.slice('role:'.length) };
  throw new Error(`No account ${account} is configured.`);
}

const providerMap = new Map<AccountKey, AwsCredentialIdentityProvider>();
const providers = () => providerMap;

/** The one credential provider of an account, made the first time it is asked for. */
export function credentialsFor(account: AccountKey = DEFAULT_ACCOUNT): AwsCredentialIdentityProvider {
  let provider = providers().get(account);
  if (!provider) {
    const source = sourceOfKey(account);
    provider = source.kind === 'default-chain' ? providerFor(source) : memoized(providerFor(source));
    providers().set(account, provider);
  }
  return provider;
}
