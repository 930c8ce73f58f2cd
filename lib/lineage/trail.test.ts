import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { walkthroughInventory } from './fixtures';
import { attribute, callerName, trailFacts } from './trail';

const record = (r: Record<string, unknown>) => JSON.stringify(r);
const ARN = 'arn:aws:iam::123456789012:user/ci-pipeline';

describe('trailFacts', () => {
  it('reads what an event made from its answer, as AWS writes it', () => {
    const facts = trailFacts(
      {
        eventId: 'e1',
        eventName: 'RunInstances',
        at: '2026-11-21T10:00:00.000Z',
        username: 'ci-pipeline',
        record: record({
          userIdentity: { arn: ARN },
          awsRegion: 'us-east-1',
          requestParameters: { instancesSet: { items: [{ imageId: 'ami-0123456789abcdef0' }] } },
          responseElements: {
            instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0', imageId: 'ami-0123456789abcdef0' }] },
          },
        }),
      },
      'us-east-1',
    );
    expect(facts).toEqual([
      {
        eventId: 'e1',
        eventName: 'RunInstances',
        at: '2026-11-21T10:00:00.000Z',
        arn: ARN,
        region: 'us-east-1',
        resourceId: 'i-0123456789abcdef0',
        role: 'created',
      },
    ]);
  });

  it('reads what an event removed or changed from its request, and nothing from a refused call', () => {
    const base = { eventId: 'e2', at: '2026-11-21T10:00:00.000Z', username: 'bob' };
    const deleted = trailFacts(
      {
        ...base,
        eventName: 'DeleteVolume',
        record: record({ requestParameters: { volumeId: 'vol-0123456789abcdef0' } }),
      },
      'eu-west-1',
    );
    expect(deleted).toMatchObject([
      { resourceId: 'vol-0123456789abcdef0', role: 'deleted', arn: 'bob', region: 'eu-west-1' },
    ]);
    const refused = record({
      errorCode: 'Client.UnauthorizedOperation',
      requestParameters: { volumeId: 'vol-0123456789abcdef0' },
    });
    expect(trailFacts({ ...base, eventName: 'DeleteVolume', record: refused }, 'eu-west-1')).toEqual([]);
    expect(trailFacts({ ...base, eventName: 'DescribeVolumes', record: record({}) }, 'eu-west-1')).toEqual([]);
    expect(trailFacts({ ...base, eventName: 'CreateVolume', record: 'not json' }, 'eu-west-1')).toEqual([]);
  });
});

describe('attribute', () => {
  it('puts createdBy on nodes, deletedBy on ghosts only, and leaves the graph given alone', () => {
    const graph = buildLineage(walkthroughInventory());
    const listed = graph.nodes.find((n) => !n.external)!;
    const by = { arn: ARN, eventName: 'CreateImage', at: '2026-11-21T10:00:00.000Z' };
    const out = attribute(graph, new Map([[listed.id, { createdBy: by, deletedBy: by }]]));
    const node = out.nodes.find((n) => n.id === listed.id)!;
    expect(node.createdBy).toEqual(by);
    expect(node.deletedBy).toBeUndefined();
    expect(listed.createdBy).toBeUndefined();
    expect(callerName(ARN)).toBe('ci-pipeline');
  });
});
