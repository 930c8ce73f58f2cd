/**
 * A deterministic generator of large, realistic inventories handed straight to the model (no emulator, no SDK),
 * for unit tests and the layout benchmark. Same (n, seed) → same inventory; the choices come from the emulator's
 * seeded generator, the one this project has.
 *
 * It builds what real accounts hold: AMI build pipelines (a builder instance launched from the previous
 * AMI, CreateImage, builder terminated), fleets launched from the latest AMI with restored volumes,
 * daily snapshot chains, DR copies of AMIs (CopyImage) and snapshots (console CopySnapshot) into other
 * regions, multi-attach clusters, pets launched from public AMIs, and orphans (unattached volumes,
 * snapshots of deleted volumes, volumes restored from deleted snapshots).
 */
import { Random } from '@/emulator/random';
import type {
  Inventory,
  InventoryImage,
  InventoryInstance,
  InventorySnapshot,
  InventoryVolume,
  RegionInventory,
} from '@/lib/lineage/inventory';

const ACCOUNT = '123456789012';
const PRIMARY_REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'] as const;
const DR_REGION: Record<string, string> = {
  'us-east-1': 'eu-west-1',
  'us-west-2': 'us-east-2',
  'eu-central-1': 'eu-west-1',
};
const APPS = [
  'web',
  'api',
  'worker',
  'batch',
  'db',
  'cache',
  'search',
  'ingest',
  'report',
  'auth',
  'billing',
  'gateway',
];
const INSTANCE_TYPES = ['t3.micro', 't3.large', 'm7i.large', 'm7g.xlarge', 'c7i.2xlarge', 'r7g.large'];
const PUBLIC_AMIS_PER_REGION = 4;

interface Disk {
  device: string;
  sizeGiB: number;
  snapshotId: string | null;
}

interface Ami {
  id: string;
  region: string;
  disks: Disk[];
}

class Generator {
  private readonly random: Random;
  private readonly regions = new Map<string, RegionInventory & { externalImages: InventoryImage[] }>();
  private readonly publicAmis = new Map<string, Ami[]>();
  private counter = 0;
  private clock = Date.UTC(2023, 0, 1);
  count = 0;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────────

  /** 17 hex digits like real ids; the counter part keeps them unique. */
  private id(prefix: string): string {
    const noise = Math.floor(this.random.next() * 0xfffffffff)
      .toString(16)
      .padStart(9, '0');
    return `${prefix}-${noise}${(this.counter++).toString(16).padStart(8, '0')}`;
  }

  private tick(maxMinutes = 600): Date {
    this.clock += this.random.int(1, maxMinutes) * 60_000;
    return new Date(this.clock);
  }

  private region(name: string) {
    let r = this.regions.get(name);
    if (!r) {
      r = { region: name, instances: [], volumes: [], snapshots: [], images: [], externalImages: [] };
      this.regions.set(name, r);
    }
    return r;
  }

  private push<K extends 'instances' | 'volumes' | 'snapshots' | 'images' | 'externalImages'>(
    region: string,
    list: K,
    item: NonNullable<RegionInventory[K]>[number],
  ): void {
    (this.region(region)[list] as unknown[]).push(item);
    this.count++;
  }

  private publicAmi(region: string): Ami {
    let list = this.publicAmis.get(region);
    if (!list) {
      list = [];
      this.publicAmis.set(region, list);
    }
    if (list.length < PUBLIC_AMIS_PER_REGION) {
      const ami: Ami = {
        id: this.id('ami'),
        region,
        disks: [{ device: '/dev/xvda', sizeGiB: 8, snapshotId: this.id('snap') }],
      };
      list.push(ami);
      const canonical = this.random.chance(0.4);
      this.push(region, 'externalImages', {
        ImageId: ami.id,
        Name: canonical
          ? `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-${list.length}`
          : `al2023-ami-2023.${list.length}-x86_64`,
        OwnerId: canonical ? '099720109477' : '137112412989',
        ImageOwnerAlias: canonical ? undefined : 'amazon',
        Public: true,
        State: 'available',
        CreationDate: new Date(Date.UTC(2022, list.length, 1)).toISOString(),
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: ami.disks.map((d) => ({
          DeviceName: d.device,
          Ebs: { SnapshotId: d.snapshotId, VolumeSize: d.sizeGiB },
        })),
      });
      return ami;
    }
    return this.random.pick(list);
  }

  // ── primitives: what the EC2 API does ───────────────────────────────────────────────────────────

  /**
   * RunInstances: one volume per AMI disk (restored from its snapshot), optionally a blank data disk.
   * `listed: false` leaves the instance and its volumes out of the inventory (terminated long ago).
   */
  private launch(ami: Ami, name: string, opts: { listed?: boolean; extraDisk?: boolean; state?: string } = {}) {
    const listed = opts.listed ?? true;
    const state = opts.state ?? 'running';
    const instanceId = this.id('i');
    const launchTime = this.tick();
    const az = `${ami.region}${this.random.pick(['a', 'b', 'c'])}`;
    const disks: Disk[] = ami.disks.map((d) => ({
      ...d,
      sizeGiB: d.sizeGiB + (this.random.chance(0.3) ? this.random.int(0, 4) * 8 : 0),
    }));
    if (opts.extraDisk)
      disks.push({ device: '/dev/sdg', sizeGiB: this.random.pick([2, 20, 100, 500]), snapshotId: null });
    const volumes = disks.map((d) => ({ ...d, volumeId: this.id('vol') }));
    const terminated = state === 'terminated';
    if (listed) {
      const instance: InventoryInstance = {
        InstanceId: instanceId,
        ImageId: ami.id,
        State: { Name: state },
        InstanceType: this.random.pick(INSTANCE_TYPES),
        LaunchTime: launchTime,
        Tags: [{ Key: 'Name', Value: name }],
        RootDeviceName: '/dev/xvda',
        Placement: { AvailabilityZone: az },
        BlockDeviceMappings: terminated
          ? []
          : volumes.map((v) => ({
              DeviceName: v.device,
              Ebs: {
                VolumeId: v.volumeId,
                Status: 'attached',
                AttachTime: launchTime,
                DeleteOnTermination: v.device === '/dev/xvda',
              },
            })),
      };
      this.push(ami.region, 'instances', instance);
      if (!terminated) {
        for (const v of volumes) {
          const volume: InventoryVolume = {
            VolumeId: v.volumeId,
            Size: v.sizeGiB,
            SnapshotId: v.snapshotId ?? '',
            State: 'in-use',
            VolumeType: 'gp3',
            AvailabilityZone: az,
            CreateTime: launchTime,
            Attachments: [
              {
                InstanceId: instanceId,
                Device: v.device,
                State: 'attached',
                DeleteOnTermination: v.device === '/dev/xvda',
                AttachTime: launchTime,
              },
            ],
            Tags: [{ Key: 'Name', Value: `${name}${v.device === '/dev/xvda' ? '' : '-data'}` }],
          };
          this.push(ami.region, 'volumes', volume);
        }
      }
    }
    return { instanceId, region: ami.region, az, volumes };
  }

  private snapshot(region: string, volumeId: string, sizeGiB: number, description: string, name?: string): string {
    const id = this.id('snap');
    const snapshot: InventorySnapshot = {
      SnapshotId: id,
      VolumeId: volumeId,
      VolumeSize: sizeGiB,
      State: 'completed',
      Progress: '100%',
      StartTime: this.tick(120),
      Description: description,
      OwnerId: ACCOUNT,
      ...(name ? { Tags: [{ Key: 'Name', Value: name }] } : {}),
    };
    this.push(region, 'snapshots', snapshot);
    return id;
  }

  /** CreateImage: one snapshot per volume, described the way AWS does (older AMIs: ` from vol-…`, no SourceInstanceId). */
  private createImage(from: ReturnType<Generator['launch']>, sourceAmi: Ami, name: string): Ami {
    const amiId = this.id('ami');
    const old = this.random.chance(0.3);
    const disks: Disk[] = from.volumes.map((v) => ({
      device: v.device,
      sizeGiB: v.sizeGiB,
      snapshotId: this.snapshot(
        from.region,
        v.volumeId,
        v.sizeGiB,
        `Created by CreateImage(${from.instanceId}) for ${amiId}${old ? ` from ${v.volumeId}` : ''}`,
      ),
    }));
    const image: InventoryImage = {
      ImageId: amiId,
      Name: name,
      State: 'available',
      OwnerId: ACCOUNT,
      Public: false,
      CreationDate: this.tick(60).toISOString(),
      RootDeviceName: '/dev/xvda',
      BlockDeviceMappings: disks.map((d) => ({
        DeviceName: d.device,
        Ebs: {
          SnapshotId: d.snapshotId,
          VolumeSize: d.sizeGiB,
          VolumeType: 'gp3',
          DeleteOnTermination: d.device === '/dev/xvda',
        },
      })),
      ...(old
        ? {}
        : { SourceInstanceId: from.instanceId, SourceImageId: sourceAmi.id, SourceImageRegion: sourceAmi.region }),
      Tags: [{ Key: 'Name', Value: name }],
    };
    this.push(from.region, 'images', image);
    return { id: amiId, region: from.region, disks };
  }

  /** CopyImage: the copy's snapshots carry vol-ffffffff and the CopyImage description. */
  private copyImage(source: Ami, to: string, name: string): Ami {
    const amiId = this.id('ami');
    const task = this.tick(30).getTime();
    const disks: Disk[] = source.disks.map((d) => ({
      ...d,
      snapshotId: this.snapshot(
        to,
        'vol-ffffffff',
        d.sizeGiB,
        `Copied for DestinationAmi ${amiId} from SourceAmi ${source.id} for SourceSnapshot ${d.snapshotId}. Task created on ${String(task).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.`,
      ),
    }));
    const recordsSource = this.random.chance(0.7);
    this.push(to, 'images', {
      ImageId: amiId,
      Name: name,
      State: 'available',
      OwnerId: ACCOUNT,
      CreationDate: this.tick(60).toISOString(),
      RootDeviceName: '/dev/xvda',
      BlockDeviceMappings: disks.map((d) => ({
        DeviceName: d.device,
        Ebs: { SnapshotId: d.snapshotId, VolumeSize: d.sizeGiB },
      })),
      ...(recordsSource ? { SourceImageId: source.id, SourceImageRegion: source.region } : {}),
    });
    return { id: amiId, region: to, disks };
  }

  // ── scenarios: what people do with it ───────────────────────────────────────────────────────────

  /** A golden-AMI pipeline: versions built one on the other, a fleet on the latest, DR copies, backups. */
  pipeline(): void {
    const region = this.random.pick(PRIMARY_REGIONS);
    const app = `${this.random.pick(APPS)}-${this.random.int(1, 999)}`;
    const versions = this.random.int(1, 6);
    let ami = this.publicAmi(region);
    const amis: Ami[] = [];
    for (let v = 1; v <= versions; v++) {
      const last = v === versions;
      const builder = this.launch(ami, `${app}-builder-v${v}`, {
        listed: last && this.random.chance(0.5),
        state: 'stopped',
        extraDisk: v === 1 && this.random.chance(0.5),
      });
      ami = this.createImage(builder, ami, `${app}-v${v}`);
      amis.push(ami);
    }

    const fleet = this.random.int(0, 12);
    const members: ReturnType<Generator['launch']>[] = [];
    for (let i = 0; i < fleet; i++) {
      // most run the latest AMI; a few lag one version behind
      const from = amis.length > 1 && this.random.chance(0.2) ? amis[amis.length - 2]! : ami;
      members.push(
        this.launch(from, `${app}-${i + 1}`, { state: this.random.chance(0.05) ? 'terminated' : 'running' }),
      );
    }

    if (this.random.chance(0.4)) this.copyImage(ami, DR_REGION[region]!, `${app}-v${versions}-dr`);

    // daily backups of a data volume, some copied to the DR region from the console
    const backedUp = members.find((m) => m.volumes.length > 0 && this.random.chance(0.5));
    if (backedUp) {
      const volume = backedUp.volumes[backedUp.volumes.length - 1]!;
      const days = this.random.int(3, 14);
      for (let d = 0; d < days; d++) {
        const snap = this.snapshot(
          region,
          volume.volumeId,
          volume.sizeGiB,
          'Created for policy: policy-0daily schedule: Default Schedule',
          `${app}-daily`,
        );
        if (this.random.chance(0.15)) {
          this.snapshot(
            DR_REGION[region]!,
            'vol-ffffffff',
            volume.sizeGiB,
            `[Copied ${snap} from ${region}] ${app} daily DR`,
          );
        }
      }
    }
  }

  /** A hand-built server launched from a public AMI, maybe with a data volume. */
  pet(): void {
    const region = this.random.pick(PRIMARY_REGIONS);
    const name = `${this.random.pick(APPS)}-pet-${this.random.int(1, 9999)}`;
    this.launch(this.publicAmi(region), name, {
      extraDisk: this.random.chance(0.5),
      state: this.random.chance(0.2) ? 'stopped' : 'running',
    });
  }

  /** An io2 volume shared by a small cluster. */
  cluster(): void {
    const region = this.random.pick(PRIMARY_REGIONS);
    const name = `${this.random.pick(APPS)}-cluster-${this.random.int(1, 999)}`;
    const nodes = Array.from({ length: this.random.int(2, 3) }, (_, i) =>
      this.launch(this.publicAmi(region), `${name}-${i + 1}`),
    );
    const az = nodes[0]!.az;
    this.push(region, 'volumes', {
      VolumeId: this.id('vol'),
      Size: 500,
      SnapshotId: '',
      State: 'in-use',
      VolumeType: 'io2',
      AvailabilityZone: az,
      CreateTime: this.tick(),
      MultiAttachEnabled: true,
      Attachments: nodes.map((n) => ({
        InstanceId: n.instanceId,
        Device: '/dev/sdf',
        State: 'attached',
        DeleteOnTermination: false,
      })),
      Tags: [{ Key: 'Name', Value: `${name}-shared` }],
    });
  }

  /** What is left behind: unattached volumes, snapshots of deleted volumes, volumes from deleted snapshots. */
  orphans(): void {
    const region = this.random.pick(this.random.chance(0.8) ? PRIMARY_REGIONS : Object.values(DR_REGION));
    const kind = this.random.int(0, 2);
    if (kind === 0) {
      this.push(region, 'volumes', {
        VolumeId: this.id('vol'),
        Size: this.random.pick([1, 8, 50, 200]),
        SnapshotId: '',
        State: 'available',
        VolumeType: this.random.pick(['gp2', 'gp3', 'st1']),
        AvailabilityZone: `${region}a`,
        CreateTime: this.tick(),
        Attachments: [],
      });
    } else if (kind === 1) {
      const volumeId = this.id('vol'); // deleted: never listed
      const count = this.random.int(1, 5);
      for (let i = 0; i < count; i++) this.snapshot(region, volumeId, 100, i === 0 ? 'before upgrade' : '');
    } else {
      this.push(region, 'volumes', {
        VolumeId: this.id('vol'),
        Size: 20,
        SnapshotId: this.id('snap'), // deleted since
        State: 'available',
        VolumeType: 'gp3',
        AvailabilityZone: `${region}b`,
        CreateTime: this.tick(),
      });
    }
  }

  inventory(): Inventory {
    return { regions: [...this.regions.values()] };
  }
}

/**
 * About `n` resources (instances + volumes + snapshots + images, owned and external; it stops at the
 * first scenario that reaches n), the same for the same `n` and `seed`.
 */
export function syntheticInventory(n: number, seed = 1): Inventory {
  const gen = new Generator(seed);
  const roll = new Random(seed ^ 0x9e3779b9);
  while (gen.count < n) {
    const r = roll.next();
    if (r < 0.45) gen.pipeline();
    else if (r < 0.75) gen.pet();
    else if (r < 0.8) gen.cluster();
    else gen.orphans();
  }
  return gen.inventory();
}
