import { describe, expect, it } from 'vitest';
import { type AncestryEntry, ancestryCandidates, withAncestry } from './ancestry';
import { buildLineage } from './build';
import { inventory, region } from './fixtures';

const OWNER = '123456789012';

/** ami-3 in ap-southeast-2, copied from ami-2 in eu-west-1 (not read). */
const graph = () =>
  buildLineage(
    inventory(
      region('ap-southeast-2', {
        images: [
          {
            ImageId: 'ami-0000000000000003',
            Name: 'app',
            State: 'available',
            OwnerId: OWNER,
            SourceImageId: 'ami-0000000000000002',
            SourceImageRegion: 'eu-west-1',
          },
        ],
      }),
    ),
  );

const entry = (imageId: string, source: string | null, sourceRegion: string | null): AncestryEntry => ({
  imageId,
  sourceImageId: source,
  sourceImageRegion: sourceRegion,
  creationDate: null,
});

describe('withAncestry', () => {
  it('follows copies back through regions not read, and stops at an image made from an instance', () => {
    const g = graph();
    expect(ancestryCandidates(g, ['ap-southeast-2']).map((n) => n.id)).toEqual(['ami-0000000000000003']);
    expect(ancestryCandidates(g, ['ap-southeast-2', 'eu-west-1'])).toEqual([]);
    const chain = [
      entry('ami-0000000000000003', 'ami-0000000000000002', 'eu-west-1'),
      entry('ami-0000000000000002', 'ami-0000000000000001', 'us-east-1'),
      entry('ami-0000000000000001', 'ami-0000000000000000', null),
      entry('ami-0000000000000000', null, null),
    ];
    const out = withAncestry(g, [chain]);
    expect(out.nodes.map((n) => [n.id, n.region, n.external])).toEqual([
      ['ami-0000000000000003', 'ap-southeast-2', false],
      ['ami-0000000000000002', 'eu-west-1', true],
      ['ami-0000000000000001', 'us-east-1', true],
    ]);
    expect(out.edges.map((e) => [e.kind, e.source, e.target])).toEqual([
      ['copied', 'ami-0000000000000002', 'ami-0000000000000003'],
      ['copied', 'ami-0000000000000001', 'ami-0000000000000002'],
    ]);
    expect(g.nodes).toHaveLength(2);
    expect(withAncestry(g, [])).toBe(g);
  });
});
