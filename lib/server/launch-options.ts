import 'server-only';
import {
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { IAMClient, ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import type {
  InstanceProfileOption,
  KeyPairOption,
  LaunchOptionsQuery,
  LaunchOptionsResponse,
  Readable,
  SecurityGroupOption,
  SubnetOption,
} from '@/lib/api/launch-options';
import { accountKeyFor } from './accounts';
import { type AccountKey, DEFAULT_ACCOUNT, credentialsFor } from './credentials';
import { ACTION_DEADLINE_MS, withDeadline } from './deadline';
import { ec2Client, retrySettings } from './ec2';
import { type Ec2Failure, classifyEc2Error } from './errors';
import { listRegions } from './inventory';
import { HTTP_TIMEOUTS } from './timeouts';

/**
 * What the launch dialog offers: the region's subnets, security groups and key pairs, and the account's instance
 * profiles. A list the credentials may not read is reported as such (the dialog then takes the value typed in); any
 * other failure fails the whole answer.
 */

type Outcome = { ok: true; body: LaunchOptionsResponse } | { ok: false; failure: Ec2Failure & { field?: string } };

/** IAM answers pages of at most 1,000; an account with more profiles than this is typed into. */
const MAX_PROFILE_PAGES = 10;

const globalIam = globalThis as typeof globalThis & { __lineageIamClients?: Map<string, IAMClient> };

/** IAM is global: one client per account, signed for us-east-1; the endpoint as the SDK reads it (AWS_ENDPOINT_URL_IAM). */
function iamClient(account: AccountKey): IAMClient {
  const clients = (globalIam.__lineageIamClients ??= new Map<string, IAMClient>());
  const key = `${account} ${process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = new IAMClient({
      region: 'us-east-1',
      credentials: credentialsFor(account),
      requestHandler: HTTP_TIMEOUTS,
      ...retrySettings('action'),
    });
    clients.set(key, client);
  }
  return client;
}

const REFUSED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);

/** A list, or the refusal to read it; other failures are thrown. */
async function readable<T>(read: () => Promise<T[]>, service: string): Promise<Readable<T>> {
  try {
    return { readable: true, items: await read() };
  } catch (error) {
    const failure = classifyEc2Error(error, service);
    if (!REFUSED.has(failure.code)) throw error;
    return { readable: false, code: failure.code, message: failure.message };
  }
}

const nameOf = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === 'Name')?.Value || null;
const byName = <T extends { name: string | null }>(a: T, b: T) => (a.name ?? '').localeCompare(b.name ?? '');

async function readSubnets(region: string, account: AccountKey, signal: AbortSignal): Promise<SubnetOption[]> {
  const out: SubnetOption[] = [];
  let token: string | undefined;
  do {
    const page = await ec2Client(region, 'action', account).send(
      new DescribeSubnetsCommand({ MaxResults: 1000, NextToken: token }),
      { abortSignal: signal },
    );
    for (const s of page.Subnets ?? []) {
      if (!s.SubnetId) continue;
      out.push({
        id: s.SubnetId,
        vpcId: s.VpcId ?? null,
        availabilityZone: s.AvailabilityZone ?? null,
        cidr: s.CidrBlock ?? null,
        name: nameOf(s.Tags),
        defaultForAz: s.DefaultForAz === true,
        availableIps: s.AvailableIpAddressCount ?? null,
      });
    }
    token = page.NextToken;
  } while (token);
  return out.sort((a, b) => (a.availabilityZone ?? '').localeCompare(b.availabilityZone ?? '') || byName(a, b));
}

async function readSecurityGroups(
  region: string,
  account: AccountKey,
  signal: AbortSignal,
): Promise<SecurityGroupOption[]> {
  const out: SecurityGroupOption[] = [];
  let token: string | undefined;
  do {
    const page = await ec2Client(region, 'action', account).send(
      new DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken: token }),
      { abortSignal: signal },
    );
    for (const g of page.SecurityGroups ?? []) {
      if (!g.GroupId) continue;
      out.push({
        id: g.GroupId,
        name: g.GroupName ?? g.GroupId,
        vpcId: g.VpcId ?? null,
        description: g.Description ?? null,
      });
    }
    token = page.NextToken;
  } while (token);
  return out.sort(byName);
}

async function readKeyPairs(region: string, account: AccountKey, signal: AbortSignal): Promise<KeyPairOption[]> {
  const answer = await ec2Client(region, 'action', account).send(new DescribeKeyPairsCommand({}), {
    abortSignal: signal,
  });
  return (answer.KeyPairs ?? [])
    .flatMap((k) => (k.KeyName ? [{ name: k.KeyName, type: k.KeyType ?? null }] : []))
    .sort(byName);
}

async function readInstanceProfiles(account: AccountKey, signal: AbortSignal): Promise<InstanceProfileOption[]> {
  const out: InstanceProfileOption[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PROFILE_PAGES; page++) {
    const answer = await iamClient(account).send(new ListInstanceProfilesCommand({ Marker: marker, MaxItems: 1000 }), {
      abortSignal: signal,
    });
    for (const p of answer.InstanceProfiles ?? []) {
      if (p.InstanceProfileName && p.Arn) out.push({ name: p.InstanceProfileName, arn: p.Arn });
    }
    marker = answer.IsTruncated ? answer.Marker : undefined;
    if (!marker) break;
  }
  return out.sort(byName);
}

/** The default VPC's id, null when the region has none, undefined when VPCs may not be read. */
async function readDefaultVpc(region: string, account: AccountKey, signal: AbortSignal) {
  const vpcs = await readable(async () => {
    const answer = await ec2Client(region, 'action', account).send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
      { abortSignal: signal },
    );
    return (answer.Vpcs ?? []).flatMap((v) => (v.VpcId ? [v.VpcId] : []));
  }, 'EC2');
  return vpcs.readable ? (vpcs.items[0] ?? null) : undefined;
}

async function readAll(region: string, account: AccountKey, signal: AbortSignal): Promise<LaunchOptionsResponse> {
  const [defaultVpcId, subnets, securityGroups, keyPairs, instanceProfiles] = await Promise.all([
    readDefaultVpc(region, account, signal),
    readable(() => readSubnets(region, account, signal), 'EC2'),
    readable(() => readSecurityGroups(region, account, signal), 'EC2'),
    readable(() => readKeyPairs(region, account, signal), 'EC2'),
    readable(() => readInstanceProfiles(account, signal), 'IAM'),
  ]);
  return { region, defaultVpcId, subnets, securityGroups, keyPairs, instanceProfiles };
}

const invalid = (field: string, message: string): Outcome => ({
  ok: false,
  failure: { status: 400, code: 'ValidationError', field, message: `${field} ${message}` },
});

/** Answers within ACTION_DEADLINE_MS (a dialog waits for it), or 504. */
export async function launchOptions(query: LaunchOptionsQuery, signal?: AbortSignal): Promise<Outcome> {
  try {
    return await withDeadline(ACTION_DEADLINE_MS, `EC2 in ${query.region}`, signal, async (abortSignal) => {
      const known = await listRegions(abortSignal);
      if (!known.includes(query.region))
        return invalid('region', `${query.region} is not one of the regions Lineage works with: ${known.join(', ')}`);
      const account =
        query.accountId === undefined ? DEFAULT_ACCOUNT : await accountKeyFor(query.accountId, abortSignal);
      if (account === undefined)
        return invalid('accountId', `${query.accountId} is not one of the accounts Lineage reads`);
      return { ok: true, body: await readAll(query.region, account, abortSignal) };
    });
  } catch (error) {
    return { ok: false, failure: classifyEc2Error(error) };
  }
}
