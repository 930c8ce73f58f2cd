import 'server-only';
import { GetImageAncestryCommand } from '@aws-sdk/client-ec2';
import type { LineageGraph, LineageNode } from '@/lib/lineage';
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
  /** Counts the chains learnt: a graph annotated at the same count is annotated the same. */
  learnt: number;
}

const globalState = globalThis as typeof globalThis & { __lineageAncestry?: AncestryState };
const state = (): AncestryState =>
  (globalState.__lineageAncestry ??= { known: new Map(), limiter: new Limiter(2), learnt: 0 });

/**
 * Per graph (the answers from one read share it, and one read reads one set of regions): its candidates, and the
 * graph as last annotated.
 */
const candidatesOf = new WeakMap<LineageGraph, LineageNode[]>();
const annotatedOf = new WeakMap<LineageGraph, { learnt: number; graph: LineageGraph }>();

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
  const s = state();
  const { known } = s;
  const keys = new Map(accounts.filter((a) => !a.failed).map((a) => [a.accountId ?? '', a.key]));
  const now = Date.now();
  const chains: AncestryEntry[][] = [];
  let reading = 0;
  const candidates = candidatesOf.get(graph) ?? ancestryCandidates(graph, regionsRead);
  candidatesOf.set(graph, candidates);
  for (const image of candidates) {
    const account = keys.get(image.accountId ?? '');
    if (account === undefined) continue;
    const key = `${account} ${image.region} ${image.id}`;
    const entry: Known = known.get(key) ?? { at: 0, reading: false };
    known.set(key, entry);
    if (!entry.reading && now - entry.at > ANCESTRY_TTL_MS) {
      entry.reading = true;
      void readAncestry(image.region, account, image.id)
        .catch((): AncestryEntry[] => [])
        .then((chain) => {
          entry.chain = chain;
          entry.at = Date.now();
          entry.reading = false;
          s.learnt++;
        });
    }
    if (entry.chain === undefined) reading++;
    else chains.push(entry.chain);
  }
  const last = annotatedOf.get(graph);
  if (last?.learnt === s.learnt) return { graph: last.graph, reading };
  const annotated = withAncestry(graph, chains);
  annotatedOf.set(graph, { learnt: s.learnt, graph: annotated });
  return { graph: annotated, reading };
}
