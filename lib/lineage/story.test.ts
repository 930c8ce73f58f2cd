import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { W, inventory, region, walkthroughInventory } from './fixtures';
import { endSentence, formatDate, lineageStory, snapshotsStay, storyText } from './story';

const graph = buildLineage(walkthroughInventory());
const text = (id: string) => storyText(lineageStory(graph, id));
const refs = (id: string) =>
  lineageStory(graph, id)
    .flat()
    .flatMap((s) => (typeof s === 'string' ? [] : [s.ref]));

describe('lineageStory', () => {
  it('tells an AMI where it came from, what backs it, who launched it and where it was copied', () => {
    const story = text(W.AMI1);
    expect(story).toMatch(new RegExp(`^Created by CreateImage from .*\\(${W.I1}\\) on \\d{1,2} \\w{3} \\d{4}\\.`));
    expect(story).toContain(
      `Backed by ${W.S1} (8 GiB, from ${W.V1a} /dev/xvda) and ${W.S2} (2 GiB, from ${W.V1b} /dev/sdf).`,
    );
    expect(story).toMatch(/1 instance launched from it: /);
    expect(story).toContain(`Copied to eu-west-1 as `);
    expect(refs(W.AMI1)).toEqual(expect.arrayContaining([W.I1, W.S1, W.S2, W.V1a, W.V1b, W.I2, W.AMI1c]));
  });

  it('tells an instance what it was launched from and what its volumes were restored from', () => {
    const story = text(W.I2);
    expect(story).toMatch(/^Launched from /);
    expect(refs(W.I2)).toEqual(expect.arrayContaining([W.AMI1, W.V2a, W.V2b, W.S1, W.S2]));
    expect(story).toMatch(/Volumes: .*restored from /);
  });

  it('tells a snapshot what it is of, what it backs, what it restored and where it was copied', () => {
    const story = text(W.S1);
    expect(story).toMatch(new RegExp(`Snapshot of ${W.V1a}`));
    expect(refs(W.S1)).toEqual(expect.arrayContaining([W.V1a, W.AMI1, W.V2a, W.S1c]));
    expect(story).toContain('Copied to eu-west-1 as ');
  });

  it('names the deregistered AMI a leftover snapshot was made for', () => {
    const leftover = buildLineage(
      inventory(
        region('us-east-1', {
          snapshots: [
            {
              SnapshotId: 'snap-0ld',
              VolumeId: 'vol-gone',
              VolumeSize: 8,
              State: 'completed',
              Description: 'Created by CreateImage(i-0builder) for ami-0ldbuild',
            },
          ],
        }),
      ),
    );
    const story = storyText(lineageStory(leftover, 'snap-0ld'));
    expect(story).toContain('Backs no AMI.');
    expect(story).toContain('Made by CreateImage for ami-0ldbuild, which is no longer registered.');
    // While the AMI is registered, it is what the snapshot backs, and nothing more is said.
    expect(text(W.S1)).not.toContain('no longer registered');
  });

  it('tells a copy where it was copied from, across regions', () => {
    expect(text(W.S1c)).toMatch(new RegExp(`Copied from ${W.S1} in us-east-1`));
    expect(text(W.AMI1c)).toMatch(/Copied from .* in us-east-1/);
    expect(text(W.AMI1c)).toContain('No instance in this inventory was launched from it.');
  });

  it('says why a ghost is a ghost', () => {
    expect(text(W.BASE)).toMatch(/^Not in this inventory: /);
  });

  it('is empty for an unknown id', () => {
    expect(lineageStory(graph, 'ami-0ffffffffffffffff')).toEqual([]);
  });

  it('formats dates as day month year in UTC', () => {
    expect(formatDate('2026-11-21T23:59:00.000Z')).toBe('21 Nov 2026');
    expect(formatDate(null)).toBeNull();
    expect(formatDate('garbage')).toBeNull();
  });
});

describe('sentences', () => {
  it('ends a sentence once, keeping its own question mark', () => {
    expect(endSentence('Lineage’s server cannot be reached. Is it still running?')).toBe(
      'Lineage’s server cannot be reached. Is it still running?',
    );
    expect(endSentence('no region could be read')).toBe('no region could be read.');
    expect(endSentence('EC2 refused.')).toBe('EC2 refused.');
  });

  it('agrees the verb with the number of snapshots that stay', () => {
    expect(snapshotsStay(1)).toBe('Its snapshot stays and keeps costing storage.');
    expect(snapshotsStay(2)).toBe('Its 2 snapshots stay and keep costing storage.');
  });
});
