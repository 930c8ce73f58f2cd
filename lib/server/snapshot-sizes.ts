import 'server-only';
import { type EBSClient, ListChangedBlocksCommand, ListSnapshotBlocksCommand } from '@aws-sdk/client-ebs';
import { DescribeSnapshotsCommand, type Snapshot } from '@aws-sdk/client-ec2';
import type {
  SizesProgress,
  SnapshotSize,
  SnapshotSizes,
  SnapshotSizesQuery,
  UnmeasuredReason,
} from '@/lib/api/snapshot-sizes';
import type { SnapshotNode } from '@/lib/lineage';
import {
  type ChainStepBlocks,
  RangeBuilder,
  blockSpans,
  sizesFromSpans,
  storedBlocks,
} from '@/lib/lineage/chain-sizes';
import { type Measurement, type MeasurementStore, measurementStore } from './block-measurements';
import { DEFAULT_ACCOUNT } from './credentials';
import { abortReason, deadline } from './deadline';
import { ebsClient, ebsEndpoint } from './ebs';
import { ec2Client } from './ec2';
import { type Ec2Failure, classifyEc2Error } from './errors';

/**
 * Measures a volume's chain of snapshots with the EBS direct API: the first snapshot's blocks (ListSnapshotBlocks),
 * then the changed blocks between each snapshot and the next (ListChangedBlocks), paged 10,000 blocks at a time at
 * no more than the API's request rate, four listings side by side. Every listing is kept (snapshots never change),
 * so a chain measured again lists only what is new; concurrent requests share a listing in flight, and the last one
 * to stop waiting stops it.
 */

/** The EBS direct API's default quota for each list action: 50 requests a second per account and region. */
export const LIST_REQUESTS_PER_SECOND = 50;
/** A whole measurement may take this long (a large, fragmented volume lists many pages). */
export const MEASURE_DEADLINE_MS = 300_000;
const PAGE_SIZE = 10_000;
const CONCURRENCY = 4;
/** A first snapshot is listed in parts of at most 128 GiB, up to eight side by side. */
const BLOCKS_PER_GIB = 2048;
const PART_BLOCKS = 128 * BLOCKS_PER_GIB;
const MAX_PARTS = 8;

/** Errors that say something about the snapshots listed, not about the endpoint or the credentials. */
const SNAPSHOT_ERRORS: Record<string, UnmeasuredReason> = {
  AccessDeniedException: 'access-denied',
  ResourceNotFoundException: 'not-found',
  ValidationException: 'unreadable',
};

/** The promise's outcome, or the signal's reason as soon as it aborts; no listener is left behind either way. */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  onSettled: () => void = () => undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      onSettled();
      reject(signal.reason as Error);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      onSettled();
    };
    promise.then(
      (value) => (done(), resolve(value)),
      (error: unknown) => (done(), reject(error as Error)),
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAborted(slept, signal, () => clearTimeout(timer));
}

/** Requests at a steady rate with a burst of one second's worth: each waits for its turn (or its signal). */
class Pace {
  private tokens: number;
  private at = Date.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  async take(signal: AbortSignal): Promise<void> {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    this.tokens -= 1;
    if (this.tokens < 0) await sleep((-this.tokens * 1000) / this.perSecond, signal);
  }
}

interface Flight {
  promise: Promise<Measurement>;
  controller: AbortController;
  waiters: number;
}

const global = globalThis as typeof globalThis & {
  __lineagePaces?: Map<string, Pace>;
  __lineageFlights?: Map<string, Flight>;
};
const paces = () => (global.__lineagePaces ??= new Map<string, Pace>());
const flights = () => (global.__lineageFlights ??= new Map<string, Flight>());

function paceOf(region: string): Pace {
  const key = `${DEFAULT_ACCOUNT} ${region}`;
  let pace = paces().get(key);
  if (!pace) {
    pace = new Pace(LIST_REQUESTS_PER_SECOND);
    paces().set(key, pace);
  }
  return pace;
}

/** One listing, shared by every request that needs it while it runs. */
async function shared(
  key: string,
  work: (signal: AbortSignal) => Promise<Measurement>,
  signal: AbortSignal,
): Promise<Measurement> {
  let flight = flights().get(key);
  if (!flight) {
    const controller = new AbortController();
    const promise = work(controller.signal).finally(() => flights().delete(key));
    promise.catch(() => undefined);
    flight = { promise, controller, waiters: 0 };
    flights().set(key, flight);
  }
  flight.waiters++;
  try {
    return await untilAborted(flight.promise, signal);
  } finally {
    flight.waiters--;
    if (signal.aborted && flight.waiters === 0) flight.controller.abort(signal.reason);
  }
}

interface Lister {
  client: EBSClient;
  pace: Pace;
  /** Told the number of blocks of each page listed. */
  onPage(blocks: number): void;
}

/** The blocks of one part of a snapshot, from `start` up to (not including) `end`. */
async function listPart(l: Lister, snapshotId: string, start: number, end: number, signal: AbortSignal) {
  const blocks = new RangeBuilder();
  let blockSize = 0;
  let token: string | undefined;
  do {
    await l.pace.take(signal);
    const page = await l.client.send(
      new ListSnapshotBlocksCommand({
        SnapshotId: snapshotId,
        MaxResults: PAGE_SIZE,
        NextToken: token,
        StartingBlockIndex: token ? undefined : start,
      }),
      { abortSignal: signal },
    );
    const inPart = (page.Blocks ?? []).filter((b) => b.BlockIndex! < end);
    for (const b of inPart) blocks.add(b.BlockIndex!);
    blockSize = page.BlockSize ?? blockSize;
    token = inPart.length < (page.Blocks ?? []).length ? undefined : page.NextToken;
    l.onPage(inPart.length);
  } while (token);
  return { blockSize, ranges: blocks.ranges };
}

/**
 * A snapshot's blocks, listed in parts side by side (each from its own StartingBlockIndex): the pages of one listing
 * follow each other, so a large snapshot listed in one piece waits for every page in turn.
 */
async function listBlocks(l: Lister, snapshot: Snapshot, signal: AbortSignal): Promise<Measurement> {
  const volumeBlocks = (snapshot.VolumeSize ?? 1) * BLOCKS_PER_GIB;
  const parts = Math.min(MAX_PARTS, Math.max(1, Math.ceil(volumeBlocks / PART_BLOCKS)));
  const size = Math.ceil(volumeBlocks / parts);
  const listed = await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      listPart(l, snapshot.SnapshotId!, i * size, i === parts - 1 ? Infinity : (i + 1) * size, signal),
    ),
  );
  const blocks = new RangeBuilder();
  for (const part of listed)
    for (let i = 0; i < part.ranges.length; i += 2) blocks.addRange(part.ranges[i]!, part.ranges[i + 1]!);
  return { kind: 'blocks', blockSize: listed.find((p) => p.blockSize > 0)?.blockSize ?? 0, blocks: blocks.ranges };
}

async function listChanges(l: Lister, first: string, second: string, signal: AbortSignal): Promise<Measurement> {
  const captured = new RangeBuilder();
  const replaced = new RangeBuilder();
  let blockSize = 0;
  let token: string | undefined;
  do {
    await l.pace.take(signal);
    const page = await l.client.send(
      new ListChangedBlocksCommand({
        FirstSnapshotId: first,
        SecondSnapshotId: second,
        MaxResults: PAGE_SIZE,
        NextToken: token,
      }),
      { abortSignal: signal },
    );
    for (const c of page.ChangedBlocks ?? []) {
      if (c.SecondBlockToken !== undefined) captured.add(c.BlockIndex!);
      if (c.FirstBlockToken !== undefined) replaced.add(c.BlockIndex!);
    }
    blockSize = page.BlockSize ?? blockSize;
    token = page.NextToken;
    l.onPage(page.ChangedBlocks?.length ?? 0);
  } while (token);
  return { kind: 'changes', blockSize, captured: captured.ranges, replaced: replaced.ranges };
}

/** Every snapshot of the volume in the region that the account owns, oldest first. */
async function describeChain(region: string, volumeId: string, signal: AbortSignal): Promise<Snapshot[]> {
  const client = ec2Client(region);
  const out: Snapshot[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeSnapshotsCommand({
        OwnerIds: ['self'],
        Filters: [{ Name: 'volume-id', Values: [volumeId] }],
        MaxResults: 1000,
        NextToken: token,
      }),
      { abortSignal: signal },
    );
    out.push(...(page.Snapshots ?? []));
    token = page.NextToken;
  } while (token);
  return out.sort(byStart);
}

/** Oldest first; snapshots started at the same moment by id. */
function byStart(a: Snapshot, b: Snapshot): number {
  const at = (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0);
  return at || (a.SnapshotId! < b.SnapshotId! ? -1 : a.SnapshotId! > b.SnapshotId! ? 1 : 0);
}

/** Why a snapshot cannot be measured from what DescribeSnapshots says; undefined when it can. */
function notMeasurable(s: Snapshot): SnapshotSize['reason'] {
  if (s.State === 'pending')
    return { code: 'pending', message: `still being created (${s.Progress ?? '0%'}): measured once it completes` };
  if (s.State === 'error') return { code: 'error', message: 'the snapshot failed (state error): it holds no blocks' };
  if (s.StorageTier === 'archive') {
    return {
      code: 'archived',
      message: 'in the archive tier, where it is stored in full; the EBS direct API cannot list its blocks',
    };
  }
  return undefined;
}

/** The listings a chain needs: its first snapshot's blocks, then each step's changes. */
interface Unit {
  key: string;
  /** The snapshots it lists, for the reason when it cannot be listed. */
  ids: string[];
  work(l: Lister, signal: AbortSignal): Promise<Measurement>;
}

function unitsOf(region: string, measured: Snapshot[]): Unit[] {
  const stamp = (s: Snapshot) => `${s.SnapshotId}@${s.StartTime?.toISOString() ?? ''}`;
  const prefix = `${ebsEndpoint() ?? 'aws'}|${DEFAULT_ACCOUNT}|${region}`;
  return measured.map((s, i) => {
    if (i === 0)
      return {
        key: `${prefix}|blocks|${stamp(s)}`,
        ids: [s.SnapshotId!],
        work: (l, sig) => listBlocks(l, s, sig),
      };
    const before = measured[i - 1]!;
    return {
      key: `${prefix}|changes|${stamp(before)}|${stamp(s)}`,
      ids: [before.SnapshotId!, s.SnapshotId!],
      work: (l, sig) => listChanges(l, before.SnapshotId!, s.SnapshotId!, sig),
    };
  });
}

/** A failure of the EBS direct API (not of EC2's DescribeSnapshots), so the answer names the right service. */
class EbsFailure extends Error {
  constructor(readonly error: unknown) {
    super('EBS direct API failure');
  }
}

type UnitOutcome = { ok: true; measurement: Measurement } | { ok: false; reason: NonNullable<SnapshotSize['reason']> };

/** A unit from the store, else listed (and stored); a snapshot-level refusal is an outcome, anything else throws. */
async function runUnit(store: MeasurementStore, unit: Unit, lister: Lister, signal: AbortSignal): Promise<UnitOutcome> {
  const cached = await store.get(unit.key);
  if (cached) return { ok: true, measurement: cached };
  try {
    const measurement = await shared(unit.key, (s) => unit.work(lister, s), signal);
    await store.put(unit.key, measurement);
    return { ok: true, measurement };
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    const code = signal.aborted ? undefined : SNAPSHOT_ERRORS[name];
    if (!code) throw signal.aborted ? signal.reason : new EbsFailure(error);
    const message = `${unit.ids.join(' → ')}: the EBS direct API refused to list its blocks (${name}: ${(error as Error).message})`;
    return { ok: false, reason: { code, message } };
  }
}

/** Runs the units CONCURRENCY at a time; the first failure that is not about a snapshot stops the others. */
async function runUnits(
  units: Unit[],
  run: (unit: Unit, signal: AbortSignal) => Promise<UnitOutcome>,
  parent: AbortSignal,
) {
  const controller = new AbortController();
  const stop = () => controller.abort(parent.reason);
  parent.addEventListener('abort', stop, { once: true });
  const outcomes: UnitOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < units.length) {
      const i = next++;
      try {
        outcomes[i] = await run(units[i]!, controller.signal);
      } catch (error) {
        controller.abort(error);
        throw error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, units.length) }, worker));
    return outcomes;
  } finally {
    parent.removeEventListener('abort', stop);
  }
}

function assemble(
  query: SnapshotSizesQuery,
  chain: Snapshot[],
  measured: Snapshot[],
  outcomes: UnitOutcome[],
): SnapshotSizes {
  const failed = outcomes.find((o): o is Extract<UnitOutcome, { ok: false }> => !o.ok);
  const found = outcomes.flatMap((o) => (o.ok ? [o.measurement] : []));
  const blockSize = found.find((m) => m.blockSize > 0)?.blockSize ?? 524_288;
  const steps: ChainStepBlocks[] = failed
    ? []
    : measured.map((_, i) => {
        const here = found[i]!;
        const after = found[i + 1];
        return {
          captured: here.kind === 'blocks' ? here.blocks : here.captured,
          replaced: after?.kind === 'changes' ? after.replaced : undefined,
        };
      });
  const spans = blockSpans(steps);
  const sizes = sizesFromSpans(spans, steps.length);
  const position = new Map(measured.map((s, i) => [s.SnapshotId!, i]));
  const snapshots = chain.map((s): SnapshotSize => {
    const i = position.get(s.SnapshotId!);
    const size = i === undefined ? undefined : sizes[i];
    const reason = notMeasurable(s) ?? (failed ? failed.reason : undefined);
    return {
      snapshotId: s.SnapshotId!,
      startTime: s.StartTime?.toISOString() ?? '',
      state: s.State ?? 'unknown',
      storageTier: s.StorageTier ?? 'standard',
      volumeSizeGiB: s.VolumeSize ?? null,
      fullBytes: size && !reason ? size.full * blockSize : null,
      changedBytes: size && !reason ? size.changed * blockSize : null,
      uniqueBytes: size && !reason ? size.unique * blockSize : null,
      reason,
    };
  });
  return {
    volumeId: query.volumeId,
    region: query.region,
    snapshots,
    spans: spans.map((s) => ({
      first: measured[s.first]!.SnapshotId!,
      last: measured[s.last]!.SnapshotId!,
      bytes: s.blocks * blockSize,
    })),
    storedBytes: storedBlocks(spans) * blockSize,
    blockSize,
    measuredAt: new Date().toISOString(),
  };
}

export interface MeasureOptions {
  signal?: AbortSignal;
  onProgress?(progress: SizesProgress): void;
  store?: MeasurementStore;
}

export type SizesOutcome = { ok: true; body: SnapshotSizes } | { ok: false; failure: Ec2Failure };

async function measure(
  query: SnapshotSizesQuery,
  options: MeasureOptions,
  signal: AbortSignal,
): Promise<SnapshotSizes> {
  const chain = await describeChain(query.region, query.volumeId, signal);
  const measured = chain.filter((s) => notMeasurable(s) === undefined);
  const units = unitsOf(query.region, measured);
  const progress: SizesProgress = { done: 0, total: units.length, blocks: 0 };
  options.onProgress?.({ ...progress });
  const lister: Lister = {
    client: ebsClient(query.region),
    pace: paceOf(query.region),
    onPage(blocks) {
      progress.blocks += blocks;
      options.onProgress?.({ ...progress });
    },
  };
  const store = options.store ?? measurementStore();
  const outcomes = await runUnits(
    units,
    async (unit, s) => {
      const outcome = await runUnit(store, unit, lister, s);
      progress.done += 1;
      options.onProgress?.({ ...progress });
      return outcome;
    },
    signal,
  );
  return assemble(query, chain, measured, outcomes);
}

/**
 * Measures the chain of `query.volumeId` in `query.region`, within MEASURE_DEADLINE_MS; the request's signal stops it.
 * A snapshot that vanished meanwhile is a changed chain: it is measured again once.
 */
export async function measureSnapshotSizes(
  query: SnapshotSizesQuery,
  options: MeasureOptions = {},
): Promise<SizesOutcome> {
  const limit = deadline(MEASURE_DEADLINE_MS, 'The EBS direct API', options.signal);
  try {
    let body = await measure(query, options, limit.signal);
    if (body.snapshots.some((s) => s.reason?.code === 'not-found')) body = await measure(query, options, limit.signal);
    return { ok: true, body };
  } catch (error) {
    const reason = abortReason(limit.signal, error);
    const failure =
      reason instanceof EbsFailure ? classifyEc2Error(reason.error, 'EBS direct API') : classifyEc2Error(reason);
    return { ok: false, failure };
  } finally {
    limit.clear();
  }
}

/** A snapshot of the graph as DescribeSnapshots describes it (what measuring reads of it). */
function asSnapshot(node: SnapshotNode): Snapshot {
  return {
    SnapshotId: node.id,
    VolumeId: node.details.volumeId ?? undefined,
    VolumeSize: node.sizeGiB ?? undefined,
    State: (node.state ?? undefined) as Snapshot['State'],
    Progress: node.details.progress ?? undefined,
    StartTime: node.createdAt ? new Date(node.createdAt) : undefined,
    StorageTier: (node.details.storageTier ?? undefined) as Snapshot['StorageTier'],
  };
}

/**
 * The chains among a region's snapshots (the account's own, as the graph holds them) whose every listing is kept
 * already, assembled without a request: what findings can tell of snapshots whose chain somebody measured. Copies
 * (no volume) are left out.
 */
export async function measuredChains(
  region: string,
  snapshots: readonly SnapshotNode[],
  store: MeasurementStore = measurementStore(),
): Promise<SnapshotSizes[]> {
  const byVolume = new Map<string, Snapshot[]>();
  for (const s of snapshots) {
    const volumeId = s.details.volumeId;
    if (s.external || s.region !== region || !volumeId) continue;
    byVolume.set(volumeId, [...(byVolume.get(volumeId) ?? []), asSnapshot(s)]);
  }
  const chains: SnapshotSizes[] = [];
  for (const [volumeId, volumeSnapshots] of byVolume) {
    const chain = [...volumeSnapshots].sort(byStart);
    const measured = chain.filter((s) => notMeasurable(s) === undefined);
    const kept = await Promise.all(unitsOf(region, measured).map((unit) => store.get(unit.key)));
    if (measured.length === 0 || kept.some((m) => m === undefined)) continue;
    const outcomes = kept.map((measurement): UnitOutcome => ({ ok: true, measurement: measurement! }));
    chains.push(assemble({ region, volumeId }, chain, measured, outcomes));
  }
  return chains;
}
