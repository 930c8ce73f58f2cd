import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { cleanupSaving } from './chain-view';
import { type SnapshotStorage, findFindings } from './findings';
import { inventory, region } from './fixtures';
import { snapshotArchivePricePerGiBMonth, snapshotPricePerGiBMonth } from './prices';

/** Three snapshots of a volume that is gone: orphans, whose size depends on what is known of their blocks. */
const GIB = 2 ** 30;
const ids = ['snap-0a00000000000001', 'snap-0a00000000000002', 'snap-0a00000000000003'];
const graph = buildLineage(
  inventory(
    region('us-east-1', {
      snapshots: ids.map((SnapshotId, i) => ({
        SnapshotId,
        VolumeId: 'vol-0dead000000000001',
        VolumeSize: 100,
        State: 'completed',
        StartTime: new Date(Date.UTC(2026, 10, 1 + i)),
        OwnerId: '123456789012',
      })),
    }),
  ),
);
const now = new Date('2026-11-21T00:00:00Z');

describe('snapshot findings and what is known of their blocks', () => {
  it('counts a snapshot at its full size, and says it is an estimate, when its chain is not measured', () => {
    const findings = findFindings(graph, { now });
    expect(findings.map((f) => [f.kind, f.sizeBasis, f.sizeGiB])).toEqual(
      ids.map(() => ['orphan-snapshot', 'full', 100]),
    );
    expect(findings[0]!.evidence.join('\n')).toMatch(/estimated at full size: its chain is not measured/);
  });

  it('counts what deleting it frees once measured, and an archived one at the archive price, in full', () => {
    const snapshots = new Map<string, SnapshotStorage>([
      [ids[0]!, { measured: { uniqueBytes: 2.5 * GIB, fullBytes: 60 * GIB, volumeId: 'vol-0dead000000000001' } }],
      [ids[1]!, { storageTier: 'archive', fullBytes: 61 * GIB }],
    ]);
    const byId = new Map(findFindings(graph, { now, snapshots }).map((f) => [f.resourceId, f]));
    expect(byId.get(ids[0]!)).toMatchObject({
      sizeBasis: 'unique',
      sizeGiB: 2.5,
      monthlyCostUsd: Math.round(2.5 * snapshotPricePerGiBMonth('us-east-1') * 100) / 100,
    });
    expect(byId.get(ids[0]!)!.evidence.join('\n')).toMatch(
      /60 GiB written, 2.5 GiB held by no other snapshot; deleting it frees about 2.5 GiB/,
    );
    expect(byId.get(ids[1]!)).toMatchObject({
      sizeBasis: 'archive',
      sizeGiB: 61,
      monthlyCostUsd: Math.round(61 * snapshotArchivePricePerGiBMonth('us-east-1') * 100) / 100,
    });
    expect(byId.get(ids[2]!)).toMatchObject({ sizeBasis: 'full', sizeGiB: 100 });
  });

  it('totals a clean-up by what the chosen snapshots of a chain free together', () => {
    const chain = {
      volumeId: 'vol-0dead000000000001',
      snapshots: ids.map((snapshotId) => ({
        snapshotId,
        startTime: '',
        storageTier: 'standard',
        fullBytes: 60 * GIB,
        changedBytes: 10 * GIB,
        uniqueBytes: 1 * GIB,
      })),
      // Each holds 1 GiB alone; the first two share 9 GiB; all three share 50 GiB.
      spans: [
        ...ids.map((id) => ({ first: id, last: id, bytes: GIB })),
        { first: ids[0]!, last: ids[1]!, bytes: 9 * GIB },
        { first: ids[0]!, last: ids[2]!, bytes: 50 * GIB },
      ],
      storedBytes: 62 * GIB,
    };
    const price = snapshotPricePerGiBMonth('us-east-1');
    const finding = (id: string) => ({
      resourceId: id,
      region: 'us-east-1',
      sizeBasis: 'unique' as const,
      monthlyCostUsd: price,
    });
    expect(cleanupSaving([finding(ids[1]!)], [chain])).toBe(Math.round(price * 100) / 100);
    expect(cleanupSaving([finding(ids[0]!), finding(ids[1]!)], [chain])).toBe(Math.round(11 * price * 100) / 100);
    expect(cleanupSaving(ids.map(finding), [chain])).toBe(Math.round(62 * price * 100) / 100);
    // Anything not in a measured chain counts its own cost.
    const volume = { resourceId: 'vol-1', region: 'us-east-1', sizeBasis: 'provisioned' as const, monthlyCostUsd: 1.6 };
    expect(cleanupSaving([volume, finding(ids[1]!)], [chain])).toBe(Math.round((1.6 + price) * 100) / 100);
  });
});
