import { readFileSync } from 'node:fs';
import { buildLineage } from '@/lib/lineage/build';
import { syntheticInventory } from '@/lib/lineage/synthetic-inventory';
const syn = syntheticInventory(Number(process.argv[2] ?? 50000), 1);
for (let i = 0; i < 3; i++) buildLineage(syn);
const sched = () => readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
const out: string[] = [];
for (let i = 0; i < 10; i++) {
  const s0 = sched(); const t = performance.now(); buildLineage(syn); const w = performance.now() - t; const s1 = sched();
  out.push(`${w.toFixed(0)} (run ${((s1[0]! - s0[0]!) / 1e6).toFixed(0)}, wait ${((s1[1]! - s0[1]!) / 1e6).toFixed(0)})`);
}
console.log(out.join('  '));
