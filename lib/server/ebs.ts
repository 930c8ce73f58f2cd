import 'server-only';
import { EBSClient } from '@aws-sdk/client-ebs';
import { type AccountKey, DEFAULT_ACCOUNT, credentialsFor } from './credentials';
import { HTTP_TIMEOUTS, retrySettings } from './ec2';

const globalClients = globalThis as typeof globalThis & { __lineageEbsClients?: Map<string, EBSClient> };

/** The endpoint the EBS client uses, as the SDK itself reads it: AWS_ENDPOINT_URL_EBS, else AWS_ENDPOINT_URL. */
export const ebsEndpoint = (): string | undefined =>
  process.env.AWS_ENDPOINT_URL_EBS || process.env.AWS_ENDPOINT_URL || undefined;

/**
 * The EBS direct API client of an account and region, kept across hot reloads: the account's one credential provider,
 * the same timeouts as every client, and the patient retries of a read (throttling slows a measurement down).
 */
export function ebsClient(region: string, account: AccountKey = DEFAULT_ACCOUNT): EBSClient {
  const clients = (globalClients.__lineageEbsClients ??= new Map<string, EBSClient>());
  const key = `${account} ${region} ${ebsEndpoint() ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new EBSClient({
      region,
      credentials: credentialsFor(account),
      requestHandler: HTTP_TIMEOUTS,
      ...retrySettings('read'),
    });
    clients.set(key, client);
  }
  return client;
}
