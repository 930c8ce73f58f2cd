import type * as Ec2 from '@aws-sdk/client-ec2';
import type { Emulator } from '../emulator';

type Tags = Record<string, string>;

/** TagSpecifications from tags per resource type; undefined when there are none. */
function tagSpecs(byType: Partial<Record<Ec2.ResourceType, Tags>>): Ec2.TagSpecification[] | undefined {
  const specs = Object.entries(byType).flatMap(([type, tags]) => {
    const entries = Object.entries(tags ?? {});
    return entries.length
      ? [{ ResourceType: type as Ec2.ResourceType, Tags: entries.map(([Key, Value]) => ({ Key, Value })) }]
      : [];
  });
  return specs.length ? specs : undefined;
}

/**
 * Scenarios play EC2 actions at chosen moments in the past, through the emulator's own handlers, so what they
 * leave behind is exactly what the API would have made.
 */
export class Player {
  constructor(
    readonly em: Emulator,
    public time: number,
  ) {}

  /** At least the emulator's delay, so what was started before has settled (a long --delay-ms stretches the story). */
  wait(ms: number): this {
    this.time += Math.max(ms, this.em.delayMs);
    return this;
  }

  private call<T>(region: string, action: string, input: object): T {
    return this.em.at(this.time, () => this.em.invoke(region, action, input as Record<string, unknown>)) as T;
  }

  baseImageId(region: string, namePrefix = 'al2023-ami-', architecture: Ec2.ArchitectureValues = 'x86_64'): string {
    const { Images } = this.call<Ec2.DescribeImagesResult>(region, 'DescribeImages', { Owners: ['amazon'] });
    const image = Images?.find((i) => i.Name?.startsWith(namePrefix) && i.Architecture === architecture);
    if (!image?.ImageId) throw new Error(`No base image ${namePrefix}* in ${region}`);
    return image.ImageId;
  }

  /** `tags` go on the instances, `volumeTags` on the volumes they get. */
  run(
    region: string,
    input: Partial<Ec2.RunInstancesRequest> & { ImageId: string; name?: string; tags?: Tags; volumeTags?: Tags },
  ): Ec2.Instance[] {
    const { name, tags: instanceTags = {}, volumeTags = {}, ...rest } = input;
    const tags = tagSpecs({ instance: name ? { Name: name, ...instanceTags } : instanceTags, volume: volumeTags });
    const result = this.call<Ec2.Reservation>(region, 'RunInstances', {
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: tags,
      ...rest,
    });
    return result.Instances ?? [];
  }

  createImage(region: string, instanceId: string, name: string, description?: string, tags: Tags = {}): string {
    return this.call<Ec2.CreateImageResult>(region, 'CreateImage', {
      InstanceId: instanceId,
      Name: name,
      Description: description,
      NoReboot: true,
      TagSpecifications: tagSpecs({ image: tags }),
    }).ImageId!;
  }

  copyImage(sourceRegion: string, imageId: string, destinationRegion: string, name: string, copyTags = false): string {
    return this.call<Ec2.CopyImageResult>(destinationRegion, 'CopyImage', {
      SourceRegion: sourceRegion,
      SourceImageId: imageId,
      Name: name,
      CopyImageTags: copyTags || undefined,
    }).ImageId!;
  }

  createSnapshot(region: string, volumeId: string, description?: string, tags: Tags = {}): string {
    return this.call<Ec2.Snapshot>(region, 'CreateSnapshot', {
      VolumeId: volumeId,
      Description: description,
      TagSpecifications: tagSpecs({ snapshot: tags }),
    }).SnapshotId!;
  }

  copySnapshot(
    sourceRegion: string,
    snapshotId: string,
    destinationRegion: string,
    description?: string,
    tags: Tags = {},
  ): string {
    return this.call<Ec2.CopySnapshotResult>(destinationRegion, 'CopySnapshot', {
      SourceRegion: sourceRegion,
      SourceSnapshotId: snapshotId,
      Description: description,
      TagSpecifications: tagSpecs({ snapshot: tags }),
    }).SnapshotId!;
  }

  createVolume(region: string, input: Partial<Ec2.CreateVolumeRequest> & { name?: string; tags?: Tags }): string {
    const { name, tags: extra = {}, ...rest } = input;
    const tags = tagSpecs({ volume: name ? { Name: name, ...extra } : extra });
    return this.call<Ec2.Volume>(region, 'CreateVolume', {
      AvailabilityZone: `${region}a`,
      TagSpecifications: tags,
      ...rest,
    }).VolumeId!;
  }

  attach(region: string, volumeId: string, instanceId: string, device: string): void {
    this.call(region, 'AttachVolume', { VolumeId: volumeId, InstanceId: instanceId, Device: device });
  }

  deleteVolume(region: string, volumeId: string): void {
    this.call(region, 'DeleteVolume', { VolumeId: volumeId });
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
    this.call(region, 'CreateTags', {
      Resources: [resourceId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
  }

  volumesOf(instance: Ec2.Instance): string[] {
    return (instance.BlockDeviceMappings ?? []).map((m) => m.Ebs!.VolumeId!);
  }

  volumeAt(instance: Ec2.Instance, device: string): string {
    const volumeId = instance.BlockDeviceMappings?.find((m) => m.DeviceName === device)?.Ebs?.VolumeId;
    if (!volumeId) throw new Error(`${instance.InstanceId} has no volume at ${device}`);
    return volumeId;
  }
}
