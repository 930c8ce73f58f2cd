import { DescribeAvailabilityZonesCommand, DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { zoneIdOf } from '../regions';
import { start } from './harness';

describe("EC2's defaults", () => {
  it('launches an m1.small when RunInstances names no instance type', async () => {
    const h = await start();
    const ec2 = h.client();
    const { Images } = await ec2.send(
      new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }),
    );
    const answer = await ec2.send(new RunInstancesCommand({ ImageId: Images![0]!.ImageId, MinCount: 1, MaxCount: 1 }));
    expect(answer.Instances?.[0]?.InstanceType).toBe('m1.small');
  });

  it('names zones and zone ids as EC2 does', async () => {
    const h = await start();
    const { AvailabilityZones } = await h.client('ap-southeast-2').send(new DescribeAvailabilityZonesCommand({}));
    expect(AvailabilityZones?.map((z) => [z.ZoneName, z.ZoneId])).toEqual([
      ['ap-southeast-2a', 'apse2-az1'],
      ['ap-southeast-2b', 'apse2-az2'],
      ['ap-southeast-2c', 'apse2-az3'],
    ]);
    expect(zoneIdOf('us-east-1', 0)).toBe('use1-az1');
    expect(zoneIdOf('eu-central-1', 1)).toBe('euc1-az2');
  });
});
