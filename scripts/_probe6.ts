import { buildLineage } from '@/lib/lineage/build';
import { buildLineage as probe } from '@/lib/lineage/_build_probe';
import { syntheticInventory } from '@/lib/lineage/synthetic-inventory';
const n = Number(process.argv[2] ?? 50000);
const syn = syntheticInventory(n, 1);
const a: number[] = [], b: number[] = [];
for (let i = 0; i < 16; i++) {
  let t = performance.now(); buildLineage(syn); a.push(performance.now() - t);
  t = performance.now(); probe(syn); b.push(performance.now() - t);
}
const med = (x: number[]) => x.slice().sort((p, q) => p - q)[x.length >> 1]!.toFixed(0);
const min = (x: number[]) => Math.min(...x).toFixed(0);
console.log('current median', med(a), 'min', min(a), '| cached-iso median', med(b), 'min', min(b));
