/**
 * The Recycle Bin in the lineage model: deleted snapshots and deregistered AMIs a retention rule keeps are drawn as
 * restorable ghosts, and the rules say whether (and how long) a deletion would be kept.
 */
import { utcMinute } from './external';
import { unreachable } from './never';
import { ghostNode } from './nodes';
import { plural } from './story';
import { type LineageEdge, type LineageGraph, type LineageNode, edgeId } from './types';

/** A deleted snapshot or deregistered AMI in the Recycle Bin of its account and region. */
export interface BinnedResource {
  kind: 'snapshot' | 'image';
  id: string;
  region: string;
  accountId: string | null;
  /** An AMI's name. */
  name: string | null;
  description: string | null;
  /** A snapshot's volume. */
  volumeId: string | null;
  enteredAt: string;
  exitsAt: string;
}

/** A retention rule of an account and region. */
export interface RetentionRule {
  id: string;
  resourceType: 'snapshot' | 'image';
  retentionDays: number;
  /** Resources with one of these tags (a key, and its value when given); every resource of its type when empty. */
  resourceTags: { key: string; value?: string }[];
  description?: string;
}

/** The rules of one account and region, or why they could not be read. */
export interface RecycleBinRules {
  accountId: string | null;
  region: string;
  rules: RetentionRule[];
  /** Set when the rules could not be read (a missing permission): nothing is known of retention there. */
  unreadable?: string;
}

export const BIN_EVIDENCE = 'SnapshotRecycleBinInfo.VolumeId';

/**
 * The graph with what is in the Recycle Bin: a ghost already drawn (a remembered or referenced resource) learns it
 * is in the bin; anything else is added, a snapshot joined to its volume when that is drawn. The graph given is
 * not changed.
 */
export function withRecycleBin(graph: LineageGraph, binned: readonly BinnedResource[]): LineageGraph {
  if (binned.length === 0) return graph;
  const byId = new Map(binned.map((b) => [b.id, b]));
  const nodes = graph.nodes.map((n) => {
    const b = byId.get(n.id);
    if (!b || !n.external) return n;
    byId.delete(n.id);
    return inBin({ ...n, details: { ...n.details } } as LineageNode, b);
  });
  const ids = new Set(nodes.map((n) => n.id));
  const edges: LineageEdge[] = [...graph.edges];
  for (const b of byId.values()) {
    if (ids.has(b.id)) continue;
    const ghost = inBin(
      ghostNode(b.kind, b.id, { region: b.region, reason: 'recycle-bin', sizeGiB: null, accountId: b.accountId }),
      b,
    );
    nodes.push(ghost);
    if (b.kind === 'snapshot' && b.volumeId && ids.has(b.volumeId)) {
      edges.push({
        id: edgeId('snapshot-of', b.volumeId, b.id),
        source: b.volumeId,
        target: b.id,
        kind: 'snapshot-of',
        evidence: BIN_EVIDENCE,
      });
    }
  }
  return { nodes, edges };
}

function inBin(node: LineageNode, b: BinnedResource): LineageNode {
  node.externalReason = 'recycle-bin';
  node.recycleBin = { enteredAt: b.enteredAt, exitsAt: b.exitsAt };
  if (b.name) node.name = b.name;
  if (node.kind === 'snapshot') {
    node.details.description ??= b.description;
    node.details.volumeId ??= b.volumeId;
  } else if (node.kind === 'image') node.details.description ??= b.description;
  return node;
}

/** The rule that would keep a resource deleted now: the longest retention of those of its kind that match its tags. */
export function retentionFor(
  rules: readonly RetentionRule[],
  kind: RetentionRule['resourceType'],
  tags: Readonly<Record<string, string>>,
): RetentionRule | undefined {
  const matches = (r: RetentionRule) =>
    r.resourceType === kind &&
    (r.resourceTags.length === 0 ||
      r.resourceTags.some((t) => Object.hasOwn(tags, t.key) && (t.value === undefined || tags[t.key] === t.value)));
  return rules.filter(matches).sort((a, b) => b.retentionDays - a.retentionDays)[0];
}

/** What happens to a resource deleted now: kept by a rule until a time, not kept, or not known (rules unreadable). */
export type Retention =
  { kind: 'kept'; rule: RetentionRule; until: string } | { kind: 'unknown'; note: string } | { kind: 'gone' };

const DAY_MS = 86_400_000;

/** The retention of a snapshot or AMI deleted at `now` under the rules read for its account and region. */
export function retentionOf(
  bins: readonly RecycleBinRules[] | undefined,
  node: Pick<LineageNode, 'kind' | 'region' | 'accountId' | 'tags'>,
  now: number,
): Retention {
  if (node.kind !== 'snapshot' && node.kind !== 'image') return { kind: 'gone' };
  const bin = bins?.find((b) => b.region === node.region && (b.accountId === null || b.accountId === node.accountId));
  if (!bin) return { kind: 'unknown', note: `the Recycle Bin rules of ${node.region} are still being read` };
  const rule = retentionFor(bin.rules, node.kind, node.tags);
  if (rule) return { kind: 'kept', rule, until: new Date(now + rule.retentionDays * DAY_MS).toISOString() };
  return bin.unreadable ? { kind: 'unknown', note: bin.unreadable } : { kind: 'gone' };
}

/** The sentence a delete, deregister or clean-up dialog says instead of (or as) "cannot be undone". */
export function retentionSentence(retention: Retention): string {
  switch (retention.kind) {
    case 'kept':
      return `A Recycle Bin rule keeps it ${plural(retention.rule.retentionDays, 'day')}: it can be restored until ${utcMinute(retention.until)}.`;
    case 'unknown':
      return `This cannot be undone unless a Recycle Bin rule keeps it (${retention.note.replace(/\.$/, '')}).`;
    case 'gone':
      return 'This cannot be undone.';
    default:
      return unreachable(retention, 'retention');
  }
}

/** The sentence for several deletions at once (a clean-up): `retentions` of the snapshots and AMIs among `total`. */
export function retentionsSentence(retentions: readonly Retention[], total: number): string {
  const kept = retentions.filter((r): r is Extract<Retention, { kind: 'kept' }> => r.kind === 'kept');
  const unknown = retentions.find((r): r is Extract<Retention, { kind: 'unknown' }> => r.kind === 'unknown');
  if (kept.length === 0)
    return unknown ? retentionSentence(unknown).replace('keeps it', 'keeps them') : 'This cannot be undone.';
  const until = utcMinute(kept.map((r) => r.until).sort()[0]!);
  if (kept.length === total) return `A Recycle Bin rule keeps them: they can be restored until at least ${until}.`;
  return `A Recycle Bin rule keeps ${kept.length} of them (restorable until at least ${until}); the rest cannot be undone.`;
}
