import { Emulator } from '../emulator/emulator';
import { loadScenario } from '../emulator/scenarios';
const n = process.argv[2] ?? 'synthetic:50000';
const em = new Emulator({ delayMs: Number(process.argv[3] ?? 0) });
const t = performance.now();
loadScenario(em, n);
console.log(n, 'seeded in', Math.round(performance.now() - t), 'ms');
let total = 0;
for (const r of ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']) {
  const rs = em.settledRegion(r);
  const own = (x: { ownerId: string }) => x.ownerId === em.accountId;
  const c = { i: Object.keys(rs.instances).length, v: Object.keys(rs.volumes).length, s: Object.values(rs.snapshots).filter(own).length, a: Object.values(rs.images).filter(own).length };
  const pend = Object.values(rs.instances).filter(x => x.state !== 'running' && x.state !== 'stopped').length + Object.values(rs.snapshots).filter(x => x.state !== 'completed').length + Object.values(rs.images).filter(x => x.state !== 'available').length + Object.values(rs.volumes).filter(x => x.state !== 'available' && x.state !== 'in-use').length;
  total += c.i + c.v + c.s + c.a;
  console.log(r, c, 'not settled:', pend);
}
console.log('total', total, 'heap MB', Math.round(process.memoryUsage().heapUsed / 1e6));
