import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { walkthroughInventory } from './fixtures';
import {
  type BinnedResource,
  type RecycleBinRules,
  retentionFor,
  retentionOf,
  retentionSentence,
  retentionsSentence,
  withRecycleBin,
} from './recycle-bin';
import { externalReasonText } from './external';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const DAY = 86_400_000;

const binned = (fields: Partial<BinnedResource>): BinnedResource => ({
  kind: 'snapshot',
  id: 'snap-0bbbbbbbbbbbbbbb1',
  region: 'us-east-1',
  accountId: '123456789012',
  name: null,
  description: 'Backup of scratch',
  volumeId: null,
  enteredAt: new Date(NOW - DAY).toISOString(),
  exitsAt: new Date(NOW + 6 * DAY).toISOString(),
  ...fields,
});

describe('withRecycleBin', () => {
  it('adds a restorable ghost, joined to its volume when that is drawn, without changing the graph given', () => {
    const graph = buildLineage(walkthroughInventory());
    const volume = graph.nodes.find((n) => n.kind === 'volume')!;
    const before = graph.nodes.length;
    const out = withRecycleBin(graph, [binned({ volumeId: volume.id })]);
    expect(graph.nodes).toHaveLength(before);
    const ghost = out.nodes.find((n) => n.id === 'snap-0bbbbbbbbbbbbbbb1')!;
    expect(ghost).toMatchObject({ external: true, externalReason: 'recycle-bin', region: 'us-east-1' });
    expect(externalReasonText(ghost)).toBe('in the Recycle Bin until 2026-11-27 10:00 UTC');
    expect(externalReasonText(ghost, 'day')).toBe('in the Recycle Bin until 2026-11-27');
    expect(out.edges.filter((e) => e.target === ghost.id).map((e) => [e.kind, e.source])).toEqual([
      ['snapshot-of', volume.id],
    ]);
  });

  it('a ghost already drawn learns that it is in the bin; a listed resource is left alone', () => {
    const graph = buildLineage(walkthroughInventory());
    const ghost = graph.nodes.find((n) => n.external && n.kind === 'image')!;
    const owned = graph.nodes.find((n) => !n.external && n.kind === 'snapshot')!;
    const out = withRecycleBin(graph, [binned({ kind: 'image', id: ghost.id, name: 'Old' }), binned({ id: owned.id })]);
    expect(out.nodes).toHaveLength(graph.nodes.length);
    expect(out.nodes.find((n) => n.id === ghost.id)).toMatchObject({ externalReason: 'recycle-bin', name: 'Old' });
    expect(ghost.externalReason).not.toBe('recycle-bin');
    expect(out.nodes.find((n) => n.id === owned.id)).toBe(owned);
  });
});

describe('retention', () => {
  const rules: RecycleBinRules = {
    accountId: '123456789012',
    region: 'us-east-1',
    rules: [
      { id: 'a', resourceType: 'snapshot', retentionDays: 7, resourceTags: [{ key: 'kind', value: 'backup' }] },
      { id: 'b', resourceType: 'snapshot', retentionDays: 3, resourceTags: [] },
      { id: 'c', resourceType: 'image', retentionDays: 30, resourceTags: [{ key: 'keep' }] },
    ],
  };
  const node = (kind: 'snapshot' | 'image', tags: Record<string, string>, region = 'us-east-1') => ({
    kind,
    region,
    accountId: '123456789012',
    tags,
  });

  it('the longest retention of the rules that match wins; a tag-level rule needs one of its tags', () => {
    expect(retentionFor(rules.rules, 'snapshot', { kind: 'backup' })?.id).toBe('a');
    expect(retentionFor(rules.rules, 'snapshot', { kind: 'scratch' })?.id).toBe('b');
    expect(retentionFor(rules.rules, 'image', { keep: 'anything' })?.id).toBe('c');
    expect(retentionFor(rules.rules, 'image', {})).toBeUndefined();
  });

  it('says when a rule keeps what is deleted, and until when; otherwise that it cannot be undone', () => {
    const kept = retentionOf([rules], node('snapshot', { kind: 'backup' }), NOW);
    expect(retentionSentence(kept)).toBe(
      'A Recycle Bin rule keeps it 7 days: it can be restored until 2026-11-28 10:00 UTC.',
    );
    expect(retentionSentence(retentionOf([rules], node('image', {}), NOW))).toBe('This cannot be undone.');
    const unread: RecycleBinRules = {
      ...rules,
      rules: [],
      unreadable: 'Recycle Bin of us-east-1: its rules could not be read (AccessDeniedException).',
    };
    expect(retentionSentence(retentionOf([unread], node('image', {}), NOW))).toBe(
      'This cannot be undone unless a Recycle Bin rule keeps it (Recycle Bin of us-east-1: its rules could not be read (AccessDeniedException)).',
    );
    expect(retentionOf([rules], node('snapshot', {}, 'eu-west-1'), NOW).kind).toBe('unknown');
    expect(retentionOf([rules], { ...node('snapshot', {}), kind: 'volume' }, NOW).kind).toBe('gone');
  });

  it('a clean-up says how many of its deletions a rule keeps', () => {
    const kept = retentionOf([rules], node('snapshot', {}), NOW);
    const gone = retentionOf([rules], node('image', {}), NOW);
    expect(retentionsSentence([kept, gone], 3)).toBe(
      'A Recycle Bin rule keeps 1 of them (restorable until at least 2026-11-24 10:00 UTC); the rest cannot be undone.',
    );
    expect(retentionsSentence([kept], 1)).toBe(
      'A Recycle Bin rule keeps them: they can be restored until at least 2026-11-24 10:00 UTC.',
    );
    expect(retentionsSentence([gone], 2)).toBe('This cannot be undone.');
  });
});
