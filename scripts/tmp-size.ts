import { buildLineage } from '../lib/lineage';
import { syntheticInventory } from '../lib/lineage/synthetic-inventory';
import { HistoryStore, factsOfRead } from '../lib/store';
(async () => {
  const dir = '/tmp/d-size'; 
  const store = await HistoryStore.open({ kind: 'embedded', dataDir: dir, historyDays: 400 });
  const g = buildLineage(syntheticInventory(10000));
  const regions = [...new Set(g.nodes.map((n) => n.region))];
  await store.record(factsOfRead(g, 'a', '2026-01-01T00:00:00.000Z', regions));
  await store.close();
})();
