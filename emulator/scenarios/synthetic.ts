import type { _InstanceType as InstanceType } from '@aws-sdk/client-ec2';
import type { ChurnProfile } from '../blocks/state';
import type { Emulator } from '../emulator';
import { Random } from '../random';
import { AWS_BACKUP, type Actor, Player, person as human, pipeline } from './play';

/**
 * `synthetic:N[:SEED]`: an account of about N resources (instances + volumes + snapshots + images it owns, ±10%)
 * across four regions, shaped like real accounts: many small families, played out over the last four months
 * through the emulator's own actions.
 *
 * - app: a build pipeline bakes an AMI from a builder instance every few days and terminates the builder; a
 *   fleet runs from the newest AMIs; old AMIs are deregistered, some leaving their snapshots behind; prod AMIs
 *   are copied to the DR region, where a DR drill sometimes launches them.
 * - chain: a database host whose data volume is snapshotted daily (10–60 kept, older ones pruned), some weekly
 *   copies to the DR region, a restore test now and then; retired hosts leave an unattached volume, or no
 *   volume at all behind their snapshots.
 * - migration: a standalone snapshot copied to another region and restored there.
 * - pet: a hand-made instance (dev box, bastion, sandbox), sometimes stopped, sometimes imaged before an upgrade.
 * - orphans: unattached scratch volumes and snapshots whose volume was deleted.
 *
 * Deterministic per seed: every choice comes from a seeded PRNG, ids from the emulator's counter.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The account's history starts this long before now. */
export const HISTORY = 120 * DAY;
/** Every family is done this long before now, so nothing is pending and terminated instances are gone. */
const QUIET = DAY;

export const SYNTHETIC_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'] as const;
export type Region = (typeof SYNTHETIC_REGIONS)[number];
const DR: Region = 'eu-west-1';

const APPS = [
  'checkout',
  'payments',
  'search',
  'catalog',
  'auth',
  'orders',
  'inventory',
  'billing',
  'notifications',
  'reporting',
  'ingest',
  'gateway',
  'recommendations',
  'media',
  'analytics',
  'crm',
  'ledger',
  'shipping',
  'pricing',
  'identity',
  'profile',
  'cart',
  'reviews',
  'geo',
  'feeds',
  'mailer',
  'scheduler',
  'export',
  'tiles',
  'webhooks',
] as const;
const COMPONENTS = [
  'api',
  'worker',
  'web',
  'cron',
  'consumer',
  'frontend',
  'backend',
  'stream',
  'batch',
  'proxy',
] as const;
const TEAMS = [
  'platform',
  'payments',
  'growth',
  'data',
  'infra',
  'sre',
  'commerce',
  'identity',
  'ml',
  'mobile',
] as const;
const STORES = [
  'postgres',
  'mysql',
  'mongo',
  'kafka',
  'redis',
  'elastic',
  'cassandra',
  'zookeeper',
  'jenkins',
  'gitlab',
  'nexus',
  'sftp',
  'nfs',
  'clickhouse',
  'influx',
  'minio',
] as const;
const PEOPLE = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yusuf',
  'zoe',
  'mei',
  'arjun',
  'lena',
  'tomas',
] as const;
const ZONES = ['a', 'b', 'c'] as const;

/** Who does what, as CloudTrail tells it: pipelines bake and deploy, AWS Backup backs up, people do the rest. */
const CI = pipeline('ci-pipeline');
const DEPLOY = pipeline('deploy-bot', '10.0.40.9');
/** A person picked by a name (not by the random generator, so adding actors changes no resource). */
function ownerOf(name: string): Actor {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return human(PEOPLE[h % PEOPLE.length]!);
}

export type Os = 'linux' | 'arm' | 'windows';
type Env = 'prod' | 'staging' | 'dev';

const BASE: Record<Os, { prefix: string; architecture: 'x86_64' | 'arm64' }> = {
  linux: { prefix: 'al2023-ami-', architecture: 'x86_64' },
  arm: { prefix: 'al2023-ami-', architecture: 'arm64' },
  windows: { prefix: 'Windows_Server-', architecture: 'x86_64' },
};
const BUILDER_TYPE: Record<Os, InstanceType> = { linux: 'c5.xlarge', arm: 'm7g.large', windows: 'm5.large' };
const FLEET_TYPES: Record<Os, readonly InstanceType[]> = {
  linux: ['t3.small', 't3.medium', 'm5.large', 'c5.xlarge'],
  arm: ['t4g.micro', 'm7g.large'],
  windows: ['t3.medium', 'm5.large'],
};
const MAX_PER_RUN = 20;

/** What families play with: the player, whose time the timeline sets before each step, and the base images. */
export interface World {
  p: Player;
  /** Added to every wait, so whatever the last step left pending has settled by the next. */
  settle: number;
  base(region: Region, os: Os): string;
}

/** A family's steps: each yield is the time of its next step. */
export type Steps = Generator<number, void, undefined>;

export interface Family {
  /** The resources it leaves behind once it is done. */
  resources: number;
  /** Who makes its calls, unless a step says otherwise. */
  actor: Actor;
  /** How long it runs, so it can start early enough to be done before now. */
  duration: number;
  /** Ends just before now (backups that are still running) rather than anywhere in the history. */
  recent: boolean;
  play(w: World): Steps;
}

/** Names that must not repeat across the account (AMI names are unique per region, DR copies keep them). */
class Names {
  private taken = new Set<string>();

  unique(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${name}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
/** 20261103-1432, as build tools stamp AMI names. */
function stamp(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}
const after = (w: World, ms: number) => w.p.time + ms + w.settle;
const zoneOf = (rng: Random, region: Region) => `${region}${rng.pick(ZONES)}`;

/** n split into k parts of at least 1, the last (the newest build) usually the biggest. */
function split(rng: Random, n: number, k: number): number[] {
  const parts = Array.from({ length: k }, () => 1);
  for (let left = n - k; left > 0; left--) parts[Math.min(k - 1, Math.floor(rng.next() ** 0.5 * k))]! += 1;
  return parts;
}

/** Launches `count` instances in calls of at most 20 (EC2's limit per call), each call in a zone of its own. */
function launch(
  w: World,
  rng: Random,
  region: Region,
  imageId: string,
  count: number,
  input: { InstanceType: InstanceType; name: string; tags: Record<string, string> },
): string[] {
  const ids: string[] = [];
  for (let left = count; left > 0; left -= MAX_PER_RUN) {
    const n = Math.min(MAX_PER_RUN, left);
    const instances = w.p.run(region, {
      ImageId: imageId,
      InstanceType: input.InstanceType,
      MinCount: n,
      MaxCount: n,
      Placement: { AvailabilityZone: zoneOf(rng, region) },
      name: input.name,
      tags: input.tags,
      volumeTags: input.tags,
    });
    ids.push(...instances.map((i) => i.InstanceId!));
  }
  return ids;
}

function planApp(rng: Random, names: Names, region: Region, flagship = false): Family {
  const app = rng.pick(APPS);
  const service = names.unique(`${app}-${rng.pick(COMPONENTS)}`);
  const env: Env = flagship ? 'prod' : rng.weighted({ prod: 45, staging: 30, dev: 25 });
  const team = rng.pick(TEAMS);
  const os: Os = rng.weighted({ linux: 75, arm: 20, windows: 5 });
  const dataGiB = flagship || rng.chance(0.35) ? rng.pick([20, 50, 100, 200]) : 0;
  const disks = dataGiB ? 2 : 1;
  const builds = flagship ? rng.int(4, 8) : rng.small(2, 14);
  const every = Math.min(rng.int(2, 10) * DAY, Math.floor((90 * DAY) / Math.max(1, builds - 1)));
  // The fleet runs from the newest builds; older builds beyond the kept ones are deregistered.
  const keep = rng.chance(0.5) ? builds : Math.min(builds, rng.int(2, 4));
  const fleet = flagship
    ? rng.int(3, 12)
    : env === 'prod'
      ? rng.small(2, 40)
      : env === 'staging'
        ? rng.int(1, 6)
        : rng.int(1, 3);
  const launched = Math.min(rng.int(1, 3), keep, fleet);
  const shares = split(rng, fleet, launched);
  const dropSnapshots = rng.chance(0.4);
  const drCopies =
    region !== DR && env === 'prod' && (flagship || rng.chance(0.7)) ? Math.min(rng.int(1, 3), builds) : 0;
  const drill = drCopies > 0 && (flagship || rng.chance(0.2)) ? rng.int(1, 2) : 0;
  const stopDev = env === 'dev' && rng.chance(0.3);
  const deregistered = builds - keep;
  const resources =
    builds -
    deregistered +
    drCopies + // images
    disks * (builds - (dropSnapshots ? deregistered : 0) + drCopies) + // snapshots
    (fleet + drill) * (1 + disks); // instances and their volumes
  const tags = { app, team, env };
  const instanceType = rng.pick(FLEET_TYPES[os]);
  const major = rng.int(1, 5);
  const minor = rng.int(0, 20);

  return {
    resources,
    actor: CI,
    duration: (builds - 1) * every + 4 * DAY,
    recent: false,
    *play(w) {
      const { p } = w;
      const start = p.time;
      const base = w.base(region, os);
      const images: string[] = [];
      let lastCopy: string | undefined;
      for (let i = 0; i < builds; i++) {
        if (i > 0) yield start + i * every + rng.int(0, 8) * HOUR;
        const [builder] = p.run(region, {
          ImageId: base,
          InstanceType: BUILDER_TYPE[os],
          Placement: { AvailabilityZone: zoneOf(rng, region) },
          name: `${service}-builder`,
          tags: { ...tags, role: 'build' },
          BlockDeviceMappings: dataGiB
            ? [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: dataGiB, VolumeType: 'gp3' } }]
            : undefined,
        });
        yield after(w, rng.int(8, 25) * MINUTE);
        const version = `${major}.${minor + i}.0`;
        const name = `${service}-${env}-${stamp(p.time)}`;
        const image = p.createImage(
          region,
          builder!.InstanceId!,
          name,
          `${service} ${version} (${env}), baked by pipeline`,
          {
            Name: name,
            ...tags,
            version,
          },
        );
        images.push(image);
        yield after(w, rng.int(5, 20) * MINUTE);
        p.terminate(region, [builder!.InstanceId!]);
        const share = i - (builds - launched);
        if (share >= 0) {
          p.by(DEPLOY);
          const ids = launch(w, rng, region, image, shares[share]!, {
            InstanceType: instanceType,
            name: `${service}-${env}`,
            tags: { ...tags, version },
          });
          if (stopDev) p.stop(region, ids);
          p.by(CI);
        }
        if (i >= builds - drCopies) lastCopy = p.copyImage(region, image, DR, name, true);
        if (i >= keep) p.deregister(region, images[i - keep]!, dropSnapshots);
      }
      if (drill && lastCopy) {
        yield p.time + rng.int(1, 3) * DAY;
        p.by(DEPLOY);
        launch(w, rng, DR, lastCopy, drill, {
          InstanceType: instanceType,
          name: `${service}-dr-drill`,
          tags: { ...tags, purpose: 'dr-drill' },
        });
      }
    },
  };
}

/** Share of a store's data rewritten a day: queues and indexes churn, databases less, file stores least. */
const DAILY_CHANGE: Record<(typeof STORES)[number], [number, number]> = {
  kafka: [0.05, 0.12],
  elastic: [0.03, 0.08],
  influx: [0.03, 0.08],
  clickhouse: [0.02, 0.06],
  postgres: [0.01, 0.04],
  mysql: [0.01, 0.04],
  mongo: [0.01, 0.04],
  cassandra: [0.02, 0.05],
  redis: [0.01, 0.03],
  zookeeper: [0.005, 0.02],
  jenkins: [0.01, 0.03],
  gitlab: [0.005, 0.02],
  nexus: [0.005, 0.02],
  sftp: [0.003, 0.015],
  nfs: [0.003, 0.015],
  minio: [0.005, 0.02],
};

/** How a host's data volume changes, drawn from its own generator (the family's draws stay as they were). */
function storeChurn(store: (typeof STORES)[number], host: string): ChurnProfile {
  let seed = 0x811c9dc5;
  for (let i = 0; i < host.length; i++) seed = Math.imul(seed ^ host.charCodeAt(i), 0x01000193);
  const rng = new Random(seed);
  const [low, high] = DAILY_CHANGE[store];
  return {
    fill: 0.4 + rng.next() * 0.45,
    dailyChange: low + rng.next() * (high - low),
    growth: 0.05 + rng.next() * 0.25,
  };
}

function planChain(rng: Random, names: Names, region: Region, flagship = false): Family {
  const store = rng.pick(STORES);
  const env: Env = flagship ? 'prod' : rng.weighted({ prod: 55, staging: 30, dev: 15 });
  const host = names.unique(`${store}-${env}-${rng.int(1, 3)}`);
  const tags = { app: store, team: rng.pick(TEAMS), env };
  const kept = rng.int(10, 60);
  // Days whose snapshots were already pruned: the chain ran longer than it keeps.
  const pruned = rng.chance(0.25) ? rng.int(5, 30) : 0;
  const days = kept + pruned;
  const fate = flagship ? 'live' : rng.weighted({ live: 60, retired: 25, gone: 15 });
  const weeklyCopies = region !== DR && (flagship || (env === 'prod' && rng.chance(0.4))) ? Math.floor(days / 7) : 0;
  const restore = flagship ? 'attached' : rng.weighted({ none: 70, unattached: 15, attached: 15 });
  const restoreDay = rng.int(2, days - 1);
  const sizeGiB = rng.pick([50, 100, 200, 500, 1000]);
  const resources =
    kept +
    weeklyCopies + // snapshots
    (fate === 'live' ? 3 : fate === 'retired' ? 1 : 0) + // host, root and data volume
    (restore === 'unattached' ? 1 : restore === 'attached' ? 3 : 0); // restored volume (+ checking instance and root)

  const owner = ownerOf(host);
  return {
    resources,
    actor: owner,
    // A live host's backups run up to yesterday; a retired one still has its termination to play.
    duration: fate === 'live' ? days * DAY + 6 * HOUR : (days + 3) * DAY,
    recent: fate === 'live',
    *play(w) {
      const { p } = w;
      const zone = zoneOf(rng, region);
      const base = w.base(region, 'linux');
      const [db] = p.run(region, {
        ImageId: base,
        InstanceType: rng.pick<InstanceType>(['m5.large', 'c5.xlarge', 't3.medium']),
        Placement: { AvailabilityZone: zone },
        name: host,
        tags,
        volumeTags: tags,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeSize: sizeGiB, VolumeType: 'gp3', DeleteOnTermination: false } },
        ],
      });
      const data = p.volumeAt(db!, '/dev/sdf');
      p.tag(region, data, { Name: `${host}-data` });
      p.churn(region, data, storeChurn(store, host));
      const firstBackup = Math.floor(p.time / DAY) * DAY + DAY + rng.int(1, 5) * HOUR;
      const chain: string[] = [];
      for (let day = 0; day < days; day++) {
        yield firstBackup + day * DAY + rng.int(0, 20) * MINUTE;
        p.by(AWS_BACKUP);
        const date = isoDate(p.time);
        const description = `Daily backup of ${host} data volume ${date}`;
        chain.push(
          p.createSnapshot(region, data, description, { Name: `${host}-data-${date}`, ...tags, backup: 'daily' }),
        );
        if (chain.length > kept) p.deleteSnapshot(region, chain.shift()!);
        const copy = weeklyCopies > 0 && day % 7 === 6;
        const restoreNow = restore !== 'none' && day === restoreDay;
        if (!copy && !restoreNow) continue;
        yield after(w, rng.int(1, 3) * HOUR);
        const latest = chain[chain.length - 1]!;
        if (copy) {
          p.by(AWS_BACKUP);
          p.copySnapshot(region, latest, DR, `Weekly DR copy of ${host} ${date}`, {
            Name: `${host}-dr-${date}`,
            ...tags,
          });
        }
        if (restoreNow) {
          p.by(owner);
          const volume = p.createVolume(region, {
            SnapshotId: latest,
            AvailabilityZone: zone,
            VolumeType: 'gp3',
            name: `${host}-restore-test`,
            tags: { ...tags, purpose: 'restore-test' },
          });
          if (restore === 'attached') {
            const [check] = p.run(region, {
              ImageId: base,
              Placement: { AvailabilityZone: zone },
              name: `${host}-restore-check`,
              tags,
            });
            yield after(w, 10 * MINUTE);
            p.attach(region, volume, check!.InstanceId!, '/dev/sdg');
          }
        }
      }
      if (fate === 'live') return;
      yield p.time + DAY;
      p.terminate(region, [db!.InstanceId!]);
      if (fate === 'retired') return;
      yield after(w, 2 * HOUR);
      p.deleteVolume(region, data);
    },
  };
}

function planMigration(rng: Random, names: Names): Family {
  const from: Region = rng.weighted({ 'us-east-1': 50, 'us-west-2': 30, 'ap-southeast-2': 20 });
  const to = rng.weighted<Region>({ 'us-east-1': 10, 'us-west-2': 20, 'ap-southeast-2': 20, 'eu-west-1': 50 });
  const target = to === from ? DR : to;
  const purpose = rng.pick(['legacy', 'shared', 'archive', 'media', 'reports', 'ftp', 'home']);
  const name = names.unique(`${purpose}-${rng.pick(['nfs', 'data', 'store', 'share', 'vault'])}`);
  const tags = { app: name, team: rng.pick(TEAMS), env: 'prod' };
  const withServer = rng.chance(0.5);
  const dropSource = rng.chance(0.5);
  const sizeGiB = rng.pick([100, 250, 500, 1000, 2000]);
  const resources = (dropSource ? 0 : 1) + 1 + 1 + 1 + (withServer ? 2 : 0);

  return {
    resources,
    actor: ownerOf(name),
    duration: 12 * DAY,
    recent: false,
    *play(w) {
      const { p } = w;
      const source = p.createVolume(from, {
        AvailabilityZone: zoneOf(rng, from),
        Size: sizeGiB,
        VolumeType: sizeGiB >= 500 ? 'st1' : 'gp3',
        name,
        tags,
      });
      yield after(w, 30 * MINUTE);
      const snapshot = p.createSnapshot(from, source, `${name} before moving to ${target}`, {
        Name: `${name}-migration`,
        ...tags,
      });
      yield after(w, rng.int(1, 4) * HOUR);
      const copy = p.copySnapshot(from, snapshot, target, `${name} moved from ${from}`, {
        Name: `${name}-migration`,
        ...tags,
      });
      yield after(w, rng.int(1, 3) * HOUR);
      const zone = zoneOf(rng, target);
      const restored = p.createVolume(target, {
        SnapshotId: copy,
        AvailabilityZone: zone,
        VolumeType: 'gp3',
        name,
        tags,
      });
      if (withServer) {
        const [server] = p.run(target, {
          ImageId: w.base(target, 'linux'),
          Placement: { AvailabilityZone: zone },
          name: `${name}-server`,
          tags,
        });
        yield after(w, 10 * MINUTE);
        p.attach(target, restored, server!.InstanceId!, '/dev/sdf');
      }
      if (dropSource) {
        yield p.time + rng.int(1, 10) * DAY;
        p.deleteVolume(from, source);
      }
    },
  };
}

function planPet(rng: Random, names: Names, region: Region): Family {
  const person = rng.pick(PEOPLE);
  const kind = rng.weighted({ dev: 50, bastion: 20, sandbox: 30 });
  const env: Env = kind === 'dev' ? 'dev' : rng.weighted({ prod: 40, staging: 30, dev: 30 });
  const app = rng.pick(APPS);
  const name = names.unique(
    kind === 'dev' ? `${person}-dev` : kind === 'bastion' ? `bastion-${env}` : `${app}-sandbox`,
  );
  const tags = { app: kind === 'sandbox' ? app : kind, team: rng.pick(TEAMS), env, owner: person };
  const os: Os = rng.weighted({ linux: 70, arm: 15, windows: 15 });
  const dataGiB = rng.chance(0.3) ? rng.pick([10, 30, 100]) : 0;
  const disks = dataGiB ? 2 : 1;
  const imaged = rng.chance(0.3);
  const stopped = rng.chance(0.35);
  const resources = 1 + disks + (imaged ? 1 + disks : 0);

  return {
    resources,
    actor: human(person),
    duration: 30 * DAY,
    recent: false,
    *play(w) {
      const { p } = w;
      const [pet] = p.run(region, {
        ImageId: w.base(region, os),
        InstanceType: rng.pick(FLEET_TYPES[os]),
        Placement: { AvailabilityZone: zoneOf(rng, region) },
        name,
        tags,
        volumeTags: { owner: person },
        BlockDeviceMappings: dataGiB
          ? [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: dataGiB, VolumeType: 'gp3' } }]
          : undefined,
      });
      const id = pet!.InstanceId!;
      if (imaged) {
        yield p.time + rng.int(3, 25) * DAY;
        p.createImage(region, id, `${name}-pre-upgrade-${stamp(p.time)}`, `Before upgrading ${name}`, {
          Name: `${name}-pre-upgrade`,
          ...tags,
        });
      }
      if (stopped) {
        yield after(w, rng.int(1, 48) * HOUR);
        p.stop(region, [id]);
      }
    },
  };
}

/** At most `max` (at least 1) unattached volumes and snapshots of deleted volumes. */
function planOrphans(rng: Random, region: Region, max = 6): Family {
  let scratch = rng.int(0, 3);
  let gone = rng.int(0, 3);
  if (scratch + gone === 0) scratch = 1;
  while (scratch + gone > Math.max(1, max)) {
    if (gone > 0) gone--;
    else scratch--;
  }
  const person = rng.pick(PEOPLE);

  return {
    resources: scratch + gone,
    actor: human(person),
    duration: 6 * DAY,
    recent: false,
    *play(w) {
      const { p } = w;
      const volume = (name: string | undefined) =>
        p.createVolume(region, {
          AvailabilityZone: zoneOf(rng, region),
          Size: rng.pick([1, 8, 20, 50, 100, 500]),
          VolumeType: rng.pick(['gp2', 'gp3']),
          name,
          tags: rng.chance(0.5) ? { owner: person } : {},
        });
      for (let i = 0; i < scratch; i++) {
        volume(rng.chance(0.6) ? rng.pick(['scratch', 'tmp', `${person}-scratch`, 'test-vol', 'old-data']) : undefined);
      }
      const doomed = Array.from({ length: gone }, () => volume(`${person}-tmp`));
      if (doomed.length === 0) return;
      yield after(w, HOUR);
      for (const v of doomed) {
        p.createSnapshot(region, v, rng.pick(['before resize', 'manual backup', 'pre-migration', 'just in case']), {
          owner: person,
        });
      }
      yield after(w, rng.int(1, 5) * DAY);
      for (const v of doomed) p.deleteVolume(region, v);
    },
  };
}

/** From this size on, the account also holds one family of about GOLDEN_RESOURCES resources (see planGolden). */
export const GOLDEN_FROM = 10_000;
const GOLDEN_RESOURCES = 1_000;
/** The golden family draws from a generator of its own, so the rest of the account is drawn as it was. */
const GOLDEN_SEED = 0x601de4;
const GOLDEN_HOME: Region = 'us-east-1';
/** Where the golden image is copied to, and how many of its hosts run there. */
const GOLDEN_COPIES: Partial<Record<Region, number>> = { 'us-west-2': 0.12, 'eu-west-1': 0.1 };

interface GoldenHost {
  region: Region;
  name: string;
  tags: Record<string, string>;
  instanceType: InstanceType;
  dataGiB: number;
  /** Days after the image was baked. */
  launchDay: number;
  backups: number;
  restore: boolean;
}

/** A step of the golden family: a host launched, backed up, or restored from its latest backup. */
type GoldenStep = { at: number; host: number; what: 'launch' | 'backup' | 'restore' };

function goldenHost(rng: Random, i: number): GoldenHost {
  const copy = rng.next();
  let region: Region = GOLDEN_HOME;
  let edge = 0;
  for (const [r, share] of Object.entries(GOLDEN_COPIES) as [Region, number][]) {
    edge += share;
    if (copy < edge) {
      region = r;
      break;
    }
  }
  const app = rng.pick(APPS);
  const env: Env = rng.weighted({ prod: 60, staging: 30, dev: 10 });
  return {
    region,
    name: `${app}-${rng.pick(COMPONENTS)}-${String(i + 1).padStart(3, '0')}`,
    tags: { app, team: rng.pick(TEAMS), env, image: 'golden-al2023' },
    instanceType: rng.pick(FLEET_TYPES.linux),
    dataGiB: rng.pick([20, 50, 100, 200]),
    launchDay: rng.int(1, 60),
    backups: rng.int(1, 4),
    restore: rng.chance(0.15),
  };
}

/** Each host's launch, weekly backups and restore, in time order (days and hours after the bake). */
function goldenSteps(rng: Random, hosts: readonly GoldenHost[]): GoldenStep[] {
  const steps: GoldenStep[] = [];
  hosts.forEach((h, host) => {
    const launchAt = h.launchDay * DAY + rng.int(0, 20) * HOUR;
    steps.push({ at: launchAt, host, what: 'launch' });
    for (let b = 1; b <= h.backups; b++) steps.push({ at: launchAt + b * 7 * DAY, host, what: 'backup' });
    if (h.restore) steps.push({ at: launchAt + (h.backups * 7 + 1) * DAY, host, what: 'restore' });
  });
  return steps.sort((a, b) => a.at - b.at || a.host - b.host);
}

/**
 * At GOLDEN_FROM resources and more: the platform team's golden image, baked once, copied to two regions and launched
 * as about 180 hosts over two months, each with a data volume backed up weekly (1–4 snapshots, so no host folds into
 * a fleet) and now and then a volume restored from its latest backup. One family of about GOLDEN_RESOURCES
 * resources, the largest of the account: what opening a big family from the overview is measured on.
 */
function planGolden(rng: Random): Family {
  const hosts: GoldenHost[] = [];
  // The image and its root snapshot, and each copy's.
  let resources = 2 * (1 + Object.keys(GOLDEN_COPIES).length);
  while (resources < GOLDEN_RESOURCES) {
    const host = goldenHost(rng, hosts.length);
    hosts.push(host);
    resources += 3 + host.backups + (host.restore ? 1 : 0); // instance, root and data volume; backups; restore
  }
  const steps = goldenSteps(rng, hosts);
  const tags = { app: 'golden-al2023', team: 'platform', env: 'prod' };
  return {
    resources,
    actor: CI,
    duration: steps[steps.length - 1]!.at + 2 * DAY,
    recent: false,
    *play(w) {
      const { p } = w;
      const [builder] = p.run(GOLDEN_HOME, {
        ImageId: w.base(GOLDEN_HOME, 'linux'),
        InstanceType: BUILDER_TYPE.linux,
        name: 'golden-al2023-builder',
        tags: { ...tags, role: 'build' },
      });
      yield after(w, 20 * MINUTE);
      const start = p.time;
      const name = `golden-al2023-${stamp(p.time)}`;
      const golden = p.createImage(GOLDEN_HOME, builder!.InstanceId!, name, 'Golden Amazon Linux 2023 (CIS)', {
        Name: name,
        ...tags,
      });
      yield after(w, 15 * MINUTE);
      p.terminate(GOLDEN_HOME, [builder!.InstanceId!]);
      const images = new Map<Region, string>([[GOLDEN_HOME, golden]]);
      for (const region of Object.keys(GOLDEN_COPIES) as Region[])
        images.set(region, p.copyImage(GOLDEN_HOME, golden, region, name, true));
      const data = new Map<number, { volume: string; zone: string; latest?: string }>();
      for (const step of steps) {
        yield Math.max(start + step.at, after(w, 0));
        const h = hosts[step.host]!;
        playGoldenStep(w, rng, h, step, images.get(h.region)!, data);
      }
    },
  };
}

function playGoldenStep(
  w: World,
  rng: Random,
  h: GoldenHost,
  step: GoldenStep,
  imageId: string,
  data: Map<number, { volume: string; zone: string; latest?: string }>,
): void {
  const { p } = w;
  const host = data.get(step.host);
  switch (step.what) {
    case 'launch': {
      p.by(DEPLOY);
      const zone = zoneOf(rng, h.region);
      const [instance] = p.run(h.region, {
        ImageId: imageId,
        InstanceType: h.instanceType,
        Placement: { AvailabilityZone: zone },
        name: h.name,
        tags: h.tags,
        volumeTags: h.tags,
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeSize: h.dataGiB, VolumeType: 'gp3', DeleteOnTermination: false } },
        ],
      });
      data.set(step.host, { volume: p.volumeAt(instance!, '/dev/sdf'), zone });
      return;
    }
    case 'backup': {
      p.by(AWS_BACKUP);
      const date = isoDate(p.time);
      host!.latest = p.createSnapshot(h.region, host!.volume, `Weekly backup of ${h.name} data volume ${date}`, {
        Name: `${h.name}-data-${date}`,
        ...h.tags,
        backup: 'weekly',
      });
      return;
    }
    case 'restore':
      p.by(ownerOf(h.name));
      p.createVolume(h.region, {
        SnapshotId: host!.latest,
        AvailabilityZone: host!.zone,
        VolumeType: 'gp3',
        name: `${h.name}-restore-test`,
        tags: { ...h.tags, purpose: 'restore-test' },
      });
      return;
    default: {
      const never: never = step.what;
      throw new Error(`Unknown golden step ${String(never)}`);
    }
  }
}

const regionFor = (rng: Random) =>
  rng.weighted<Region>({ 'us-east-1': 42, 'us-west-2': 24, 'ap-southeast-2': 19, 'eu-west-1': 15 });

function planRandom(rng: Random, names: Names, region: Region): Family {
  switch (rng.weighted({ app: 24, chain: 20, pet: 26, migration: 8, orphans: 22 })) {
    case 'app':
      return planApp(rng, names, region);
    case 'chain':
      return planChain(rng, names, region);
    case 'pet':
      return planPet(rng, names, region);
    case 'migration':
      return planMigration(rng, names);
    case 'orphans':
      return planOrphans(rng, region);
  }
}

/** Families adding up to about `resources`: a flagship app and backed-up database first, every region next. */
export function planAccount(rng: Random, resources: number): Family[] {
  const names = new Names();
  const slack = Math.max(2, Math.floor(resources * 0.04));
  const families: Family[] = [];
  let total = 0;
  const add = (family: Family) => {
    if (total + family.resources > resources + slack) return false;
    families.push(family);
    total += family.resources;
    return true;
  };
  add(planApp(rng.fork(), names, 'us-east-1', true));
  add(planChain(rng.fork(), names, 'us-west-2', true));
  add(planRandom(rng.fork(), names, 'ap-southeast-2'));
  add(planRandom(rng.fork(), names, 'eu-west-1'));
  while (total < resources) {
    let added = false;
    for (let tries = 0; tries < 10 && !added; tries++) added = add(planRandom(rng.fork(), names, regionFor(rng)));
    if (!added) add(planOrphans(rng.fork(), regionFor(rng), resources - total));
  }
  return families;
}

/** A family's steps, each started as its actor (a step may switch actors for some of its calls). */
export function* acting(p: Player, actor: Actor, steps: Steps): Steps {
  for (;;) {
    p.by(actor);
    const next = steps.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Steps of many families, played in time order (ties in the order they were scheduled). */
export class Timeline {
  private heap: { time: number; order: number; steps: Steps }[] = [];
  private scheduled = 0;

  add(time: number, steps: Steps): void {
    const heap = this.heap;
    heap.push({ time, order: this.scheduled++, steps });
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  play(p: Player): void {
    while (this.heap.length > 0) {
      const { time, steps } = this.pop();
      p.time = time;
      const next = steps.next();
      if (!next.done) this.add(Math.max(time, next.value), steps);
    }
  }

  private pop(): { time: number; steps: Steps } {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let first = i;
        if (l < heap.length && this.before(l, first)) first = l;
        if (r < heap.length && this.before(r, first)) first = r;
        if (first === i) break;
        [heap[i], heap[first]] = [heap[first]!, heap[i]!];
        i = first;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.time < y.time || (x.time === y.time && x.order < y.order);
  }
}

/** A world whose base images are Amazon's, looked up once per region and OS; `pick` may choose another base. */
export function worldOf(p: Player, pick?: (region: Region, os: Os) => string | undefined): World {
  const bases = new Map<string, string>();
  return {
    p,
    settle: p.em.delayMs,
    base(region, os) {
      const picked = pick?.(region, os);
      if (picked) return picked;
      const key = `${region}/${os}`;
      let id = bases.get(key);
      if (!id) {
        id = p.baseImageId(region, BASE[os].prefix, BASE[os].architecture);
        bases.set(key, id);
      }
      return id;
    },
  };
}

/** Starts each family at a random time of the history, done before now (recent ones just before now). */
export function scheduleFamilies(
  timeline: Timeline,
  families: readonly Family[],
  rng: Random,
  now: number,
  play: (family: Family) => Steps,
): void {
  const end = now - QUIET;
  for (const family of families) {
    const latest = end - family.duration;
    const start = family.recent
      ? latest - rng.int(0, 12) * HOUR
      : now - HISTORY + Math.floor(rng.next() * (latest - (now - HISTORY)));
    timeline.add(start, play(family));
  }
}

/** An account of about `resources` resources across four regions; deterministic per seed. */
export function seedSynthetic(em: Emulator, resources: number, seed: number): void {
  const rng = new Random(seed);
  const golden = resources >= GOLDEN_FROM ? planGolden(new Random(seed ^ GOLDEN_SEED)) : undefined;
  const families = planAccount(rng, resources - (golden?.resources ?? 0));
  if (golden) families.push(golden);
  const now = em.now();
  const p = new Player(em, now - HISTORY);
  const world = worldOf(p);
  for (const region of SYNTHETIC_REGIONS) world.base(region, 'linux');
  const timeline = new Timeline();
  scheduleFamilies(timeline, families, rng, now, (family) => acting(p, family.actor, family.play(world)));
  timeline.play(p);
  for (const region of SYNTHETIC_REGIONS) em.settledRegion(em.defaultAccountId, region);
}
