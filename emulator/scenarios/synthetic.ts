import type { Emulator } from '../emulator';

/** An account of about `resources` resources across four regions; deterministic per seed. */
export function seedSynthetic(_em: Emulator, _resources: number, _seed: number): void {
  throw new Error('synthetic scenario not built yet');
}
