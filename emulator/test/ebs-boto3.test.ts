import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { type ChangedBlock, paginateListChangedBlocks, paginateListSnapshotBlocks } from '@aws-sdk/client-ebs';
import { DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { perTest } from './harness';

/**
 * The EBS direct API read by another client: boto3 (botocore's REST-JSON protocol and its own model of EBS) lists the
 * walkthrough data volume's blocks and changed blocks, and sees the same as the JavaScript SDK, errors included.
 */

const run = promisify(execFile);
const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
// On CI (.ci/run installs python3-boto3) a missing boto3 is a failure, not a skip.
const hasBoto3 = probe.status === 0 || !!process.env.CI;
const skipReason = 'boto3 cannot be imported by python3 on this machine (pip install boto3 to run it)';
if (!hasBoto3) console.warn(`emulator EBS boto3 test: ${skipReason}.`);

const SCRIPT = `
import json, os, sys
import boto3
from botocore.exceptions import ClientError

ebs = boto3.client('ebs', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
chain = json.loads(os.environ['CHAIN'])

def pages(call, **kwargs):
    token = None
    while True:
        page = call(**kwargs, **({'NextToken': token} if token else {}))
        yield page
        token = page.get('NextToken')
        if not token:
            return

out = {'blocks': [], 'changes': []}
for s in chain:
    out['blocks'].append([[b['BlockIndex'], b['BlockToken']]
                          for p in pages(ebs.list_snapshot_blocks, SnapshotId=s, MaxResults=500) for b in p['Blocks']])
for first, second in zip(chain, chain[1:]):
    out['changes'].append([[c['BlockIndex'], c.get('FirstBlockToken'), c.get('SecondBlockToken')]
                           for p in pages(ebs.list_changed_blocks, FirstSnapshotId=first, SecondSnapshotId=second,
                                          MaxResults=100)
                           for c in p['ChangedBlocks']])
try:
    ebs.list_snapshot_blocks(SnapshotId='snap-0123456789abcdef0')
except ClientError as e:
    out['missing'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response.get('Reason')]
json.dump(out, sys.stdout)
`;

interface Boto3Answer {
  blocks: [number, string][][];
  changes: [number, string | null, string | null][][];
  missing: [string, number, string];
}

const emulator = perTest();

describe('EBS direct API through boto3', () => {
  const title = 'lists the walkthrough data volume’s blocks and changed blocks as the JavaScript SDK does';
  it.skipIf(!hasBoto3)(hasBoto3 ? title : `${title} — skipped: ${skipReason}`, { timeout: 60_000 }, async () => {
    const h = await emulator({ scenario: 'walkthrough' });
    const { Snapshots } = await h.client().send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    const backup = Snapshots!.find((s) => s.Description === 'Backup of EBSVolDemo data volume')!;
    const chain = Snapshots!
      .filter((s) => s.VolumeId === backup.VolumeId)
      .sort((a, b) => a.StartTime!.getTime() - b.StartTime!.getTime())
      .map((s) => s.SnapshotId!);
    expect(chain.length).toBeGreaterThanOrEqual(4);
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENDPOINT: h.url,
      CHAIN: JSON.stringify(chain),
    };
    const { stdout } = await run('python3', ['-c', SCRIPT], {
      env: env as NodeJS.ProcessEnv,
      timeout: 50_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const boto3 = JSON.parse(stdout) as Boto3Answer;

    const ebs = h.as('test').ebs();
    for (const [i, id] of chain.entries()) {
      const sdk: [number, string][] = [];
      for await (const page of paginateListSnapshotBlocks({ client: ebs }, { SnapshotId: id }))
        for (const b of page.Blocks ?? []) sdk.push([b.BlockIndex!, b.BlockToken!]);
      expect(boto3.blocks[i]).toEqual(sdk);
    }
    for (let i = 1; i < chain.length; i++) {
      const sdk: ChangedBlock[] = [];
      const input = { FirstSnapshotId: chain[i - 1], SecondSnapshotId: chain[i] };
      for await (const page of paginateListChangedBlocks({ client: ebs }, input)) sdk.push(...page.ChangedBlocks!);
      expect(sdk.length).toBeGreaterThan(0);
      expect(boto3.changes[i - 1]).toEqual(
        sdk.map((c) => [c.BlockIndex, c.FirstBlockToken ?? null, c.SecondBlockToken ?? null]),
      );
    }
    expect(boto3.missing).toEqual(['ResourceNotFoundException', 404, 'SNAPSHOT_NOT_FOUND']);
  });
});
