import { describe, expect, it } from 'vitest';
import { buildLineage } from './build';
import { sharingPhrase, sharingSentence, usagePhrase } from './sharing';
import type { ImageNode } from './types';

const ORG = 'arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5';
const OU = 'arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-a1b2-workload';

function image(details: Partial<ImageNode['details']>, external = false): ImageNode {
  const [node] = buildLineage({
    regions: [
      {
        region: 'us-east-1',
        accountId: '111122223333',
        instances: [],
        volumes: [],
        snapshots: [],
        images: [{ ImageId: 'ami-0123456789abcdef0', Name: 'golden' }],
      },
    ],
  }).nodes as [ImageNode];
  return { ...node, external, details: { ...node.details, ...details } };
}

describe('sharing in words', () => {
  it('names accounts, the organization, OUs and the public', () => {
    expect(sharingPhrase([])).toBe('Not shared with other accounts');
    expect(sharingPhrase(['444455556666', '777788889999', '222233334444', ORG])).toBe(
      'Shared with 3 accounts and the organization o-a1b2c3d4e5',
    );
    expect(sharingPhrase([OU, '444455556666'])).toBe('Shared with 1 account and the OU ou-a1b2-workload');
    expect(sharingPhrase(['all'])).toBe('Public');
    expect(sharingPhrase(['all', ORG])).toBe('Public, and shared with the organization o-a1b2c3d4e5');
  });

  it('counts the accounts that use an image, and those not readable here', () => {
    const usage = {
      state: 'available' as const,
      reportedAt: '2026-11-29T00:00:00.000Z',
      accounts: [
        { accountId: '444455556666', instances: 30, launchTemplates: 0 },
        { accountId: '777788889999', instances: 4, launchTemplates: 0 },
        { accountId: '222233334444', instances: 2, launchTemplates: 0 },
        { accountId: '555566667777', instances: 1, launchTemplates: 0 },
      ],
    };
    const readable = new Set(['444455556666', '777788889999']);
    expect(usagePhrase(usage, readable)).toBe('used by 4 accounts (2 not readable here): 37 instances');
    const node = image({ sharedWith: ['444455556666', '777788889999', '222233334444', ORG], usage });
    expect(sharingSentence(node, readable)).toBe(
      'Shared with 3 accounts and the organization o-a1b2c3d4e5; used by 4 accounts (2 not readable here): 37 instances.',
    );
  });

  it('says when a report is being made or cannot be had, and nothing before sharing is read', () => {
    expect(usagePhrase({ state: 'pending' }, new Set())).toBe('its usage report is being made');
    expect(usagePhrase({ state: 'unavailable', code: 'UnauthorizedOperation', message: 'no' }, new Set())).toBe(
      'its usage report is not available (UnauthorizedOperation)',
    );
    expect(sharingSentence(image({}), new Set())).toBeNull();
    expect(sharingSentence(image({ sharedWith: [ORG] }, true), new Set())).toBeNull();
    expect(sharingSentence(image({ sharedWith: [] }), new Set())).toBe('Not shared with other accounts.');
  });
});
