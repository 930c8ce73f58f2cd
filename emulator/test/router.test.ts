import * as ec2 from '@aws-sdk/client-ec2';
import * as organizations from '@aws-sdk/client-organizations';
import * as sts from '@aws-sdk/client-sts';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { QueryParams } from '../protocol/form';
import { decodeQuery } from '../protocol/query';
import { errorStatus, inputOf, memberNames, operationSchema } from '../protocol/schema';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { failure, perTest } from './harness';

/** One endpoint, three protocols: routing by the SigV4 scope, and each protocol's own answers and errors. */

const emulator = perTest();

const scope = (key: string, region: string, service: string) =>
  `AWS4-HMAC-SHA256 Credential=${key}/20261121/${region}/${service}/aws4_request, SignedHeaders=host, Signature=x`;

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${url}/`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

const form = (key: string, service: string, region = 'us-east-1') => ({
  'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  authorization: scope(key, region, service),
});

const json = (target: string, key = 'test') => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': target,
  authorization: scope(key, 'us-east-1', 'organizations'),
});

describe('routing by the credential scope', () => {
  it('answers STS in awsQuery XML, with the result wrapped and the request id in the metadata', async () => {
    const { url } = await emulator({ scenario: 'organization' });
    const res = await post(url, 'Action=GetCallerIdentity&Version=2011-06-15', form(ORG.prod.accessKey, 'sts'));
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-amzn-requestid');
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/,
    );
    expect(res.body).toContain(`<Account>${ORG.prod.id}</Account>`);
    expect(res.body).toContain(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`);
  });

  it('answers an unknown STS action in STS’s error envelope', async () => {
    const { url } = await emulator();
    const res = await post(url, 'Action=AssumeNothing&Version=2011-06-15', form('test', 'sts'));
    expect(res.status).toBe(400);
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
        '<Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation AssumeNothing for version 2011-06-15</Message></Error>' +
        `<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId></ErrorResponse>`,
    );
  });

  it('answers Organizations in JSON 1.1: epoch-second timestamps; unknown targets and bad bodies as __type errors', async () => {
    const { url } = await emulator({ scenario: 'organization' });
    const ok = await post(url, '{"MaxResults":1}', json('AWSOrganizationsV20161128.ListAccounts'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const page = JSON.parse(ok.body) as { Accounts: { JoinedTimestamp: unknown }[]; NextToken: string };
    expect(typeof page.Accounts[0]!.JoinedTimestamp).toBe('number');
    expect(page.NextToken).toBeTruthy();
    for (const [target, body, type] of [
      ['AWSOrganizationsV20161128.ListRoots', '{}', 'UnknownOperationException'],
      ['SomeOtherService.ListAccounts', '{}', 'UnknownOperationException'],
      ['AWSOrganizationsV20161128.ListAccounts', '{not json', 'SerializationException'],
      ['AWSOrganizationsV20161128.ListAccounts', '{"MaxResults":"ten"}', 'SerializationException'],
    ] as const) {
      const res = await post(url, body, json(target));
      expect(res.status, target).toBe(400);
      expect((JSON.parse(res.body) as { __type: string }).__type, `${target} ${body}`).toBe(type);
    }
    const denied = await post(url, '{}', json('AWSOrganizationsV20161128.ListAccounts', ORG.prod.accessKey));
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(JSON.parse(denied.body)).toEqual({
      __type: 'AccessDeniedException',
      Message: "You don't have permissions to access this resource.",
    });
  });

  it('answers a service it does not serve in the shape the request expects', async () => {
    const { url } = await emulator();
    const xml = await post(url, 'Action=ListBuckets', form('test', 's3'));
    expect(xml.status).toBe(400);
    expect(xml.body).toContain('<Code>InvalidAction</Code>');
    expect(xml.body).toContain('does not serve the service &apos;s3&apos;');
    const asJson = await post(url, '{}', {
      ...json('Logs_20140328.DescribeLogGroups'),
      authorization: scope('test', 'us-east-1', 'logs'),
    });
    expect(asJson.status).toBe(400);
    expect(JSON.parse(asJson.body)).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('reads the scope of a presigned URL, and sends unsigned requests to EC2', async () => {
    const { url } = await emulator({ scenario: 'organization' });
    const credential = `${ORG.tooling.accessKey}/20261121/us-east-1/sts/aws4_request`;
    const presigned = await fetch(
      `${url}/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Credential=${encodeURIComponent(credential)}`,
    );
    expect(await presigned.text()).toContain(`<Account>${ORG.tooling.id}</Account>`);
    const regions = await fetch(
      `${url}/?Action=DescribeAvailabilityZones&Version=2016-11-15&X-Amz-Credential=${encodeURIComponent('test/20261121/eu-west-1/ec2/aws4_request')}`,
    );
    expect(await regions.text()).toContain('<zoneName>eu-west-1a</zoneName>');
    const unsigned = await post(url, 'Action=GetCallerIdentity&Version=2011-06-15', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(unsigned.body).toContain('<Response><Errors><Error><Code>InvalidAction</Code>');
  });

  it('injects a fault into one service only when told which', async () => {
    const h = await emulator({ scenario: 'organization' });
    const res = await fetch(`${h.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ code: 'Throttling', status: 400, service: 'sts', count: 1 }),
    });
    expect(res.status).toBe(200);
    await h.client().send(new ec2.DescribeRegionsCommand({}));
    expect(await failure(h.as('test').sts().send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'Throttling',
    });
    expect((await h.as('test').sts().send(new GetCallerIdentityCommand({}))).Account).toBe(ORG.management.id);
  });
});

describe('the SDK schemas the codecs read', () => {
  it('finds operations by name, and nothing else', () => {
    expect(operationSchema(sts, 'AssumeRole')).toBeDefined();
    expect(operationSchema(sts, 'Credentials')).toBeUndefined();
    expect(operationSchema(organizations, 'ListAccounts')).toBeDefined();
    expect(operationSchema(ec2, 'ModifyImageAttribute')).toBeDefined();
    expect(operationSchema(ec2, '')).toBeUndefined();
  });

  it('reads modelled errors’ statuses and members', () => {
    expect(errorStatus(organizations, 'AccessDeniedException')).toBe(403);
    expect(errorStatus(organizations, 'TooManyRequestsException')).toBe(429);
    expect(errorStatus(organizations, 'NoSuchError')).toBeUndefined();
    expect(memberNames(organizations, 'InvalidInputException')).toEqual(['Message', 'Reason']);
  });

  it('decodes awsQuery lists as member.N and structures by member name', () => {
    const params = QueryParams.parse(
      'RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FR&RoleSessionName=s&PolicyArns.member.1.arn=arn%3Ap1' +
        '&PolicyArns.member.2.arn=arn%3Ap2&Tags.member.1.Key=team&Tags.member.1.Value=x&DurationSeconds=900',
    );
    expect(decodeQuery(inputOf(operationSchema(sts, 'AssumeRole')!), params, 'aws')).toEqual({
      RoleArn: 'arn:aws:iam::111122223333:role/R',
      RoleSessionName: 's',
      PolicyArns: [{ arn: 'arn:p1' }, { arn: 'arn:p2' }],
      Tags: [{ Key: 'team', Value: 'x' }],
      DurationSeconds: 900,
    });
  });
});
