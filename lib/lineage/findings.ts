/**
 * Findings: what in the lineage graph is orphaned, unused or forgotten, and what it costs.
 * Pure functions over a LineageGraph (no SDK, no React). The rules are those of issue 7; each finding
 * carries its reason in words and the facts it rests on.
 *
 * Costs are estimates from the price table in `./prices` (approximate list prices, storage only).
 * Snapshots are counted at their full size: real snapshots are incremental and usually cost less.
 */
import {
  snapshotArchivePricePerGiBMonth,
  snapshotPricePerGiBMonth,
  roundCents,
  volumePricePerGiBMonth,
  pricesFor,
} from './prices';
import { indexGraph, type GraphIndex } from './queries';
import type { ImageNode, LineageEdge, LineageGraph, LineageNode, SnapshotNode, VolumeNode } from './types';

export const FINDING_KINDS = [
  'orphan-snapshot',
  'snapshot-of-deregistered-image',
  'unused-image',
  'unattached-volume',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

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
}

export const SIZE_BASES = ['unique', 'full', 'archive', 'provisioned'] as const;
export type SizeBasis = (typeof SIZE_BASES)[number];

/** What is known of a snapshot beyond the graph: its storage tier, and what its measured chain says it holds. */
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
  /** Snapshot id → what is known of it beyond the graph (tier, measured sizes). */
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

const GIB = 2 ** 30;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** What a snapshot finding counts and costs: its unique blocks where measured, archived in full, else its full size. */
function snapshotCost(snap: SnapshotNode, facts: SnapshotStorage | undefined) {
  const region = snap.region;
  if (facts?.storageTier === 'archive') {
    const size = round2((facts.measured?.fullBytes ?? facts.fullBytes ?? (snap.sizeGiB ?? 0) * GIB) / GIB);
    const price = snapshotArchivePricePerGiBMonth(region);
    const cost = roundCents(size * price);
    const line = `in the archive tier, stored in full: ${size} GiB at ${usd(price)}/GiB-month (archive storage, ${region}) ≈ ${usd(cost)}/month`;
    return { size, cost, basis: 'archive' as const, line };
  }
  const price = snapshotPricePerGiBMonth(region);
  const measured = facts?.measured;
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

/** `Created by CreateImage(i-…) for ami-…` (older ones go on ` from vol-…`). */
const CREATE_IMAGE_RE = /Created by CreateImage\((i-[A-Za-z0-9]+)\) for (ami-[A-Za-z0-9]+)/;
/** `Copied for DestinationAmi ami-X from SourceAmi ami-Y for SourceSnapshot snap-Z. …` */
const COPY_IMAGE_RE = /Copied for DestinationAmi (ami-[A-Za-z0-9]+) from SourceAmi (ami-[A-Za-z0-9]+)/;

const NO_EDGES: readonly LineageEdge[] = [];
const DAY_MS = 86_400_000;

/** An image the account owns that is registered (listed, not deregistered). Ghosts and others' images are not. */
function isRegisteredImage(node: LineageNode | undefined): node is ImageNode {
  return node !== undefined && node.kind === 'image' && !node.external && node.state !== 'deregistered';
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
  const users: ImageNode[] = [];
  for (const e of index.outgoing.get(snapshotId) ?? NO_EDGES) {
    if (e.kind !== 'backs') continue;
    const image = index.nodes.get(e.target);
    if (isRegisteredImage(image)) users.push(image);
  }
  return users;
}

function snapshotFinding(context: Context, snap: SnapshotNode): Finding | null {
  const { index, now, known } = context;
  if (registeredUsers(index, snap.id).length > 0) return null;
  const priced = snapshotCost(snap, context.snapshots.get(snap.id));
  const common = {
    resourceId: snap.id,
    region: snap.region,
    sizeGiB: priced.size,
    monthlyCostUsd: priced.cost,
    sizeBasis: priced.basis,
    name: snap.name,
  };
  const notUsed = 'no registered image uses it in its block device mappings';
  const unregisteredUsers = (index.outgoing.get(snap.id) ?? NO_EDGES)
    .filter((e) => e.kind === 'backs')
    .map((e) => index.nodes.get(e.target))
    .filter((n): n is LineageNode => n !== undefined)
    .map(
      (n) =>
        `${n.id}, which maps it, is ${n.external ? `not registered (${n.externalReason ?? 'not in the inventory'})` : `in state ${n.state ?? 'unknown'}`}`,
    );
  const costLine = priced.line;
  const created = ago(snap.createdAt, now);

  // snapshot-of-deregistered-image: the description names the AMI it was made for, and that AMI is gone.
  const description = snap.details.description;
  if (description !== null) {
    const create = CREATE_IMAGE_RE.exec(description);
    const copy = create ? null : COPY_IMAGE_RE.exec(description);
    const imageId = create ? create[2]! : copy ? copy[1]! : null;
    if (imageId !== null && !isRegisteredImage(index.nodes.get(imageId))) {
      const evidence = [
        `description: ${(create ?? copy)![0]} — that AMI is not registered`,
        notUsed,
        ...unregisteredUsers,
      ];
      for (const e of index.incoming.get(snap.id) ?? NO_EDGES) {
        const v = e.kind === 'snapshot-of' ? index.nodes.get(e.source) : undefined;
        if (v === undefined) continue;
        evidence.push(
          v.external
            ? `its volume ${v.id} is not in the inventory${v.externalReason ? ` (${v.externalReason})` : ''}`
            : `its volume ${v.id} still exists`,
        );
      }
      push(evidence, created === null ? null : `created ${created}`);
      evidence.push(costLine);
      push(evidence, priceNote(snap.region));
      return {
        kind: 'snapshot-of-deregistered-image',
        ...common,
        reason:
          `${label(snap)} was made ${create ? 'by CreateImage' : 'by CopyImage'} for ${imageId}, which is no longer a registered image, ` +
          'and no registered AMI uses it.',
        evidence,
      };
    }
  }

  // orphan-snapshot: its origin (the volume it was taken from, or the snapshot it was copied from) is gone.
  const incoming = index.incoming.get(snap.id) ?? NO_EDGES;
  const copiedFrom = incoming
    .filter((e) => e.kind === 'copied')
    .map((e) => index.nodes.get(e.source))
    .filter((n): n is SnapshotNode => n !== undefined && n.kind === 'snapshot');
  if (copiedFrom.some((s) => !s.external)) return null; // a copy (DR) of a snapshot that still exists
  if (copiedFrom.some((s) => !known(s))) return null; // a copy of a snapshot in a region not read: may exist
  const volumes = incoming
    .filter((e) => e.kind === 'snapshot-of')
    .map((e) => index.nodes.get(e.source))
    .filter((n): n is VolumeNode => n !== undefined && n.kind === 'volume');
  if (volumes.some((v) => !v.external || !known(v))) return null; // a snapshot of a volume that (may) still exist

  const evidence = [notUsed, ...unregisteredUsers];
  let origin: string;
  if (volumes.length > 0) {
    const v = volumes[0]!;
    evidence.push(`its volume ${v.id} is not in the inventory${v.externalReason ? ` (${v.externalReason})` : ''}`);
    origin = `its source volume ${v.id} no longer exists`;
  } else if (copiedFrom.length > 0) {
    const s = copiedFrom[0]!;
    evidence.push(
      `it is a copy of ${s.id} (${s.region}), which is not in the inventory${s.externalReason ? ` (${s.externalReason})` : ''}`,
    );
    origin = `the snapshot it was copied from (${s.id}) no longer exists`;
  } else {
    evidence.push('it records no source volume and is not a copy of a known snapshot');
    origin = 'it records no source volume';
  }
  push(evidence, description === null ? null : `description: ${description}`);
  push(evidence, created === null ? null : `created ${created}`);
  evidence.push(costLine);
  push(evidence, priceNote(snap.region));
  return {
    kind: 'orphan-snapshot',
    ...common,
    reason: `${label(snap)} backs no registered AMI, ${origin}, and it is not a copy of a snapshot that still exists.`,
    evidence,
  };
}

/** The images linked to `start` by `copied` edges, in either direction, transitively (including `start`). */
function copyChain(index: GraphIndex, start: string): LineageNode[] {
  const seen = new Set<string>([start]);
  const out: LineageNode[] = [];
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = index.nodes.get(id);
    if (node === undefined || node.kind !== 'image') continue;
    out.push(node);
    const linked = [
      ...(index.incoming.get(id) ?? NO_EDGES).filter((e) => e.kind === 'copied').map((e) => e.source),
      ...(index.outgoing.get(id) ?? NO_EDGES).filter((e) => e.kind === 'copied').map((e) => e.target),
    ];
    for (const next of linked) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return out;
}

/** Instances in the inventory, not terminated, launched from an image. */
function liveLaunches(index: GraphIndex, imageId: string): LineageNode[] {
  return (index.outgoing.get(imageId) ?? NO_EDGES)
    .filter((e) => e.kind === 'launched')
    .map((e) => index.nodes.get(e.target))
    .filter(
      (n): n is LineageNode => n !== undefined && n.kind === 'instance' && !n.external && n.state !== 'terminated',
    );
}

/** Distinct snapshot ids an image maps (mappings first, then `backs` edges). */
function backingSnapshotIds(index: GraphIndex, image: ImageNode): string[] {
  const ids = new Set<string>();
  for (const m of image.details.blockDeviceMappings) if (m.snapshotId !== null) ids.add(m.snapshotId);
  for (const e of index.incoming.get(image.id) ?? NO_EDGES) if (e.kind === 'backs') ids.add(e.source);
  return [...ids];
}

function imageFindings({ index, now, known }: Context, images: ImageNode[]): Finding[] {
  const unused: { image: ImageNode; chain: LineageNode[]; terminated: LineageNode[] }[] = [];
  for (const image of images) {
    const chain = copyChain(index, image.id);
    if (chain.some((c) => liveLaunches(index, c.id).length > 0)) continue;
    if (chain.some((c) => c.external && !known(c))) continue; // part of the chain is in a region not read
    const terminated = chain.flatMap((c) =>
      (index.outgoing.get(c.id) ?? NO_EDGES)
        .filter((e) => e.kind === 'launched')
        .map((e) => index.nodes.get(e.target))
        .filter((n): n is LineageNode => n !== undefined && n.kind === 'instance' && !n.external),
    );
    unused.push({ image, chain, terminated });
  }
  const unusedIds = new Set(unused.map((u) => u.image.id));
  /** Snapshot id → the unused image whose cost counts it (the first by id), so a shared snapshot is counted once. */
  const countedUnder = new Map<string, string>();

  return unused.map(({ image, chain, terminated }) => {
    const evidence: string[] = [`no instance in the inventory was launched from ${image.id}`];
    const others = chain.filter((c) => c.id !== image.id);
    if (others.length > 0) {
      evidence.push(
        `nor from any image in its copy chain: ${others.map((c) => `${c.id} (${c.region}${c.external ? `, ${c.externalReason ?? 'not in the inventory'}` : ''})`).join(', ')}`,
      );
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

    let size = 0;
    const price = snapshotPricePerGiBMonth(image.region);
    const counted: string[] = [];
    for (const snapId of backingSnapshotIds(index, image)) {
      const snap = index.nodes.get(snapId);
      if (snap === undefined || snap.kind !== 'snapshot' || snap.external) {
        evidence.push(`its snapshot ${snapId} is not in the inventory: not counted`);
        continue;
      }
      const keptBy = registeredUsers(index, snapId).filter((u) => u.id !== image.id && !unusedIds.has(u.id));
      if (keptBy.length > 0) {
        evidence.push(
          `its snapshot ${snapId} is also used by ${keptBy.map((u) => u.id).join(', ')}, which is in use: not counted`,
        );
        continue;
      }
      const owner = countedUnder.get(snapId);
      if (owner !== undefined) {
        evidence.push(`its snapshot ${snapId} is shared with ${owner}: counted there`);
        continue;
      }
      countedUnder.set(snapId, image.id);
      size += snap.sizeGiB ?? 0;
      counted.push(`${snapId} (${gib(snap.sizeGiB)})`);
    }
    const cost = roundCents(size * price);
    if (counted.length > 0) {
      evidence.push(
        `backed by ${counted.join(', ')}: ${size} GiB at ${usd(price)}/GiB-month (snapshot storage, ${image.region}, full size) ≈ ${usd(cost)}/month`,
      );
    }
    push(evidence, priceNote(image.region));

    const launchedWords =
      last === null ? 'EC2 reports no last launch of it' : `EC2 last launched it on ${ago(last, now) ?? last}`;
    return {
      kind: 'unused-image' as const,
      sizeBasis: 'full' as const,
      resourceId: image.id,
      region: image.region,
      sizeGiB: size,
      monthlyCostUsd: cost,
      reason:
        `No instance in the inventory was launched from ${label(image)}` +
        `${others.length > 0 ? ` or from any image in its copy chain (${others.length} more)` : ', which has no copies or source image'}; ${launchedWords}.`,
      evidence,
      name: image.name,
      lastLaunchedTime: last,
    };
  });
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
  };
  for (const f of findings) byKind[f.kind].push(f);
  return {
    'orphan-snapshot': summarize(byKind['orphan-snapshot']),
    'snapshot-of-deregistered-image': summarize(byKind['snapshot-of-deregistered-image']),
    'unused-image': summarize(byKind['unused-image']),
    'unattached-volume': summarize(byKind['unattached-volume']),
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
