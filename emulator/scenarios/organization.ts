import { organizationArn } from '../accounts';
import type { Emulator } from '../emulator';
import { type OrganizationRecord, newAccount } from '../state';
import { Player, person, pipeline, roleSession } from './play';

/** The read-only role a lineage reader assumes in each account. */
export const READER_ROLE = 'LineageReader';
/** The role Organizations creates in every account it makes, trusting the management account. */
export const ACCESS_ROLE = 'OrganizationAccountAccessRole';

export interface AccountSpec {
  id: string;
  name: string;
  /** The organizational unit's id; the root when absent. */
  unit?: string;
  /** An access key the scenario names for the account's `admin` user. */
  accessKey?: string;
  /** Roles trusting the management account. */
  roles: readonly string[];
}

export interface OrganizationSpec {
  id: string;
  rootId: string;
  units: Record<string, string>;
  /** The management account first. */
  accounts: readonly AccountSpec[];
  joinedAt: number;
}

/** Makes the accounts, the organization and the named keys; the management account becomes the default account. */
export function setUpOrganization(em: Emulator, spec: OrganizationSpec): OrganizationRecord {
  const management = spec.accounts[0]!.id;
  const organization: OrganizationRecord = {
    id: spec.id,
    rootId: spec.rootId,
    managementAccountId: management,
    units: Object.fromEntries(
      Object.entries(spec.units).map(([id, name]) => [id, { id, name, parentId: spec.rootId }]),
    ),
  };
  spec.accounts.forEach((a, i) => {
    const roles = Object.fromEntries(
      a.roles.map((name) => [name, { name, trustedAccountIds: [management], maxSessionSeconds: 3600 }]),
    );
    const account = newAccount(a.id, a.name, {
      parentId: a.unit ?? spec.rootId,
      joinedAt: spec.joinedAt + i * 86_400_000,
      roles,
    });
    em.addAccount(account, { default: i === 0 });
    if (a.accessKey) em.addAccessKey(a.accessKey, { accountId: a.id, user: 'admin' });
  });
  em.setOrganization(organization);
  return organization;
}

export const ORGANIZATION_ACCOUNTS = {
  management: { id: '123456789012', name: 'management', accessKey: 'AKIAMANAGEMENTEXAMPLE' },
  tooling: { id: '111122223333', name: 'tooling', accessKey: 'AKIATOOLINGEXAMPLE' },
  prod: { id: '444455556666', name: 'prod', accessKey: 'AKIAPRODEXAMPLE' },
  staging: { id: '777788889999', name: 'staging', accessKey: 'AKIASTAGINGEXAMPLE' },
  sandbox: { id: '222233334444', name: 'sandbox', accessKey: 'AKIASANDBOXEXAMPLE' },
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function setUp(em: Emulator): OrganizationRecord {
  const { management, tooling, prod, staging, sandbox } = ORGANIZATION_ACCOUNTS;
  return setUpOrganization(em, {
    id: 'o-a1b2c3d4e5',
    rootId: 'r-a1b2',
    units: { 'ou-a1b2-infrastr': 'Infrastructure', 'ou-a1b2-workload': 'Workloads', 'ou-a1b2-sandbox1': 'Sandbox' },
    joinedAt: em.now() - 400 * DAY,
    accounts: [
      { ...management, roles: [READER_ROLE] },
      { ...tooling, unit: 'ou-a1b2-infrastr', roles: [ACCESS_ROLE, READER_ROLE] },
      { ...prod, unit: 'ou-a1b2-workload', roles: [ACCESS_ROLE, READER_ROLE] },
      { ...staging, unit: 'ou-a1b2-workload', roles: [ACCESS_ROLE, READER_ROLE] },
      // No LineageReader here: the sandbox shows only through the tooling account's usage report.
      { ...sandbox, unit: 'ou-a1b2-sandbox1', roles: [ACCESS_ROLE] },
    ],
  });
}

/** The tooling account's pipeline: golden-al2023 v1–v3, each baked on a builder instance that is then terminated. */
function bakeGoldenImages(p: Player, region: string): string[] {
  const base = p.baseImageId(region);
  const versions: string[] = [];
  for (let v = 1; v <= 3; v++) {
    if (v > 1) p.wait(4 * DAY);
    const [builder] = p.run(region, {
      ImageId: base,
      name: `golden-al2023-builder-v${v}`,
      tags: { pipeline: 'golden-al2023' },
    });
    p.wait(20 * MINUTE);
    const name = `golden-al2023-v${v}`;
    versions.push(
      p.createImage(region, builder!.InstanceId!, name, `Golden Amazon Linux 2023 image, version ${v}`, {
        Name: name,
        pipeline: 'golden-al2023',
        version: `v${v}`,
      }),
    );
    p.wait(HOUR);
    p.terminate(region, [builder!.InstanceId!]);
  }
  return versions;
}

/** The tooling account's image pipeline; carol deploys to prod through the access role; staging's deploy bot. */
const CI = pipeline('ci-pipeline', '10.1.4.20');
const CAROL = roleSession(ACCESS_ROLE, 'carol');
const STAGING_DEPLOY = pipeline('deploy-bot', '10.3.8.11');

/**
 * `organization`: a management account; a tooling account whose pipeline bakes golden-al2023 v1–v3, shares v2 and v3
 * with the organization and copies v3 to eu-west-1; prod launching from v3 and v2 and restoring a volume from a
 * snapshot tooling shared with it; staging launching from v3 and keeping a private copy of it (tooling shared v3's
 * storage with it); a sandbox launching from v2 that has no LineageReader role.
 */
export function seedOrganization(em: Emulator): void {
  const org = setUp(em);
  const { tooling, prod, staging, sandbox } = ORGANIZATION_ACCOUNTS;
  const home = 'us-east-1';
  const p = new Player(em, em.now() - 20 * DAY).as(tooling.id).by(CI);
  const [, v2, v3] = bakeGoldenImages(p, home) as [string, string, string];
  p.wait(HOUR);
  p.shareImage(home, v2, [organizationArn(org)]);
  p.shareImage(home, v3, [organizationArn(org)]);
  p.shareSnapshot(home, p.snapshotsOf(home, v3)[0]!, [staging.id]);
  p.copyImage(home, v3, 'eu-west-1', 'golden-al2023-v3', true);
  p.by(person('dana'));
  const data = p.createVolume(home, { Size: 50, VolumeType: 'gp3', name: 'reference-data' });
  p.wait(HOUR);
  p.churn(home, data, { fill: 0.8, dailyChange: 0, growth: 0 }, true);
  const dataset = p.createSnapshot(home, data, 'Reference data set', { Name: 'reference-data' });
  p.wait(HOUR);
  p.shareSnapshot(home, dataset, [prod.id]);

  p.wait(DAY).as(prod.id).by(CAROL);
  p.run(home, { ImageId: v3, MinCount: 3, MaxCount: 3, name: 'prod-web' });
  const [batch] = p.run(home, { ImageId: v2, name: 'prod-batch' });
  const restored = p.createVolume(home, { SnapshotId: dataset, VolumeType: 'gp3', name: 'prod-reference-data' });
  p.wait(HOUR);
  p.attach(home, restored, batch!.InstanceId!, '/dev/sdf');

  p.wait(DAY).as(staging.id).by(STAGING_DEPLOY);
  p.run(home, { ImageId: v3, MinCount: 2, MaxCount: 2, name: 'staging-web' });
  const copy = p.copyImage(home, v3, home, 'staging-golden-al2023-v3');
  p.wait(HOUR);
  p.run(home, { ImageId: copy, name: 'staging-canary' });

  p.wait(DAY).as(sandbox.id).by(person('erin'));
  p.run(home, { ImageId: v2, MinCount: 2, MaxCount: 2, name: 'sandbox-experiment' });
}
