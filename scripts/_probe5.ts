import { buildLineage } from '@/lib/lineage';
import { syntheticInventory } from '@/lib/lineage/synthetic-inventory';
const n = Number(process.argv[2] ?? 50000);
const syn = syntheticInventory(n, 1);
const ts: string[] = [];
for (let i = 0; i < 12; i++) { const c = process.cpuUsage(); const t = performance.now(); buildLineage(syn); const w = performance.now() - t; const u = process.cpuUsage(c); ts.push(`${w.toFixed(0)}/${((u.user + u.system) / 1000).toFixed(0)}`); }
console.log('wall/cpu', ts.join(' '));
