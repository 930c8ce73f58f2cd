import type * as Ec2 from '@aws-sdk/client-ec2';
import { type Caller, accessKeyIdFor, sessionOf, userOf } from '../accounts';
import type { CallOrigin } from '../cloudtrail/record';
import { loadData, setChurn } from '../blocks';
import type { ChurnProfile } from '../blocks/state';
import type { Emulator } from '../emulator';
import { DEFAULT_USER } from '../state';

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

/** Who makes a scenario's calls, as CloudTrail records them: an IAM user of the account, or a session of a role. */
export type Actor = ({ kind: 'user'; name: string } | { kind: 'role'; role: string; session: string }) & {
  sourceIp: string;
  userAgent: string;
};

const CLI = 'aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.119 md/arch#x86_64 lang/python#3.12.6';

/** A person working in the console, from an address of their own. */
export function person(name: string): Actor {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { kind: 'user', name, sourceIp: `203.0.113.${(h % 250) + 2}`, userAgent: 'console.ec2.amazonaws.com' };
}

/** A build or deploy pipeline's IAM user, calling with the AWS CLI. */
export const pipeline = (name: string, sourceIp = '10.0.12.7'): Actor => ({
  kind: 'user',
  name,
  sourceIp,
  userAgent: CLI,
});

/** A session of a role: a person or a service that assumed it. */
export function roleSession(role: string, session: string, origin?: { sourceIp: string; userAgent: string }): Actor {
  const { sourceIp, userAgent } = origin ?? person(session);
  return { kind: 'role', role, session, sourceIp, userAgent };
}

/** AWS Backup, making and pruning snapshots through its service role. */
export const AWS_BACKUP = roleSession('AWSBackupDefaultServiceRole', 'AWSBackup-AWSBackupDefaultServiceRole', {
  sourceIp: 'backup.amazonaws.com',
  userAgent: 'backup.amazonaws.com',
});

const ADMIN = person(DEFAULT_USER);

/**
 * Scenarios play EC2 actions at chosen moments in the past, through the emulator's own handlers, so what they
 * leave behind is exactly what the API would have made. Each call is made by the current actor (the account's
 * `admin` user unless `by` chose another), and CloudTrail records it so.
 */
export class Player {
  /** The account the next calls are made in: the default account unless `as` chose another. */
  account: string;
  actor: Actor = ADMIN;

  constructor(
    readonly em: Emulator,
    public time: number,
  ) {
    this.account = em.defaultAccountId;
  }

  /** Makes the next calls in another account. */
  as(accountId: string): this {
    this.account = accountId;
    return this;
  }

  /** Makes the next calls as another actor. */
  by(actor: Actor): this {
    this.actor = actor;
    return this;
  }

  /** Callers by account and actor: their ids are digests, and a scenario makes tens of thousands of calls. */
  private readonly callers = new Map<string, Caller>();

  private caller(): Caller {
    const a = this.actor;
    const key = `${this.account}/${a.kind === 'role' ? `role/${a.role}/${a.session}` : `user/${a.name}`}`;
    let caller = this.callers.get(key);
    if (!caller) {
      caller =
        a.kind === 'role'
          ? sessionOf(this.account, a.role, a.session, accessKeyIdFor('ASIA', key))
          : { ...userOf(this.account, a.name), accessKeyId: accessKeyIdFor('AKIA', key) };
      this.callers.set(key, caller);
    }
    // A session issued a few minutes before its calls.
    return a.kind === 'role' ? { ...caller, sessionIssuedAt: this.time - 5 * 60_000 } : caller;
  }

  /** At least the emulator's delay, so what was started before has settled (a long --delay-ms stretches the story). */
  wait(ms: number): this {
    this.time += Math.max(ms, this.em.delayMs);
    return this;
  }

  private call<T>(region: string, action: string, input: object): T {
    const caller = this.caller();
    const origin: CallOrigin = { sourceIp: this.actor.sourceIp, userAgent: this.actor.userAgent };
    return this.em.at(this.time, () =>
      this.em.invoke(region, action, input as Record<string, unknown>, { caller, origin }),
    ) as T;
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

  /** EC2 stops only running instances: an instance launched just now is stopped once its launch has settled. */
  stop(region: string, instanceIds: string[]): void {
    const time = this.time;
    this.time += this.em.delayMs;
    try {
      this.call(region, 'StopInstances', { InstanceIds: instanceIds });
    } finally {
      this.time = time;
    }
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

  /** Shares an image: launch permission for accounts, organizations and organizational units (ARNs). */
  shareImage(region: string, imageId: string, grantees: string[]): void {
    const LaunchPermission = grantees.map((g) =>
      g.includes(':ou/')
        ? { OrganizationalUnitArn: g }
        : g.includes(':organization/')
          ? { OrganizationArn: g }
          : { UserId: g },
    );
    this.call(region, 'ModifyImageAttribute', { ImageId: imageId, LaunchPermission: { Add: LaunchPermission } });
  }

  /** Shares a snapshot with accounts: create volume permission. */
  shareSnapshot(region: string, snapshotId: string, accountIds: string[]): void {
    this.call(region, 'ModifySnapshotAttribute', {
      SnapshotId: snapshotId,
      CreateVolumePermission: { Add: accountIds.map((UserId) => ({ UserId })) },
    });
  }

  /** The snapshots an image's block devices map. */
  snapshotsOf(region: string, imageId: string): string[] {
    const { Images } = this.call<Ec2.DescribeImagesResult>(region, 'DescribeImages', { ImageIds: [imageId] });
    return (Images?.[0]?.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
  }

  /**
   * How a volume's data changes from now on, while it is attached (what its snapshots' blocks show); `load` writes
   * its fill now, as data copied onto a volume that is not attached to anything.
   */
  churn(region: string, volumeId: string, profile: ChurnProfile, load = false): void {
    const volume = this.em.region(this.account, region).volumes[volumeId];
    if (!volume) throw new Error(`No volume ${volumeId} in ${region}`);
    setChurn(this.em, volume, profile);
    if (load) loadData(this.em, volume, this.time);
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
