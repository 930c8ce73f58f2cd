import 'server-only';
import { EC2Client } from '@aws-sdk/client-ec2';
import { loadConfig } from '@smithy/core/config';
import { NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS } from '@smithy/core/retry';
import { type AccountKey, DEFAULT_ACCOUNT, credentialsFor } from './credentials';

const globalClients = globalThis as typeof globalThis & { __lineageEc2Clients?: Map<string, EC2Client> };

/**
 * Every AWS client's HTTP handler: a connection that is not made within 3 s, or an answer that has not come within
 * 20 s, fails the attempt (and the SDK's retry decides what next) instead of waiting forever.
 */
export const HTTP_TIMEOUTS = { connectionTimeout: 3_000, requestTimeout: 20_000, throwOnRequestTimeout: true } as const;

/**
 * Reading the inventory retries patiently (adaptive, 8 attempts) so throttling slows a fetch down instead of
 * failing it; an action somebody is waiting for gives up sooner and says so.
 */
export const RETRY_DEFAULTS = {
  read: { retryMode: 'adaptive', maxAttempts: 8 },
  action: { retryMode: 'standard', maxAttempts: 4 },
} as const;

export type ClientPurpose = keyof typeof RETRY_DEFAULTS;

/**
 * The retry settings as the SDK itself reads them — AWS_RETRY_MODE and AWS_MAX_ATTEMPTS, then the profile's
 * retry_mode and max_attempts — with the purpose's own values where neither says anything.
 */
export function retrySettings(purpose: ClientPurpose) {
  const defaults = RETRY_DEFAULTS[purpose];
  return {
    retryMode: loadConfig<string>({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: defaults.retryMode }),
    maxAttempts: loadConfig<number>({ ...NODE_MAX_ATTEMPT_CONFIG_OPTIONS, default: defaults.maxAttempts }),
  };
}

/**
 * One client per account, region and purpose, kept across hot reloads, all of an account's clients sharing its
 * credential provider. The endpoint comes from AWS_ENDPOINT_URL_EC2, as the SDK itself reads it.
 */
export function ec2Client(
  region: string,
  purpose: ClientPurpose = 'read',
  account: AccountKey = DEFAULT_ACCOUNT,
): EC2Client {
  const clients = (globalClients.__lineageEc2Clients ??= new Map<string, EC2Client>());
  const key = `${account} ${region} ${purpose} ${process.env.AWS_ENDPOINT_URL_EC2 ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new EC2Client({
      region,
      credentials: credentialsFor(account),
      requestHandler: HTTP_TIMEOUTS,
      ...retrySettings(purpose),
    });
    clients.set(key, client);
  }
  return client;
}
