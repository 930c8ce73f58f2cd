import type { Emulator } from '../emulator';
import { seedSynthetic } from './synthetic';
import { seedWalkthrough } from './walkthrough';

export const SCENARIOS = ['empty', 'walkthrough'] as const;

const SYNTHETIC = /^synthetic:(\d+)(?::(\d+))?$/;

export function isScenarioName(name: string): boolean {
  return (SCENARIOS as readonly string[]).includes(name) || SYNTHETIC.test(name);
}

/** Replaces the emulator's state with a freshly played scenario, then saves it. */
export function loadScenario(em: Emulator, name: string): void {
  const synthetic = SYNTHETIC.exec(name);
  if (!isScenarioName(name))
    throw new Error(`Unknown scenario '${name}'. Known: ${SCENARIOS.join(', ')}, synthetic:N[:SEED].`);
  em.clear(name);
  em.batch(() => {
    if (name === 'walkthrough') seedWalkthrough(em);
    else if (synthetic) seedSynthetic(em, Number(synthetic[1]), Number(synthetic[2] ?? 1));
  });
}
