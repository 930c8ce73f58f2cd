import { describe, expect, it } from 'vitest';
import * as ec2 from '@aws-sdk/client-ec2';
import type { StaticOperationSchema } from '@smithy/types';
import { ApiError } from '../errors';
import { EC2_NAMESPACE, ec2ErrorXml as errorXml, encodeEc2Output } from '../protocol/ec2-query';
import { QueryParams } from '../protocol/form';
import { decodeQuery } from '../protocol/query';
import { inputOf, operationSchema as sdkOperation } from '../protocol/schema';
import { credentialScope } from '../protocol/scope';
import { escapeXml } from '../protocol/xml';

const operationSchema = (action: string) => sdkOperation(ec2, action);

const schema = (action: string) => {
  const s = operationSchema(action);
  if (!s) throw new Error(`no schema for ${action}`);
  return s;
};

const encodeOutput = (operation: StaticOperationSchema, action: string, requestId: string, result: object) =>
  encodeEc2Output(operation, action, requestId, result);

const decode = (action: string, body: string) => decodeQuery(inputOf(schema(action)), QueryParams.parse(body), 'ec2');

function decodeError(action: string, body: string): ApiError {
  try {
    decode(action, body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('QueryParams', () => {
  it('reads values and url-decodes them', () => {
    const p = QueryParams.parse('Action=DescribeImages&Filter.1.Value.1=a%20b%2Bc&Empty=');
    expect(p.get('Action')).toBe('DescribeImages');
    expect(p.get('Filter.1.Value.1')).toBe('a b+c');
    expect(p.get('Empty')).toBe('');
    expect(p.get('Missing')).toBeUndefined();
  });

  it('knows every prefix of a nested key', () => {
    const p = QueryParams.parse('Filter.1.Value.2=x');
    expect(p.has('Filter')).toBe(true);
    expect(p.has('Filter.1')).toBe(true);
    expect(p.has('Filter.1.Value')).toBe(true);
    expect(p.has('Filter.1.Value.2')).toBe(true);
    expect(p.has('Filter.1.Value.1')).toBe(false);
    expect(p.has('Filter.2')).toBe(false);
    // A prefix is a whole dotted segment, not any leading substring.
    expect(p.has('Filt')).toBe(false);
    expect(p.has('Filter.1.Val')).toBe(false);
  });

  it('treats "Key=" with nothing under it as an explicitly empty list', () => {
    expect(QueryParams.parse('ImageId=').isEmpty('ImageId')).toBe(true);
    expect(QueryParams.parse('ImageId=ami-1').isEmpty('ImageId')).toBe(false);
    expect(QueryParams.parse('ImageId=&ImageId.1=ami-1').isEmpty('ImageId')).toBe(false);
    expect(QueryParams.parse('Other=1').isEmpty('ImageId')).toBe(false);
  });

  it('keeps the last value of a repeated key', () => {
    expect(QueryParams.parse('A=1&A=2').get('A')).toBe('2');
  });
});

describe('decodeInput', () => {
  it('decodes nested filter lists', () => {
    const input = decode(
      'DescribeImages',
      'Action=DescribeImages&Owner.1=self&Owner.2=amazon&ImageId.1=ami-1&Filter.1.Name=state&Filter.1.Value.1=available&Filter.1.Value.2=pending&Filter.2.Name=tag%3AName&Filter.2.Value.1=web*',
    );
    expect(input).toEqual({
      Owners: ['self', 'amazon'],
      ImageIds: ['ami-1'],
      Filters: [
        { Name: 'state', Values: ['available', 'pending'] },
        { Name: 'tag:Name', Values: ['web*'] },
      ],
    });
  });

  it('decodes block device mappings and tag specifications with numbers and booleans', () => {
    const input = decode(
      'RunInstances',
      [
        'ImageId=ami-1',
        'MinCount=1',
        'MaxCount=2',
        'DryRun=true',
        'BlockDeviceMapping.1.DeviceName=/dev/sdf',
        'BlockDeviceMapping.1.Ebs.VolumeSize=2',
        'BlockDeviceMapping.1.Ebs.VolumeType=gp3',
        'BlockDeviceMapping.1.Ebs.DeleteOnTermination=false',
        'BlockDeviceMapping.2.DeviceName=/dev/sdg',
        'BlockDeviceMapping.2.NoDevice=',
        'TagSpecification.1.ResourceType=instance',
        'TagSpecification.1.Tag.1.Key=Name',
        'TagSpecification.1.Tag.1.Value=x',
        'TagSpecification.1.Tag.2.Key=Env',
        'TagSpecification.1.Tag.2.Value=',
        'Placement.AvailabilityZone=us-east-1b',
      ].join('&'),
    );
    expect(input).toEqual({
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 2,
      DryRun: true,
      BlockDeviceMappings: [
        { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 2, VolumeType: 'gp3', DeleteOnTermination: false } },
        { DeviceName: '/dev/sdg', NoDevice: '' },
      ],
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: 'x' },
            { Key: 'Env', Value: '' },
          ],
        },
      ],
      Placement: { AvailabilityZone: 'us-east-1b' },
    });
  });

  it('stops a list at the first missing index', () => {
    expect(decode('DescribeVolumes', 'VolumeId.1=vol-1&VolumeId.3=vol-3')).toEqual({ VolumeIds: ['vol-1'] });
  });

  it('reads "List=" as an empty list and leaves absent lists out', () => {
    expect(decode('DescribeImages', 'Owner=&ImageId=')).toEqual({ Owners: [], ImageIds: [] });
    expect(decode('DescribeImages', 'Action=DescribeImages')).toEqual({});
  });

  it('uses the ec2QueryName of renamed members', () => {
    // DescribeSnapshots: OwnerIds is sent as Owner.N, RestorableByUserIds as RestorableBy.N.
    expect(decode('DescribeSnapshots', 'Owner.1=self&RestorableBy.1=123456789012&MaxResults=5&NextToken=abc')).toEqual({
      OwnerIds: ['self'],
      RestorableByUserIds: ['123456789012'],
      MaxResults: 5,
      NextToken: 'abc',
    });
    expect(decode('CreateTags', 'ResourceId.1=i-1&Tag.1.Key=k&Tag.1.Value=v')).toEqual({
      Resources: ['i-1'],
      Tags: [{ Key: 'k', Value: 'v' }],
    });
  });

  it('refuses bad numbers and booleans with InvalidParameterValue', () => {
    for (const body of ['MinCount=abc&MaxCount=1&ImageId=ami-1', 'MinCount=&MaxCount=1', 'MinCount=Infinity']) {
      const e = decodeError('RunInstances', body);
      expect(e.code).toBe('InvalidParameterValue');
      expect(e.status).toBe(400);
    }
    expect(decodeError('RunInstances', 'DryRun=yes').code).toBe('InvalidParameterValue');
    expect(decodeError('DescribeImages', 'MaxResults=ten').code).toBe('InvalidParameterValue');
    expect(decodeError('CreateVolume', 'AvailabilityZone=us-east-1a&Size=x').message).toContain('Size');
  });

  it('knows the SDK operations and nothing else', () => {
    expect(operationSchema('DescribeImages')).toBeDefined();
    expect(operationSchema('NoSuchAction')).toBeUndefined();
    expect(operationSchema('Tag')).toBeUndefined(); // a shape, not an operation
    expect(operationSchema('')).toBeUndefined();
  });
});

describe('encodeOutput', () => {
  it('writes the EC2 envelope with the request id', () => {
    const xml = encodeOutput(schema('CreateImage'), 'CreateImage', 'req-1', { ImageId: 'ami-123' });
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<CreateImageResponse xmlns="${EC2_NAMESPACE}"><requestId>req-1</requestId><imageId>ami-123</imageId></CreateImageResponse>`,
    );
  });

  it('writes list members as <item> inside the wire names, with renamed members', () => {
    const xml = encodeOutput(schema('DescribeImages'), 'DescribeImages', 'r', {
      Images: [
        {
          ImageId: 'ami-1',
          OwnerId: '123456789012',
          State: 'available',
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-1', VolumeSize: 8, DeleteOnTermination: true } },
          ],
          Tags: [{ Key: 'Name', Value: 'a' }],
        },
      ],
    });
    expect(xml).toMatch(/<imagesSet><item>.*<imageId>ami-1<\/imageId>.*<\/item><\/imagesSet>/);
    expect(xml).toContain('<imageOwnerId>123456789012</imageOwnerId>');
    expect(xml).toContain('<imageState>available</imageState>');
    expect(xml).toContain(
      '<blockDeviceMapping><item><ebs><deleteOnTermination>true</deleteOnTermination><snapshotId>snap-1</snapshotId><volumeSize>8</volumeSize></ebs><deviceName>/dev/xvda</deviceName></item></blockDeviceMapping>',
    );
    expect(xml).toContain('<tagSet><item><key>Name</key><value>a</value></item></tagSet>');
    expect(xml).not.toContain('nextToken');
  });

  it('writes reservations, instance states and volume/snapshot states under their wire names', () => {
    const run = encodeOutput(schema('RunInstances'), 'RunInstances', 'r', {
      ReservationId: 'r-1',
      OwnerId: '123456789012',
      Groups: [],
      Instances: [{ InstanceId: 'i-1', State: { Code: 0, Name: 'pending' } }],
    });
    expect(run).toContain('<reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet></groupSet>');
    expect(run).toContain(
      '<instancesSet><item><instanceId>i-1</instanceId><instanceState><code>0</code><name>pending</name></instanceState></item></instancesSet>',
    );
    const vols = encodeOutput(schema('DescribeVolumes'), 'DescribeVolumes', 'r', {
      Volumes: [{ VolumeId: 'vol-1', State: 'in-use', Attachments: [{ InstanceId: 'i-1' }] }],
      NextToken: 'tok',
    });
    expect(vols).toContain('<volumeSet><item>');
    expect(vols).toContain('<status>in-use</status>');
    expect(vols).toContain('<attachmentSet><item><instanceId>i-1</instanceId></item></attachmentSet>');
    expect(vols).toContain('<nextToken>tok</nextToken>');
    const snaps = encodeOutput(schema('DescribeSnapshots'), 'DescribeSnapshots', 'r', {
      Snapshots: [{ SnapshotId: 'snap-1', State: 'pending' }],
    });
    expect(snaps).toContain(
      '<snapshotSet><item><snapshotId>snap-1</snapshotId><status>pending</status></item></snapshotSet>',
    );
  });

  it('writes timestamps as ISO-8601 with milliseconds and keeps string dates as they are', () => {
    const xml = encodeOutput(schema('DescribeSnapshots'), 'DescribeSnapshots', 'r', {
      Snapshots: [{ SnapshotId: 'snap-1', StartTime: new Date(Date.UTC(2026, 10, 21, 10, 0, 0, 0)) }],
    });
    expect(xml).toContain('<startTime>2026-11-21T10:00:00.000Z</startTime>');
    const img = encodeOutput(schema('DescribeImages'), 'DescribeImages', 'r', {
      Images: [{ CreationDate: '2026-11-21T10:00:00.000Z' }],
    });
    expect(img).toContain('<creationDate>2026-11-21T10:00:00.000Z</creationDate>');
  });

  it('escapes text and leaves out undefined and null members', () => {
    const xml = encodeOutput(schema('DescribeSnapshots'), 'DescribeSnapshots', 'r', {
      Snapshots: [{ SnapshotId: 'snap-1', Description: `a<b>&"c'`, VolumeId: undefined, OwnerAlias: null }, null],
    });
    expect(xml).toContain('<description>a&lt;b&gt;&amp;&quot;c&apos;</description>');
    expect(xml).not.toContain('volumeId');
    expect(xml).not.toContain('ownerAlias');
    expect(xml.match(/<item>/g)).toHaveLength(1);
  });

  it('answers <return>true</return> for actions without output', () => {
    const xml = encodeOutput(schema('DeleteSnapshot'), 'DeleteSnapshot', 'r', {});
    expect(xml).toContain('<requestId>r</requestId><return>true</return></DeleteSnapshotResponse>');
  });
});

describe('errorXml', () => {
  it('writes the EC2 error envelope', () => {
    expect(errorXml('InvalidSnapshot.NotFound', "The snapshot 'snap-1' does not exist.", 'req-9')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Response><Errors><Error><Code>InvalidSnapshot.NotFound</Code><Message>The snapshot &apos;snap-1&apos; does not exist.</Message></Error></Errors><RequestID>req-9</RequestID></Response>',
    );
  });

  it('escapes markup in the message', () => {
    expect(errorXml('X', '<&>', 'r')).toContain('<Message>&lt;&amp;&gt;</Message>');
    expect(escapeXml(`&<>"'plain`)).toBe('&amp;&lt;&gt;&quot;&apos;plain');
  });
});

describe('credentialScope', () => {
  it('reads the access key, region and service from the SigV4 credential scope, in the header or presigned', () => {
    const auth =
      'AWS4-HMAC-SHA256 Credential=test/20261121/eu-west-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    expect(credentialScope(auth, new URLSearchParams())).toEqual({
      accessKeyId: 'test',
      date: '20261121',
      region: 'eu-west-1',
      service: 'ec2',
    });
    expect(
      credentialScope(undefined, new URLSearchParams('X-Amz-Credential=AKID/20261121/us-east-1/sts/aws4_request')),
    ).toEqual({ accessKeyId: 'AKID', date: '20261121', region: 'us-east-1', service: 'sts' });
    expect(credentialScope('Bearer x', new URLSearchParams())).toBeUndefined();
    expect(credentialScope(undefined, new URLSearchParams())).toBeUndefined();
    expect(credentialScope(undefined, new URLSearchParams('X-Amz-Credential=a/b'))).toBeUndefined();
  });
});
