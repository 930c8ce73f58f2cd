import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isBlockState } from './blocks/state';
import {
  AMAZON_OWNER_ID,
  type EmulatorState,
  type ImageRecord,
  type RegionState,
  type SnapshotRecord,
  emptyRegion,
  emptyState,
} from './state';

export class StateFileError extends Error {
  constructor(path: string, reason: string) {
    super(`Cannot use the emulator state file ${path}: ${reason}. Move it away or start with a fresh file.`);
    this.name = 'StateFileError';
  }
}

const REGION_TABLES = ['instances', 'volumes', 'snapshots', 'images', 'clientTokens'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isRegion = (r: unknown) => isObject(r) && REGION_TABLES.every((k) => isObject(r[k]));

function isState(value: unknown): value is EmulatorState {
  if (!isObject(value)) return false;
  const v = value as Partial<EmulatorState>;
  if (v.version !== 2 || typeof v.scenario !== 'string' || typeof v.defaultAccountId !== 'string') return false;
  if (typeof v.counter !== 'number' || !isObject(v.accounts) || !isObject(v.accessKeys)) return false;
  if (!v.accounts[v.defaultAccountId] || !v.accounts[AMAZON_OWNER_ID]) return false;
  if (v.blocks !== undefined && !isBlockState(v.blocks)) return false;
  return Object.values(v.accounts).every(
    (a) =>
      isObject(a) &&
      typeof a.id === 'string' &&
      isObject(a.roles) &&
      isObject(a.regions) &&
      Object.values(a.regions).every((r) => isRegion(r) && isObject((r as Partial<RegionState>).usageReports)),
  );
}

interface StateV1 {
  version: 1;
  scenario: string;
  accountId: string;
  counter: number;
  regions: Record<string, Omit<RegionState, 'usageReports'>>;
}

function isStateV1(value: unknown): value is StateV1 {
  if (!isObject(value)) return false;
  const v = value as Partial<StateV1>;
  if (v.version !== 1 || typeof v.scenario !== 'string' || typeof v.accountId !== 'string') return false;
  return typeof v.counter === 'number' && isObject(v.regions) && Object.values(v.regions).every(isRegion);
}

/**
 * A version-1 file (one account, Amazon's public images kept beside it) becomes the default account of version 2:
 * the Amazon-owned images and snapshots move to Amazon's account, everything else stays with the default account.
 */
function fromV1(v1: StateV1): EmulatorState {
  const state = emptyState(v1.scenario);
  state.counter = v1.counter;
  const account = state.accounts[state.defaultAccountId]!;
  if (v1.accountId !== account.id) {
    delete state.accounts[account.id];
    account.id = v1.accountId;
    state.accounts[account.id] = account;
    state.defaultAccountId = account.id;
  }
  const amazon = state.accounts[AMAZON_OWNER_ID]!;
  for (const [name, old] of Object.entries(v1.regions)) {
    const own: RegionState = { ...emptyRegion(), ...old, images: {}, snapshots: {} };
    const amazons = emptyRegion();
    const owner = (r: ImageRecord | SnapshotRecord) => (r.ownerId === AMAZON_OWNER_ID ? amazons : own);
    for (const image of Object.values(old.images)) owner(image).images[image.id] = image;
    for (const snapshot of Object.values(old.snapshots)) owner(snapshot).snapshots[snapshot.id] = snapshot;
    account.regions[name] = own;
    amazon.regions[name] = amazons;
  }
  return state;
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
  if (isStateV1(parsed)) return fromV1(parsed);
  if (!isState(parsed)) throw new StateFileError(path, 'it is not an emulator state of version 1 or 2');
  return parsed;
}

/** Writes the whole state to a temporary file and renames it over the old one, so a crash never leaves half a file. */
export function saveState(path: string, state: EmulatorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}
