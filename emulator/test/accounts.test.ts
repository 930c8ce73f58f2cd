import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { ORGANIZATIONS_SETTINGS } from '../organizations';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { STS_SETTINGS } from '../sts';
import { type Credentials, type Harness, failure, perTest } from './harness';

/** Which account a key acts in, STS and Organizations on the same endpoint, through the real SDK clients. */

const emulator = perTest();

const reader = (accountId: string) => `arn:aws:iam::${accountId}:role/LineageReader`;

async function assume(h: Harness, as: Credentials, roleArn: string, seconds?: number): Promise<Credentials> {
  const { Credentials: c } = await h
    .as(as)
    .sts()
    .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'lineage', DurationSeconds: seconds }));
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

async function instanceNames(h: Harness, as: Credentials, region = 'us-east-1'): Promise<string[]> {
  const { Reservations } = await h.as(as).ec2(region).send(new DescribeInstancesCommand({}));
  return (Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .map((i) => i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '')
    .sort();
}

describe('the access key selects the account', () => {
  it('an unknown key is the default account’s admin user, as today’s test keys are', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    for (const key of ['test', 'e2e', 'AKIAANYTHINGELSE']) {
      const me = await h.as(key).sts().send(new GetCallerIdentityCommand({}));
      expect(me).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/admin' });
      expect(me.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    }
    expect(await instanceNames(h, 'e2e')).toEqual(await instanceNames(h, 'test'));
  });

  it('keys the scenario names act in their own account; unknown keys in the management account', async () => {
    const h = await emulator({ scenario: 'organization' });
    const me = await h.as(ORG.tooling.accessKey).sts().send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: ORG.tooling.id, Arn: `arn:aws:iam::${ORG.tooling.id}:user/admin` });
    expect(await instanceNames(h, ORG.prod.accessKey)).toEqual(['prod-batch', 'prod-web', 'prod-web', 'prod-web']);
    expect(await instanceNames(h, ORG.sandbox.accessKey)).toEqual(['sandbox-experiment', 'sandbox-experiment']);
    // The management account has no instances, and an unknown key acts there.
    expect(await instanceNames(h, 'test')).toEqual([]);
    expect((await h.as('test').sts().send(new GetCallerIdentityCommand({}))).Account).toBe(ORG.management.id);
    // Resource ids are unique across accounts: nobody sees another account's volumes.
    const volumes = async (key: string) =>
      ((await h.as(key).ec2().send(new DescribeVolumesCommand({}))).Volumes ?? []).map((v) => v.VolumeId);
    const prod = await volumes(ORG.prod.accessKey);
    const staging = await volumes(ORG.staging.accessKey);
    expect(prod.length).toBeGreaterThan(0);
    expect(prod.filter((id) => staging.includes(id))).toEqual([]);
  });

  it('GET /_emulator/accounts lists the accounts, their keys and roles', async () => {
    const h = await emulator({ scenario: 'organization' });
    const body = (await (await fetch(`${h.url}/_emulator/accounts`)).json()) as {
      defaultAccountId: string;
      organization: { id: string };
      accounts: { id: string; name: string; accessKeys: string[]; roles: string[]; unit?: string }[];
    };
    expect(body.defaultAccountId).toBe(ORG.management.id);
    expect(body.organization.id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(body.accounts.map((a) => a.name)).toEqual(['management', 'tooling', 'prod', 'staging', 'sandbox']);
    const sandbox = body.accounts.find((a) => a.name === 'sandbox')!;
    expect(sandbox).toMatchObject({ accessKeys: [ORG.sandbox.accessKey], unit: 'Sandbox' });
    expect(sandbox.roles).not.toContain(reader(ORG.sandbox.id));
    expect(body.accounts.find((a) => a.name === 'prod')!.roles).toContain(reader(ORG.prod.id));
  });
});

describe('STS', () => {
  it('AssumeRole gives temporary keys that act in the role’s account', async () => {
    const h = await emulator({ scenario: 'organization' });
    const prod = await assume(h, 'test', reader(ORG.prod.id));
    expect(typeof prod === 'object' && prod.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const me = await h.as(prod).sts().send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(ORG.prod.id);
    expect(me.Arn).toBe(`arn:aws:sts::${ORG.prod.id}:assumed-role/LineageReader/lineage`);
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]{17}:lineage$/);
    expect(await instanceNames(h, prod)).toEqual(await instanceNames(h, ORG.prod.accessKey));
  });

  it('answers AccessDenied for a role the scenario does not define, or whose trust policy leaves the caller out', async () => {
    const h = await emulator({ scenario: 'organization' });
    const sts = h.as('test').sts();
    for (const roleArn of [reader(ORG.sandbox.id), 'arn:aws:iam::999988887777:role/LineageReader']) {
      const e = await failure(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'lineage' })));
      expect(e).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(e.message).toBe(
        `User: arn:aws:iam::${ORG.management.id}:user/admin is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    // LineageReader trusts the management account only.
    const fromProd = h.as(ORG.prod.accessKey).sts();
    const e = await failure(
      fromProd.send(new AssumeRoleCommand({ RoleArn: reader(ORG.staging.id), RoleSessionName: 'x1' })),
    );
    expect(e).toMatchObject({ name: 'AccessDenied', status: 403 });
    // The sandbox still has the role Organizations made.
    await assume(h, 'test', `arn:aws:iam::${ORG.sandbox.id}:role/OrganizationAccountAccessRole`);
  });

  it('refuses bad input with ValidationError', async () => {
    const h = await emulator({ scenario: 'organization' });
    const sts = h.as('test').sts();
    const cases = [
      { RoleArn: 'not-an-arn', RoleSessionName: 'lineage' },
      { RoleArn: reader(ORG.prod.id), RoleSessionName: 'x' },
      { RoleArn: reader(ORG.prod.id), RoleSessionName: 'lineage', DurationSeconds: 60 },
      { RoleArn: reader(ORG.prod.id), RoleSessionName: 'lineage', DurationSeconds: 7200 },
    ];
    for (const input of cases) {
      expect(await failure(sts.send(new AssumeRoleCommand(input)))).toMatchObject({
        name: 'ValidationError',
        status: 400,
      });
    }
  });

  it('session keys expire by the emulator’s clock: STS and EC2 then answer ExpiredToken', async () => {
    const h = await emulator({ scenario: 'organization' });
    const prod = await assume(h, 'test', reader(ORG.prod.id), 900);
    h.clock.advance(899_000);
    expect((await h.as(prod).sts().send(new GetCallerIdentityCommand({}))).Account).toBe(ORG.prod.id);
    h.clock.advance(1_000);
    expect(await failure(h.as(prod).sts().send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'ExpiredToken',
      status: 403,
    });
    expect(await failure(h.as(prod).ec2().send(new DescribeInstancesCommand({})))).toMatchObject({
      name: 'ExpiredToken',
    });
    expect(await failure(h.as(prod).organizations().send(new DescribeOrganizationCommand({})))).toMatchObject({
      name: 'ExpiredTokenException',
    });
  });

  it('speaks the protocol settings of the SDK’s own STS client', () => {
    const { protocolSettings } = new STSClient({ region: 'us-east-1' }).config;
    expect(protocolSettings).toMatchObject(STS_SETTINGS);
  });
});

describe('Organizations', () => {
  it('the management account lists every account, page by page, with ARNs and paths', async () => {
    const h = await emulator({ scenario: 'organization' });
    const org = h.as('test').organizations();
    const pages = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 2 }, {})) pages.push(page.Accounts ?? []);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const accounts = pages.flat();
    expect(accounts.map((a) => [a.Id, a.Name, a.State])).toEqual([
      [ORG.management.id, 'management', 'ACTIVE'],
      [ORG.tooling.id, 'tooling', 'ACTIVE'],
      [ORG.prod.id, 'prod', 'ACTIVE'],
      [ORG.staging.id, 'staging', 'ACTIVE'],
      [ORG.sandbox.id, 'sandbox', 'ACTIVE'],
    ]);
    const { Organization } = await org.send(new DescribeOrganizationCommand({}));
    expect(accounts[2]).toMatchObject({
      Arn: `arn:aws:organizations::${ORG.management.id}:account/${Organization!.Id}/${ORG.prod.id}`,
      Email: 'prod@example.com',
      Status: 'ACTIVE',
      JoinedMethod: 'INVITED',
      Paths: [`${Organization!.Id}/r-a1b2/ou-a1b2-workload/${ORG.prod.id}/`],
    });
    expect(accounts[0]!.JoinedTimestamp).toBeInstanceOf(Date);
    expect(Organization).toMatchObject({
      Arn: `arn:aws:organizations::${ORG.management.id}:organization/${Organization!.Id}`,
      FeatureSet: 'ALL',
      MasterAccountId: ORG.management.id,
    });
  });

  it('member accounts may describe the organization but not list its accounts', async () => {
    const h = await emulator({ scenario: 'organization' });
    const prod = await assume(h, 'test', reader(ORG.prod.id));
    const org = h.as(prod).organizations();
    expect((await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId).toBe(ORG.management.id);
    expect(await failure(org.send(new ListAccountsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
    });
  });

  it('an account outside any organization is told so', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const org = h.as('test').organizations();
    for (const call of [org.send(new ListAccountsCommand({})), org.send(new DescribeOrganizationCommand({}))]) {
      const e = await failure(call);
      // The SDK's model gives this error HTTP status 404.
      expect(e).toMatchObject({ name: 'AWSOrganizationsNotInUseException', status: 404 });
      expect(e.message).toBe('Your account is not a member of an organization.');
    }
  });

  it('refuses a page size above 20 and a token it did not issue, with the reason', async () => {
    const h = await emulator({ scenario: 'organization' });
    const org: OrganizationsClient = h.as('test').organizations();
    for (const input of [{ MaxResults: 21 }, { NextToken: 'bogus' }]) {
      const e = await org.send(new ListAccountsCommand(input)).catch((error: unknown) => error);
      expect(e).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
      expect((e as { Reason: string }).Reason).toBe(input.MaxResults ? 'MAX_VALUE_EXCEEDED' : 'INVALID_NEXT_TOKEN');
    }
  });

  it('speaks the protocol settings of the SDK’s own Organizations client', () => {
    const { protocolSettings } = new OrganizationsClient({ region: 'us-east-1' }).config;
    expect(protocolSettings).toMatchObject({ serviceTarget: ORGANIZATIONS_SETTINGS.serviceTarget });
  });
});
