import { type Caller, callerOf, userOf } from './accounts';
import { pruneBlocks } from './blocks';
import { type BlockState, emptyBlockState } from './blocks/state';
import { ChangeTracker } from './changes';
import { type Clock, systemClock } from './clock';
import { type CallOrigin, type Outcome, eventsOfCall } from './cloudtrail/record';
import type { AccountTrail } from './cloudtrail/lookup';
import { RETENTION_MS, actorIndex, addEvent, pruneTrail, trailOf } from './cloudtrail/store';
import { seedBaseImages } from './ec2/base-images';
import { ApiError } from './errors';
import { idFromNumber } from './ids';
import { TERMINATED_TTL_MS, settleRegion } from './lifecycle';
import { StateFile, type StateFileStats } from './persistence';
import type { ServiceCall } from './service';
import { SERVICES, type ServiceName } from './services';
import {
  type AccessKeyRecord,
  type AccountRecord,
  AMAZON_OWNER_ID,
  type EmulatorState,
  type OrganizationRecord,
  type RegionState,
  type TrailActorRecord,
  emptyRegion,
  emptyState,
} from './state';
import { TokenBuckets } from './throttle';

export interface EmulatorOptions {
  clock?: Clock;
  /** How long pending, stopping and shutting-down states last. 0 settles at once. */
  delayMs?: number;
  /** Enforce EC2's token buckets and answer RequestLimitExceeded. */
  throttle?: boolean;
  /** Keep the state in this file: read at start, each change appended to it (see persistence.ts). */
  statePath?: string;
  /** How long a terminated instance stays listed (default one hour, as on EC2). */
  terminatedTtlMs?: number;
}

export interface Fault {
  service?: string;
  action?: string;
  region?: string;
  code: string;
  message: string;
  status: number;
  /** How many calls fail before the fault clears itself; unlimited when absent. */
  remaining?: number;
}

export interface InvokeOptions {
  /** Through the HTTP API: injected faults and EC2's throttling apply. */
  api?: boolean;
  /** EC2 unless told. */
  service?: ServiceName;
  /** Who calls: the default account's user unless told. */
  caller?: Caller;
  /** Where the call came from, for CloudTrail. */
  origin?: CallOrigin;
}

export class Emulator {
  readonly clock: Clock;
  readonly delayMs: number;
  readonly statePath?: string;
  readonly terminatedTtlMs: number;
  /** True when the state came from the state file. */
  readonly restored: boolean;
  private state: EmulatorState;
  private timeOverride?: number;
  private buckets?: TokenBuckets;
  private faults: Fault[] = [];
  private batching = false;
  private readonly file?: StateFile;
  private readonly changes = new ChangeTracker();
  private compactionDue = false;
  /** Values derived from the state (see `derived`), forgotten whenever the state changes. */
  private readonly derivedValues = new Map<unknown, unknown>();

  constructor(options: EmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.delayMs = options.delayMs ?? 1500;
    this.terminatedTtlMs = options.terminatedTtlMs ?? TERMINATED_TTL_MS;
    this.statePath = options.statePath;
    this.buckets = options.throttle ? new TokenBuckets(() => this.clock.now()) : undefined;
    this.file = this.statePath ? new StateFile(this.statePath) : undefined;
    const saved = this.file?.load();
    this.restored = saved !== undefined;
    this.state = saved ?? emptyState('empty');
    this.changes.forget(this.state);
  }

  get scenario(): string {
    return this.state.scenario;
  }

  /** The account unknown access keys act in: the scenario's only or management account. */
  get defaultAccountId(): string {
    return this.state.defaultAccountId;
  }

  get organization(): OrganizationRecord | undefined {
    return this.state.organization;
  }

  /** The blocks behind volumes and snapshots (see blocks/). */
  get blocks(): BlockState {
    const raw = (this.state.blocks ??= emptyBlockState());
    return this.file ? this.changes.blocksView(raw) : raw;
  }

  /** For the rules that read the whole state (organization membership, identities). */
  get view(): Readonly<EmulatorState> {
    return this.state;
  }

  now(): number {
    return this.timeOverride ?? this.clock.now();
  }

  /** Runs fn with the emulator's clock set to a fixed time (scenarios use it to play out the past). */
  at<T>(time: number, fn: () => T): T {
    const previous = this.timeOverride;
    this.timeOverride = time;
    try {
      return fn();
    } finally {
      this.timeOverride = previous;
    }
  }

  /** The state file's size: the snapshot, and the changes appended since. */
  get stateFileStats(): Readonly<StateFileStats> | undefined {
    return this.file?.size;
  }

  nextId(prefix: string): string {
    this.state.counter += 1;
    return idFromNumber(prefix, this.state.counter);
  }

  nextSeq(): number {
    this.state.counter += 1;
    return this.state.counter;
  }

  /**
   * A value derived from the state — a table's records in creation order, say — computed once and kept until the
   * state next changes: a change (any call that may change state, a transition that comes with time, a new account
   * or region, a reset) forgets every such value.
   */
  derived<T>(key: unknown, compute: () => T): T {
    if (this.derivedValues.has(key)) return this.derivedValues.get(key) as T;
    const value = compute();
    this.derivedValues.set(key, value);
    return value;
  }

  /** The state changed: what was derived from it is recomputed when next asked for. */
  private changed(): void {
    if (this.derivedValues.size > 0) this.derivedValues.clear();
  }

  // ───────────── accounts ─────────────

  account(id: string): AccountRecord | undefined {
    return this.state.accounts[id];
  }

  /** Every account but Amazon's, in the order the scenario made them. */
  accounts(): AccountRecord[] {
    return Object.values(this.state.accounts).filter((a) => a.id !== AMAZON_OWNER_ID);
  }

  /** Adds (or replaces) an account; the first one added replaces the fresh state's default account. */
  addAccount(account: AccountRecord, options: { default?: boolean } = {}): void {
    if (options.default) {
      if (this.state.defaultAccountId !== account.id) {
        delete this.state.accounts[this.state.defaultAccountId];
        this.changes.account(this.state.defaultAccountId);
      }
      this.state.defaultAccountId = account.id;
    }
    this.state.accounts[account.id] = account;
    this.changed();
    this.changes.account(account.id);
    for (const region of Object.keys(account.regions)) this.changes.region(account.id, region);
  }

  setOrganization(organization: OrganizationRecord): void {
    this.state.organization = organization;
    this.changed();
  }

  addAccessKey(accessKeyId: string, key: AccessKeyRecord): void {
    this.state.accessKeys[accessKeyId] = key;
    this.changes.key(accessKeyId);
  }

  /** Session keys issued by AssumeRole that expired long ago are forgotten. */
  pruneAccessKeys(before: number): void {
    for (const [id, key] of Object.entries(this.state.accessKeys)) {
      if (key.session && key.session.expiresAt < before) {
        delete this.state.accessKeys[id];
        this.changes.key(id);
      }
    }
  }

  /** The caller an access key stands for; refused with the service's own error once a session key has expired. */
  identify(accessKeyId: string | undefined, service: ServiceName): Caller {
    if (accessKeyId === undefined) return userOf(this.state.defaultAccountId);
    const caller = callerOf(this.state, accessKeyId, this.now());
    if (caller === 'expired') throw SERVICES[service].expiredToken();
    return caller;
  }

  // ───────────── regions ─────────────

  /**
   * The account's state of a region, created on first use (with Amazon's public base images in that region). It is
   * a view that notes what calls change in it (see changes.ts); every caller gets the same view of a region.
   */
  region(accountId: string, name: string): RegionState {
    const account = this.state.accounts[accountId];
    if (!account) throw new Error(`No account ${accountId} in this scenario.`);
    this.publicRegion(name);
    let rs = account.regions[name];
    if (!rs) {
      rs = emptyRegion();
      account.regions[name] = rs;
      this.changed();
      this.changes.region(accountId, name);
    }
    return this.changes.view(accountId, name, rs);
  }

  private publicRegion(name: string): void {
    const amazon = this.state.accounts[AMAZON_OWNER_ID]!;
    if (amazon.regions[name]) return;
    const rs = emptyRegion();
    amazon.regions[name] = rs;
    this.changed();
    seedBaseImages(this, name, rs);
    this.changes.region(AMAZON_OWNER_ID, name);
  }

  /** Applies every transition that is due in a region (they follow from the records and the time alone). */
  private settle(rs: RegionState): void {
    if (this.changes.untracked(() => settleRegion(rs, this.now(), this.terminatedTtlMs))) this.changed();
  }

  /** The region's state with every transition that is due applied. */
  settledRegion(accountId: string, name: string): RegionState {
    const rs = this.region(accountId, name);
    this.settle(rs);
    return rs;
  }

  /** Every account's settled state of a region it has used, the given account's first. */
  regionsOf(name: string, first: string): { accountId: string; rs: RegionState }[] {
    const ids = [first, ...Object.keys(this.state.accounts).filter((id) => id !== first)];
    return ids.flatMap((accountId) => {
      const raw = this.state.accounts[accountId]?.regions[name];
      if (!raw) return [];
      const rs = this.changes.view(accountId, name, raw);
      this.settle(rs);
      return [{ accountId, rs }];
    });
  }

  /** The regions an account has used (the default account unless told). */
  knownRegions(accountId = this.state.defaultAccountId): string[] {
    return Object.keys(this.state.accounts[accountId]?.regions ?? {});
  }

  /** Replaces all state with a fresh default account under the given scenario name. */
  clear(scenario: string): void {
    this.state = emptyState(scenario);
    this.changed();
    this.faults = [];
    this.buckets?.reset();
    this.changes.forget(this.state);
  }

  // ───────────── CloudTrail ─────────────

  /** An account's CloudTrail events of the last 90 days, oldest first, and the callers they name. */
  trail(accountId: string): AccountTrail {
    const trail = trailOf(this.state);
    return { accountId, events: trail.events[accountId] ?? [], actors: trail.actors };
  }

  private nextEventSeq(): number {
    const trail = trailOf(this.state);
    trail.seq += 1;
    return trail.seq;
  }

  /** Logs a call that may change state, as CloudTrail would; events older than 90 days are not kept. */
  private audit(service: ServiceName, call: ServiceCall, outcome: Outcome, origin: CallOrigin): void {
    // A scenario's calls older than that are never looked up: they are not logged at all.
    if (this.now() < this.clock.now() - RETENTION_MS) return;
    const actorOf = (actor: TrailActorRecord) => {
      const { index, added } = actorIndex(this.state, actor);
      if (added) this.changes.actor(index, actor);
      return index;
    };
    const record = { service, call, outcome, origin, nextSeq: () => this.nextEventSeq(), actorOf };
    for (const { accountId, event } of eventsOfCall(this, record)) {
      addEvent(this.state, accountId, event);
      this.changes.event(accountId, event);
    }
  }

  // ───────────── calls ─────────────

  addFault(fault: Fault): void {
    this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(service: string, region: string, action: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (!f.service || f.service === service) &&
        (!f.action || f.action === action) &&
        (!f.region || f.region === region),
    );
    if (fault?.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }

  /** EC2's token buckets, per account and region: false when the call must be refused. */
  takeToken(accountId: string, region: string, action: string, input: Record<string, unknown>): boolean {
    return this.buckets ? this.buckets.take(`${accountId}/${region}`, action, input) : true;
  }

  /**
   * Runs one action of a service, as the API does: unknown actions and injected faults first; then the service,
   * whose handlers validate everything before they change anything.
   */
  invoke(region: string, action: string, input: Record<string, unknown>, options: InvokeOptions = {}): object {
    const name = options.service ?? 'ec2';
    const service = SERVICES[name];
    if (!service.has(action)) throw service.protocol.unknownOperation(action);
    if (options.api) {
      const fault = this.takeFault(name, region, action);
      if (fault) throw new ApiError(fault.code, fault.message, fault.status);
    }
    const caller = options.caller ?? userOf(this.state.defaultAccountId);
    const call: ServiceCall = { region, action, input, caller, api: options.api ?? false };
    if (!service.isMutating(action)) return service.run(this, call);
    const tracked = this.file !== undefined && !this.batching;
    this.changed();
    try {
      const result = tracked ? this.changes.track(() => service.run(this, call)) : service.run(this, call);
      this.audit(name, call, { result }, options.origin ?? {});
      return result;
    } catch (error) {
      if (error instanceof ApiError) this.audit(name, call, { error }, options.origin ?? {});
      throw error;
    } finally {
      this.changed();
      if (tracked) this.commit();
    }
  }

  /** Runs fn without writing each change, then writes the whole state once: a scenario makes thousands of changes. */
  batch(fn: () => void): void {
    const outer = this.batching;
    this.batching = true;
    try {
      fn();
    } finally {
      this.batching = outer;
    }
    if (!this.batching) this.compact();
  }

  /** Appends what the last call changed to the state file; compacts it soon once the journal has grown. */
  private commit(): void {
    if (!this.file || this.batching) return;
    const changes = this.changes.drain(this.state);
    if (changes.length > 0) this.file.append(changes);
    if (this.file.wantsCompaction && !this.compactionDue) {
      this.compactionDue = true;
      setImmediate(() => {
        if (this.compactionDue) this.compact();
      });
    }
  }

  /** Writes the whole state to the state file at once, in place of the snapshot and the changes after it. */
  compact(): void {
    this.compactionDue = false;
    if (!this.file) return;
    pruneTrail(this.state, this.clock.now() - RETENTION_MS);
    // Through the view, whose caches are the ones reads fill.
    if (this.state.blocks) pruneBlocks(this.state, this.blocks);
    this.file.compact(this.state);
    this.changes.forget(this.state);
  }

  /** Stops writing: the state file is compacted when changes were appended to it (unless told not to), then closed. */
  close(options: { compact?: boolean } = {}): void {
    if (options.compact !== false && this.file && this.file.size.changes > 0) this.compact();
    this.compactionDue = false;
    this.file?.close();
  }
}
