import type { Emulator } from '../emulator';
import { seedOrganization } from './organization';
import { seedSynthetic } from './synthetic';
import { seedSyntheticOrg } from './synthetic-org';
import { seedWalkthrough } from './walkthrough';

export const SCENARIOS = ['empty', 'walkthrough', 'organization'] as const;

const SYNTHETIC = /^synthetic:(\d+)(?::(\d+))?$/;
const SYNTHETIC_ORG = /^synthetic-org:(\d+):(\d+)(?::(\d+))?$/;

/** The most accounts `synthetic-org` makes. */
const MAX_ACCOUNTS = 1000;

/** Every scenario name, for messages. */
export const SCENARIO_NAMES = `${SCENARIOS.join(', ')}, synthetic:N[:SEED], synthetic-org:ACCOUNTS:N[:SEED] (2 ≤ ACCOUNTS ≤ ${MAX_ACCOUNTS})`;

function syntheticOrg(name: string): { accounts: number; resources: number; seed: number } | undefined {
  const match = SYNTHETIC_ORG.exec(name);
  if (!match) return undefined;
  const accounts = Number(match[1]);
  if (accounts < 2 || accounts > MAX_ACCOUNTS) return undefined;
  return { accounts, resources: Number(match[2]), seed: Number(match[3] ?? 1) };
}

export function isScenarioName(name: string): boolean {
  return (SCENARIOS as readonly string[]).includes(name) || SYNTHETIC.test(name) || syntheticOrg(name) !== undefined;
}

/** Replaces the emulator's state with a freshly played scenario, then saves it. */
export function loadScenario(em: Emulator, name: string): void {
  if (!isScenarioName(name)) throw new Error(`Unknown scenario '${name}'. Known: ${SCENARIO_NAMES}.`);
  const synthetic = SYNTHETIC.exec(name);
  const org = syntheticOrg(name);
  em.clear(name);
  em.batch(() => {
    if (name === 'walkthrough') seedWalkthrough(em);
    else if (name === 'organization') seedOrganization(em);
    else if (synthetic) seedSynthetic(em, Number(synthetic[1]), Number(synthetic[2] ?? 1));
    else if (org) seedSyntheticOrg(em, org.accounts, org.resources, org.seed);
  });
}
