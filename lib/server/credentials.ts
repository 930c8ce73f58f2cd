import 'server-only';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Where each account's credentials come from. Every client of an account (each region's EC2 clients and STS)
 * shares one provider, so the credential chain runs once and refreshes once, not once per client.
 */

/** The key of an account's clients; today there is one account, the one the standard chain gives. */
export type AccountKey = string;
export const DEFAULT_ACCOUNT: AccountKey = 'default';

/** How an account's credentials are obtained. More kinds (a profile, a role to assume) join this union. */
export type AccountSource = { kind: 'default-chain' };

/** The accounts Lineage reads, by key. */
export function accountSources(): ReadonlyMap<AccountKey, AccountSource> {
  return new Map([[DEFAULT_ACCOUNT, { kind: 'default-chain' }]]);
}

function providerFor(source: AccountSource): AwsCredentialIdentityProvider {
  switch (source.kind) {
    case 'default-chain':
      // Environment, SSO, web identity, shared files, then instance or container metadata; memoized, and
      // refreshed shortly before temporary credentials expire.
      return defaultProvider();
    default: {
      const unknown: never = source.kind;
      throw new Error(`Unknown credential source ${String(unknown)}`);
    }
  }
}

const providers = new Map<AccountKey, AwsCredentialIdentityProvider>();

/** The one credential provider of an account. */
export function credentialsFor(account: AccountKey = DEFAULT_ACCOUNT): AwsCredentialIdentityProvider {
  let provider = providers.get(account);
  if (!provider) {
    const source = accountSources().get(account);
    if (!source) throw new Error(`No account ${account} is configured.`);
    provider = providerFor(source);
    providers.set(account, provider);
  }
  return provider;
}
