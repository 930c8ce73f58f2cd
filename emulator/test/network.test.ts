import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { baseImageId, failure, getInstance, launch, perTest } from './harness';

const emulator = perTest();

describe('the network a launch goes into', () => {
  it('every region has a default VPC, a default subnet per zone and a default security group', async () => {
    const c = (await emulator()).client('eu-west-1');
    const { Vpcs } = await c.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs![0]).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available' });
    const vpcId = Vpcs![0]!.VpcId!;
    const { Subnets } = await c.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(Subnets!.map((s) => [s.AvailabilityZone, s.DefaultForAz])).toEqual([
      ['eu-west-1a', true],
      ['eu-west-1b', true],
      ['eu-west-1c', true],
    ]);
    const { SecurityGroups } = await c.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    expect(SecurityGroups!.map((g) => [g.GroupName, g.VpcId])).toEqual([['default', vpcId]]);
    // The same ids on every call, and another region's are its own.
    const again = await c.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(again.Vpcs![0]!.VpcId).toBe(vpcId);
    const other = await (await emulator()).client('us-east-1').send(new DescribeVpcsCommand({}));
    expect(other.Vpcs![0]!.VpcId).not.toBe(vpcId);
  });

  it('unknown and malformed ids are refused with EC2 codes', async () => {
    const c = (await emulator()).client();
    expect((await failure(c.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })))).name).toBe(
      'InvalidVpcID.NotFound',
    );
    expect((await failure(c.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-12345678'] })))).name).toBe(
      'InvalidSubnetID.NotFound',
    );
    expect((await failure(c.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-x'] })))).name).toBe(
      'InvalidSubnetID.Malformed',
    );
    expect((await failure(c.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-12345678'] })))).name).toBe(
      'InvalidGroup.NotFound',
    );
    expect(
      (await failure(c.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'route-table', Values: ['x'] }] })))).name,
    ).toBe('InvalidParameterValue');
  });

  it('RunInstances goes into the subnet and security groups it names, else the default ones', async () => {
    const c = (await emulator()).client();
    const image = await baseImageId(c);
    const { Subnets } = await c.send(new DescribeSubnetsCommand({}));
    const subnetB = Subnets!.find((s) => s.AvailabilityZone === 'us-east-1b')!;
    const { SecurityGroups } = await c.send(new DescribeSecurityGroupsCommand({}));
    const group = SecurityGroups![0]!;
    const placed = await launch(c, image, { SubnetId: subnetB.SubnetId, SecurityGroupIds: [group.GroupId!] });
    expect(placed).toMatchObject({
      SubnetId: subnetB.SubnetId,
      VpcId: subnetB.VpcId,
      Placement: { AvailabilityZone: 'us-east-1b' },
      SecurityGroups: [{ GroupId: group.GroupId, GroupName: 'default' }],
    });
    expect(placed.PrivateIpAddress).toMatch(/^172\.31\.(1[6-9]|2\d|3[01])\.\d+$/);
    const plain = await launch(c, image, { Placement: { AvailabilityZone: 'us-east-1c' } });
    expect(plain.SubnetId).toBe(Subnets!.find((s) => s.AvailabilityZone === 'us-east-1c')!.SubnetId);
    expect(plain.SecurityGroups).toEqual([{ GroupId: group.GroupId, GroupName: 'default' }]);
    const bySubnet = await c.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'subnet-id', Values: [subnetB.SubnetId!] }] }),
    );
    expect(bySubnet.Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId)).toEqual([placed.InstanceId]);
    const groups = await c.send(
      new DescribeInstanceAttributeCommand({ InstanceId: placed.InstanceId, Attribute: 'groupSet' }),
    );
    expect(groups.Groups).toEqual([{ GroupId: group.GroupId, GroupName: 'default' }]);
  });

  it('an unknown subnet or security group fails the launch and makes nothing', async () => {
    const c = (await emulator()).client();
    const image = await baseImageId(c);
    const subnet = await failure(launch(c, image, { SubnetId: 'subnet-0123456789abcdef0' }));
    expect(subnet.name).toBe('InvalidSubnetID.NotFound');
    const group = await failure(launch(c, image, { SecurityGroupIds: ['sg-0123456789abcdef0'] }));
    expect(group.name).toBe('InvalidGroup.NotFound');
    expect(group.message).toContain("sg-0123456789abcdef0' does not exist in VPC");
    const name = await failure(launch(c, image, { SecurityGroups: ['nope'] }));
    expect(name.name).toBe('InvalidGroup.NotFound');
    const { Subnets } = await c.send(new DescribeSubnetsCommand({}));
    const zone = await failure(
      launch(c, image, { SubnetId: Subnets![0]!.SubnetId, Placement: { AvailabilityZone: 'us-east-1c' } }),
    );
    expect(zone.name).toBe('InvalidParameterValue');
    const { Reservations } = await c.send(new DescribeInstancesCommand({}));
    expect(Reservations).toEqual([]);
  });

  it('ca-central-1 has no default VPC: a launch without a subnet fails, one into its own subnet works', async () => {
    const c = (await emulator()).client('ca-central-1');
    const image = await baseImageId(c);
    const { Vpcs } = await c.send(new DescribeVpcsCommand({}));
    expect(Vpcs!.map((v) => [v.IsDefault, v.Tags])).toEqual([[false, [{ Key: 'Name', Value: 'lineage-private' }]]]);
    const refused = await failure(launch(c, image));
    expect(refused.name).toBe('VPCIdNotSpecified');
    const { Subnets } = await c.send(new DescribeSubnetsCommand({}));
    expect(Subnets!.every((s) => s.DefaultForAz === false)).toBe(true);
    const { SecurityGroups } = await c.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web'] }] }),
    );
    const web = SecurityGroups![0]!;
    expect(web.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]);
    const byName = await failure(launch(c, image, { SubnetId: Subnets![0]!.SubnetId, SecurityGroups: ['web'] }));
    expect(byName.name).toBe('InvalidParameterCombination');
    const launched = await launch(c, image, {
      SubnetId: Subnets![1]!.SubnetId,
      SecurityGroupIds: [web.GroupId!],
      PrivateIpAddress: '10.0.1.20',
    });
    expect(launched).toMatchObject({
      VpcId: Vpcs![0]!.VpcId,
      PrivateIpAddress: '10.0.1.20',
      SecurityGroups: [{ GroupId: web.GroupId, GroupName: 'web' }],
    });
    const outside = await failure(launch(c, image, { SubnetId: Subnets![1]!.SubnetId, PrivateIpAddress: '10.0.2.20' }));
    expect(outside.name).toBe('InvalidParameterValue');
  });
});

describe('instance profiles', () => {
  it('the walkthrough has one; RunInstances takes it by name or ARN and describes it back', async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const iam = h.as('test').iam();
    const { InstanceProfiles, IsTruncated } = await iam.send(new ListInstanceProfilesCommand({}));
    expect(IsTruncated).toBe(false);
    expect(InstanceProfiles!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)])).toEqual([
      ['lineage-demo-app', ['lineage-demo-app']],
    ]);
    const profile = InstanceProfiles![0]!;
    expect(profile.Arn).toBe('arn:aws:iam::123456789012:instance-profile/lineage-demo-app');
    const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'lineage-demo-app' }));
    expect(got.InstanceProfile!.InstanceProfileId).toBe(profile.InstanceProfileId);
    expect((await failure(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'x' })))).name).toBe(
      'NoSuchEntityException',
    );
    const c = h.client();
    const image = await baseImageId(c);
    const byName = await launch(c, image, {
      IamInstanceProfile: { Name: 'lineage-demo-app' },
      UserData: 'ZWNobyBoaQ==',
    });
    expect(byName.IamInstanceProfile).toEqual({ Arn: profile.Arn, Id: profile.InstanceProfileId });
    const byArn = await launch(c, image, { IamInstanceProfile: { Arn: profile.Arn } });
    expect((await getInstance(c, byArn.InstanceId!)).IamInstanceProfile?.Arn).toBe(profile.Arn);
    const unknown = await failure(launch(c, image, { IamInstanceProfile: { Name: 'nobody' } }));
    expect(unknown).toMatchObject({ name: 'InvalidParameterValue' });
    expect(unknown.message).toContain('Invalid IAM Instance Profile name');
    const userData = await c.send(
      new DescribeInstanceAttributeCommand({ InstanceId: byName.InstanceId, Attribute: 'userData' }),
    );
    expect(userData.UserData?.Value).toBe('ZWNobyBoaQ==');
  });

  it('an account without profiles lists none', async () => {
    const h = await emulator();
    const { InstanceProfiles } = await h.as('test').iam().send(new ListInstanceProfilesCommand({}));
    expect(InstanceProfiles).toEqual([]);
  });
});
