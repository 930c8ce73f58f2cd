import { type BlockLog, type BlockRef, type BlockTable, emptyBlockState, isBlockState } from './blocks/state';
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { addEvent, setActor } from './cloudtrail/store';
import {
  type AccessKeyRecord,
  type AccountRecord,
  AMAZON_OWNER_ID,
  type EmulatorState,
  type ImageRecord,
  type RegionState,
  type SnapshotRecord,
  type TrailActorRecord,
  type TrailEventRecord,
  emptyRegion,
  emptyState,
} from './state';

/**
 * The state file is a journal: its first line is the whole state (a snapshot), each further line one change — what
 * one call changed, written whole in one write — so a change costs time in proportion to what it changed. Now and
 * then the file is compacted: the whole state written to a temporary file and renamed over it, so a crash never
 * leaves half a file. A crash while a change is being appended leaves a torn last line: it is ignored on load (that
 * change was never answered) and cut off before the next append. A file of one JSON document without a newline (as
 * earlier emulators wrote it) is a snapshot with no changes.
 */

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
  if (v.trail !== undefined && !(isObject(v.trail) && isObject(v.trail.events))) return false;
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

/** One change in the journal: a value as it is after the call, or null where it was deleted. */
export type Change =
  /** The state's own fields (scenario, counter, organization, …): everything but accounts, keys and the trail. */
  | { op: 'meta'; value: Record<string, unknown> }
  /** An account's own fields, without its regions. */
  | { op: 'account'; path: [string]; value: Omit<AccountRecord, 'regions'> | null }
  | { op: 'key'; path: [string]; value: AccessKeyRecord | null }
  /** A whole region of an account (a new one). */
  | { op: 'region'; path: [string, string]; value: RegionState }
  /** One record of a region's table (instances, volumes, …). */
  | { op: 'record'; path: [string, string, string, string]; value: object | null }
  /** A caller CloudTrail events name, at its index. */
  | { op: 'actor'; path: [string]; value: TrailActorRecord }
  /** A CloudTrail event of an account. */
  | { op: 'event'; path: [string]; value: TrailEventRecord }
  /** One entry of the block state's tables (logs, volumes, snapshots), with the block state's counter then. */
  | { op: 'block'; path: [BlockTable, string]; value: BlockLog | BlockRef | string | null; counter: number };

const JOURNAL_OPS = new Set(['meta', 'account', 'key', 'region', 'record', 'actor', 'event', 'block']);
const BLOCK_TABLES = new Set<string>(['logs', 'volumes', 'snapshots'] satisfies BlockTable[]);

const isChange = (c: unknown): c is Change => {
  if (!isObject(c) || typeof c.op !== 'string' || !JOURNAL_OPS.has(c.op)) return false;
  if (c.op === 'meta') return isObject(c.value);
  if (c.op === 'actor' && !/^\d+$/.test(String((c.path as unknown[] | undefined)?.[0]))) return false;
  if (c.op === 'region' || c.op === 'actor' || c.op === 'event') return Array.isArray(c.path) && isObject(c.value);
  if (c.op === 'block')
    return (
      Array.isArray(c.path) &&
      BLOCK_TABLES.has(String(c.path[0])) &&
      typeof c.path[1] === 'string' &&
      typeof c.counter === 'number' &&
      (c.value === null || typeof c.value === 'string' || isObject(c.value))
    );
  return Array.isArray(c.path) && c.path.every((p) => typeof p === 'string') && (c.value === null || isObject(c.value));
};

/** Applies one change to a state (loading a journal). */
function applyChange(state: EmulatorState, change: Change): void {
  switch (change.op) {
    case 'meta':
      Object.assign(state, change.value);
      return;
    case 'account': {
      const [id] = change.path;
      if (change.value === null) delete state.accounts[id];
      else state.accounts[id] = { ...change.value, regions: state.accounts[id]?.regions ?? {} };
      return;
    }
    case 'key':
      if (change.value === null) delete state.accessKeys[change.path[0]];
      else state.accessKeys[change.path[0]] = change.value;
      return;
    case 'region': {
      const account = state.accounts[change.path[0]];
      if (account) account.regions[change.path[1]] = change.value;
      return;
    }
    case 'record': {
      const [accountId, region, table, id] = change.path;
      const account = state.accounts[accountId];
      if (!account) return;
      const rs = (account.regions[region] ??= emptyRegion()) as unknown as Record<string, Record<string, object>>;
      const records = (rs[table] ??= {});
      if (change.value === null) delete records[id];
      else records[id] = change.value;
      return;
    }
    case 'actor':
      setActor(state, Number(change.path[0]), change.value);
      return;
    case 'event':
      addEvent(state, change.path[0], change.value);
      return;
    case 'block': {
      const blocks = (state.blocks ??= emptyBlockState());
      const [table, id] = change.path;
      const entries = blocks[table] as Record<string, unknown>;
      if (change.value === null) delete entries[id];
      else entries[id] = change.value;
      blocks.counter = Math.max(blocks.counter, change.counter);
      return;
    }
    default: {
      const never: never = change;
      throw new Error(`Unknown journal change ${JSON.stringify(never)}`);
    }
  }
}

/** The whole-state line: version 2 as is, version 1 upgraded. */
function parseSnapshot(path: string, text: string): EmulatorState {
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

/** One complete journal line: a list of changes; anything else is a corrupt file. */
function parseChanges(path: string, text: string, line: number): Change[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(path, `line ${line} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || !parsed.every(isChange))
    throw new StateFileError(path, `line ${line} is not a list of emulator state changes`);
  return parsed;
}

const NEWLINE = 0x0a;
/** Compact once the journal is this big and at least half the snapshot's size. */
const MIN_JOURNAL_BYTES = 1 << 20;

export interface StateFileStats {
  snapshotBytes: number;
  journalBytes: number;
  /** Changes appended since the last compaction. */
  changes: number;
}

/** The emulator's state file: read at start, appended after every change, compacted now and then. */
export class StateFile {
  private fd?: number;
  /** Where the complete lines end: a torn last line beyond it is cut off before the next append. */
  private validBytes = 0;
  private fileBytes = 0;
  private stats: StateFileStats = { snapshotBytes: 0, journalBytes: 0, changes: 0 };

  constructor(readonly path: string) {}

  get size(): Readonly<StateFileStats> {
    return this.stats;
  }

  /** Whether the journal has grown enough that compacting it pays. */
  get wantsCompaction(): boolean {
    const { journalBytes, snapshotBytes } = this.stats;
    return journalBytes >= MIN_JOURNAL_BYTES && journalBytes * 2 >= snapshotBytes;
  }

  /** The saved state, or undefined when there is no file yet. A file that is there but unusable is an error. */
  load(): EmulatorState | undefined {
    if (!existsSync(this.path)) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      throw new StateFileError(this.path, `it cannot be read (${(error as Error).message})`);
    }
    this.removeTemporaries();
    const first = bytes.indexOf(NEWLINE);
    // One document without a newline: a file from an earlier emulator.
    const snapshotEnd = first === -1 ? bytes.length : first + 1;
    const state = parseSnapshot(this.path, bytes.toString('utf8', 0, snapshotEnd));
    let start = snapshotEnd;
    let line = 2;
    for (let end = bytes.indexOf(NEWLINE, start); end !== -1; end = bytes.indexOf(NEWLINE, start), line++) {
      for (const change of parseChanges(this.path, bytes.toString('utf8', start, end), line))
        applyChange(state, change);
      this.stats.changes += 1;
      start = end + 1;
    }
    this.validBytes = start;
    this.fileBytes = bytes.length;
    this.stats.snapshotBytes = snapshotEnd;
    this.stats.journalBytes = start - snapshotEnd;
    return state;
  }

  /** Appends what one call changed, as one line written at once. */
  append(changes: readonly Change[]): void {
    const fd = this.open();
    const line = Buffer.from(`${JSON.stringify(changes)}\n`);
    for (let written = 0; written < line.length;)
      written += writeSync(fd, line, written, line.length - written, this.validBytes + written);
    this.validBytes += line.length;
    this.fileBytes = this.validBytes;
    this.stats.journalBytes += line.length;
    this.stats.changes += 1;
  }

  /** Writes the whole state to a temporary file, flushes it and renames it over the file. */
  compact(state: EmulatorState): void {
    this.close();
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const text = Buffer.from(`${JSON.stringify(state)}\n`);
    const fd = openSync(temporary, 'w');
    try {
      for (let written = 0; written < text.length;) written += writeSync(fd, text, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    this.validBytes = this.fileBytes = text.length;
    this.stats = { snapshotBytes: text.length, journalBytes: 0, changes: 0 };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const fd = openSync(this.path, 'r+');
    if (this.fileBytes > this.validBytes) ftruncateSync(fd, this.validBytes);
    this.fileBytes = this.validBytes;
    this.fd = fd;
    return fd;
  }

  /** Temporary files a compaction left behind when the emulator was killed in the middle of it. */
  private removeTemporaries(): void {
    const prefix = `${basename(this.path)}.`;
    for (const entry of readdirSync(dirname(this.path))) {
      const pid = entry.startsWith(prefix) && entry.endsWith('.tmp') ? entry.slice(prefix.length, -4) : '';
      if (/^\d+$/.test(pid)) rmSync(join(dirname(this.path), entry), { force: true });
    }
  }
}
