import {
  DescribeSnapshotsCommand,
  type DescribeSnapshotsCommandOutput,
  DescribeVolumesCommand,
  EC2Client,
  paginateDescribeSnapshots,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '@/emulator/server';
import { type AskPage, allPages, nextTokenIn } from '@/lib/server/pages';
import { addFault, clearFaults } from './harness';

/**
 * Paginated reads that ask for the next page as soon as a page's bytes are in: against the emulator over HTTP with the
 * real SDK, the same items in the same order as the SDK's own paginator, each page asked for before the one before it
 * is parsed, and a failing page fails the read.
 */

let emulator: RunningEmulator;
let client: EC2Client;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scenario: 'synthetic:300', delayMs: 0 });
  client = new EC2Client({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

/** Snapshots a page of `size` at a time, noting when each page was asked for and when it was parsed. */
function snapshotPages(size: number) {
  const events: string[] = [];
  const ask: AskPage<DescribeSnapshotsCommandOutput> = (NextToken, ahead) => {
    const page = events.filter((e) => e.startsWith('asked')).length + 1;
    events.push(`asked ${page}`);
    const command = new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: size, NextToken });
    ahead(command.middlewareStack);
    return client.send(command).then((answer) => {
      events.push(`parsed ${page}`);
      return answer;
    });
  };
  return { ask, events };
}

describe('allPages', () => {
  it("answers what the SDK's paginator answers, in order, asking for each page before the one before it is parsed", async () => {
    const expected: string[] = [];
    for await (const page of paginateDescribeSnapshots(
      { client, pageSize: 5 },
      { OwnerIds: ['self'], MaxResults: 5 },
    )) {
      for (const s of page.Snapshots ?? []) expected.push(JSON.stringify(s));
    }
    expect(expected.length).toBeGreaterThan(15); // several pages

    const { ask, events } = snapshotPages(5);
    const snapshots = await allPages(ask, (p) => p.Snapshots);
    expect(snapshots.map((s) => JSON.stringify(s))).toEqual(expected);

    const pages = Math.ceil(expected.length / 5);
    for (let page = 2; page <= pages; page++) {
      expect(events.indexOf(`asked ${page}`), `page ${page} in ${events.join(', ')}`).toBeLessThan(
        events.indexOf(`parsed ${page - 1}`),
      );
    }
    expect(events.filter((e) => e.startsWith('asked'))).toHaveLength(Math.max(pages, 1));
  });

  it('fails with the error of a page that fails, and asks for nothing after it', async () => {
    let asked = 0;
    const ask: AskPage<{ NextToken?: string; Volumes?: unknown[] }> = async (NextToken, ahead) => {
      asked += 1;
      if (NextToken !== undefined && asked === 2) {
        await addFault(emulator.url, { code: 'UnauthorizedOperation', status: 403, action: 'DescribeVolumes' });
      }
      const command = new DescribeVolumesCommand({ MaxResults: 5, NextToken });
      ahead(command.middlewareStack);
      return client.send(command);
    };
    try {
      await expect(allPages(ask, (p) => p.Volumes)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
      expect(asked).toBe(2);
    } finally {
      await clearFaults(emulator.url);
    }
  });
});

describe('nextTokenIn', () => {
  const bytes = (xml: string) => new TextEncoder().encode(xml);

  it('reads the token EC2 writes after the items, and nothing when there is none', () => {
    const xml = (tail: string) =>
      `<?xml version="1.0"?><DescribeVolumesResponse><volumeSet><item><volumeId>vol-1</volumeId></item></volumeSet>${tail}</DescribeVolumesResponse>`;
    expect(nextTokenIn(bytes(xml('<nextToken>abc/DEF+12==</nextToken>')))).toBe('abc/DEF+12==');
    expect(nextTokenIn(bytes(xml('')))).toBeNull();
    expect(nextTokenIn(bytes(xml('<nextToken></nextToken>')))).toBeNull();
    // An escaped token is left to the SDK's parse.
    expect(nextTokenIn(bytes(xml('<nextToken>a&amp;b</nextToken>')))).toBeNull();
  });
});
