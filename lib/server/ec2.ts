import 'server-only';
import { EC2Client } from '@aws-sdk/client-ec2';

const globalClients = globalThis as typeof globalThis & { __lineageEc2Clients?: Map<string, EC2Client> };

/**
 * One client per region, kept across hot reloads. Credentials come from the standard chain and the endpoint
 * from AWS_ENDPOINT_URL_EC2, both as the SDK itself reads them; adaptive retries slow down on throttling.
 */
export function ec2Client(region: string): EC2Client {
  const clients = (globalClients.__lineageEc2Clients ??= new Map());
  const key = `${region} ${process.env.AWS_ENDPOINT_URL_EC2 ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new EC2Client({ region, retryMode: 'adaptive', maxAttempts: 8 });
    clients.set(key, client);
  }
  return client;
}
