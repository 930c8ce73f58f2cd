import { organizationArn } from '../accounts';
import type { Emulator } from '../emulator';
import { ACCESS_ROLE, type AccountSpec, READER_ROLE, setUpOrganization } from './organization';
import { Random } from '../random';
import { Player, pipeline } from './play';
import {
  DAY,
  HISTORY,
  type Region,
  SYNTHETIC_REGIONS,
  type Steps,
  Timeline,
  acting,
  planAccount,
  scheduleFamilies,
  worldOf,
} from './synthetic';

/**
 * `synthetic-org:ACCOUNTS:N[:SEED]`: an organization of ACCOUNTS accounts holding about N resources in all, across
 * the four synthetic regions. The management account holds nothing; the first member is also the tooling account,
 * whose golden image (baked in us-east-1, copied to the other regions, each copy shared with the organization) many
 * workload accounts build and launch from instead of Amazon's. Every member shapes its share like `synthetic:N`.
 * Every account has a LineageReader role trusting the management account.
 */

export const MANAGEMENT_ID = '123456789012';

/** Twelve-digit ids that look unrelated to one another. */
export const memberId = (i: number) => String(210_987_654_321 + i * 7_777_777);

/** Golden image and its snapshot in each region. */
const GOLDEN_RESOURCES = 2 * SYNTHETIC_REGIONS.length;

function accountSpecs(accounts: number): AccountSpec[] {
  const members = Array.from({ length: accounts - 1 }, (_, k) => ({
    id: memberId(k + 1),
    name: k === 0 ? 'tooling' : `workload-${String(k).padStart(3, '0')}`,
    unit: k === 0 ? 'ou-synt-infrastr' : 'ou-synt-workload',
    roles: [ACCESS_ROLE, READER_ROLE],
  }));
  return [{ id: MANAGEMENT_ID, name: 'management', roles: [READER_ROLE] }, ...members];
}

/** Bakes the golden image in us-east-1, copies it to the other regions, shares every copy with the organization. */
function bakeGolden(p: Player, orgArn: string): Map<Region, string> {
  const home: Region = 'us-east-1';
  const [builder] = p.run(home, { ImageId: p.baseImageId(home), name: 'golden-builder' });
  p.wait(30 * 60_000);
  const golden = new Map<Region, string>([[home, p.createImage(home, builder!.InstanceId!, 'golden-al2023')]]);
  p.wait(3_600_000);
  p.terminate(home, [builder!.InstanceId!]);
  for (const region of SYNTHETIC_REGIONS)
    if (region !== home) golden.set(region, p.copyImage(home, golden.get(home)!, region, 'golden-al2023'));
  p.wait(3_600_000);
  for (const [region, imageId] of golden) p.shareImage(region, imageId, [orgArn]);
  return golden;
}

/** Steps that always run in one account, however the timeline interleaves them with other accounts' steps. */
function* inAccount(p: Player, accountId: string, steps: Steps): Steps {
  for (;;) {
    p.as(accountId);
    const next = steps.next();
    if (next.done) return;
    yield next.value;
  }
}

export function seedSyntheticOrg(em: Emulator, accounts: number, resources: number, seed: number): void {
  const rng = new Random(seed);
  const specs = accountSpecs(accounts);
  const org = setUpOrganization(em, {
    id: 'o-synth0org1',
    rootId: 'r-synt',
    units: { 'ou-synt-infrastr': 'Infrastructure', 'ou-synt-workload': 'Workloads' },
    joinedAt: em.now() - HISTORY - 30 * DAY,
    accounts: specs,
  });
  const now = em.now();
  const p = new Player(em, now - HISTORY - 5 * DAY).as(specs[1]!.id).by(pipeline('ci-pipeline'));
  const golden = bakeGolden(p, organizationArn(org));
  const members = specs.slice(1);
  const share = Math.max(0, resources - GOLDEN_RESOURCES) / members.length;
  const timeline = new Timeline();
  members.forEach((member, k) => {
    const own = rng.fork();
    const budget = Math.round(share * (k + 1)) - Math.round(share * k);
    const families = budget > 0 ? planAccount(own, budget) : [];
    const useGolden = own.chance(0.6);
    const world = worldOf(p, (region, os) => (useGolden && os === 'linux' ? golden.get(region) : undefined));
    scheduleFamilies(timeline, families, own, now, (family) =>
      inAccount(p, member.id, acting(p, family.actor, family.play(world))),
    );
  });
  timeline.play(p);
  for (const member of members) for (const region of SYNTHETIC_REGIONS) em.settledRegion(member.id, region);
}
