/**
 * What the store records and hands back: plain facts about resources and edges, in the lineage model's own
 * types. Which edge belongs to which scope, and what counts as a change, is decided here.
 */
import * as crypto from 'node:crypto';
import type { LineageGraph, LineageNode, RecordedEdge } from '@/lib/lineage';

/** One successful read of one region: the account's resources listed there and the edges into them. */
export interface ScopeRead {
  region: string;
  nodes: LineageNode[];
  edges: RecordedEdge[];
}

export interface ReadFacts {
  account: string;
  /** When the inventory was read (ISO-8601). */
  at: string;
  scopes: ScopeRead[];
}

/**
 * The facts of one read of `regions`: every listed node (not external) in its region's scope, and every edge in
 * the scope of its target's region, the region whose inventory held the evidence for it.
 */
export function factsOfRead(graph: LineageGraph, account: string, at: string, regions: readonly string[]): ReadFacts {
  const scopes = new Map<string, ScopeRead>(regions.map((region) => [region, { region, nodes: [], edges: [] }]));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const node of graph.nodes) if (!node.external) scopes.get(node.region)?.nodes.push(node);
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    const scope = scopes.get(target.region);
    if (!scope) continue;
    const recorded: RecordedEdge = { edge };
    if (source.external) recorded.sourceGhost = source;
    if (target.external) recorded.targetGhost = target;
    scope.edges.push(recorded);
  }
  return { account, at, scopes: [...scopes.values()] };
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** crypto.hash (Node 20.12 and later) is several times faster than a Hash object for short texts. */
const hash: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'base64url')
    : (text) => crypto.createHash('sha1').update(text).digest('base64url');

/** What a resource's history ignores: progress while pending and the last launch move on their own. */
function lasting(node: LineageNode): unknown {
  switch (node.kind) {
    case 'snapshot':
      return { ...node, details: { ...node.details, progress: null } };
    case 'image':
      return { ...node, details: { ...node.details, lastLaunchedTime: null } };
    case 'instance':
    case 'volume':
      return node;
    default: {
      const never: never = node;
      return never;
    }
  }
}

/**
 * Content hashes. Plain JSON, not canonical: the builder makes nodes with their keys in one order, and should two
 * equal contents ever hash apart (tags listed in another order), recording compares them field by field and
 * writes no change.
 */
export const nodeHash = (node: LineageNode): string => hash(JSON.stringify(lasting(node)));
export const edgeHash = (e: RecordedEdge): string => hash(JSON.stringify(e));

/** A change of a resource, as stored in `changes.kind` and answered by the history routes. */
export const CHANGE_KINDS = ['appeared', 'state-changed', 'tags-changed', 'modified', 'disappeared'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeFact {
  kind: ChangeKind;
  detail: Record<string, unknown>;
}

function tagChanges(before: Record<string, string>, after: Record<string, string>): ChangeFact | null {
  const added: Record<string, string> = {};
  const removed: Record<string, string> = {};
  const changed: Record<string, { from: string; to: string }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) added[k] = v;
    else if (before[k] !== v) changed[k] = { from: before[k]!, to: v };
  }
  for (const [k, v] of Object.entries(before)) if (!(k in after)) removed[k] = v;
  const any = Object.keys(added).length + Object.keys(removed).length + Object.keys(changed).length > 0;
  return any ? { kind: 'tags-changed', detail: { added, removed, changed } } : null;
}

const TOP_FIELDS = ['name', 'sizeGiB', 'createdAt', 'external'] as const;

/** What changed between two contents of one resource: state, tags, and the names of other fields that differ. */
export function diffNodes(before: LineageNode, after: LineageNode): ChangeFact[] {
  const out: ChangeFact[] = [];
  if (before.state !== after.state)
    out.push({ kind: 'state-changed', detail: { from: before.state, to: after.state } });
  const tags = tagChanges(before.tags ?? {}, after.tags ?? {});
  if (tags) out.push(tags);
  const fields: string[] = TOP_FIELDS.filter(
    (f) => f !== 'name' && canonicalJson(before[f]) !== canonicalJson(after[f]),
  );
  if (before.name !== after.name && !tags) fields.push('name');
  const a = lasting(before) as { details: Record<string, unknown> };
  const b = lasting(after) as { details: Record<string, unknown> };
  for (const key of new Set([...Object.keys(a.details), ...Object.keys(b.details)])) {
    if (canonicalJson(a.details[key]) !== canonicalJson(b.details[key])) fields.push(`details.${key}`);
  }
  if (fields.length > 0) out.push({ kind: 'modified', detail: { fields } });
  return out;
}
