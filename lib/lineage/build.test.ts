import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { inventory, region, tags } from './fixtures';
import type { Inventory } from './inventory';
import { EDGE_KINDS, type EdgeKind, type LineageEdge, type LineageGraph, type LineageNode } from './types';

function nodeById(graph: LineageGraph, id: string): LineageNode {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}; nodes: ${graph.nodes.map((n) => n.id).join(', ')}`);
  return node;
}

function edgeOf(graph: LineageGraph, kind: EdgeKind, source: string, target: string): LineageEdge {
  const edge = graph.edges.find((e) => e.kind === kind && e.source === source && e.target === target);
  if (!edge)
    throw new Error(`no ${kind} edge ${source} -> ${target}; edges: ${graph.edges.map((e) => e.id).join(', ')}`);
  return edge;
}

function edgeIds(graph: LineageGraph): string[] {
  return graph.edges.map((e) => e.id).sort();
}

function expectNoDuplicates(graph: LineageGraph): void {
  expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
  expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) {
    expect(ids.has(e.source), `${e.id} source`).toBe(true);
    expect(ids.has(e.target), `${e.id} target`).toBe(true);
    expect(e.id).toBe(`${e.kind}:${e.source}->${e.target}`);
  }
}

const one = (parts: Parameters<typeof region>[1]): Inventory => inventory(region('us-east-1', parts));

describe('types', () => {
  it('lists every edge kind once', () => {
    expect([...EDGE_KINDS]).toEqual([
      'attached',
      'snapshot-of',
      'backs',
      'created-image',
      'launched',
      'restored',
      'copied',
    ]);
  });
});

describe('attached: instance → volume', () => {
  it('reads Volume.Attachments, with the device as label and the attach time', () => {
    const g = buildLineage(
      one({
        instances: [{ InstanceId: 'i-1', Tags: tags({ Name: 'web' }) }],
        volumes: [
          {
            VolumeId: 'vol-1',
            Size: 8,
            Attachments: [
              { InstanceId: 'i-1', Device: '/dev/xvda', State: 'attached', AttachTime: '2026-01-01T00:00:00Z' },
            ],
          },
        ],
      }),
    );
    expect(g.edges).toEqual([
      {
        id: 'attached:i-1->vol-1',
        kind: 'attached',
        source: 'i-1',
        target: 'vol-1',
        evidence: 'Volume.Attachments',
        label: '/dev/xvda',
        at: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('reads Instance.BlockDeviceMappings[].Ebs.VolumeId when the volume lists no attachment', () => {
    const g = buildLineage(
      one({
        instances: [
          { InstanceId: 'i-1', BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-1' } }] },
        ],
        volumes: [{ VolumeId: 'vol-1', Size: 4 }],
      }),
    );
    const e = edgeOf(g, 'attached', 'i-1', 'vol-1');
    expect(e.evidence).toBe('Instance.BlockDeviceMappings[].Ebs.VolumeId');
    expect(e.label).toBe('/dev/sdf');
  });

  it('makes one edge when both fields say the same, keeping the Volume.Attachments evidence', () => {
    const g = buildLineage(
      one({
        instances: [
          {
            InstanceId: 'i-1',
            BlockDeviceMappings: [
              { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-1', AttachTime: new Date('2026-02-02T00:00:00Z') } },
            ],
          },
        ],
        volumes: [{ VolumeId: 'vol-1', Attachments: [{ InstanceId: 'i-1' }] }],
      }),
    );
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({
      evidence: 'Volume.Attachments',
      // what the first field lacked is filled in from the second
      label: '/dev/xvda',
      at: '2026-02-02T00:00:00.000Z',
    });
  });

  it('gives a multi-attach volume one edge per instance', () => {
    const g = buildLineage(
      one({
        instances: ['i-1', 'i-2', 'i-3'].map((InstanceId) => ({ InstanceId })),
        volumes: [
          {
            VolumeId: 'vol-io2',
            Size: 100,
            VolumeType: 'io2',
            MultiAttachEnabled: true,
            Attachments: [
              { InstanceId: 'i-1', Device: '/dev/sdf', State: 'attached' },
              { InstanceId: 'i-2', Device: '/dev/sdg', State: 'attached' },
              { InstanceId: 'i-3', Device: '/dev/sdf', State: 'attaching' },
            ],
          },
        ],
      }),
    );
    expect(edgeIds(g)).toEqual(['attached:i-1->vol-io2', 'attached:i-2->vol-io2', 'attached:i-3->vol-io2']);
    expect(edgeOf(g, 'attached', 'i-2', 'vol-io2').label).toBe('/dev/sdg');
    const volume = nodeById(g, 'vol-io2');
    expect(volume.kind === 'volume' && volume.details.multiAttachEnabled).toBe(true);
    expect(volume.kind === 'volume' && volume.details.attachments.map((a) => a.instanceId)).toEqual([
      'i-1',
      'i-2',
      'i-3',
    ]);
    for (const id of ['i-1', 'i-2', 'i-3']) expect(nodeById(g, id).sizeGiB).toBe(100);
  });

  it('draws a ghost for the other end when it is not in the inventory', () => {
    const g = buildLineage(
      one({
        instances: [
          { InstanceId: 'i-1', BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-gone' } }] },
        ],
        volumes: [{ VolumeId: 'vol-2', Attachments: [{ InstanceId: 'i-gone', Device: '/dev/sdf' }] }],
      }),
    );
    expect(nodeById(g, 'vol-gone')).toMatchObject({
      kind: 'volume',
      external: true,
      externalReason: 'not-listed',
    });
    expect(nodeById(g, 'i-gone')).toMatchObject({ kind: 'instance', external: true, region: 'us-east-1' });
    expect(edgeIds(g)).toEqual(['attached:i-1->vol-gone', 'attached:i-gone->vol-2']);
  });
});

describe('snapshot-of: volume → snapshot', () => {
  it('reads Snapshot.VolumeId', () => {
    const g = buildLineage(
      one({
        volumes: [{ VolumeId: 'vol-1', Size: 8 }],
        snapshots: [{ SnapshotId: 'snap-1', VolumeId: 'vol-1', VolumeSize: 8, StartTime: '2026-03-01T00:00:00.000Z' }],
      }),
    );
    expect(edgeOf(g, 'snapshot-of', 'vol-1', 'snap-1')).toMatchObject({
      evidence: 'Snapshot.VolumeId',
      at: '2026-03-01T00:00:00.000Z',
    });
  });

  it('draws the deleted volume of a snapshot as a ghost in the snapshot region', () => {
    const g = buildLineage(
      inventory(
        region('ap-southeast-2', { snapshots: [{ SnapshotId: 'snap-1', VolumeId: 'vol-deleted', VolumeSize: 30 }] }),
      ),
    );
    expect(nodeById(g, 'vol-deleted')).toMatchObject({
      kind: 'volume',
      region: 'ap-southeast-2',
      external: true,
      externalReason: 'deleted',
      sizeGiB: 30,
    });
    expect(edgeIds(g)).toEqual(['snapshot-of:vol-deleted->snap-1']);
  });

  it('never turns vol-ffffffff into a node or an edge', () => {
    const g = buildLineage(
      one({
        volumes: [{ VolumeId: 'vol-ffffffff', Size: 8 }],
        snapshots: [
          { SnapshotId: 'snap-a', VolumeId: 'vol-ffffffff', Description: 'copy' },
          { SnapshotId: 'snap-b', VolumeId: 'vol-ffffffff' },
        ],
        instances: [{ InstanceId: 'i-1', BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-ffffffff' } }] }],
      }),
    );
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['i-1', 'snap-a', 'snap-b']);
    expect(g.edges).toEqual([]);
  });
});

describe('backs: snapshot → image', () => {
  it('reads Image.BlockDeviceMappings[].Ebs.SnapshotId with the device as label', () => {
    const g = buildLineage(
      one({
        snapshots: [{ SnapshotId: 'snap-1' }, { SnapshotId: 'snap-2' }],
        images: [
          {
            ImageId: 'ami-1',
            CreationDate: '2026-01-01T00:00:00.000Z',
            BlockDeviceMappings: [
              { DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-1', VolumeSize: 8 } },
              { DeviceName: '/dev/sdf', Ebs: { SnapshotId: 'snap-2', VolumeSize: 2 } },
              { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' },
            ],
          },
        ],
      }),
    );
    expect(edgeOf(g, 'backs', 'snap-1', 'ami-1')).toMatchObject({
      evidence: 'Image.BlockDeviceMappings[].Ebs.SnapshotId',
      label: '/dev/xvda',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(edgeOf(g, 'backs', 'snap-2', 'ami-1').label).toBe('/dev/sdf');
    const image = nodeById(g, 'ami-1');
    expect(image.sizeGiB).toBe(10);
    expect(image.kind === 'image' && image.details.blockDeviceMappings).toEqual([
      { deviceName: '/dev/xvda', snapshotId: 'snap-1', sizeGiB: 8, encrypted: null, kmsKeyId: null },
      { deviceName: '/dev/sdf', snapshotId: 'snap-2', sizeGiB: 2, encrypted: null, kmsKeyId: null },
    ]);
  });

  it('draws a snapshot that is not in the inventory as a ghost carrying the mapping size', () => {
    const g = buildLineage(
      one({
        images: [
          {
            ImageId: 'ami-1',
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-x', VolumeSize: 16 } }],
          },
        ],
      }),
    );
    expect(nodeById(g, 'snap-x')).toMatchObject({
      kind: 'snapshot',
      external: true,
      externalReason: 'not-listed',
      sizeGiB: 16,
    });
    expect(edgeIds(g)).toEqual(['backs:snap-x->ami-1']);
  });

  it('makes one edge when an image maps the same snapshot twice', () => {
    const g = buildLineage(
      one({
        snapshots: [{ SnapshotId: 'snap-1' }],
        images: [
          {
            ImageId: 'ami-1',
            BlockDeviceMappings: [
              { DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-1' } },
              { DeviceName: '/dev/sdf', Ebs: { SnapshotId: 'snap-1' } },
            ],
          },
        ],
      }),
    );
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]!.label).toBe('/dev/xvda');
  });
});

describe('created-image: instance → image', () => {
  it('reads Image.SourceInstanceId', () => {
    const g = buildLineage(
      one({ instances: [{ InstanceId: 'i-1' }], images: [{ ImageId: 'ami-1', SourceInstanceId: 'i-1' }] }),
    );
    expect(edgeOf(g, 'created-image', 'i-1', 'ami-1').evidence).toBe('Image.SourceInstanceId');
  });

  it('falls back to the CreateImage snapshot description, drawing a gone instance as a ghost', () => {
    const description = 'Created by CreateImage(i-06d9095368adfe177) for ami-07c95fb3e41cb227c';
    const g = buildLineage(
      one({
        snapshots: [{ SnapshotId: 'snap-1', Description: description }],
        images: [
          {
            ImageId: 'ami-07c95fb3e41cb227c',
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-1' } }],
          },
        ],
      }),
    );
    expect(edgeOf(g, 'created-image', 'i-06d9095368adfe177', 'ami-07c95fb3e41cb227c').evidence).toBe(
      `snapshot description: ${description}`,
    );
    expect(nodeById(g, 'i-06d9095368adfe177')).toMatchObject({
      kind: 'instance',
      external: true,
      externalReason: 'terminated',
      region: 'us-east-1',
    });
  });

  it('reads the older description with the " from vol-…" tail', () => {
    const description = 'Created by CreateImage(i-0abc1234) for ami-0def5678 from vol-0aaa1111';
    const g = buildLineage(
      one({
        instances: [{ InstanceId: 'i-0abc1234' }],
        snapshots: [{ SnapshotId: 'snap-1', VolumeId: 'vol-0aaa1111', Description: description }],
        images: [{ ImageId: 'ami-0def5678', BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-1' } }] }],
      }),
    );
    expect(edgeOf(g, 'created-image', 'i-0abc1234', 'ami-0def5678').evidence).toBe(
      `snapshot description: ${description}`,
    );
    expect(edgeOf(g, 'snapshot-of', 'vol-0aaa1111', 'snap-1').evidence).toBe('Snapshot.VolumeId');
  });

  it('uses a description that names the image even when that snapshot does not back it', () => {
    const g = buildLineage(
      one({
        snapshots: [{ SnapshotId: 'snap-1', Description: 'Created by CreateImage(i-1) for ami-1' }],
        images: [{ ImageId: 'ami-1' }],
      }),
    );
    expect(edgeIds(g)).toEqual(['created-image:i-1->ami-1']);
  });

  it('prefers the field over the description, and ignores descriptions naming another AMI', () => {
    const g = buildLineage(
      one({
        instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }, { InstanceId: 'i-3' }],
        snapshots: [
          { SnapshotId: 'snap-1', Description: 'Created by CreateImage(i-2) for ami-1' },
          { SnapshotId: 'snap-2', Description: 'Created by CreateImage(i-3) for ami-other' },
        ],
        images: [
          { ImageId: 'ami-1', SourceInstanceId: 'i-1' },
          { ImageId: 'ami-2', BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-2' } }] },
        ],
      }),
    );
    expect(g.edges.filter((e) => e.kind === 'created-image').map((e) => e.id)).toEqual(['created-image:i-1->ami-1']);
    // a description naming an AMI that is not listed makes no ghost image
    expect(g.nodes.some((n) => n.id === 'ami-other')).toBe(false);
  });
});

describe('launched: image → instance', () => {
  it('reads Instance.ImageId', () => {
    const g = buildLineage(
      one({
        instances: [{ InstanceId: 'i-1', ImageId: 'ami-1', LaunchTime: new Date('2026-04-01T00:00:00Z') }],
        images: [{ ImageId: 'ami-1' }],
      }),
    );
    expect(edgeOf(g, 'launched', 'ami-1', 'i-1')).toMatchObject({
      evidence: 'Instance.ImageId',
      at: '2026-04-01T00:00:00.000Z',
    });
    expect(g.nodes.every((n) => !n.external)).toBe(true);
  });

  it('draws an image that is neither owned nor fetched as a ghost "image not found"', () => {
    const g = buildLineage(
      inventory(region('eu-west-1', { instances: [{ InstanceId: 'i-1', ImageId: 'ami-0123456789abcdef0' }] })),
    );
    expect(nodeById(g, 'ami-0123456789abcdef0')).toMatchObject({
      kind: 'image',
      region: 'eu-west-1',
      external: true,
      externalReason: 'not-found',
      name: null,
    });
  });

  it('draws externalImages as external nodes with their details and owner', () => {
    const g = buildLineage(
      one({
        instances: [
          { InstanceId: 'i-1', ImageId: 'ami-pub' },
          { InstanceId: 'i-2', ImageId: 'ami-shared' },
        ],
        externalImages: [
          {
            ImageId: 'ami-pub',
            Name: 'ubuntu-noble-24.04',
            OwnerId: '099720109477',
            ImageOwnerAlias: 'amazon',
            Public: true,
            BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-canonical', VolumeSize: 8 } }],
          },
          { ImageId: 'ami-shared', OwnerId: '111122223333', Public: false },
        ],
      }),
    );
    expect(nodeById(g, 'ami-pub')).toMatchObject({
      kind: 'image',
      external: true,
      externalReason: 'public-image',
      name: 'ubuntu-noble-24.04',
      sizeGiB: 8,
    });
    expect(nodeById(g, 'ami-shared')).toMatchObject({
      external: true,
      externalReason: 'shared-image',
    });
    expect(nodeById(g, 'snap-canonical')).toMatchObject({
      external: true,
      externalReason: 'not-listed',
    });
    expect(edgeIds(g)).toEqual(['backs:snap-canonical->ami-pub', 'launched:ami-pub->i-1', 'launched:ami-shared->i-2']);
  });

  it('keeps an owned image owned when it is also listed as external', () => {
    const g = buildLineage(
      inventory(
        region('us-east-1', { externalImages: [{ ImageId: 'ami-1', Public: true, ImageOwnerAlias: 'amazon' }] }),
        region('us-west-2', { images: [{ ImageId: 'ami-1', Name: 'mine' }] }),
      ),
    );
    expect(nodeById(g, 'ami-1')).toMatchObject({ external: false, region: 'us-west-2', name: 'mine' });
    expect(g.nodes).toHaveLength(1);
  });
});

describe('restored: snapshot → volume', () => {
  it('reads Volume.SnapshotId; a blank volume has none', () => {
    const g = buildLineage(
      one({
        snapshots: [{ SnapshotId: 'snap-1' }],
        volumes: [
          { VolumeId: 'vol-1', SnapshotId: 'snap-1', CreateTime: '2026-05-01T00:00:00Z' },
          { VolumeId: 'vol-blank', SnapshotId: '' },
        ],
      }),
    );
    expect(edgeIds(g)).toEqual(['restored:snap-1->vol-1']);
    expect(edgeOf(g, 'restored', 'snap-1', 'vol-1')).toMatchObject({
      evidence: 'Volume.SnapshotId',
      at: '2026-05-01T00:00:00.000Z',
    });
  });

  it('draws a deleted snapshot once, however many volumes were restored from it', () => {
    const g = buildLineage(
      one({
        volumes: [
          { VolumeId: 'vol-1', SnapshotId: 'snap-gone' },
          { VolumeId: 'vol-2', SnapshotId: 'snap-gone' },
        ],
      }),
    );
    expect(g.nodes.filter((n) => n.id === 'snap-gone')).toHaveLength(1);
    expect(nodeById(g, 'snap-gone')).toMatchObject({
      kind: 'snapshot',
      external: true,
      externalReason: 'deleted',
    });
    expect(edgeIds(g)).toEqual(['restored:snap-gone->vol-1', 'restored:snap-gone->vol-2']);
  });
});

describe('copied', () => {
  it('reads Image.SourceImageId + SourceImageRegion, with a ghost source in that region', () => {
    const g = buildLineage(
      inventory(
        region('eu-west-1', {
          images: [{ ImageId: 'ami-copy', SourceImageId: 'ami-src', SourceImageRegion: 'us-east-1' }],
        }),
      ),
    );
    expect(edgeOf(g, 'copied', 'ami-src', 'ami-copy')).toMatchObject({
      evidence: 'Image.SourceImageId + Image.SourceImageRegion',
      label: 'eu-west-1',
    });
    expect(nodeById(g, 'ami-src')).toMatchObject({ kind: 'image', region: 'us-east-1', external: true });
  });

  it('links to the source image when it is in the inventory', () => {
    const g = buildLineage(
      inventory(
        region('us-east-1', { images: [{ ImageId: 'ami-src' }] }),
        region('eu-west-1', {
          images: [{ ImageId: 'ami-copy', SourceImageId: 'ami-src', SourceImageRegion: 'us-east-1' }],
        }),
      ),
    );
    expect(edgeIds(g)).toEqual(['copied:ami-src->ami-copy']);
    expect(g.nodes.every((n) => !n.external)).toBe(true);
  });

  it('falls back to the CopyImage snapshot description for the image and snapshot copies', () => {
    const text = 'Copied for DestinationAmi ami-0e6b from SourceAmi ami-0895 for SourceSnapshot snap-0905';
    const g = buildLineage(
      inventory(
        region('us-east-1', {
          snapshots: [{ SnapshotId: 'snap-0905', VolumeId: 'vol-1', VolumeSize: 8 }],
          images: [{ ImageId: 'ami-0895', BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-0905' } }] }],
        }),
        region('eu-west-1', {
          snapshots: [
            {
              SnapshotId: 'snap-0c0p',
              VolumeId: 'vol-ffffffff',
              VolumeSize: 8,
              Description: `${text}. Task created on 1,629,998,298,383.`,
            },
          ],
          images: [{ ImageId: 'ami-0e6b', BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-0c0p' } }] }],
        }),
      ),
    );
    expect(edgeOf(g, 'copied', 'ami-0895', 'ami-0e6b')).toMatchObject({
      evidence: `snapshot description: ${text}`,
      label: 'eu-west-1',
    });
    expect(edgeOf(g, 'copied', 'snap-0905', 'snap-0c0p')).toMatchObject({
      evidence: `snapshot description: ${text}`,
      label: 'eu-west-1',
    });
    expect(edgeIds(g)).toEqual([
      'backs:snap-0905->ami-0895',
      'backs:snap-0c0p->ami-0e6b',
      'copied:ami-0895->ami-0e6b',
      'copied:snap-0905->snap-0c0p',
      'snapshot-of:vol-1->snap-0905',
    ]);
  });

  it('puts the ghost source of a CopyImage snapshot in the source image region', () => {
    const g = buildLineage(
      inventory(
        region('eu-west-1', {
          snapshots: [
            {
              SnapshotId: 'snap-copy',
              VolumeId: 'vol-ffffffff',
              Description:
                'Copied for DestinationAmi ami-dst from SourceAmi ami-src for SourceSnapshot snap-src. Task created on 1.',
            },
          ],
          images: [
            {
              ImageId: 'ami-dst',
              SourceImageId: 'ami-src',
              SourceImageRegion: 'us-west-2',
              BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-copy' } }],
            },
          ],
        }),
      ),
    );
    expect(nodeById(g, 'snap-src')).toMatchObject({ kind: 'snapshot', external: true, region: 'us-west-2' });
    expect(nodeById(g, 'ami-src')).toMatchObject({ kind: 'image', external: true, region: 'us-west-2' });
    expect(edgeOf(g, 'copied', 'ami-src', 'ami-dst').evidence).toBe('Image.SourceImageId + Image.SourceImageRegion');
  });

  it('puts a deregistered source AMI named only by a CopyImage description where its source snapshot is', () => {
    const g = buildLineage(
      inventory(
        region('us-east-1', { snapshots: [{ SnapshotId: 'snap-src' }] }),
        region('eu-west-1', {
          snapshots: [
            {
              SnapshotId: 'snap-copy',
              VolumeId: 'vol-ffffffff',
              Description:
                'Copied for DestinationAmi ami-dst from SourceAmi ami-gone for SourceSnapshot snap-src. Task created on 1.',
            },
          ],
          images: [{ ImageId: 'ami-dst', BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-copy' } }] }],
        }),
      ),
    );
    expect(nodeById(g, 'ami-gone')).toMatchObject({ kind: 'image', external: true, region: 'us-east-1' });
    expect(edgeIds(g)).toEqual(['backs:snap-copy->ami-dst', 'copied:ami-gone->ami-dst', 'copied:snap-src->snap-copy']);
  });

  it('reads the console CopySnapshot description, with a ghost source in the named region', () => {
    const g = buildLineage(
      inventory(
        region('eu-west-1', {
          snapshots: [
            {
              SnapshotId: 'snap-copy',
              VolumeId: 'vol-ffffffff',
              VolumeSize: 20,
              Description: '[Copied snap-0cd3 from eu-north-1] nightly DR copy',
            },
          ],
        }),
      ),
    );
    expect(nodeById(g, 'snap-0cd3')).toMatchObject({
      kind: 'snapshot',
      region: 'eu-north-1',
      external: true,
      externalReason: 'not-listed',
      sizeGiB: 20,
    });
    expect(edgeOf(g, 'copied', 'snap-0cd3', 'snap-copy')).toMatchObject({
      evidence: 'snapshot description: [Copied snap-0cd3 from eu-north-1]',
      label: 'eu-west-1',
    });
    expect(g.nodes).toHaveLength(2);
  });

  it('follows the direct source of a copy of a copy', () => {
    const g = buildLineage(
      inventory(
        region('eu-north-1', { snapshots: [{ SnapshotId: 'snap-a', VolumeId: 'vol-1' }] }),
        region('eu-west-1', {
          snapshots: [{ SnapshotId: 'snap-b', Description: '[Copied snap-a from eu-north-1] first' }],
        }),
        region('us-east-1', {
          snapshots: [
            {
              SnapshotId: 'snap-c',
              Description: '[Copied snap-b from eu-west-1] [Copied snap-a from eu-north-1] first',
            },
          ],
        }),
      ),
    );
    expect(edgeIds(g)).toEqual(['copied:snap-a->snap-b', 'copied:snap-b->snap-c', 'snapshot-of:vol-1->snap-a']);
    expect(nodeById(g, 'vol-1')).toMatchObject({
      external: true,
      region: 'eu-north-1',
      externalReason: 'deleted',
    });
  });

  it('reads SourceImageId of a CreateImage AMI as the AMI its instance was launched from, not a copy', () => {
    const g = buildLineage(
      one({
        images: [
          { ImageId: 'ami-base' },
          {
            ImageId: 'ami-new',
            SourceInstanceId: 'i-builder',
            SourceImageId: 'ami-base',
            SourceImageRegion: 'us-east-1',
          },
        ],
      }),
    );
    expect(edgeIds(g)).toEqual(['created-image:i-builder->ami-new', 'launched:ami-base->i-builder']);
    expect(edgeOf(g, 'launched', 'ami-base', 'i-builder').evidence).toBe(
      'Image.SourceImageId (the AMI its source instance was launched from)',
    );
  });
});

describe('ghost nodes and regions', () => {
  it('moves a ghost to the region its evidence names, even when first referenced without one', () => {
    const g = buildLineage(
      inventory(
        region('eu-west-1', {
          instances: [{ InstanceId: 'i-1', ImageId: 'ami-src' }],
          images: [{ ImageId: 'ami-copy', SourceImageId: 'ami-src', SourceImageRegion: 'us-east-2' }],
        }),
      ),
    );
    expect(nodeById(g, 'ami-src')).toMatchObject({
      region: 'us-east-2',
      external: true,
      externalReason: 'not-found',
    });
  });

  it('keeps the first of two resources with the same id and ignores the second entirely', () => {
    const g = buildLineage(
      inventory(
        region('us-east-1', { volumes: [{ VolumeId: 'vol-1', Size: 1 }] }),
        region('eu-west-1', { volumes: [{ VolumeId: 'vol-1', Size: 2, SnapshotId: 'snap-x' }] }),
      ),
    );
    expect(g.nodes).toHaveLength(1);
    expect(nodeById(g, 'vol-1')).toMatchObject({ region: 'us-east-1', sizeGiB: 1 });
    expect(g.edges).toEqual([]);
  });
});

describe('nodes', () => {
  it('fills the common and kind-specific fields', () => {
    const g = buildLineage(
      one({
        instances: [
          {
            InstanceId: 'i-1',
            ImageId: 'ami-1',
            State: { Name: 'stopped', Code: 80 },
            InstanceType: 'm7g.large',
            LaunchTime: '2026-01-01T12:00:00Z',
            Tags: tags({ Name: 'db', team: 'data' }),
            RootDeviceName: '/dev/xvda',
            Placement: { AvailabilityZone: 'us-east-1b' },
          },
          { InstanceId: 'i-2' },
        ],
        volumes: [
          {
            VolumeId: 'vol-a',
            Size: 8,
            Attachments: [{ InstanceId: 'i-1', Device: '/dev/xvda', DeleteOnTermination: true }],
          },
          { VolumeId: 'vol-b', Size: 100, Attachments: [{ InstanceId: 'i-1', Device: '/dev/sdf' }] },
        ],
        snapshots: [
          { SnapshotId: 'snap-1', State: 'pending', Progress: '42%', OwnerId: '123', Tags: tags({ Name: 'nightly' }) },
        ],
        images: [
          {
            ImageId: 'ami-1',
            Tags: tags({ Name: 'from-tag' }),
            State: 'available',
            LastLaunchedTime: '2026-02-01T00:00:00Z',
          },
        ],
      }),
    );
    expect(nodeById(g, 'i-1')).toEqual({
      id: 'i-1',
      kind: 'instance',
      region: 'us-east-1',
      accountId: null,
      name: 'db',
      state: 'stopped',
      sizeGiB: 108,
      createdAt: '2026-01-01T12:00:00.000Z',
      tags: { Name: 'db', team: 'data' },
      external: false,
      details: {
        instanceType: 'm7g.large',
        imageId: 'ami-1',
        availabilityZone: 'us-east-1b',
        rootDeviceName: '/dev/xvda',
      },
    });
    expect(nodeById(g, 'i-2').sizeGiB).toBeNull();
    expect(nodeById(g, 'vol-a')).toMatchObject({
      details: { attachments: [{ instanceId: 'i-1', device: '/dev/xvda', state: null, deleteOnTermination: true }] },
    });
    expect(nodeById(g, 'snap-1')).toMatchObject({
      name: 'nightly',
      state: 'pending',
      details: { progress: '42%', ownerId: '123', volumeId: null },
    });
    expect(nodeById(g, 'ami-1')).toMatchObject({
      name: 'from-tag',
      sizeGiB: null,
      details: { lastLaunchedTime: '2026-02-01T00:00:00.000Z' },
    });
  });
});

describe('moto / LocalStack quirks', () => {
  it('treats "None", "" and null as absent and accepts 8-hex ids', () => {
    const g = buildLineage(
      one({
        instances: [
          {
            InstanceId: 'i-1a2b3c4d',
            ImageId: 'None',
            State: { Name: 'running' },
            LaunchTime: 'None',
            Tags: null,
            BlockDeviceMappings: [
              { DeviceName: '/dev/sda1', Ebs: { VolumeId: 'vol-1a2b3c4d' } },
              { DeviceName: 'None', Ebs: { VolumeId: 'None' } },
              { DeviceName: '/dev/sdb', Ebs: null },
            ],
            Placement: { AvailabilityZone: 'None' },
          },
        ],
        volumes: [
          {
            VolumeId: 'vol-1a2b3c4d',
            Size: 15,
            SnapshotId: 'None',
            CreateTime: 'not a date',
            Attachments: [{ InstanceId: 'None' }, { InstanceId: 'i-1a2b3c4d', Device: 'None' }],
          },
          { VolumeId: 'None' },
          { VolumeId: '' },
        ],
        snapshots: [
          {
            SnapshotId: 'snap-1a2b3c4d',
            VolumeId: 'vol-1a2b3c4d',
            Description: 'Auto-created snapshot for AMI ami-1a2b3c4d',
          },
          { SnapshotId: 'snap-5e6f7a8b', VolumeId: 'None', Description: 'None', VolumeSize: Number.NaN },
          { SnapshotId: null },
        ],
        images: [
          {
            ImageId: 'ami-1a2b3c4d',
            Name: 'None',
            SourceInstanceId: 'None',
            SourceImageId: 'None',
            SourceImageRegion: 'None',
            CreationDate: 'None',
            BlockDeviceMappings: [
              { DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-1a2b3c4d', VolumeSize: 15 } },
              { DeviceName: '/dev/sdb', Ebs: { SnapshotId: 'None' } },
            ],
          },
        ],
        externalImages: [{ ImageId: 'None' }],
      }),
    );
    expectNoDuplicates(g);
    expect(g.nodes.map((n) => n.id).sort()).toEqual([
      'ami-1a2b3c4d',
      'i-1a2b3c4d',
      'snap-1a2b3c4d',
      'snap-5e6f7a8b',
      'vol-1a2b3c4d',
    ]);
    expect(g.nodes.every((n) => !n.external)).toBe(true);
    expect(edgeIds(g)).toEqual([
      'attached:i-1a2b3c4d->vol-1a2b3c4d',
      'backs:snap-1a2b3c4d->ami-1a2b3c4d',
      'snapshot-of:vol-1a2b3c4d->snap-1a2b3c4d',
    ]);
    expect(edgeOf(g, 'attached', 'i-1a2b3c4d', 'vol-1a2b3c4d').label).toBe('/dev/sda1');
    const instance = nodeById(g, 'i-1a2b3c4d');
    expect(instance).toMatchObject({ createdAt: null, tags: {}, sizeGiB: 15 });
    expect(instance.kind === 'instance' && instance.details).toEqual({
      instanceType: null,
      imageId: null,
      availabilityZone: null,
      rootDeviceName: null,
    });
    expect(nodeById(g, 'vol-1a2b3c4d').createdAt).toBeNull();
    expect(nodeById(g, 'snap-5e6f7a8b')).toMatchObject({
      sizeGiB: null,
      details: { description: null, volumeId: null },
    });
    expect(nodeById(g, 'ami-1a2b3c4d')).toMatchObject({
      name: null,
      createdAt: null,
      details: { sourceImageRegion: null },
    });
  });

  it('ignores ids of the wrong kind rather than inventing nodes', () => {
    const g = buildLineage(
      one({
        instances: [{ InstanceId: 'i-1', ImageId: 'snap-1' }],
        volumes: [{ VolumeId: 'vol-1', SnapshotId: 'ami-1', Attachments: [{ InstanceId: 'vol-2' }] }],
      }),
    );
    expect(g.nodes.map((n) => n.id)).toEqual(['i-1', 'vol-1']);
    expect(g.edges).toEqual([]);
  });
});

describe('timestamps', () => {
  it('normalises Dates and strings to ISO-8601 UTC with milliseconds, exactly as toISOString would', () => {
    const times = [
      0,
      -1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29),
      Date.UTC(2100, 2, 1, 0, 0, 0, 7),
      Date.UTC(1969, 11, 31, 12, 30, 45, 50),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000 * 37 + 3_723_456) times.push(t);
    const g = buildLineage(
      one({
        volumes: times.map((t, i) => ({ VolumeId: `vol-${i}`, CreateTime: new Date(t) })),
        snapshots: [
          { SnapshotId: 'snap-1', StartTime: '2026-11-21T10:00:00Z' },
          { SnapshotId: 'snap-2', StartTime: '2026-11-21T10:00:00.000Z' },
          { SnapshotId: 'snap-3', StartTime: 'Sat, 21 Nov 2026 10:00:00 GMT' },
          { SnapshotId: 'snap-4', StartTime: new Date(Number.NaN) },
        ],
      }),
    );
    expect(times.map((_, i) => nodeById(g, `vol-${i}`).createdAt)).toEqual(times.map((t) => new Date(t).toISOString()));
    expect(['snap-1', 'snap-2', 'snap-3', 'snap-4'].map((id) => nodeById(g, id).createdAt)).toEqual([
      '2026-11-21T10:00:00.000Z',
      '2026-11-21T10:00:00.000Z',
      '2026-11-21T10:00:00.000Z',
      null,
    ]);
  });
});
