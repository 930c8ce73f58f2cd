/**
 * Search over resources: what a query means and how well each resource matches it. Pure; the server keeps an index
 * per inventory, the browser uses the same rules over the drawn graph.
 *
 * A query is terms separated by spaces (a phrase in double quotes is one term); a resource matches when every term
 * matches. A term `key=value` or `key:value` matches a tag (the key in any case, the value by prefix or inside it;
 * `key=` any value) or one of {@link SEARCH_FIELDS} (`region=eu-west-1`, `state:pending`, `type=t3.micro`), and
 * otherwise is read as plain text. Plain text matches ids, names (an image's AMI name), tag keys and values,
 * descriptions, regions, states, kinds, instance and volume types and account ids.
 */
import type { LineageNode } from './types';

/** Fields a `field=value` term may name. */
export const SEARCH_FIELDS = ['id', 'name', 'kind', 'region', 'state', 'type', 'account'] as const;
type SearchField = (typeof SEARCH_FIELDS)[number];
const FIELD_SET: ReadonlySet<string> = new Set(SEARCH_FIELDS);

/** Where a resource matched: the field and its value as the resource has it (`tag`: `key=value`). */
export interface SearchMatch {
  field: SearchField | 'tag' | 'description';
  text: string;
}

export type SearchTerm = { kind: 'text'; text: string } | { kind: 'pair'; key: string; value: string; text: string };

/** One resource as the search reads it: every value lowercased once. */
interface Entry {
  node: LineageNode;
  /** The values of {@link SEARCH_FIELDS}, in that order. */
  fields: string[];
  description: string;
  /** Keys and values, one after the other. */
  tags: string[];
}

export interface SearchIndex {
  /** In result order for equal scores: named before unnamed, then by name and id. */
  entries: Entry[];
  /** Every entry's searchable values, lowercased, one entry after another: a term is looked for in it once. */
  text: string;
  /** Where each entry's text starts in `text` (and, one past the last, where it ends). */
  starts: Int32Array;
}

export interface SearchHit {
  node: LineageNode;
  score: number;
  match: SearchMatch;
}

export interface SearchPage {
  /** How many resources match in all. */
  total: number;
  hits: SearchHit[];
}

const PAIR = /^([^=:\s]+)[=:](.*)$/;
const TERMS = /"([^"]*)"|(\S+)/g;
/** Between entries in the index's text: no term can span two entries. */
const SEPARATOR = '\u0000';

/** The terms of a query, lowercased; empty when it says nothing. */
export function parseQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const m of query.toLowerCase().replaceAll(SEPARATOR, '').matchAll(TERMS)) {
    const text = (m[1] ?? m[2] ?? '').trim();
    if (!text) continue;
    const pair = m[1] === undefined ? PAIR.exec(text) : null;
    terms.push(pair ? { kind: 'pair', key: pair[1]!, value: pair[2]!, text } : { kind: 'text', text });
  }
  return terms;
}

function typeOf(node: LineageNode): string | null {
  if (node.kind === 'instance') return node.details.instanceType;
  if (node.kind === 'volume') return node.details.volumeType;
  return null;
}

function descriptionOf(node: LineageNode): string | null {
  if (node.kind === 'snapshot' || node.kind === 'image') return node.details.description;
  return null;
}

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();

/** A field's position in `Entry.fields`. */
const F = Object.fromEntries(SEARCH_FIELDS.map((f, i) => [f, i])) as Record<SearchField, number>;

function entryOf(node: LineageNode): Entry {
  const fields = [
    node.id.toLowerCase(),
    lower(node.name),
    node.kind,
    node.region.toLowerCase(),
    lower(node.state),
    lower(typeOf(node)),
    lower(node.accountId),
  ];
  const tags: string[] = [];
  for (const key in node.tags) tags.push(key.toLowerCase(), node.tags[key]!.toLowerCase());
  return { node, fields, description: lower(descriptionOf(node)), tags };
}

const byName = (a: Entry, b: Entry) => {
  const [an, bn] = [a.fields[F.name]!, b.fields[F.name]!];
  if (!an !== !bn) return an ? -1 : 1;
  if (an !== bn) return an < bn ? -1 : 1;
  const [ai, bi] = [a.fields[F.id]!, b.fields[F.id]!];
  return ai < bi ? -1 : ai > bi ? 1 : 0;
};

/** Builds the index of a list of resources (linear, but for one sort by name). */
export function buildSearchIndex(nodes: readonly LineageNode[]): SearchIndex {
  const entries = nodes.map(entryOf).sort(byName);
  const starts = new Int32Array(entries.length + 1);
  const parts: string[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    starts[i] = at;
    for (const value of e.fields) at += value.length + 1;
    for (const value of e.tags) at += value.length + 1;
    at += e.description.length + SEPARATOR.length + 1;
    parts.push(...e.fields, ...e.tags, e.description + SEPARATOR);
  });
  starts[entries.length] = at;
  // Values joined by newlines, each entry's last one ended by the separator.
  return { entries, text: parts.join('\n'), starts };
}

/** How well `have` matches `want`: 3 equal, 2 a prefix, 1 inside it, 0 not at all. */
function closeness(have: string, want: string): number {
  if (!have) return 0;
  if (have === want) return 3;
  if (have.startsWith(want)) return 2;
  return have.includes(want) ? 1 : 0;
}

/** Field weights for plain text: ids and names first, then a whole short field, then tags. */
const TEXT_WEIGHT: Record<SearchField, number> = {
  id: 20,
  name: 20,
  region: 14,
  state: 14,
  type: 14,
  kind: 14,
  account: 14,
};
const WEIGHTS = SEARCH_FIELDS.map((f) => TEXT_WEIGHT[f]);
const TAG_VALUE = 13;
const TAG_KEY = 11;
const DESCRIPTION = 5;
const PAIR_WEIGHT = 20;

/** Where a term matched best: a field, a tag (by its key's place in `Entry.tags`) or the description. */
type Where = SearchField | number | 'description';

/** The best score of a plain-text term, calling `found` with each better place. */
function textScore(entry: Entry, text: string, found?: (where: Where) => void): number {
  let best = 0;
  const { fields, tags } = entry;
  for (let f = 0; f < fields.length; f++) {
    const have = fields[f]!;
    const weight = WEIGHTS[f]!;
    if (weight + 3 <= best || have.length < text.length) continue;
    // Short fields (regions, states, types) match only whole or by prefix: `east` is not every us-east-1 resource.
    const c = weight < TEXT_WEIGHT.id ? (have === text ? 3 : have.startsWith(text) ? 2 : 0) : closeness(have, text);
    if (c > 0 && weight + c > best) {
      best = weight + c;
      found?.(SEARCH_FIELDS[f]!);
    }
  }
  for (let i = 0; i < tags.length && best < TAG_VALUE + 3; i += 2) {
    const inValue = closeness(tags[i + 1]!, text);
    const score = inValue > 0 ? TAG_VALUE + inValue : closeness(tags[i]!, text) > 0 ? TAG_KEY : 0;
    if (score > best) {
      best = score;
      found?.(i);
    }
  }
  if (best === 0 && entry.description.includes(text)) {
    best = DESCRIPTION;
    found?.('description');
  }
  return best;
}

function pairScore(entry: Entry, term: Extract<SearchTerm, { kind: 'pair' }>, found?: (where: Where) => void): number {
  let best = 0;
  for (let i = 0; i < entry.tags.length; i += 2) {
    if (entry.tags[i] !== term.key) continue;
    const c = term.value ? closeness(entry.tags[i + 1]!, term.value) : 1;
    if (c > 0 && PAIR_WEIGHT + c > best) {
      best = PAIR_WEIGHT + c;
      found?.(i);
    }
  }
  if (term.value && FIELD_SET.has(term.key)) {
    const field = term.key as SearchField;
    const c = closeness(entry.fields[F[field]]!, term.value);
    if (c > 0 && PAIR_WEIGHT + c > best) {
      best = PAIR_WEIGHT + c;
      found?.(field);
    }
  }
  return best > 0 ? best : textScore(entry, term.text, found);
}

const termScore = (entry: Entry, term: SearchTerm, found?: (where: Where) => void) =>
  term.kind === 'text' ? textScore(entry, term.text, found) : pairScore(entry, term, found);

function fieldText(node: LineageNode, field: SearchField): string {
  switch (field) {
    case 'id':
      return node.id;
    case 'name':
      return node.name ?? '';
    case 'kind':
      return node.kind;
    case 'region':
      return node.region;
    case 'state':
      return node.state ?? '';
    case 'type':
      return typeOf(node) ?? '';
    case 'account':
      return node.accountId ?? '';
    default: {
      const unknown: never = field;
      throw new Error(`unknown search field ${String(unknown)}`);
    }
  }
}

/** Where the first term matched, as the resource has it. */
function explain(entry: Entry, term: SearchTerm): SearchMatch {
  let where = 'id' as Where;
  termScore(entry, term, (w) => (where = w));
  const { node } = entry;
  if (where === 'description') return { field: 'description', text: descriptionOf(node) ?? '' };
  if (typeof where === 'number') {
    const [key, value] = Object.entries(node.tags)[where / 2] ?? ['', ''];
    return { field: 'tag', text: `${key}=${value}` };
  }
  return { field: where, text: fieldText(node, where) };
}

/** How well an entry matches every term: 0 when one of them does not match. */
function scoreEntry(entry: Entry, terms: readonly SearchTerm[]): number {
  let score = 0;
  for (const term of terms) {
    const s = termScore(entry, term);
    if (s === 0) return 0;
    score += s;
  }
  return score;
}

/** The text every match of a term contains somewhere: the value of a `key=value` (or the key, without a value). */
const mustContain = (term: SearchTerm) => (term.kind === 'text' ? term.text : term.value || term.key);

/**
 * The entries whose text contains `text`, in order: one scan of the index's text, however many resources there are.
 */
function candidates(index: SearchIndex, text: string): number[] {
  const out: number[] = [];
  const { starts } = index;
  let entry = 0;
  let at = index.text.indexOf(text);
  while (at >= 0) {
    while (entry < index.entries.length - 1 && starts[entry + 1]! <= at) entry++;
    out.push(entry);
    // The next entry's text is the next place worth looking.
    at = index.text.indexOf(text, starts[entry + 1]);
  }
  return out;
}

/**
 * The resources matching `query`, best first (equal scores in the index's order), `limit` of them from `offset`,
 * with how many match in all. Only the resources that contain the query's longest term are scored, and the matches
 * are bucketed by score, not sorted.
 */
export function searchIndex(index: SearchIndex, query: string, offset = 0, limit = 50): SearchPage {
  const terms = parseQuery(query);
  if (terms.length === 0) return { total: 0, hits: [] };
  const driver = terms.map(mustContain).reduce((a, b) => (b.length > a.length ? b : a));
  const buckets = new Map<number, number[]>();
  let total = 0;
  for (const i of candidates(index, driver)) {
    const score = scoreEntry(index.entries[i]!, terms);
    if (score === 0) continue;
    total++;
    const bucket = buckets.get(score);
    if (bucket) bucket.push(i);
    else buckets.set(score, [i]);
  }
  const hits: SearchHit[] = [];
  let skip = offset;
  for (const score of [...buckets.keys()].sort((a, b) => b - a)) {
    const bucket = buckets.get(score)!;
    if (skip >= bucket.length) {
      skip -= bucket.length;
      continue;
    }
    for (const i of bucket.slice(skip, skip + limit - hits.length)) {
      const entry = index.entries[i]!;
      hits.push({ node: entry.node, score, match: explain(entry, terms[0]!) });
    }
    skip = 0;
    if (hits.length >= limit) break;
  }
  return { total, hits };
}

/** A test for one node against a query, by the same rules (for the view's filters). Empty query: nothing matches. */
export function nodeMatcher(query: string): (node: LineageNode) => boolean {
  const terms = parseQuery(query);
  if (terms.length === 0) return () => false;
  return (node) => scoreEntry(entryOf(node), terms) > 0;
}
