import { type Clock, systemClock } from './clock';
import { Ec2Error, invalidAction, throttled } from './errors';
import { idFromNumber } from './ids';
import { seedBaseImages } from './base-images';
import { settleRegion } from './lifecycle';
import { loadState, saveState } from './persistence';
import { isEnabledRegion } from './regions';
import { type EmulatorState, type RegionState, emptyRegion, emptyState } from './state';
import { TokenBuckets } from './throttle';
import { ACTIONS, isActionName } from './actions';

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
  action?: string;
  region?: string;
  code: string;
  message: string;
  status: number;
  /** How many calls fail before the fault clears itself; unlimited when absent. */
  remaining?: number;
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

  get accountId(): string {
    return this.state.accountId;
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

  /** The region's state, created with its public base images on first use. */
  region(name: string): RegionState {
    let rs = this.state.regions[name];
    if (!rs) {
      rs = emptyRegion();
      this.state.regions[name] = rs;
      seedBaseImages(this, name, rs);
    }
    return rs;
  }

  /** The region's state with every transition that is due applied. */
  settledRegion(name: string): RegionState {
    const rs = this.region(name);
    settleRegion(rs, this.now());
    return rs;
  }

  knownRegions(): string[] {
    return Object.keys(this.state.regions);
  }

  /** Replaces all state with a fresh, empty account under the given scenario name. */
  clear(scenario: string): void {
    this.state = emptyState(scenario);
    this.faults = [];
    this.buckets?.reset();
  }

  addFault(fault: Fault): void {
    this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(region: string, action: string): Fault | undefined {
    const fault = this.faults.find((f) => (!f.action || f.action === action) && (!f.region || f.region === region));
    if (fault?.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }

  /**
   * Runs one EC2 action in a region, as the API does: unknown actions, disabled regions, faults and throttling
   * first; then the handler, which validates everything before it changes anything.
   */
  invoke(region: string, action: string, input: Record<string, unknown>, options: { api?: boolean } = {}): object {
    if (!isActionName(action)) throw invalidAction(action);
    if (!isEnabledRegion(region)) {
      throw new Ec2Error(
        'AuthFailure',
        `AWS was not able to validate the provided access credentials (region ${region} is not enabled).`,
        401,
      );
    }
    if (options.api) {
      const fault = this.takeFault(region, action);
      if (fault) throw new Ec2Error(fault.code, fault.message, fault.status);
      if (this.buckets && !this.buckets.take(region, action, input)) throw throttled();
    }
    const rs = this.settledRegion(region);
    const def = ACTIONS[action];
    const dryRun = input.DryRun === true;
    const result = def.handle({ em: this, region, rs, now: this.now(), dryRun }, input as never);
    if (def.mutating) this.persist();
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
    if (this.statePath && !this.batching) saveState(this.statePath, this.state);
  }
}
