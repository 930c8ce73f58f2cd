import type { Change } from './persistence';
import type { BlockLog, BlockRef, BlockState, BlockTable } from './blocks/state';
import type { AccountRecord, EmulatorState, RegionState, TrailActorRecord, TrailEventRecord } from './state';

type RecordPath = [account: string, region: string, table: string, id: string];
type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The state's own fields: everything but the accounts, the access keys, the trail and the blocks, journaled apart. */
function metaOf(state: EmulatorState): Record<string, unknown> {
  const { accounts: _accounts, accessKeys: _keys, trail: _trail, blocks: _blocks, ...meta } = state;
  return meta;
}

const BLOCK_TABLES: readonly BlockTable[] = ['logs', 'volumes', 'snapshots'];

function accountFields(account: AccountRecord): Omit<AccountRecord, 'regions'> {
  const { regions: _regions, ...fields } = account;
  return fields;
}

/**
 * What changed in the state since the last look, so the state file can record just that.
 *
 * Region tables (instances, volumes, snapshots, …) change in the actions' handlers: every region is handed out as a
 * view whose tables, while a call that may change state runs (`track`), are proxies that note each record read,
 * written or deleted. After the call those records are written as they are then, or as deleted. Outside such calls
 * the view hands out the tables themselves, so reads cost nothing extra. Transitions that come with time (pending →
 * running, a terminated instance forgotten) are not noted: loading replays them from the same records and times.
 *
 * Everything else (accounts, access keys, new regions, the trail) changes only through the Emulator's methods,
 * which note it here.
 */
export class ChangeTracker {
  private depth = 0;
  private records = new Map<string, RecordPath>();
  private regions = new Map<string, [string, string]>();
  private accounts = new Set<string>();
  private keys = new Set<string>();
  private events: [string, TrailEventRecord][] = [];
  private actors: [number, TrailActorRecord][] = [];
  private lastMeta = '';
  private blocks = new Map<string, [BlockTable, string]>();
  private blockViews = new WeakMap<BlockState, BlockState>();
  private readonly views = new WeakMap<RegionState, RegionState>();
  private readonly tables = new WeakMap<Table, Table>();

  /** Runs fn noting the records it touches. */
  track<T>(fn: () => T): T {
    this.depth += 1;
    try {
      return fn();
    } finally {
      this.depth -= 1;
    }
  }

  /** Runs fn without noting anything (transitions that come with time). */
  untracked<T>(fn: () => T): T {
    const depth = this.depth;
    this.depth = 0;
    try {
      return fn();
    } finally {
      this.depth = depth;
    }
  }

  /** The view of a region every caller gets: one per region, so caches keyed by it hold. */
  view(account: string, region: string, raw: RegionState): RegionState {
    let view = this.views.get(raw);
    if (view) return view;
    view = new Proxy(raw, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop);
        if (this.depth === 0 || typeof prop !== 'string' || !isTable(value)) return value;
        return this.table(account, region, prop, value);
      },
      set: (target, prop, value) => {
        if (typeof prop === 'string') this.region(account, region);
        return Reflect.set(target, prop, value);
      },
      deleteProperty: (target, prop) => {
        if (typeof prop === 'string') this.region(account, region);
        return Reflect.deleteProperty(target, prop);
      },
    });
    this.views.set(raw, view);
    return view;
  }

  private table(account: string, region: string, name: string, raw: Table): Table {
    let table = this.tables.get(raw);
    if (table) return table;
    const note = (id: string) => {
      if (this.depth > 0)
        this.records.set(`${account}\u0000${region}\u0000${name}\u0000${id}`, [account, region, name, id]);
    };
    table = new Proxy(raw, {
      get: (target, id) => {
        const value: unknown = Reflect.get(target, id);
        if (typeof id === 'string' && typeof value === 'object' && value !== null) note(id);
        return value;
      },
      set: (target, id, value) => {
        if (typeof id === 'string') note(id);
        return Reflect.set(target, id, value);
      },
      deleteProperty: (target, id) => {
        if (typeof id === 'string' && Object.hasOwn(target, id)) note(id);
        return Reflect.deleteProperty(target, id);
      },
    });
    this.tables.set(raw, table);
    return table;
  }

  /**
   * The view of the block state every caller gets: its tables note each entry read, written or deleted, in any call
   * (reading blocks may lay down a snapshot's first blocks), so the next write of the file records them as they are.
   */
  blocksView(raw: BlockState): BlockState {
    let view = this.blockViews.get(raw);
    if (view) return view;
    const tables = new Map<string, Table>();
    for (const name of BLOCK_TABLES) {
      const note = (id: string) => this.blocks.set(`${name}\u0000${id}`, [name, id]);
      tables.set(
        name,
        new Proxy<Table>(raw[name], {
          get: (target, id) => {
            if (typeof id === 'string' && Object.hasOwn(target, id)) note(id);
            return Reflect.get(target, id) as unknown;
          },
          set: (target, id, value) => {
            if (typeof id === 'string') note(id);
            return Reflect.set(target, id, value);
          },
          deleteProperty: (target, id) => {
            if (typeof id === 'string' && Object.hasOwn(target, id)) note(id);
            return Reflect.deleteProperty(target, id);
          },
        }),
      );
    }
    view = new Proxy(raw, {
      get: (target, prop) =>
        (typeof prop === 'string' ? tables.get(prop) : undefined) ?? (Reflect.get(target, prop) as unknown),
    });
    this.blockViews.set(raw, view);
    return view;
  }

  /** A region made (or remade) as a whole. */
  region(account: string, region: string): void {
    this.regions.set(`${account}\u0000${region}`, [account, region]);
  }

  account(id: string): void {
    this.accounts.add(id);
  }

  key(id: string): void {
    this.keys.add(id);
  }

  event(accountId: string, event: TrailEventRecord): void {
    this.events.push([accountId, event]);
  }

  actor(index: number, actor: TrailActorRecord): void {
    this.actors.push([index, actor]);
  }

  /** The changes noted since the last look, read from the state as it is now; forgets the notes. */
  drain(state: EmulatorState): Change[] {
    const changes: Change[] = [];
    const meta = metaOf(state);
    const metaText = JSON.stringify(meta);
    if (metaText !== this.lastMeta) changes.push({ op: 'meta', value: meta });
    this.lastMeta = metaText;
    for (const id of this.accounts) {
      const account = state.accounts[id];
      changes.push({ op: 'account', path: [id], value: account ? accountFields(account) : null });
    }
    for (const id of this.keys) changes.push({ op: 'key', path: [id], value: state.accessKeys[id] ?? null });
    for (const [account, region] of this.regions.values()) {
      const rs = state.accounts[account]?.regions[region];
      if (rs) changes.push({ op: 'region', path: [account, region], value: rs });
    }
    for (const path of this.records.values()) {
      const [account, region, table, id] = path;
      if (this.regions.has(`${account}\u0000${region}`)) continue;
      const records = (state.accounts[account]?.regions[region] as unknown as Record<string, Table> | undefined)?.[
        table
      ];
      const value = records?.[id];
      changes.push({ op: 'record', path, value: isTable(value) ? value : null });
    }
    for (const [index, actor] of this.actors) changes.push({ op: 'actor', path: [String(index)], value: actor });
    for (const [accountId, event] of this.events) changes.push({ op: 'event', path: [accountId], value: event });
    changes.push(...this.blockChanges(state));
    this.clear();
    this.lastMeta = metaText;
    return changes;
  }

  /** Forgets every note: the state as it is now is what the file holds (after a compaction). */
  forget(state: EmulatorState): void {
    this.clear();
    this.lastMeta = JSON.stringify(metaOf(state));
  }

  private blockChanges(state: EmulatorState): Change[] {
    const blocks = state.blocks;
    if (!blocks) return [];
    return [...this.blocks.values()].map(([table, id]) => {
      const value = (blocks[table] as Record<string, BlockLog | BlockRef | string>)[id];
      return { op: 'block', path: [table, id], value: value ?? null, counter: blocks.counter };
    });
  }

  private clear(): void {
    this.blocks.clear();
    this.records.clear();
    this.regions.clear();
    this.accounts.clear();
    this.keys.clear();
    this.events = [];
    this.actors = [];
  }
}
