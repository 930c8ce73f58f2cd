import 'server-only';
import { EC2Client } from '@aws-sdk/client-ec2';

const globalClients = globalThis as typeof globalThis & { __lineageEc2Clients?: Map<string, EC2Client> };

/**
 * Reading the inventory retries patiently (adaptive, 8 attempts) so throttling slows a fetch down instead of
 * failing it; an action somebody is waiting for gives up sooner and says so.
 */
const RETRIES = {
  read: { retryMode: 'adaptive', maxAttempts: 8 },
  action: { retryMode: 'standard', maxAttempts: 4 },
} as const;

/**
 * One client per region and purpose, kept across hot reloads. Credentials come from the standard chain and the
 * endpoint from AWS_ENDPOINT_URL_EC2, both as the SDK itself reads them.
 */
export function ec2Client(region: string, purpose: keyof typeof RETRIES = 'read'): EC2Client {
  const clients = (globalClients.__lineageEc2Clients ??= new Map<string, EC2Client>());
  const key = `${region} ${purpose} ${process.env.AWS_ENDPOINT_URL_EC2 ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new EC2Client({ region, ...RETRIES[purpose] });
    clients.set(key, client);
  }
  return client;
}
