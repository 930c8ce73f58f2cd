import type * as Ec2 from '@aws-sdk/client-ec2';
import type { Emulator } from '../emulator';

/**
 * Scenarios play EC2 actions at chosen moments in the past, through the emulator's own handlers, so what they
 * leave behind is exactly what the API would have made.
 */
export class Player {
  constructor(
    readonly em: Emulator,
    public time: number,
  ) {}

  wait(ms: number): this {
    this.time += ms;
    return this;
  }

  private call<T>(region: string, action: string, input: object): T {
    return this.em.at(this.time, () => this.em.invoke(region, action, input as Record<string, unknown>)) as T;
  }

  baseImageId(region: string, namePrefix = 'al2023-ami-'): string {
    const { Images } = this.call<Ec2.DescribeImagesResult>(region, 'DescribeImages', { Owners: ['amazon'] });
    const image = Images?.find((i) => i.Name?.startsWith(namePrefix) && i.Architecture === 'x86_64');
    if (!image?.ImageId) throw new Error(`No base image ${namePrefix}* in ${region}`);
    return image.ImageId;
  }

  run(region: string, input: Partial<Ec2.RunInstancesRequest> & { ImageId: string; name?: string }): Ec2.Instance[] {
    const { name, ...rest } = input;
    const tags = name ? [{ ResourceType: 'instance' as const, Tags: [{ Key: 'Name', Value: name }] }] : undefined;
    const result = this.call<Ec2.Reservation>(region, 'RunInstances', {
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: tags,
      ...rest,
    });
    return result.Instances ?? [];
  }

  createImage(region: string, instanceId: string, name: string, description?: string): string {
    return this.call<Ec2.CreateImageResult>(region, 'CreateImage', { InstanceId: instanceId, Name: name, Description: description, NoReboot: true }).ImageId!;
  }

  copyImage(sourceRegion: string, imageId: string, destinationRegion: string, name: string): string {
    return this.call<Ec2.CopyImageResult>(destinationRegion, 'CopyImage', { SourceRegion: sourceRegion, SourceImageId: imageId, Name: name }).ImageId!;
  }

  createSnapshot(region: string, volumeId: string, description?: string, tags: Record<string, string> = {}): string {
    const tagSpecs = Object.keys(tags).length
      ? [{ ResourceType: 'snapshot', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }]
      : undefined;
    return this.call<Ec2.Snapshot>(region, 'CreateSnapshot', { VolumeId: volumeId, Description: description, TagSpecifications: tagSpecs }).SnapshotId!;
  }

  copySnapshot(sourceRegion: string, snapshotId: string, destinationRegion: string, description?: string): string {
    return this.call<Ec2.CopySnapshotResult>(destinationRegion, 'CopySnapshot', { SourceRegion: sourceRegion, SourceSnapshotId: snapshotId, Description: description }).SnapshotId!;
  }

  createVolume(region: string, input: Partial<Ec2.CreateVolumeRequest> & { name?: string }): string {
    const { name, ...rest } = input;
    const tags = name ? [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: name }] }] : undefined;
    return this.call<Ec2.Volume>(region, 'CreateVolume', { AvailabilityZone: `${region}a`, TagSpecifications: tags, ...rest }).VolumeId!;
  }

  terminate(region: string, instanceIds: string[]): void {
    this.call(region, 'TerminateInstances', { InstanceIds: instanceIds });
  }

  stop(region: string, instanceIds: string[]): void {
    this.call(region, 'StopInstances', { InstanceIds: instanceIds });
  }

  deregister(region: string, imageId: string, deleteSnapshots = false): void {
    this.call(region, 'DeregisterImage', { ImageId: imageId, DeleteAssociatedSnapshots: deleteSnapshots });
  }

  deleteSnapshot(region: string, snapshotId: string): void {
    this.call(region, 'DeleteSnapshot', { SnapshotId: snapshotId });
  }

  tag(region: string, resourceId: string, tags: Record<string, string>): void {
    this.call(region, 'CreateTags', { Resources: [resourceId], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
  }

  volumesOf(instance: Ec2.Instance): string[] {
    return (instance.BlockDeviceMappings ?? []).map((m) => m.Ebs!.VolumeId!);
  }
}
