import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorState } from './state';

export class StateFileError extends Error {
  constructor(path: string, reason: string) {
    super(`Cannot use the emulator state file ${path}: ${reason}. Move it away or start with a fresh file.`);
    this.name = 'StateFileError';
  }
}

function isState(value: unknown): value is EmulatorState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<EmulatorState>;
  if (v.version !== 1 || typeof v.scenario !== 'string' || typeof v.accountId !== 'string') return false;
  if (typeof v.counter !== 'number' || typeof v.regions !== 'object' || v.regions === null) return false;
  return Object.values(v.regions).every(
    (r) =>
      typeof r === 'object' &&
      r !== null &&
      ['instances', 'volumes', 'snapshots', 'images', 'clientTokens'].every(
        (k) => typeof (r as unknown as Record<string, unknown>)[k] === 'object',
      ),
  );
}

/** The saved state, or undefined when there is no file yet. A file that is there but unusable is an error. */
export function loadState(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StateFileError(path, `it cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(path, `it is not valid JSON (${(error as Error).message})`);
  }
  if (!isState(parsed)) throw new StateFileError(path, 'it is not an emulator state of version 1');
  return parsed;
}

/** Writes the whole state to a temporary file and renames it over the old one, so a crash never leaves half a file. */
export function saveState(path: string, state: EmulatorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}
