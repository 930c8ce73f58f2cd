import 'server-only';
import { GetImageAncestryCommand } from '@aws-sdk/client-ec2';
import type { LineageGraph } from '@/lib/lineage';
import { type AncestryEntry, ancestryCandidates, withAncestry } from '@/lib/lineage/ancestry';
import type { AccountKey } from './credentials';
import { ec2Client } from './ec2';
import type { AccountRead } from './inventory';
import { Limiter } from './limit';

/**
 * An image's copy ancestry from GetImageAncestry, where the inventory cannot see it: its source is in a region that
 * was not read. Read in the background (a copy's past does not change, so it is kept for ANCESTRY_TTL_MS); an image
 * whose ancestry cannot be read (not permitted, an endpoint without the action) is drawn as the inventory tells it.
 */

const ANCESTRY_TTL_MS = 30 * 60_000;

interface Known {
  at: number;
  chain?: AncestryEntry[];
  reading: boolean;
}

interface AncestryState {
  known: Map<string, Known>;
  limiter: Limiter;
}

const globalState = globalThis as typeof globalThis & { __lineageAncestry?: AncestryState };
const state = (): AncestryState => (globalState.__lineageAncestry ??= { known: new Map(), limiter: new Limiter(2) });

async function readAncestry(region: string, account: AccountKey, imageId: string): Promise<AncestryEntry[]> {
  const answer = await state().limiter.run(() =>
    ec2Client(region, 'read', account).send(new GetImageAncestryCommand({ ImageId: imageId })),
  );
  return (answer.ImageAncestryEntries ?? []).flatMap((e) =>
    e.ImageId
      ? [
          {
            imageId: e.ImageId,
            sourceImageId: e.SourceImageId ?? null,
            sourceImageRegion: e.SourceImageRegion ?? null,
            creationDate: e.CreationDate?.toISOString() ?? null,
          },
        ]
      : [],
  );
}

/** The graph with the ancestry known so far, and how many images are still being asked about. */
export function annotateAncestry(
  graph: LineageGraph,
  accounts: readonly AccountRead[],
  regionsRead: readonly string[],
): { graph: LineageGraph; reading: number } {
  const { known } = state();
  const keys = new Map(accounts.filter((a) => !a.failed).map((a) => [a.accountId ?? '', a.key]));
  const now = Date.now();
  const chains: AncestryEntry[][] = [];
  let reading = 0;
  for (const image of ancestryCandidates(graph, regionsRead)) {
    const account = keys.get(image.accountId ?? '');
    if (account === undefined) continue;
    const key = `${account} ${image.region} ${image.id}`;
    const entry: Known = known.get(key) ?? { at: 0, reading: false };
    known.set(key, entry);
    if (!entry.reading && now - entry.at > ANCESTRY_TTL_MS) {
      entry.reading = true;
      void readAncestry(image.region, account, image.id)
        .then((chain) => {
          entry.chain = chain;
        })
        .catch(() => {
          entry.chain = [];
        })
        .finally(() => {
          entry.at = Date.now();
          entry.reading = false;
        });
    }
    if (entry.chain === undefined) reading++;
    else chains.push(entry.chain);
  }
  return { graph: withAncestry(graph, chains), reading };
}
