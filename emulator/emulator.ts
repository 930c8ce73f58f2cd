import { type Caller, callerOf, userOf } from './accounts';
import { pruneBlocks } from './blocks';
import { type BlockState, emptyBlockState } from './blocks/state';
import { type Clock, systemClock } from './clock';
import { seedBaseImages } from './ec2/base-images';
import { ApiError } from './errors';
import { idFromNumber } from './ids';
import { settleRegion } from './lifecycle';
import { loadState, saveState } from './persistence';
import { SERVICES, type ServiceName } from './services';
import {
  type AccessKeyRecord,
  type AccountRecord,
  AMAZON_OWNER_ID,
  type EmulatorState,
  type OrganizationRecord,
  type RegionState,
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
  /** Keep the state in this file: written after every change, read at start. */
  statePath?: string;
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
}

export class Emulator {
  readonly clock: Clock;
  readonly delayMs: number;
  readonly statePath?: string;
  /** True when the state came from the state file. */
  readonly restored: boolean;
  private state: EmulatorState;
  private timeOverride?: number;
  private buckets?: TokenBuckets;
  private faults: Fault[] = [];
  private batching = false;

  constructor(options: EmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.delayMs = options.delayMs ?? 1500;
    this.statePath = options.statePath;
    this.buckets = options.throttle ? new TokenBuckets(() => this.clock.now()) : undefined;
    const saved = this.statePath ? loadState(this.statePath) : undefined;
    this.restored = saved !== undefined;
    this.state = saved ?? emptyState('empty');
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
    return (this.state.blocks ??= emptyBlockState());
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

  nextId(prefix: string): string {
    this.state.counter += 1;
    return idFromNumber(prefix, this.state.counter);
  }

  nextSeq(): number {
    this.state.counter += 1;
    return this.state.counter;
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
      if (this.state.defaultAccountId !== account.id) delete this.state.accounts[this.state.defaultAccountId];
      this.state.defaultAccountId = account.id;
    }
    this.state.accounts[account.id] = account;
  }

  setOrganization(organization: OrganizationRecord): void {
    this.state.organization = organization;
  }

  addAccessKey(accessKeyId: string, key: AccessKeyRecord): void {
    this.state.accessKeys[accessKeyId] = key;
  }

  /** Session keys issued by AssumeRole that expired long ago are forgotten. */
  pruneAccessKeys(before: number): void {
    for (const [id, key] of Object.entries(this.state.accessKeys))
      if (key.session && key.session.expiresAt < before) delete this.state.accessKeys[id];
  }

  /** The caller an access key stands for; refused with the service's own error once a session key has expired. */
  identify(accessKeyId: string | undefined, service: ServiceName): Caller {
    if (accessKeyId === undefined) return userOf(this.state.defaultAccountId);
    const caller = callerOf(this.state, accessKeyId, this.now());
    if (caller === 'expired') throw SERVICES[service].expiredToken();
    return caller;
  }

  // ───────────── regions ─────────────

  /** The account's state of a region, created on first use (with Amazon's public base images in that region). */
  region(accountId: string, name: string): RegionState {
    const account = this.state.accounts[accountId];
    if (!account) throw new Error(`No account ${accountId} in this scenario.`);
    this.publicRegion(name);
    let rs = account.regions[name];
    if (!rs) {
      rs = emptyRegion();
      account.regions[name] = rs;
    }
    return rs;
  }

  private publicRegion(name: string): void {
    const amazon = this.state.accounts[AMAZON_OWNER_ID]!;
    if (amazon.regions[name]) return;
    const rs = emptyRegion();
    amazon.regions[name] = rs;
    seedBaseImages(this, name, rs);
  }

  /** The region's state with every transition that is due applied. */
  settledRegion(accountId: string, name: string): RegionState {
    const rs = this.region(accountId, name);
    settleRegion(rs, this.now());
    return rs;
  }

  /** Every account's settled state of a region it has used, the given account's first. */
  regionsOf(name: string, first: string): { accountId: string; rs: RegionState }[] {
    const ids = [first, ...Object.keys(this.state.accounts).filter((id) => id !== first)];
    return ids.flatMap((accountId) => {
      const rs = this.state.accounts[accountId]?.regions[name];
      if (!rs) return [];
      settleRegion(rs, this.now());
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
    this.faults = [];
    this.buckets?.reset();
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
    const result = service.run(this, { region, action, input, caller, api: options.api ?? false });
    if (service.isMutating(action)) this.persist();
    return result;
  }

  /** Runs fn without saving after each change, then saves once: a scenario makes thousands of changes. */
  batch(fn: () => void): void {
    const outer = this.batching;
    this.batching = true;
    try {
      fn();
    } finally {
      this.batching = outer;
    }
    this.persist();
  }

  persist(): void {
    if (!this.statePath || this.batching) return;
    pruneBlocks(this.state);
    saveState(this.statePath, this.state);
  }
}
