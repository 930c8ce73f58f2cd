import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Inventory, type LineageGraph, assembleGraph, buildLineage, remember } from '@/lib/lineage';
import { W, region, tags, walkthroughInventory } from '@/lib/lineage/fixtures';
import { backends } from '@/test/store-backends';
import { StoreError } from './config';
import { factsOfRead } from './facts';
import { HistoryStore } from './store';

const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1'];
/** A volume restored from S1, and a snapshot of it: the volume is deleted between the reads. */
const R = 'vol-0d000000000000001';
const S3 = 'snap-0d000000000000003';

function withRestored(keepVolume: boolean, extra: { state?: string; team?: string } = {}): Inventory {
  const inv = walkthroughInventory();
  const [east, ...rest] = inv.regions;
  const volume = {
    VolumeId: R,
    Size: 8,
    SnapshotId: W.S1,
    State: extra.state ?? 'available',
    VolumeType: 'gp3',
    AvailabilityZone: 'us-east-1a',
    CreateTime: new Date('2026-02-01T10:00:00.000Z'),
    Tags: tags({ Name: 'restored-r', ...(extra.team ? { team: extra.team } : {}) }),
  };
  const snapshot = {
    SnapshotId: S3,
    VolumeId: R,
    VolumeSize: 8,
    State: 'completed',
    StartTime: new Date('2026-02-01T11:00:00.000Z'),
    Description: 'before cleanup',
  };
  const us = region('us-east-1', {
    ...east!,
    volumes: [...east!.volumes, ...(keepVolume ? [volume] : [])],
    snapshots: [...east!.snapshots, snapshot],
  });
  return { regions: [us, ...rest] };
}

const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-01T11:00:00.000Z';
const T3 = '2026-03-01T12:00:00.000Z';

const facts = (graph: LineageGraph, at: string, regions = REGIONS) => factsOfRead(graph, ACCOUNT, at, regions);
const nodeOf = (graph: LineageGraph, id: string) => graph.nodes.find((n) => n.id === id);

for (const backend of backends()) {
  describe(`history store on ${backend.name}`, () => {
    let store: HistoryStore;
    let place: Awaited<ReturnType<typeof backend.fresh>>;

    beforeAll(async () => {
      place = await backend.fresh();
      store = await HistoryStore.open(place.config);
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      await place?.remove();
      await backend.stop();
    });

    it('records a first read: every listed resource appears, edges are kept, ghosts are not resources', async () => {
      const graph = buildLineage(withRestored(true));
      const summary = await store.record(facts(graph, T1));
      const listed = graph.nodes.filter((n) => !n.external).length;
      expect(summary).toMatchObject({ scopes: 2, appeared: listed, changed: 0, disappeared: 0, unchanged: 0 });
      expect(summary.edgesWritten).toBe(graph.edges.length);
      expect(await store.history(ACCOUNT, R)).toEqual([
        expect.objectContaining({
          at: T1,
          kind: 'appeared',
          resourceId: R,
          resourceKind: 'volume',
          name: 'restored-r',
        }),
      ]);
      expect(await store.history(ACCOUNT, W.BASE)).toBeNull(); // a public AMI is not the account's resource
      const stored = await store.graph(ACCOUNT, [], null);
      const drawn = assembleGraph(stored.listed, stored.edges, stored.remembered);
      expect(new Set(drawn.nodes.map((n) => n.id))).toEqual(new Set(graph.nodes.map((n) => n.id)));
      expect(new Set(drawn.edges.map((e) => e.id))).toEqual(new Set(graph.edges.map((e) => e.id)));
      expect(stored.readAt).toBe(T1);
    });

    it('costs nothing to record again when nothing changed, and skips a read that is not newer', async () => {
      const graph = buildLineage(withRestored(true));
      const again = await store.record(facts(graph, T1));
      expect(again).toMatchObject({ scopes: 0, skipped: 2 });
      const later = await store.record(facts(graph, '2026-03-01T10:30:00.000Z'));
      expect(later).toMatchObject({ appeared: 0, changed: 0, disappeared: 0, edgesWritten: 0, edgesClosed: 0 });
      expect(later.unchanged).toBe(graph.nodes.filter((n) => !n.external).length);
      expect((await store.changes(ACCOUNT, T1, { limit: 100 })).changes).toEqual([]);
    });

    it('records state and tag changes as they happen', async () => {
      await store.record(facts(buildLineage(withRestored(true, { state: 'in-use', team: 'web' })), T2));
      const history = await store.history(ACCOUNT, R);
      expect(history?.map((e) => e.kind)).toEqual(['appeared', 'state-changed', 'tags-changed']);
      expect(history?.[1]).toMatchObject({ at: T2, detail: { from: 'available', to: 'in-use' } });
      expect(history?.[2]).toMatchObject({ detail: { added: { team: 'web' }, removed: {}, changed: {} } });
    });

    it('records a disappearance and remembers the resource, its size and its edges', async () => {
      const live = buildLineage(withRestored(false));
      expect(nodeOf(live, R)).toMatchObject({ external: true, name: null });
      const summary = await store.record(facts(live, T3));
      expect(summary.disappeared).toBe(1);
      const history = await store.history(ACCOUNT, R);
      expect(history?.map((e) => e.kind)).toEqual(['appeared', 'state-changed', 'tags-changed', 'disappeared']);
      expect(history?.at(-1)).toMatchObject({ at: T3, detail: { lastSeenAt: T2 } });

      const remembered = await store.remember(ACCOUNT, [R], []);
      expect(remembered).toHaveLength(1);
      expect(remembered[0]).toMatchObject({ lastSeenAt: T2, node: { id: R, name: 'restored-r', sizeGiB: 8 } });
      const drawn = remember(live, remembered);
      const ghost = nodeOf(drawn, R)!;
      expect(ghost).toMatchObject({ external: true, name: 'restored-r', sizeGiB: 8, lastSeenAt: T2, state: null });
      expect(ghost.tags).toEqual({ Name: 'restored-r', team: 'web' });
      expect(ghost.externalReason).toMatch(/^deleted, last seen 2026-03-01 11:00 UTC$/);
      expect(drawn.edges.find((e) => e.kind === 'restored' && e.target === R)?.source).toBe(W.S1);
      expect(drawn.edges.find((e) => e.kind === 'snapshot-of' && e.target === S3)?.source).toBe(R);
    });

    it('draws the graph as of a time: the volume live before its deletion, a remembered ghost after', async () => {
      const before = await store.graph(ACCOUNT, [], '2026-03-01T11:30:00.000Z');
      const then = assembleGraph(before.listed, before.edges, before.remembered);
      expect(nodeOf(then, R)).toMatchObject({ external: false, state: 'in-use', name: 'restored-r' });
      expect(then.edges.some((e) => e.kind === 'restored' && e.target === R)).toBe(true);

      const first = await store.graph(ACCOUNT, [], T1);
      expect(nodeOf(assembleGraph(first.listed, first.edges, first.remembered), R)?.state).toBe('available');

      const after = await store.graph(ACCOUNT, [], '2026-03-01T12:30:00.000Z');
      const now = assembleGraph(after.listed, after.edges, after.remembered);
      expect(nodeOf(now, R)).toMatchObject({ external: true, lastSeenAt: T2, sizeGiB: 8 });
      expect(now.edges.some((e) => e.kind === 'restored' && e.target === R)).toBe(true);

      expect((await store.graph(ACCOUNT, [], '2026-02-01T00:00:00.000Z')).regions).toEqual([]);
    });

    it('answers changes since a time, oldest first, and narrows them to regions', async () => {
      const { changes, truncated } = await store.changes(ACCOUNT, T2, { limit: 10 });
      expect(truncated).toBe(false);
      expect(changes).toEqual([expect.objectContaining({ kind: 'disappeared', resourceId: R, region: 'us-east-1' })]);
      const all = await store.changes(ACCOUNT, '2000-01-01T00:00:00.000Z', { limit: 3 });
      expect(all.truncated).toBe(true);
      expect(all.changes.every((c) => c.kind === 'appeared')).toBe(true);
      const eu = await store.changes(ACCOUNT, T1, { regions: ['eu-west-1'], limit: 10 });
      expect(eu.changes).toEqual([]);
    });

    it('only forgets resources of the regions that were read', async () => {
      const eastOnly = buildLineage({ regions: withRestored(false).regions.filter((r) => r.region === 'us-east-1') });
      const summary = await store.record(facts(eastOnly, '2026-03-01T13:00:00.000Z', ['us-east-1']));
      expect(summary).toMatchObject({ scopes: 1, disappeared: 0 });
      const eu = await store.graph(ACCOUNT, ['eu-west-1'], null);
      expect(eu.listed.some((n) => n.id === W.AMI1c)).toBe(true);
    });

    it('keeps everything across a restart on the same database', async () => {
      await store.close();
      store = await HistoryStore.open(place.config);
      expect((await store.history(ACCOUNT, R))?.map((e) => e.kind)).toContain('disappeared');
      expect((await store.remember(ACCOUNT, [R], []))[0]?.lastSeenAt).toBe(T2);
    });

    it('serializes writes: reads recorded at once are applied one after the other', async () => {
      const a = buildLineage(withRestored(false));
      const results = await Promise.all(
        ['2026-03-02T00:00:01.000Z', '2026-03-02T00:00:02.000Z', '2026-03-02T00:00:03.000Z'].map((at) =>
          store.record(facts(a, at)),
        ),
      );
      expect(results.map((r) => r.scopes)).toEqual([2, 2, 2]);
      expect(results.every((r) => r.appeared === 0 && r.disappeared === 0)).toBe(true);
    });

    it('forgets what is older than the history bound', async () => {
      await store.prune('2026-03-01T12:30:00.000Z');
      expect(await store.history(ACCOUNT, R)).toBeNull();
      expect(await store.remember(ACCOUNT, [R], [])).toEqual([]);
      const latest = await store.graph(ACCOUNT, [], null);
      expect(latest.listed.some((n) => n.id === W.AMI1)).toBe(true);
    });

    if (backend.name === 'embedded') {
      it('refuses a second store on a directory in use', async () => {
        await expect(HistoryStore.open(place.config)).rejects.toMatchObject({ code: 'StoreInUse' });
      });
    } else {
      it('elects one collector per account through an advisory lock', async () => {
        const other = await HistoryStore.open(place.config);
        try {
          const [lease, alongside] = await Promise.all([store.tryCollect(ACCOUNT), store.tryCollect(ACCOUNT)]);
          expect(lease).not.toBeNull();
          expect(alongside).not.toBeNull(); // reads in one instance share its lease
          expect(await other.tryCollect(ACCOUNT)).toBeNull();
          await alongside!.release();
          expect(await other.tryCollect(ACCOUNT)).toBeNull();
          const elsewhere = await other.tryCollect('210987654321');
          expect(elsewhere).not.toBeNull();
          await elsewhere!.release();
          await lease!.release();
          const next = await other.tryCollect(ACCOUNT);
          expect(next).not.toBeNull();
          await next!.release();
        } finally {
          await other.close();
        }
      });
    }
  });
}

describe('an unusable database', () => {
  afterEach(() => undefined);

  it('names DATABASE_URL, without its password, when the server cannot be reached', async () => {
    const error = await HistoryStore.open({
      kind: 'postgres',
      url: 'postgres://lineage:s3cret@127.0.0.1:1/lineage',
      historyDays: 400,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('StoreUnavailable');
    expect((error as StoreError).message).toMatch(/DATABASE_URL=postgres:\/\/lineage:\*\*\*@127\.0\.0\.1:1\/lineage/);
    expect((error as StoreError).message).not.toMatch(/s3cret/);
    expect((error as StoreError).message).toMatch(/ECONNREFUSED/);
  });
});
