import {
  CloudTrailClient,
  type Event,
  type LookupEventsCommandInput,
  LookupEventsCommand,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_SETTINGS } from '../cloudtrail';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { type Harness, T0, failure, perTest } from './harness';

/** CloudTrail's LookupEvents over the emulator's log of every call that changed state, through the real SDK. */

const emulator = perTest();
const DAY = 86_400_000;

/** The CloudTrail record LookupEvents gives as JSON text. */
const record = (e: Event) => JSON.parse(e.CloudTrailEvent!) as TrailRecord;

/** The fields of a CloudTrail record these tests read by name. */
interface TrailRecord {
  eventTime: string;
  sourceIPAddress: string;
  requestID: string;
  recipientAccountId: string;
  requestParameters: { size?: number } & Record<string, unknown>;
  userIdentity: { sessionContext: { sessionIssuer: { userName: string } } } & Record<string, unknown>;
}

async function lookup(client: CloudTrailClient, input: LookupEventsCommandInput = {}): Promise<Event[]> {
  const events: Event[] = [];
  for await (const page of paginateLookupEvents({ client }, input)) events.push(...(page.Events ?? []));
  return events;
}

const by = (key: string, value: string): LookupEventsCommandInput => ({
  LookupAttributes: [{ AttributeKey: key as never, AttributeValue: value }],
});

/** An empty account where the `test` key (the default account's admin) made a volume, a snapshot of it and tags. */
async function history(h: Harness) {
  const ec2 = h.client();
  const { VolumeId } = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4 }));
  h.clock.advance(60_000);
  const { SnapshotId } = await ec2.send(new CreateSnapshotCommand({ VolumeId }));
  h.clock.advance(60_000);
  await ec2.send(new CreateTagsCommand({ Resources: [SnapshotId!], Tags: [{ Key: 'Name', Value: 'kept' }] }));
  return { volumeId: VolumeId!, snapshotId: SnapshotId! };
}

describe('CloudTrail LookupEvents', () => {
  it('names who created the walkthrough’s AMI: the ci-pipeline user, with the instance, the AMI and its snapshots', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const { Images } = await h.client().send(new DescribeImagesCommand({ Owners: ['self'] }));
    const image = Images!.find((i) => i.Name === 'ImageFromEBSVolDemo')!;
    const snapshots = image.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);

    const events = await lookup(h.as('test').cloudtrail(), by('ResourceName', image.ImageId!));
    const created = events.find((e) => e.EventName === 'CreateImage')!;
    expect(created).toMatchObject({
      EventSource: 'ec2.amazonaws.com',
      Username: 'ci-pipeline',
      ReadOnly: 'false',
      EventTime: image.CreationDate ? new Date(image.CreationDate) : expect.any(Date),
    });
    expect(created.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(created.Resources).toEqual([
      { ResourceType: 'AWS::EC2::Instance', ResourceName: image.SourceInstanceId },
      { ResourceType: 'AWS::EC2::Ami', ResourceName: image.ImageId },
      ...snapshots.map((id) => ({ ResourceType: 'AWS::EC2::Snapshot', ResourceName: id })),
    ]);
    const r = record(created);
    expect(r).toMatchObject({
      eventVersion: expect.any(String),
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::123456789012:user/ci-pipeline',
        accountId: '123456789012',
        accessKeyId: created.AccessKeyId,
        userName: 'ci-pipeline',
        principalId: expect.stringMatching(/^AIDA/),
      },
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateImage',
      awsRegion: 'us-east-1',
      requestParameters: { instanceId: image.SourceInstanceId, name: 'ImageFromEBSVolDemo' },
      responseElements: { imageId: image.ImageId },
      eventID: created.EventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '123456789012',
    });
    expect(new Date(r.eventTime).getTime()).toBe(created.EventTime!.getTime());
    // Launched from it by alice.
    expect(events.filter((e) => e.EventName === 'RunInstances').map((e) => e.Username)).toEqual(['alice']);
  });

  it('names AWS Backup’s assumed role for the walkthrough’s backup, with its session', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const { Snapshots } = await h.client().send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    const backup = Snapshots!.find((s) => s.Description === 'Backup of EBSVolDemo data volume')!;
    const [created] = await lookup(h.as('test').cloudtrail(), by('ResourceName', backup.SnapshotId!));
    expect(created).toMatchObject({ EventName: 'CreateSnapshot', Username: 'AWSBackup-AWSBackupDefaultServiceRole' });
    expect(record(created!).userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/AWSBackupDefaultServiceRole/AWSBackup-AWSBackupDefaultServiceRole',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::123456789012:role/AWSBackupDefaultServiceRole',
          userName: 'AWSBackupDefaultServiceRole',
        },
      },
    });
    expect(record(created!).sourceIPAddress).toBe('backup.amazonaws.com');
  });

  it('filters by each lookup attribute, newest first', async () => {
    const h = await emulator();
    const { volumeId, snapshotId } = await history(h);
    const ct = h.as('test').cloudtrail();
    const all = await lookup(ct);
    expect(all.map((e) => e.EventName)).toEqual(['CreateTags', 'CreateSnapshot', 'CreateVolume']);
    expect(all.map((e) => e.EventTime!.getTime())).toEqual([T0 + 120_000, T0 + 60_000, T0]);
    const names = async (input: LookupEventsCommandInput) => (await lookup(ct, input)).map((e) => e.EventName);

    expect(await names(by('EventName', 'CreateSnapshot'))).toEqual(['CreateSnapshot']);
    expect(await names(by('ResourceName', snapshotId))).toEqual(['CreateTags', 'CreateSnapshot']);
    expect(await names(by('ResourceName', volumeId))).toEqual(['CreateSnapshot', 'CreateVolume']);
    expect(await names(by('ResourceType', 'AWS::EC2::Volume'))).toEqual(['CreateSnapshot', 'CreateVolume']);
    expect(await names(by('Username', 'admin'))).toEqual(['CreateTags', 'CreateSnapshot', 'CreateVolume']);
    expect(await names(by('Username', 'someone-else'))).toEqual([]);
    expect(await names(by('EventSource', 'ec2.amazonaws.com'))).toHaveLength(3);
    expect(await names(by('EventSource', 'sts.amazonaws.com'))).toEqual([]);
    expect(await names(by('AccessKeyId', 'test'))).toHaveLength(3);
    expect(await names(by('AccessKeyId', 'other'))).toEqual([]);
    expect(await names(by('EventId', all[1]!.EventId!))).toEqual(['CreateSnapshot']);
    expect(await names(by('ReadOnly', 'false'))).toHaveLength(3);
    // Only calls that change state are logged.
    expect(await names(by('ReadOnly', 'true'))).toEqual([]);
    // Each region has its own events.
    expect(await lookup(h.as('test').cloudtrail('eu-west-1'))).toEqual([]);
  });

  it('records the request, the answer and refused calls with their error code', async () => {
    const h = await emulator();
    const { volumeId } = await history(h);
    const refused = await failure(h.client().send(new DeleteVolumeCommand({ VolumeId: 'vol-0123456789abcdef0' })));
    expect(refused.name).toBe('InvalidVolume.NotFound');
    const ct = h.as('test').cloudtrail();
    const [deleted] = await lookup(ct, by('EventName', 'DeleteVolume'));
    expect(record(deleted!)).toMatchObject({
      errorCode: 'Client.InvalidVolume.NotFound',
      errorMessage: expect.stringContaining('vol-0123456789abcdef0'),
      requestParameters: { volumeId: 'vol-0123456789abcdef0' },
      responseElements: null,
    });
    const [created] = await lookup(ct, by('EventName', 'CreateVolume'));
    expect(record(created!)).toMatchObject({
      requestParameters: { availabilityZone: 'us-east-1a', size: 4 },
      responseElements: { volumeId, size: 4, state: 'creating' },
      userAgent: expect.stringContaining('aws-sdk-js'),
      sourceIPAddress: '127.0.0.1',
    });
    // The request id CloudTrail records is the one the caller got.
    expect(record(created!).requestID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps to the time range, and forgets events after 90 days', async () => {
    const h = await emulator();
    await history(h);
    const ct = h.as('test').cloudtrail();
    const names = async (input: LookupEventsCommandInput) => (await lookup(ct, input)).map((e) => e.EventName);
    expect(await names({ StartTime: new Date(T0 + 60_000) })).toEqual(['CreateTags', 'CreateSnapshot']);
    expect(await names({ EndTime: new Date(T0 + 60_000) })).toEqual(['CreateSnapshot', 'CreateVolume']);
    expect(await names({ StartTime: new Date(T0 + 1), EndTime: new Date(T0 + 60_000) })).toEqual(['CreateSnapshot']);
    expect(await names({ StartTime: new Date(T0 + 200_000) })).toEqual([]);
    h.clock.advance(89 * DAY);
    expect(await names({})).toHaveLength(3);
    h.clock.advance(DAY - 60_000);
    expect(await names({})).toEqual(['CreateTags', 'CreateSnapshot']);
    expect(await names({ StartTime: new Date(T0 - DAY) })).toEqual(['CreateTags', 'CreateSnapshot']);
  });

  it('pages at most 50 events, newest first, with a token bound to its parameters', async () => {
    const h = await emulator();
    const ec2 = h.client();
    for (let i = 0; i < 7; i++) {
      await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: i + 1 }));
      h.clock.advance(i % 2 === 0 ? 0 : 1000);
    }
    const ct = h.as('test').cloudtrail();
    const first = await ct.send(new LookupEventsCommand({ MaxResults: 3 }));
    expect(first.Events).toHaveLength(3);
    expect(first.NextToken).toBeTruthy();
    const pages = [first.Events!];
    for (let token = first.NextToken; token;) {
      const page = await ct.send(new LookupEventsCommand({ MaxResults: 3, NextToken: token }));
      pages.push(page.Events!);
      token = page.NextToken;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const sizes = pages.flat().map((e) => record(e).requestParameters.size);
    expect(sizes).toEqual([7, 6, 5, 4, 3, 2, 1]);
    // A new event does not shift the pages a token continues.
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));
    const again = await ct.send(new LookupEventsCommand({ MaxResults: 3, NextToken: first.NextToken }));
    expect(again.Events!.map((e) => record(e).requestParameters.size)).toEqual([4, 3, 2]);
    // The whole history fits one page of the default size.
    expect((await ct.send(new LookupEventsCommand({}))).Events).toHaveLength(8);

    const invalid = (input: LookupEventsCommandInput) => failure(ct.send(new LookupEventsCommand(input)));
    expect(await invalid({ ...by('EventName', 'CreateVolume'), NextToken: first.NextToken })).toMatchObject({
      name: 'InvalidNextTokenException',
      status: 400,
    });
    expect(await invalid({ NextToken: 'not-a-token' })).toMatchObject({ name: 'InvalidNextTokenException' });
  });

  it('refuses bad input with CloudTrail’s own errors', async () => {
    const h = await emulator();
    const ct = h.as('test').cloudtrail();
    const invalid = (input: LookupEventsCommandInput) => failure(ct.send(new LookupEventsCommand(input)));
    const two: LookupEventsCommandInput = {
      LookupAttributes: [
        { AttributeKey: 'EventName', AttributeValue: 'CreateImage' },
        { AttributeKey: 'Username', AttributeValue: 'admin' },
      ],
    };
    expect(await invalid(two)).toMatchObject({ name: 'InvalidLookupAttributesException', status: 400 });
    expect(await invalid(by('Colour', 'blue'))).toMatchObject({ name: 'InvalidLookupAttributesException' });
    expect(await invalid(by('ReadOnly', 'maybe'))).toMatchObject({ name: 'InvalidLookupAttributesException' });
    expect(await invalid(by('EventName', ''))).toMatchObject({ name: 'InvalidLookupAttributesException' });
    for (const MaxResults of [0, 51])
      expect(await invalid({ MaxResults })).toMatchObject({ name: 'InvalidMaxResultsException', status: 400 });
    expect(await invalid({ StartTime: new Date(T0), EndTime: new Date(T0 - 1) })).toMatchObject({
      name: 'InvalidTimeRangeException',
      status: 400,
    });
    expect(await invalid({ EventCategory: 'data' as never })).toMatchObject({
      name: 'InvalidEventCategoryException',
    });
    // No Insights events.
    expect((await ct.send(new LookupEventsCommand({ EventCategory: 'insight' }))).Events).toEqual([]);
  });

  it('records sessions of assumed roles in the role’s account, and AssumeRole in both accounts', async () => {
    const h = await emulator({ scenario: 'organization' });
    h.clock.advance(DAY);
    const roleArn = `arn:aws:iam::${ORG.prod.id}:role/LineageReader`;
    const { Credentials } = await h
      .as('test')
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'lineage' }));
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    h.clock.advance(5 * 60_000);
    const { VolumeId } = await h
      .as(session)
      .ec2()
      .send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));

    const prod = h.as(ORG.prod.accessKey).cloudtrail();
    const [created] = await lookup(prod, by('ResourceName', VolumeId!));
    expect(created).toMatchObject({ EventName: 'CreateVolume', Username: 'lineage', AccessKeyId: session.accessKeyId });
    expect(record(created!).userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ORG.prod.id}:assumed-role/LineageReader/lineage`,
      accountId: ORG.prod.id,
      accessKeyId: session.accessKeyId,
      principalId: expect.stringMatching(/^AROA[A-Z2-7]{17}:lineage$/),
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: roleArn, accountId: ORG.prod.id, userName: 'LineageReader' },
        attributes: { creationDate: new Date(T0 + DAY).toISOString().replace('.000Z', 'Z') },
      },
    });
    // The session's own key finds it too.
    expect(await lookup(prod, by('AccessKeyId', session.accessKeyId))).toHaveLength(1);

    const assumed = (client: CloudTrailClient) => lookup(client, by('EventName', 'AssumeRole'));
    const [inProd] = await assumed(prod);
    const [inManagement] = await assumed(h.as('test').cloudtrail());
    for (const e of [inProd, inManagement]) {
      expect(e).toMatchObject({ EventSource: 'sts.amazonaws.com', Username: 'admin' });
      expect(e!.Resources).toEqual([
        { ResourceType: 'AWS::IAM::AccessKey', ResourceName: session.accessKeyId },
        {
          ResourceType: 'AWS::STS::AssumedRole',
          ResourceName: `arn:aws:sts::${ORG.prod.id}:assumed-role/LineageReader/lineage`,
        },
        { ResourceType: 'AWS::IAM::Role', ResourceName: roleArn },
      ]);
    }
    expect(record(inProd!).recipientAccountId).toBe(ORG.prod.id);
    expect(record(inManagement!).recipientAccountId).toBe(ORG.management.id);
    // Each account sees its own trail only: prod's volume is not in the management account's.
    expect(await lookup(h.as('test').cloudtrail(), by('ResourceName', VolumeId!))).toEqual([]);
  });

  it('tells the organization’s story: tooling’s pipeline bakes, carol launches in prod through the access role', async () => {
    const h = await emulator({ scenario: 'organization' });
    const tooling = await lookup(h.as(ORG.tooling.accessKey).cloudtrail(), by('EventName', 'CreateImage'));
    expect(tooling.map((e) => e.Username)).toEqual(['ci-pipeline', 'ci-pipeline', 'ci-pipeline']);
    const launches = await lookup(h.as(ORG.prod.accessKey).cloudtrail(), by('EventName', 'RunInstances'));
    expect(launches.map((e) => e.Username)).toEqual(['carol', 'carol']);
    expect(record(launches[0]!).userIdentity.sessionContext.sessionIssuer.userName).toBe(
      'OrganizationAccountAccessRole',
    );
  });

  it('with --throttle answers ThrottlingException past two lookups a second per account and region', async () => {
    const h = await emulator({ throttle: true });
    const ct = h.as('test').cloudtrail();
    await ct.send(new LookupEventsCommand({}));
    await ct.send(new LookupEventsCommand({}));
    expect(await failure(ct.send(new LookupEventsCommand({})))).toMatchObject({ name: 'ThrottlingException' });
    // Another region has its own budget; a second later there is room again.
    expect((await h.as('test').cloudtrail('eu-west-1').send(new LookupEventsCommand({}))).Events).toEqual([]);
    h.clock.advance(1000);
    expect((await ct.send(new LookupEventsCommand({}))).Events).toEqual([]);
  });

  it('speaks the protocol settings of the SDK’s own CloudTrail client', () => {
    const { protocolSettings } = new CloudTrailClient({ region: 'us-east-1' }).config;
    expect(protocolSettings).toMatchObject({ serviceTarget: CLOUDTRAIL_SETTINGS.serviceTarget });
  });
});
