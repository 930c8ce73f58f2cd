import 'server-only';
import { EC2Client } from '@aws-sdk/client-ec2';
import { loadConfig } from '@smithy/core/config';
import { NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS } from '@smithy/core/retry';
import { type AccountKey, DEFAULT_ACCOUNT, credentialsFor } from './credentials';
import { HTTP_TIMEOUTS } from './timeouts';
import { readXmlFaster } from './xml';

export { HTTP_TIMEOUTS };

const globalClients = globalThis as typeof globalThis & { __lineageEc2Clients?: Map<string, EC2Client> };

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
 * credential provider. The endpoint comes from AWS_ENDPOINT_URL_EC2 or AWS_ENDPOINT_URL, as the SDK itself reads them.
 */
export function ec2Client(
  region: string,
  purpose: ClientPurpose = 'read',
  account: AccountKey = DEFAULT_ACCOUNT,
): EC2Client {
  const clients = (globalClients.__lineageEc2Clients ??= new Map<string, EC2Client>());
  const key = `${account} ${region} ${purpose} ${process.env.AWS_ENDPOINT_URL_EC2 ?? process.env.AWS_ENDPOINT_URL ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new EC2Client({
      region,
      credentials: credentialsFor(account),
      requestHandler: HTTP_TIMEOUTS,
      ...retrySettings(purpose),
    });
    // The SDK's logger middleware copies every answer (to hide sensitive fields from a log that is never written):
    // on a large inventory that is a sixth of the app's CPU for a read.
    client.middlewareStack.remove('loggerMiddleware');
    // Reading an inventory is mostly reading XML: the large Describe answers are read by our plain-XML reader.
    if (purpose === 'read') readXmlFaster(client);
    clients.set(key, client);
  }
  return client;
}
