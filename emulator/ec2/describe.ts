import type {
  DescribeAvailabilityZonesRequest,
  DescribeAvailabilityZonesResult,
  DescribeImagesRequest,
  DescribeImagesResult,
  DescribeInstanceTypesRequest,
  DescribeInstanceTypesResult,
  DescribeInstancesRequest,
  DescribeInstancesResult,
  DescribeRegionsRequest,
  DescribeRegionsResult,
  DescribeSnapshotsRequest,
  DescribeSnapshotsResult,
  DescribeVolumesRequest,
  DescribeVolumesResult,
  Reservation,
  _InstanceType,
} from '@aws-sdk/client-ec2';
import { invalidParameterValue } from '../errors';
import {
  type CompiledFilter,
  type FilterValues,
  assertKnownFilters,
  compileFilters,
  matchesFilters,
  tagFilterValues,
} from './filters';
import { type PageRange, type PageRequest, pageOf, paginate, paginateOrdered } from './pagination';
import { everyAccountImages, everyAccountSnapshots, imagesInUse, inOrder } from './listing';
import { REGIONS, zoneIdOf, zonesOf } from '../regions';
import { INSTANCE_TYPES, type InstanceTypeInfo, instanceTypeInfo } from './instance-types';
import type { ImageRecord, InstanceRecord, SnapshotRecord, VolumeRecord } from '../state';
import {
  INSTANCE_STATE_CODES,
  imageView,
  instanceView,
  iso,
  snapshotProgress,
  snapshotView,
  stateReasonMessage,
  volumeView,
} from './views';
import { type ActionContext, checkIds, define, dryRunGate, findInstances, findVolumes, unique } from './context';
import { canLaunch, canRestore, findVisibleImages, findVisibleSnapshots, isSharedWith } from './sharing';

const str = (v: number | boolean | undefined) => (v === undefined ? undefined : String(v));

const instanceFilters =
  (account: string): FilterValues<InstanceRecord> =>
  (r, name) => {
    switch (name) {
      case 'instance-id':
        return [r.id];
      case 'instance-state-name':
        return [r.state];
      case 'image-id':
        return [r.imageId];
      case 'instance-type':
        return [r.instanceType];
      case 'availability-zone':
        return [r.availabilityZone];
      case 'reservation-id':
        return [r.reservationId];
      case 'architecture':
        return [r.architecture];
      case 'root-device-name':
        return [r.rootDeviceName];
      case 'block-device-mapping.volume-id':
        return r.devices.map((d) => d.volumeId);
      case 'block-device-mapping.device-name':
        return r.devices.map((d) => d.deviceName);
      case 'client-token':
        return [r.clientToken];
      case 'owner-id':
        return [account];
      default:
        return instanceFieldValues(r, name) ?? tagFilterValues(r.tags, name);
    }
  };

/** The instance filters on what an instance keeps besides its ids. */
function instanceFieldValues(r: InstanceRecord, name: string): readonly (string | undefined)[] | undefined {
  switch (name) {
    case 'instance-state-code':
      return [String(INSTANCE_STATE_CODES[r.state])];
    case 'launch-time':
      return [iso(r.launchTime)];
    case 'state-reason-code':
      return [r.stateReason];
    case 'state-reason-message':
      return [r.stateReason && stateReasonMessage(r.stateReason)];
    case 'key-name':
      return [r.keyName];
    case 'subnet-id':
      return [r.network?.subnetId];
    case 'vpc-id':
      return [r.network?.vpcId];
    case 'instance.group-id':
    case 'group-id':
      return r.network?.groups.map((g) => g.id) ?? [];
    case 'instance.group-name':
    case 'group-name':
      return r.network?.groups.map((g) => g.name) ?? [];
    case 'private-ip-address':
      return [r.state === 'terminated' ? undefined : r.privateIpAddress];
    case 'iam-instance-profile.arn':
      return [r.iamInstanceProfile?.arn];
    case 'platform':
      return [r.platform];
    case 'platform-details':
      return [r.platformDetails ?? 'Linux/UNIX'];
    case 'monitoring-state':
      return [r.monitoring ? 'enabled' : 'disabled'];
    case 'tenancy':
    case 'placement-tenancy':
      return [r.tenancy ?? 'default'];
    case 'hibernation-options.configured':
      return [String(r.hibernation ?? false)];
    case 'ami-launch-index':
      return [String(r.amiLaunchIndex)];
    case 'root-device-type':
      return ['ebs'];
    case 'virtualization-type':
      return ['hvm'];
    case 'hypervisor':
      return ['xen'];
    case 'block-device-mapping.attach-time':
      return r.devices.map((d) => iso(d.attachTime));
    case 'block-device-mapping.delete-on-termination':
      return r.devices.map((d) => String(d.deleteOnTermination));
    case 'block-device-mapping.status':
      return r.devices.map(() => 'attached');
    default:
      return undefined;
  }
}

const volumeFilters: FilterValues<VolumeRecord> = (r, name) => {
  switch (name) {
    case 'volume-id':
      return [r.id];
    case 'status':
      return [r.state];
    case 'snapshot-id':
      return [r.snapshotId ?? ''];
    case 'size':
      return [String(r.sizeGiB)];
    case 'volume-type':
      return [r.volumeType];
    case 'availability-zone':
      return [r.availabilityZone];
    case 'multi-attach-enabled':
      return [String(r.multiAttachEnabled)];
    case 'attachment.instance-id':
      return r.attachments.map((a) => a.instanceId);
    case 'attachment.device':
      return r.attachments.map((a) => a.device);
    case 'attachment.status':
      return r.attachments.map((a) => a.state);
    case 'attachment.delete-on-termination':
      return r.attachments.map((a) => String(a.deleteOnTermination));
    case 'attachment.attach-time':
      return r.attachments.map((a) => iso(a.attachTime));
    case 'create-time':
      return [iso(r.createTime)];
    case 'iops':
      return [str(r.iops)];
    case 'throughput':
      return [str(r.throughput)];
    case 'fast-restored':
      return [String(r.fastRestored ?? false)];
    case 'encrypted':
      return [String(r.encryption !== undefined)];
    default:
      return tagFilterValues(r.tags, name);
  }
};

const snapshotFilters =
  (now: number): FilterValues<SnapshotRecord> =>
  (r, name) => {
    switch (name) {
      case 'snapshot-id':
        return [r.id];
      case 'volume-id':
        return [r.volumeId];
      case 'status':
        return [r.state];
      case 'owner-id':
        return [r.ownerId];
      case 'owner-alias':
        return [r.ownerAlias];
      case 'description':
        return [r.description];
      case 'progress':
        return [snapshotProgress(r, now)];
      case 'volume-size':
        return [String(r.volumeSize)];
      case 'storage-tier':
        return [r.storageTier ?? 'standard'];
      case 'start-time':
        return [iso(r.startTime)];
      case 'encrypted':
        return [String(r.encryption !== undefined)];
      default:
        return tagFilterValues(r.tags, name);
    }
  };

const imageFilters: FilterValues<ImageRecord> = (r, name) => {
  switch (name) {
    case 'image-id':
      return [r.id];
    case 'state':
      return [r.state];
    case 'name':
      return [r.name];
    case 'description':
      return [r.description];
    case 'owner-id':
      return [r.ownerId];
    case 'owner-alias':
      return [r.ownerAlias];
    case 'is-public':
      return [str(r.public)];
    case 'architecture':
      return [r.architecture];
    case 'platform-details':
      return [r.platformDetails];
    case 'platform':
      return [r.platformDetails === 'Windows' ? 'windows' : undefined];
    case 'creation-date':
      return [iso(r.creationDate)];
    case 'last-launched-time':
      return [r.lastLaunchedTime === undefined ? undefined : iso(r.lastLaunchedTime)];
    case 'hypervisor':
      return ['xen'];
    case 'virtualization-type':
      return ['hvm'];
    case 'ena-support':
      return ['true'];
    case 'boot-mode':
      return [r.architecture === 'arm64' ? 'uefi' : undefined];
    case 'state-reason-code':
    case 'state-reason-message':
    case 'kernel-id':
    case 'ramdisk-id':
    case 'product-code':
    case 'product-code.type':
    case 'manifest-location':
      return [];
    case 'root-device-name':
      return [r.rootDeviceName];
    case 'root-device-type':
      return ['ebs'];
    case 'image-type':
      return ['machine'];
    case 'source-instance-id':
      return [r.sourceInstanceId];
    case 'source-image-id':
      return [r.sourceImageId];
    case 'source-image-region':
      return [r.sourceImageRegion];
    case 'block-device-mapping.snapshot-id':
      return r.mappings.map((m) => m.snapshotId);
    case 'block-device-mapping.device-name':
      return r.mappings.map((m) => m.deviceName);
    case 'block-device-mapping.volume-size':
      return r.mappings.map((m) => String(m.volumeSize));
    case 'block-device-mapping.volume-type':
      return r.mappings.map((m) => m.volumeType);
    case 'block-device-mapping.delete-on-termination':
      return r.mappings.map((m) => String(m.deleteOnTermination));
    case 'block-device-mapping.encrypted':
      return r.mappings.map((m) => String(m.encryption !== undefined));
    default:
      return tagFilterValues(r.tags, name);
  }
};

const instanceTypeFilters: FilterValues<InstanceTypeInfo> = (t, name) => {
  switch (name) {
    case 'instance-type':
      return [t.name];
    case 'processor-info.supported-architecture':
      return [t.architecture];
    case 'vcpu-info.default-vcpus':
      return [String(t.vcpus)];
    case 'memory-info.size-in-mib':
      return [String(t.memoryMiB)];
    case 'bare-metal':
      return [String(t.name.includes('.metal'))];
    case 'current-generation':
      return ['true'];
    default:
      return undefined;
  }
};

const SAMPLE_INSTANCE = { tags: [], devices: [], launchTime: 0, state: 'running' } as unknown as InstanceRecord;
const SAMPLE_VOLUME = { tags: [], attachments: [], createTime: 0 } as unknown as VolumeRecord;
const SAMPLE_SNAPSHOT = { tags: [], state: 'completed', startTime: 0 } as unknown as SnapshotRecord;
const SAMPLE_IMAGE = { tags: [], mappings: [], creationDate: 0 } as unknown as ImageRecord;

function select<T>(items: Iterable<T>, filters: readonly CompiledFilter[], values: FilterValues<T>): T[] {
  const out: T[] = [];
  for (const item of items) if (matchesFilters(item, filters, values)) out.push(item);
  return out;
}

/** Instances named by id, by reservation (in the order first named), each at its newest instance's seq. */
function reservationsByIds(instances: readonly InstanceRecord[], input: PageRequest, range: PageRange) {
  const groups = new Map<string, { seq: number; instances: InstanceRecord[] }>();
  for (const r of instances) {
    const group = groups.get(r.reservationId);
    if (group) {
      group.instances.push(r);
      group.seq = Math.max(group.seq, r.seq);
    } else groups.set(r.reservationId, { seq: r.seq, instances: [r] });
  }
  const page = paginate([...groups.values()], input, range, true);
  return { items: page.items.map((g) => g.instances), nextToken: page.nextToken };
}

/** Owners: "self", "amazon", "aws-marketplace" or an account id. */
function ownedBy(ctx: ActionContext, owners: readonly string[], r: { ownerId: string; ownerAlias?: string }): boolean {
  return owners.some((o) => (o === 'self' ? r.ownerId === ctx.account : o === r.ownerId || o === r.ownerAlias));
}

/** Only the caller's own resources can match: no other account's region need be read. */
const onlyOwn = (ctx: ActionContext, owners: readonly string[]) =>
  owners.length > 0 && owners.every((o) => o === 'self' || o === ctx.account);

function checkUsers(users: readonly string[], parameter: string, words: readonly string[]): void {
  for (const o of users) {
    if (!words.includes(o) && !/^\d{12}$/.test(o)) {
      throw invalidParameterValue(
        `Invalid value '${o}' for ${parameter}. Use ${words.join(', ')} or a 12-digit account id.`,
      );
    }
  }
}

const checkOwners = (owners: readonly string[]) => checkUsers(owners, 'Owner', ['self', 'amazon', 'aws-marketplace']);

/**
 * ExecutableUsers: `all` is the public images; `self` (or the caller's id) the images shared with the caller, its
 * organization or a unit it sits in; another account's id the images shared with that very account.
 */
function executableBy(ctx: ActionContext, user: string, image: ImageRecord): boolean {
  if (user === 'all') return image.public;
  if (user === 'self' || user === ctx.account) return isSharedWith(ctx.em, ctx.account, image);
  return image.sharedWith?.userIds.includes(user) ?? false;
}

/**
 * RestorableByUserIds: `all` is the public snapshots; `self` (or the caller's id) those the caller owns or that are
 * shared with it; another account's id the caller's own snapshots shared with that account.
 */
function restorableBy(ctx: ActionContext, user: string, snapshot: SnapshotRecord): boolean {
  if (user === 'all') return snapshot.public;
  if (user === 'self' || user === ctx.account)
    return snapshot.ownerId === ctx.account || (snapshot.sharedWith?.includes(ctx.account) ?? false);
  return snapshot.ownerId === ctx.account && (snapshot.sharedWith?.includes(user) ?? false);
}

/**
 * The ids but those of images that are gone yet still used by an instance: EC2 answers nothing for such an id rather
 * than NotFound, so a batch of parent-AMI lookups does not fail for one deregistered image.
 */
function withoutDeregisteredInUse(ctx: ActionContext, ids: readonly string[]): string[] {
  checkIds('image', ids);
  const regions = ctx.em.regionsOf(ctx.region, ctx.account);
  const missing = new Set(ids.filter((id) => !regions.some(({ rs }) => rs.images[id])));
  if (missing.size === 0) return [...ids];
  const inUse = imagesInUse(ctx.em, ctx.region, ctx.account);
  return ids.filter((id) => !(missing.has(id) && inUse.has(id)));
}

export const describeActions = {
  DescribeRegions: define<DescribeRegionsRequest, DescribeRegionsResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      const values: FilterValues<(typeof REGIONS)[number]> = (r, name) =>
        name === 'region-name'
          ? [r.name]
          : name === 'opt-in-status'
            ? [r.optIn]
            : name === 'endpoint'
              ? [`ec2.${r.name}.amazonaws.com`]
              : undefined;
      assertKnownFilters(filters, values, REGIONS[0]!);
      const names = unique(input.RegionNames);
      for (const n of names) {
        if (!REGIONS.some((r) => r.name === n)) throw invalidParameterValue(`Invalid region: ${n}`);
      }
      dryRunGate(ctx);
      const regions = REGIONS.filter(
        (r) =>
          (input.AllRegions === true || names.length > 0 || r.optIn !== 'not-opted-in') &&
          (names.length === 0 || names.includes(r.name)) &&
          matchesFilters(r, filters, values),
      );
      return {
        Regions: regions.map((r) => ({
          RegionName: r.name,
          Endpoint: `ec2.${r.name}.amazonaws.com`,
          OptInStatus: r.optIn,
        })),
      };
    },
  }),

  DescribeAvailabilityZones: define<DescribeAvailabilityZonesRequest, DescribeAvailabilityZonesResult>({
    mutating: false,
    handle(ctx, input) {
      const zones = zonesOf(ctx.region).map((zone, i) => ({
        ZoneName: zone,
        ZoneId: zoneIdOf(ctx.region, i),
        RegionName: ctx.region,
        State: 'available' as const,
        ZoneType: 'availability-zone',
        OptInStatus: 'opt-in-not-required' as const,
      }));
      const filters = compileFilters(input.Filters);
      const values: FilterValues<(typeof zones)[number]> = (z, name) =>
        name === 'zone-name'
          ? [z.ZoneName]
          : name === 'zone-id'
            ? [z.ZoneId]
            : name === 'region-name'
              ? [z.RegionName]
              : name === 'state'
                ? [z.State]
                : undefined;
      assertKnownFilters(filters, values, zones[0]!);
      const names = unique(input.ZoneNames);
      for (const n of names) {
        if (!zones.some((z) => z.ZoneName === n)) throw invalidParameterValue(`The zone '${n}' does not exist.`);
      }
      dryRunGate(ctx);
      return {
        AvailabilityZones: zones.filter(
          (z) => (names.length === 0 || names.includes(z.ZoneName)) && matchesFilters(z, filters, values),
        ),
      };
    },
  }),

  DescribeInstanceTypes: define<DescribeInstanceTypesRequest, DescribeInstanceTypesResult>({
    mutating: false,
    handle(ctx, input) {
      const names = unique(input.InstanceTypes);
      const unknown = names.filter((n) => !instanceTypeInfo(n));
      if (unknown.length > 0) {
        throw invalidParameterValue(`The following supplied instance types do not exist: [${unknown.join(', ')}]`);
      }
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, instanceTypeFilters, INSTANCE_TYPES[0]!);
      const listed = names.length > 0 ? names.map((n) => instanceTypeInfo(n)!) : INSTANCE_TYPES;
      // EC2 answers 100 types a page unless asked for fewer (5–100).
      const page = paginate(
        select(listed, filters, instanceTypeFilters),
        { MaxResults: input.MaxResults ?? 100, NextToken: input.NextToken },
        { scope: 'DescribeInstanceTypes', min: 5, max: 100 },
        false,
      );
      dryRunGate(ctx);
      return {
        InstanceTypes: page.items.map((t) => ({
          InstanceType: t.name as _InstanceType,
          CurrentGeneration: true,
          VCpuInfo: { DefaultVCpus: t.vcpus },
          MemoryInfo: { SizeInMiB: t.memoryMiB },
          ProcessorInfo: { SupportedArchitectures: [t.architecture] },
          SupportedRootDeviceTypes: ['ebs'],
          BareMetal: t.name.includes('.metal'),
        })),
        NextToken: page.nextToken,
      };
    },
  }),

  DescribeInstances: define<DescribeInstancesRequest, DescribeInstancesResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      const values = instanceFilters(ctx.account);
      assertKnownFilters(filters, values, SAMPLE_INSTANCE);
      const ids = unique(input.InstanceIds);
      const range = { scope: 'DescribeInstances', min: 5, max: 1000 };
      const keep = (r: InstanceRecord) => matchesFilters(r, filters, values);
      // Pages count reservations, as on EC2. A reservation's instances are created together (consecutive in
      // creation order), so its position is its newest instance's seq: that stays put when an older instance of it
      // disappears between pages.
      const page =
        ids.length > 0
          ? reservationsByIds(findInstances(ctx.rs, ids).filter(keep), input, range)
          : paginateOrdered(inOrder(ctx.em, ctx.rs.instances), keep, input, range, (r) => r.reservationId);
      dryRunGate(ctx);
      return {
        Reservations: page.items.map((instances): Reservation => ({
          ReservationId: instances[0]!.reservationId,
          OwnerId: ctx.account,
          Groups: [],
          Instances: instances.map(instanceView),
        })),
        NextToken: page.nextToken,
      };
    },
  }),

  DescribeVolumes: define<DescribeVolumesRequest, DescribeVolumesResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, volumeFilters, SAMPLE_VOLUME);
      const ids = unique(input.VolumeIds);
      const records = ids.length > 0 ? findVolumes(ctx.rs, ids) : inOrder(ctx.em, ctx.rs.volumes);
      // EC2 answers at most 500 volumes a page, also when asked for more (the AWS CLI always asks for 1000).
      const page = pageOf(records, ids.length > 0, (r) => matchesFilters(r, filters, volumeFilters), input, {
        scope: 'DescribeVolumes',
        min: 5,
        max: 500,
        clampAbove: true,
      });
      dryRunGate(ctx);
      return { Volumes: page.items.map(volumeView), NextToken: page.nextToken };
    },
  }),

  DescribeSnapshots: define<DescribeSnapshotsRequest, DescribeSnapshotsResult>({
    mutating: false,
    handle(ctx, input) {
      const values = snapshotFilters(ctx.now);
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, values, SAMPLE_SNAPSHOT);
      const owners = unique(input.OwnerIds);
      checkOwners(owners);
      const restorable = unique(input.RestorableByUserIds);
      checkUsers(restorable, 'RestorableBy', ['self', 'all']);
      const ids = unique(input.SnapshotIds);
      const records =
        ids.length > 0
          ? findVisibleSnapshots(ctx, ctx.region, ids)
          : onlyOwn(ctx, owners)
            ? inOrder(ctx.em, ctx.rs.snapshots)
            : everyAccountSnapshots(ctx.em, ctx.region, ctx.account);
      const page = pageOf(
        records,
        ids.length > 0,
        (s) =>
          canRestore(ctx.account, s) &&
          (owners.length === 0 || ownedBy(ctx, owners, s)) &&
          (restorable.length === 0 || restorable.some((u) => restorableBy(ctx, u, s))) &&
          matchesFilters(s, filters, values),
        input,
        { scope: 'DescribeSnapshots', min: 5, max: 1000, clampAbove: true },
      );
      dryRunGate(ctx);
      return { Snapshots: page.items.map((s) => snapshotView(s, ctx.now, ctx.account)), NextToken: page.nextToken };
    },
  }),

  DescribeImages: define<DescribeImagesRequest, DescribeImagesResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, imageFilters, SAMPLE_IMAGE);
      const owners = unique(input.Owners);
      checkOwners(owners);
      const executable = unique(input.ExecutableUsers);
      checkUsers(executable, 'ExecutableBy', ['self', 'all']);
      const ids = unique(input.ImageIds);
      const records =
        ids.length > 0
          ? findVisibleImages(ctx, ctx.region, withoutDeregisteredInUse(ctx, ids))
          : onlyOwn(ctx, owners)
            ? inOrder(ctx.em, ctx.rs.images)
            : everyAccountImages(ctx.em, ctx.region, ctx.account);
      const page = pageOf(
        records,
        ids.length > 0,
        (i) =>
          canLaunch(ctx.em, ctx.account, i) &&
          (owners.length === 0 || ownedBy(ctx, owners, i)) &&
          (executable.length === 0 || executable.some((u) => executableBy(ctx, u, i))) &&
          matchesFilters(i, filters, imageFilters),
        input,
        { scope: 'DescribeImages', min: 1, max: 1000 },
      );
      dryRunGate(ctx);
      return { Images: page.items.map((i) => imageView(i, ctx.account)), NextToken: page.nextToken };
    },
  }),
};
