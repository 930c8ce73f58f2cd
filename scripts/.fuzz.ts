import { Emulator } from '../emulator/emulator';
import { loadScenario } from '../emulator/scenarios';
import { ManualClock } from '../emulator/clock';
let worst = 0;
for (const n of [0, 1, 3, 10, 50, 100, 300, 1000, 5000]) {
  for (let seed = 1; seed <= 4; seed++) {
    for (const delayMs of [3_600_000]) {
      const em = new Emulator({ delayMs, clock: new ManualClock() });
      loadScenario(em, `synthetic:${n}:${seed}`);
      let total = 0; let pending = 0;
      for (const r of em.knownRegions()) {
        const rs = em.settledRegion(r);
        const own = Object.values(rs.snapshots).filter((s) => s.ownerId === em.accountId);
        total += Object.keys(rs.instances).length + Object.keys(rs.volumes).length + own.length + Object.values(rs.images).filter((i) => i.ownerId === em.accountId).length;
        pending += own.filter((s) => s.state !== 'completed').length + Object.values(rs.instances).filter((i) => i.state !== 'running' && i.state !== 'stopped').length + Object.values(rs.volumes).filter((v) => v.state === 'creating').length + Object.values(rs.images).filter((i) => i.state !== 'available').length;
      }
      const off = n ? Math.abs(total - n) / n : total;
      worst = Math.max(worst, n >= 100 ? off : 0);
      if ((n >= 100 && off > 0.1) || pending) console.log('BAD', n, seed, delayMs, total, pending);
      if (n < 100 && Math.abs(total - n) > 2) console.log('small', n, seed, total);
    }
  }
}
console.log('worst relative error (n>=100):', worst);
