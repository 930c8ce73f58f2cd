/**
 * A resource's lineage in words, for the details panel: short sentences whose resource mentions are links.
 * Pure: the panel renders the segments; tests read them as text.
 */
import { indexGraph } from './queries';
import type { EdgeKind, LineageGraph, LineageNode } from './types';

export type StorySegment = string | { ref: string; label: string; strong?: boolean };
export type StorySentence = StorySegment[];

const LIST_LIMIT = 5;

export function formatDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function displayName(node: Pick<LineageNode, 'id' | 'name'>): string {
  return node.name ?? node.id;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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

export function lineageStory(graph: LineageGraph, id: string): StorySentence[] {
  const index = indexGraph(graph);
  const node = index.nodes.get(id);
  if (!node) return [];
  const get = (nid: string) => index.nodes.get(nid);
  const incoming = (kind: EdgeKind) => (index.incoming.get(id) ?? []).filter((e) => e.kind === kind);
  const outgoing = (kind: EdgeKind) => (index.outgoing.get(id) ?? []).filter((e) => e.kind === kind);
  const refOf = (nid: string) => ref(get(nid), nid);
  const story: StorySentence[] = [];

  if (node.external) story.push([`Not in this inventory: ${node.externalReason ?? 'referenced by another resource'}.`]);

  switch (node.kind) {
    case 'image': {
      for (const e of incoming('created-image'))
        story.push(['Created by CreateImage from ', ...refOf(e.source), `${on(e.at ?? node.createdAt)}.`]);
      for (const e of incoming('copied')) {
        const src = get(e.source);
        story.push([
          'Copied from ',
          ...refOf(e.source),
          src && src.region !== node.region ? ` in ${src.region}` : '',
          `${on(e.at ?? node.createdAt)}.`,
        ]);
      }
      const backs = incoming('backs');
      if (backs.length > 0) {
        story.push([
          'Backed by ',
          ...joinList(
            backs.map((e) => {
              const from = (index.incoming.get(e.source) ?? []).find((x) => x.kind === 'snapshot-of');
              const origin: StorySegment[] | null = from
                ? ['from ', ...refOf(from.source), e.label ? ` ${e.label}` : '']
                : e.label
                  ? [e.label]
                  : null;
              return [...refOf(e.source), ...parenthetical([textPart(size(get(e.source))), origin])];
            }),
          ),
          '.',
        ]);
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
      for (const e of outgoing('copied')) {
        const copy = get(e.target);
        story.push([`Copied to ${copy?.region ?? e.label ?? 'another region'} as `, ...refOf(e.target), '.']);
      }
      break;
    }
    case 'instance': {
      for (const e of incoming('launched'))
        story.push(['Launched from ', ...refOf(e.source), `${on(node.createdAt)}.`]);
      const volumes = outgoing('attached');
      if (volumes.length > 0) {
        story.push([
          `${volumes.length === 1 ? 'Volume' : 'Volumes'}: `,
          ...joinList(
            volumes.map((e) => {
              const restored = (index.incoming.get(e.target) ?? []).find((x) => x.kind === 'restored');
              const origin: StorySegment[] | null = restored ? ['restored from ', ...refOf(restored.source)] : null;
              return [...refOf(e.target), ...parenthetical([textPart(size(get(e.target))), textPart(e.label), origin])];
            }),
          ),
          '.',
        ]);
      }
      const images = outgoing('created-image');
      if (images.length > 0) {
        story.push([
          `${plural(images.length, 'image')} created from it: `,
          ...joinList(images.map((e) => refOf(e.target))),
          '.',
        ]);
      }
      break;
    }
    case 'volume': {
      const restored = incoming('restored');
      if (restored.length > 0)
        for (const e of restored) story.push(['Restored from ', ...refOf(e.source), `${on(node.createdAt)}.`]);
      else if (!node.external) story.push([`Created blank${on(node.createdAt)}.`]);
      const attached = incoming('attached');
      story.push(
        attached.length === 0
          ? ['Attached to nothing.']
          : [
              'Attached to ',
              ...joinList(attached.map((e) => [...refOf(e.source), e.label ? ` as ${e.label}` : ''])),
              '.',
            ],
      );
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
      break;
    }
    case 'snapshot': {
      for (const e of incoming('snapshot-of'))
        story.push(['Snapshot of ', ...refOf(e.source), `${on(node.createdAt)}.`]);
      for (const e of incoming('copied')) {
        const src = get(e.source);
        story.push([
          'Copied from ',
          ...refOf(e.source),
          src && src.region !== node.region ? ` in ${src.region}` : '',
          `${on(node.createdAt)}.`,
        ]);
      }
      const backs = outgoing('backs');
      story.push(
        backs.length === 0
          ? ['Backs no AMI.']
          : ['Backs ', ...joinList(backs.map((e) => [...refOf(e.target), e.label ? ` as ${e.label}` : ''])), '.'],
      );
      const restores = outgoing('restored');
      if (restores.length > 0) story.push(['Restored as ', ...joinList(restores.map((e) => refOf(e.target))), '.']);
      for (const e of outgoing('copied')) {
        const copy = get(e.target);
        story.push([`Copied to ${copy?.region ?? e.label ?? 'another region'} as `, ...refOf(e.target), '.']);
      }
      break;
    }
  }
  return story;
}

/** The story as plain text (for tests, titles and screen readers). */
export function storyText(story: StorySentence[]): string {
  return story.map((s) => s.map((seg) => (typeof seg === 'string' ? seg : seg.label)).join('')).join(' ');
}
