/**
 * A resource's lineage in words, for the details panel: short sentences whose resource mentions are links.
 * Pure: the panel renders the segments; tests read them as text.
 */
import { externalReasonText } from './external';
import { unreachable } from './never';
import { imageMadeFor } from './provenance';
import { indexGraph } from './queries';
import type { EdgeKind, LineageEdge, LineageGraph, LineageNode } from './types';

export type StorySegment = string | { ref: string; label: string; strong?: boolean };
export type StorySentence = StorySegment[];

const LIST_LIMIT = 5;

export function formatDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Text as the end of a sentence: its own closing mark kept (`running?`), else a full stop. */
export const endSentence = (text: string) => (/[.?!…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** What happens to an image's snapshots when it is deregistered without them. */
export const snapshotsStay = (n: number) =>
  n === 1 ? 'Its snapshot stays and keeps costing storage.' : `Its ${n} snapshots stay and keep costing storage.`;

/** A link to a node, naming it "Name (id)" when it has a name, else its id. */
function ref(node: LineageNode | undefined, id: string, strong = false): StorySegment[] {
  if (!node?.name) return [{ ref: id, label: id, strong }];
  return [{ ref: id, label: node.name, strong: true }, ` (${id})`];
}

function joinList(items: StorySegment[][], total = items.length): StorySegment[] {
  const shown = items.slice(0, LIST_LIMIT);
  const out: StorySegment[] = [];
  shown.forEach((item, i) => {
    if (i > 0) out.push(i === shown.length - 1 && total <= LIST_LIMIT ? ' and ' : ', ');
    out.push(...item);
  });
  if (total > LIST_LIMIT) out.push(` and ${total - LIST_LIMIT} more`);
  return out;
}

const on = (iso: string | null | undefined) => {
  const d = formatDate(iso);
  return d ? ` on ${d}` : '';
};

const textPart = (text: string | null | undefined): StorySegment[] | null => (text ? [text] : null);

/** " (a, b, c)" from the parts that are present; nothing when none is. */
function parenthetical(parts: (StorySegment[] | null)[]): StorySegment[] {
  const present = parts.filter((p): p is StorySegment[] => p !== null);
  if (present.length === 0) return [];
  return [' (', ...present.flatMap((p, i) => (i === 0 ? p : [', ', ...p])), ')'];
}

const size = (node: LineageNode | undefined) => (node?.sizeGiB != null ? `${node.sizeGiB} GiB` : null);

/** What a story of one resource reads from the graph. */
interface Teller {
  node: LineageNode;
  get: (id: string) => LineageNode | undefined;
  incoming: (kind: EdgeKind, id?: string) => readonly LineageEdge[];
  outgoing: (kind: EdgeKind) => readonly LineageEdge[];
  refOf: (id: string) => StorySegment[];
}

/** "Prefix X on date." for each edge: X is the edge's source (`from`) or target. */
function eachEdge(
  { refOf }: Teller,
  edges: readonly LineageEdge[],
  prefix: string,
  at: (e: LineageEdge) => string | null | undefined,
  end: 'source' | 'target' = 'source',
): StorySentence[] {
  return edges.map((e) => [prefix, ...refOf(e[end]), `${on(at(e))}.`]);
}

/** "Prefix X as /dev/sdf, Y and Z." naming the other ends, or `none` when there are none. */
function listOr(
  { refOf }: Teller,
  edges: readonly LineageEdge[],
  none: string,
  prefix: string,
  end: 'source' | 'target',
): StorySentence {
  if (edges.length === 0) return [none];
  return [prefix, ...joinList(edges.map((e) => [...refOf(e[end]), e.label ? ` as ${e.label}` : ''])), '.'];
}

/** "Copied from X in eu-west-1 on 1 Jan 2026." for each copy edge into the node. */
function copiedFromSentences(
  { node, get, incoming, refOf }: Teller,
  at: (e: LineageEdge) => string | null,
): StorySentence[] {
  return incoming('copied').map((e) => {
    const src = get(e.source);
    return [
      'Copied from ',
      ...refOf(e.source),
      src && src.region !== node.region ? ` in ${src.region}` : '',
      `${on(at(e))}.`,
    ];
  });
}

/** "Copied to eu-west-1 as Y." for each copy edge out of the node. */
function copiedToSentences({ get, outgoing, refOf }: Teller): StorySentence[] {
  return outgoing('copied').map((e) => [
    `Copied to ${get(e.target)?.region ?? e.label ?? 'another region'} as `,
    ...refOf(e.target),
    '.',
  ]);
}

function imageStory(t: Teller): StorySentence[] {
  const { node, get, incoming, outgoing, refOf } = t;
  const story = eachEdge(t, incoming('created-image'), 'Created by CreateImage from ', (e) => e.at ?? node.createdAt);
  story.push(...copiedFromSentences(t, (e) => e.at ?? node.createdAt));
  const backs = incoming('backs');
  if (backs.length > 0) {
    const items = backs.map((e) => {
      const from = incoming('snapshot-of', e.source)[0];
      const device = e.label ? ` ${e.label}` : '';
      const origin: StorySegment[] | null = from ? ['from ', ...refOf(from.source), device] : textPart(e.label);
      return [...refOf(e.source), ...parenthetical([textPart(size(get(e.source))), origin])];
    });
    story.push(['Backed by ', ...joinList(items), '.']);
  }
  const launched = outgoing('launched');
  story.push(
    launched.length === 0
      ? ['No instance in this inventory was launched from it.']
      : [
          `${plural(launched.length, 'instance')} launched from it: `,
          ...joinList(launched.map((e) => refOf(e.target))),
          '.',
        ],
  );
  return [...story, ...copiedToSentences(t)];
}

function instanceStory(t: Teller): StorySentence[] {
  const { node, get, incoming, outgoing, refOf } = t;
  const story = eachEdge(t, incoming('launched'), 'Launched from ', () => node.createdAt);
  const volumes = outgoing('attached');
  if (volumes.length > 0) {
    const items = volumes.map((e) => {
      const restored = incoming('restored', e.target)[0];
      const origin: StorySegment[] | null = restored ? ['restored from ', ...refOf(restored.source)] : null;
      return [...refOf(e.target), ...parenthetical([textPart(size(get(e.target))), textPart(e.label), origin])];
    });
    story.push([`${volumes.length === 1 ? 'Volume' : 'Volumes'}: `, ...joinList(items), '.']);
  }
  const images = outgoing('created-image');
  if (images.length > 0) {
    story.push([
      `${plural(images.length, 'image')} created from it: `,
      ...joinList(images.map((e) => refOf(e.target))),
      '.',
    ]);
  }
  return story;
}

function volumeStory(t: Teller): StorySentence[] {
  const { node, get, incoming, outgoing, refOf } = t;
  const story = eachEdge(t, incoming('restored'), 'Restored from ', () => node.createdAt);
  if (story.length === 0 && !node.external) story.push([`Created blank${on(node.createdAt)}.`]);
  story.push(listOr(t, incoming('attached'), 'Attached to nothing.', 'Attached to ', 'source'));
  const snaps = outgoing('snapshot-of');
  if (snaps.length > 0) {
    const newest = snaps
      .map((e) => get(e.target)?.createdAt ?? e.at ?? null)
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    story.push([
      `${plural(snaps.length, 'snapshot')} taken of it: `,
      ...joinList(snaps.map((e) => refOf(e.target))),
      newest ? `; the latest${on(newest)}.` : '.',
    ]);
  }
  return story;
}

function snapshotStory(t: Teller): StorySentence[] {
  const { node, incoming, outgoing, refOf } = t;
  const story = eachEdge(t, incoming('snapshot-of'), 'Snapshot of ', () => node.createdAt);
  story.push(...copiedFromSentences(t, () => node.createdAt));
  story.push(listOr(t, outgoing('backs'), 'Backs no AMI.', 'Backs ', 'target'));
  // The AMI its description names, once that AMI is gone (a leftover of a deregistered image).
  const madeFor = node.kind === 'snapshot' ? imageMadeFor(node.details.provenance) : null;
  const image = madeFor ? t.get(madeFor.imageId) : undefined;
  if (madeFor && !outgoing('backs').length && (!image || image.external || image.state === 'deregistered')) {
    story.push([`Made by ${madeFor.by} for `, ...refOf(madeFor.imageId), ', which is no longer registered.']);
  }
  const restores = outgoing('restored');
  if (restores.length > 0) story.push(['Restored as ', ...joinList(restores.map((e) => refOf(e.target))), '.']);
  return [...story, ...copiedToSentences(t)];
}

export function lineageStory(graph: LineageGraph, id: string): StorySentence[] {
  const index = indexGraph(graph);
  const node = index.nodes.get(id);
  if (!node) return [];
  const get = (nid: string) => index.nodes.get(nid);
  const t: Teller = {
    node,
    get,
    incoming: (kind, of = id) => (index.incoming.get(of) ?? []).filter((e) => e.kind === kind),
    outgoing: (kind) => (index.outgoing.get(id) ?? []).filter((e) => e.kind === kind),
    refOf: (nid) => ref(get(nid), nid),
  };
  const story: StorySentence[] = [];
  if (node.external)
    story.push([`Not in this inventory: ${externalReasonText(node) ?? 'referenced by another resource'}.`]);
  switch (node.kind) {
    case 'image':
      return [...story, ...imageStory(t)];
    case 'instance':
      return [...story, ...instanceStory(t)];
    case 'volume':
      return [...story, ...volumeStory(t)];
    case 'snapshot':
      return [...story, ...snapshotStory(t)];
    default:
      return unreachable(node, 'node kind');
  }
}

/** The story as plain text (for tests, titles and screen readers). */
export function storyText(story: StorySentence[]): string {
  return story.map((s) => s.map((seg) => (typeof seg === 'string' ? seg : seg.label)).join('')).join(' ');
}
