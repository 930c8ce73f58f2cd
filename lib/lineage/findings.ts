/**
 * Findings: what in the lineage graph is orphaned, unused or forgotten, and what it costs.
 * Pure functions over a LineageGraph (no SDK, no React). The rules are listed in the README ("Findings"); each
 * finding carries its reason in words and the facts it rests on.
 *
 * Costs are estimates from the price table in `./prices` (approximate list prices, storage only). A snapshot whose
 * chain was measured counts what deleting it frees; others are estimated at their full size (real snapshots are
 * incremental and usually cost less); archived ones are priced at the archive tier for their full size.
 */
import { encryptionOf } from './encryption';
import { externalReasonText } from './external';
import { unreachable } from './never';
import { sharingPhrase } from './sharing';
import {
  snapshotArchivePricePerGiBMonth,
  snapshotPricePerGiBMonth,
  roundCents,
  volumePricePerGiBMonth,
  pricesFor,
} from './prices';
import { imageMadeFor } from './provenance';
import { backingSnapshots, imagesBackedBy, indexGraph, linked, type GraphIndex } from './queries';
import type { ImageNode, LineageGraph, LineageNode, SnapshotNode, VolumeNode } from './types';

export const FINDING_KINDS = [
  'orphan-snapshot',
  'snapshot-of-deregistered-image',
  'unused-image',
  'unattached-volume',
  'shared-unencrypted',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Whether the clean-up can remove what a finding is about (a shared unencrypted resource wants another fix). */
export function isCleanable(kind: FindingKind): boolean {
  switch (kind) {
    case 'orphan-snapshot':
    case 'snapshot-of-deregistered-image':
    case 'unused-image':
    case 'unattached-volume':
      return true;
    case 'shared-unencrypted':
      return false;
    default:
      return unreachable(kind, 'finding kind');
  }
}

export interface Finding {
  kind: FindingKind;
  /** The EC2 id of the resource (`snap-…`, `ami-…`, `vol-…`); also its node id in the graph. */
  resourceId: string;
  region: string;
  /** GiB counted for the cost (0 when unknown). For an unused image: its backing snapshots counted for it. */
  sizeGiB: number;
  /** Estimated monthly cost in USD, rounded to cents (snapshots counted at full size). */
  monthlyCostUsd: number;
  /** A sentence a person reads, naming what was checked. */
  reason: string;
  /** The facts the finding rests on. */
  evidence: string[];
  name: string | null;
  /** unused-image only: EC2's LastLaunchedTime when reported, else null. */
  lastLaunchedTime?: string | null;
  /**
   * What `sizeGiB` counts: `unique` what deleting a snapshot frees (its chain measured with the EBS direct API),
   * `full` a snapshot's full size (an estimate: real snapshots are incremental), `archive` an archived snapshot
   * (stored in full, priced at the archive tier), `provisioned` a volume's size.
   */
  sizeBasis: SizeBasis;
  /** When the resource was created (ISO-8601), when known: for filtering by age. */
  createdAt?: string | null;
  /** The resource's tags: for filtering by tag. */
  tags?: Record<string, string>;
}

export const SIZE_BASES = ['unique', 'full', 'archive', 'provisioned'] as const;
export type SizeBasis = (typeof SIZE_BASES)[number];

/** What is known of a snapshot's storage beyond the graph: its tier, and what its measured chain says it holds. */
export interface SnapshotStorage {
  storageTier?: string;
  /** FullSnapshotSizeInBytes, when EC2 reports it. */
  fullBytes?: number;
  measured?: { uniqueBytes: number; fullBytes: number; volumeId: string };
}

export interface FindingTotals {
  count: number;
  sizeGiB: number;
  monthlyCostUsd: number;
}

export interface FindFindingsOptions {
  /** The time ages are measured against ("created 12 days ago"); defaults to the current time. */
  now?: Date;
  /**
   * The regions whose inventory the graph holds. A ghost placed in another region (a copy's source, a copy
   * chain's image) is not known to be gone, so nothing is flagged for its absence. Default: every region
   * counts as read, so every ghost is gone.
   */
  regions?: readonly string[];
  /** Snapshot id → what is known of its storage beyond the graph (tier, measured sizes). */
  snapshots?: ReadonlyMap<string, SnapshotStorage>;
}

/** What the rules need besides the node: the graph index, the time, and which regions were read. */
interface Context {
  index: GraphIndex;
  now: Date;
  /** Whether the absence of this ghost means the resource is gone (its region was read). */
  known: (ghost: LineageNode) => boolean;
  snapshots: ReadonlyMap<string, SnapshotStorage>;
}

const DAY_MS = 86_400_000;

/** An image the account owns that is registered (listed, not deregistered). Ghosts and others' images are not. */
function isRegisteredImage(node: LineageNode | undefined): node is ImageNode {
  return node?.kind === 'image' && !node.external && node.state !== 'deregistered';
}

/** "12 days ago", "1 day ago", "today"; null for a missing or unreadable date. */
function daysAgo(iso: string | null, now: Date): string | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const days = Math.floor((now.getTime() - t) / DAY_MS);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

/** "2026-01-10 (12 days ago)"; null for a missing or unreadable date. */
function ago(iso: string | null, now: Date): string | null {
  const when = daysAgo(iso, now);
  return when === null || iso === null ? null : `${iso.slice(0, 10)} (${when})`;
}

function label(node: LineageNode): string {
  return node.name ? `${node.id} (${node.name})` : node.id;
}

function gib(size: number | null): string {
  return size === null ? 'size unknown' : `${size} GiB`;
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function priceNote(region: string): string | null {
  return pricesFor(region).fallback ? `no prices for ${region} in the table: priced as us-east-1` : null;
}

function push(list: string[], item: string | null): void {
  if (item !== null) list.push(item);
}

/** Registered images that use a snapshot in their block device mappings. */
function registeredUsers(index: GraphIndex, snapshotId: string): ImageNode[] {
  return imagesBackedBy(index, snapshotId).filter(isRegisteredImage);
}

/** " (volume deleted)": why a ghost is not in the inventory, in parentheses; empty when nothing is known. */
function whyAbsent(node: LineageNode): string {
  const text = externalReasonText(node);
  return text ? ` (${text})` : '';
}

/** What every snapshot finding says besides its kind, reason and its own evidence. */
interface SnapshotFacts {
  common: Omit<Finding, 'kind' | 'reason' | 'evidence'>;
  /** Evidence that no registered image uses it, and which unregistered ones map it. */
  unused: string[];
  /** Evidence of its age, its cost and the price table, for the end of the list. */
  tail: string[];
}

const GIB = 2 ** 30;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** What a snapshot finding counts and costs: its unique blocks where measured, archived in full, else its full size. */
function snapshotCost(snap: SnapshotNode, storage: SnapshotStorage | undefined) {
  const region = snap.region;
  if (storage?.storageTier === 'archive') {
    const size = round2((storage.measured?.fullBytes ?? storage.fullBytes ?? (snap.sizeGiB ?? 0) * GIB) / GIB);
    const price = snapshotArchivePricePerGiBMonth(region);
    const cost = roundCents(size * price);
    const line = `in the archive tier, stored in full: ${size} GiB at ${usd(price)}/GiB-month (archive storage, ${region}) ≈ ${usd(cost)}/month`;
    return { size, cost, basis: 'archive' as const, line };
  }
  const price = snapshotPricePerGiBMonth(region);
  const measured = storage?.measured;
  if (measured) {
    const size = round2(measured.uniqueBytes / GIB);
    const cost = roundCents(size * price);
    const line =
      `measured with the EBS direct API in the chain of ${measured.volumeId}: ${round2(measured.fullBytes / GIB)} GiB ` +
      `written, ${size} GiB held by no other snapshot; deleting it frees about ${size} GiB at ${usd(price)}/GiB-month ` +
      `(snapshot storage, ${region}) ≈ ${usd(cost)}/month`;
    return { size, cost, basis: 'unique' as const, line };
  }
  const size = snap.sizeGiB ?? 0;
  const cost = roundCents(size * price);
  const line = `${gib(snap.sizeGiB)} at ${usd(price)}/GiB-month (snapshot storage, ${region}, estimated at full size: its chain is not measured) ≈ ${usd(cost)}/month`;
  return { size, cost, basis: 'full' as const, line };
}

function snapshotFacts(context: Context, snap: SnapshotNode): SnapshotFacts {
  const { index, now } = context;
  const priced = snapshotCost(snap, context.snapshots.get(snap.id));
  const unused = ['no registered image uses it in its block device mappings'];
  for (const n of linked(index, snap.id, 'out', 'backs')) {
    const state = n.external
      ? `not registered (${externalReasonText(n) ?? 'not in the inventory'})`
      : `in state ${n.state ?? 'unknown'}`;
    unused.push(`${n.id}, which maps it, is ${state}`);
  }
  const tail: string[] = [];
  const created = ago(snap.createdAt, now);
  push(tail, created === null ? null : `created ${created}`);
  tail.push(priced.line);
  push(tail, priceNote(snap.region));
  const common = {
    resourceId: snap.id,
    region: snap.region,
    sizeGiB: priced.size,
    monthlyCostUsd: priced.cost,
    sizeBasis: priced.basis,
    name: snap.name,
    createdAt: snap.createdAt,
    tags: snap.tags,
  };
  return { common, unused, tail };
}

/** snapshot-of-deregistered-image: its description names the AMI it was made for, and that AMI is gone. */
function leftoverFinding(index: GraphIndex, snap: SnapshotNode, facts: SnapshotFacts): Finding | null {
  const madeFor = imageMadeFor(snap.details.provenance);
  if (madeFor === null || isRegisteredImage(index.nodes.get(madeFor.imageId))) return null;
  const evidence = [`description: ${madeFor.text} — that AMI is not registered`, ...facts.unused];
  for (const v of linked(index, snap.id, 'in', 'snapshot-of')) {
    evidence.push(
      v.external ? `its volume ${v.id} is not in the inventory${whyAbsent(v)}` : `its volume ${v.id} still exists`,
    );
  }
  evidence.push(...facts.tail);
  return {
    kind: 'snapshot-of-deregistered-image',
    ...facts.common,
    reason:
      `${label(snap)} was made by ${madeFor.by} for ${madeFor.imageId}, which is no longer a registered image, ` +
      'and no registered AMI uses it.',
    evidence,
  };
}

/** orphan-snapshot: its origin (the volume it was taken from, or the snapshot it was copied from) is gone. */
function orphanFinding({ index, known }: Context, snap: SnapshotNode, facts: SnapshotFacts): Finding | null {
  const copiedFrom = linked(index, snap.id, 'in', 'copied').filter((n) => n.kind === 'snapshot');
  if (copiedFrom.some((s) => !s.external)) return null; // a copy (DR) of a snapshot that still exists
  if (copiedFrom.some((s) => !known(s))) return null; // a copy of a snapshot in a region not read: may exist
  const volumes = linked(index, snap.id, 'in', 'snapshot-of').filter((n) => n.kind === 'volume');
  if (volumes.some((v) => !v.external || !known(v))) return null; // a snapshot of a volume that (may) still exist

  const evidence = [...facts.unused];
  let origin: string;
  const volume = volumes[0];
  const source = copiedFrom[0];
  if (volume) {
    evidence.push(`its volume ${volume.id} is not in the inventory${whyAbsent(volume)}`);
    origin = `its source volume ${volume.id} no longer exists`;
  } else if (source) {
    evidence.push(`it is a copy of ${source.id} (${source.region}), which is not in the inventory${whyAbsent(source)}`);
    origin = `the snapshot it was copied from (${source.id}) no longer exists`;
  } else {
    evidence.push('it records no source volume and is not a copy of a known snapshot');
    origin = 'it records no source volume';
  }
  const description = snap.details.description;
  push(evidence, description === null ? null : `description: ${description}`);
  evidence.push(...facts.tail);
  return {
    kind: 'orphan-snapshot',
    ...facts.common,
    reason: `${label(snap)} backs no registered AMI, ${origin}, and it is not a copy of a snapshot that still exists.`,
    evidence,
  };
}

function snapshotFinding(context: Context, snap: SnapshotNode): Finding | null {
  if (registeredUsers(context.index, snap.id).length > 0) return null;
  const facts = snapshotFacts(context, snap);
  return leftoverFinding(context.index, snap, facts) ?? orphanFinding(context, snap, facts);
}

/** The images linked to `start` by `copied` edges, in either direction, transitively (including `start`). */
function copyChain(index: GraphIndex, start: ImageNode): ImageNode[] {
  const seen = new Set<string>([start.id]);
  const chain: ImageNode[] = [start];
  // The chain grows while it is walked: an array's iterator reaches what is appended.
  for (const { id } of chain) {
    for (const next of [...linked(index, id, 'in', 'copied'), ...linked(index, id, 'out', 'copied')]) {
      if (next.kind !== 'image' || seen.has(next.id)) continue;
      seen.add(next.id);
      chain.push(next);
    }
  }
  return chain;
}

/** Instances in the inventory launched from an image (terminated ones included). */
const launches = (index: GraphIndex, imageId: string) =>
  linked(index, imageId, 'out', 'launched').filter((n) => n.kind === 'instance' && !n.external);

interface UnusedImage {
  image: ImageNode;
  /** The other images of its copy chain. */
  others: ImageNode[];
  /** Instances launched from the chain, all terminated. */
  terminated: LineageNode[];
}

/** Its owner's usage report names an account with instances or launch templates of it (readable here or not). */
const usedElsewhere = (image: ImageNode) =>
  image.details.usage?.state === 'available' &&
  image.details.usage.accounts.some((a) => a.instances > 0 || a.launchTemplates > 0);

/**
 * An image nobody launches, not even through a copy, nor in an account its usage report names; null when one is in
 * use or the chain is not fully known.
 */
function unusedImage(index: GraphIndex, known: Context['known'], image: ImageNode): UnusedImage | null {
  if (image.state === 'pending') return null; // being made: nobody could have launched it yet
  const chain = copyChain(index, image);
  const launched = chain.flatMap((c) => launches(index, c.id));
  if (launched.some((n) => n.state !== 'terminated')) return null;
  if (chain.some(usedElsewhere)) return null;
  if (chain.some((c) => c.external && !known(c))) return null; // part of the chain is in a region not read
  return { image, others: chain.slice(1), terminated: launched };
}

/** The storage an unused image keeps alive: its snapshots no image in use shares, each counted once overall. */
function imageStorage(
  index: GraphIndex,
  image: ImageNode,
  unusedIds: ReadonlySet<string>,
  countedUnder: Map<string, string>,
): { size: number; evidence: string[]; counted: string[] } {
  const evidence: string[] = [];
  const counted: string[] = [];
  let size = 0;
  for (const { id, node, otherImages } of backingSnapshots(index, image)) {
    if (node?.kind !== 'snapshot' || node.external) {
      evidence.push(`its snapshot ${id} is not in the inventory: not counted`);
      continue;
    }
    const keptBy = otherImages.filter((u) => isRegisteredImage(u) && !unusedIds.has(u.id));
    const owner = countedUnder.get(id);
    if (keptBy.length > 0) {
      const users = keptBy.map((u) => u.id).join(', ');
      evidence.push(`its snapshot ${id} is also used by ${users}, which is in use: not counted`);
    } else if (owner !== undefined) {
      evidence.push(`its snapshot ${id} is shared with ${owner}: counted there`);
    } else {
      countedUnder.set(id, image.id);
      size += node.sizeGiB ?? 0;
      counted.push(`${id} (${gib(node.sizeGiB)})`);
    }
  }
  return { size, evidence, counted };
}

function unusedImageFinding(
  now: Date,
  { image, others, terminated }: UnusedImage,
  storage: ReturnType<typeof imageStorage>,
): Finding {
  const evidence: string[] = [`no instance in the inventory was launched from ${image.id}`];
  if (others.length > 0) {
    const chain = others.map(
      (c) => `${c.id} (${c.region}${c.external ? `, ${externalReasonText(c) ?? 'not in the inventory'}` : ''})`,
    );
    evidence.push(`nor from any image in its copy chain: ${chain.join(', ')}`);
  }
  if (terminated.length > 0) {
    evidence.push(
      `only terminated instances were launched from it: ${[...new Set(terminated.map((t) => t.id))].join(', ')}`,
    );
  }
  const last = image.details.lastLaunchedTime;
  evidence.push(last === null ? 'EC2 reports no last launch time' : `EC2 LastLaunchedTime: ${last}`);
  const created = ago(image.createdAt, now);
  push(evidence, created === null ? null : `created ${created}`);
  evidence.push(...storage.evidence);
  const price = snapshotPricePerGiBMonth(image.region);
  const cost = roundCents(storage.size * price);
  if (storage.counted.length > 0) {
    evidence.push(
      `backed by ${storage.counted.join(', ')}: ${storage.size} GiB at ${usd(price)}/GiB-month (snapshot storage, ${image.region}, full size) ≈ ${usd(cost)}/month`,
    );
  }
  push(evidence, priceNote(image.region));
  const launchedWords =
    last === null ? 'EC2 reports no last launch of it' : `EC2 last launched it on ${ago(last, now) ?? last}`;
  const chainWords =
    others.length > 0
      ? ` or from any image in its copy chain (${others.length} more)`
      : ', which has no copies or source image';
  return {
    kind: 'unused-image',
    sizeBasis: 'full',
    resourceId: image.id,
    region: image.region,
    sizeGiB: storage.size,
    monthlyCostUsd: cost,
    reason: `No instance in the inventory was launched from ${label(image)}${chainWords}; ${launchedWords}.`,
    evidence,
    name: image.name,
    lastLaunchedTime: last,
    createdAt: image.createdAt,
    tags: image.tags,
  };
}

function imageFindings({ index, now, known }: Context, images: ImageNode[]): Finding[] {
  const unused = images.map((image) => unusedImage(index, known, image)).filter((u) => u !== null);
  const unusedIds = new Set(unused.map((u) => u.image.id));
  /** Snapshot id → the unused image whose cost counts it (the first by id), so a shared snapshot is counted once. */
  const countedUnder = new Map<string, string>();
  return unused.map((u) => unusedImageFinding(now, u, imageStorage(index, u.image, unusedIds, countedUnder)));
}

function volumeFinding(volume: VolumeNode, now: Date): Finding | null {
  if (volume.state !== 'available' || volume.details.attachments.length > 0) return null;
  const size = volume.sizeGiB ?? 0;
  const type = volume.details.volumeType;
  const price = volumePricePerGiBMonth(volume.region, type);
  const cost = roundCents(size * price);
  const evidence = ['state: available', 'Volume.Attachments is empty'];
  push(
    evidence,
    volume.details.snapshotId === null
      ? 'blank volume (no source snapshot)'
      : `restored from ${volume.details.snapshotId}`,
  );
  const created = ago(volume.createdAt, now);
  push(evidence, created === null ? null : `created ${created}`);
  evidence.push(
    `${gib(volume.sizeGiB)} ${type ?? 'of unknown type (priced as gp3)'} at ${usd(price)}/GiB-month (${volume.region}) ≈ ${usd(cost)}/month`,
  );
  push(evidence, priceNote(volume.region));
  return {
    kind: 'unattached-volume',
    sizeBasis: 'provisioned',
    resourceId: volume.id,
    region: volume.region,
    sizeGiB: size,
    monthlyCostUsd: cost,
    reason: `${label(volume)} is available and attached to no instance: its ${gib(volume.sizeGiB)}${type ? ` of ${type}` : ''} are billed while nothing uses them.`,
    evidence,
    name: volume.name,
    createdAt: volume.createdAt,
    tags: volume.tags,
  };
}

const KIND_ORDER: ReadonlyMap<FindingKind, number> = new Map(FINDING_KINDS.map((k, i) => [k, i]));

/** Deterministic order: by kind (FINDING_KINDS order), then cost (highest first), then id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    b.monthlyCostUsd - a.monthlyCostUsd ||
    (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0)
  );
}

/**
 * Whether findings judge a resource by who it is shared with: an image (its usage report is read once it is shared),
 * and an unencrypted snapshot (shared, it is a finding).
 */
export const judgedBySharing = (node: LineageNode): boolean =>
  node.kind === 'image' || (node.kind === 'snapshot' && encryptionOf(node)?.encrypted === false);

/**
 * An owned snapshot or AMI that is not encrypted and is shared with another account or the public: whoever it is
 * shared with can read its data, and EBS encryption cannot be added to it in place (copy it encrypted instead).
 */
function sharedUnencryptedFinding(node: SnapshotNode | ImageNode): Finding | null {
  const sharedWith = node.details.sharedWith ?? [];
  const encryption = encryptionOf(node);
  if (sharedWith.length === 0 || encryption === null || encryption.encrypted) return null;
  const noun = node.kind === 'image' ? 'AMI' : 'snapshot';
  const how = sharingPhrase(sharedWith)
    .replace(/^Public/, 'public')
    .replace(/^Shared/, 'shared');
  return {
    kind: 'shared-unencrypted',
    resourceId: node.id,
    region: node.region,
    sizeGiB: 0,
    monthlyCostUsd: 0,
    reason: `${label(node)} is an unencrypted ${noun}, ${how}: copy it with encryption (a customer managed KMS key) and share the copy instead.`,
    evidence: [
      `${node.kind === 'image' ? 'Image.BlockDeviceMappings[].Ebs' : 'Snapshot'}.Encrypted: false`,
      `shared with: ${sharedWith.join(', ')}`,
    ],
    name: node.name,
    sizeBasis: 'full',
    createdAt: node.createdAt,
    tags: node.tags,
  };
}

/** Everything in the graph that is orphaned, unused or forgotten. Ghost (external) resources are never findings. */
export function findFindings(graph: LineageGraph, options: FindFindingsOptions = {}): Finding[] {
  const now = options.now ?? new Date();
  const index = indexGraph(graph);
  const read = options.regions === undefined ? null : new Set(options.regions);
  const context: Context = {
    index,
    now,
    known: (ghost) => read === null || read.has(ghost.region),
    snapshots: options.snapshots ?? new Map(),
  };
  const findings: Finding[] = [];
  const images: ImageNode[] = [];
  for (const node of index.nodes.values()) {
    if (node.external) continue;
    if (node.kind === 'snapshot' || node.kind === 'image') {
      const f = sharedUnencryptedFinding(node);
      if (f) findings.push(f);
    }
    if (node.kind === 'snapshot') {
      const f = snapshotFinding(context, node);
      if (f) findings.push(f);
    } else if (node.kind === 'volume') {
      const f = volumeFinding(node, now);
      if (f) findings.push(f);
    } else if (node.kind === 'image' && isRegisteredImage(node)) {
      images.push(node);
    }
  }
  images.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  findings.push(...imageFindings(context, images));
  return findings.sort(compareFindings);
}

/** summarize() per kind; every kind is present (with zeros when it has no findings). */
export function summarizeByKind(findings: readonly Finding[]): Record<FindingKind, FindingTotals> {
  const byKind: Record<FindingKind, Finding[]> = {
    'orphan-snapshot': [],
    'snapshot-of-deregistered-image': [],
    'unused-image': [],
    'unattached-volume': [],
    'shared-unencrypted': [],
  };
  for (const f of findings) byKind[f.kind].push(f);
  return {
    'orphan-snapshot': summarize(byKind['orphan-snapshot']),
    'snapshot-of-deregistered-image': summarize(byKind['snapshot-of-deregistered-image']),
    'unused-image': summarize(byKind['unused-image']),
    'unattached-volume': summarize(byKind['unattached-volume']),
    'shared-unencrypted': summarize(byKind['shared-unencrypted']),
  };
}

/** Count, GiB and estimated monthly cost of some findings (each finding's cost is already counted once). */
export function summarize(findings: readonly Finding[]): FindingTotals {
  let size = 0;
  let cost = 0;
  for (const f of findings) {
    size += f.sizeGiB;
    cost += f.monthlyCostUsd;
  }
  return { count: findings.length, sizeGiB: Math.round(size * 100) / 100, monthlyCostUsd: roundCents(cost) };
}
