import * as sdk from '@aws-sdk/client-ebs';
import type {
  Block,
  ChangedBlock,
  ListChangedBlocksRequest,
  ListChangedBlocksResponse,
  ListSnapshotBlocksRequest,
  ListSnapshotBlocksResponse,
} from '@aws-sdk/client-ebs';
import { changedBlocks, snapshotBlocks } from '../blocks';
import { DIFF, RUN, firstEndingAfter } from '../blocks/runs';
import { BLOCK_SIZE } from '../blocks/state';
import { blockToken } from '../blocks/tokens';
import { ApiError } from '../errors';
import { restJson } from '../protocol/rest-json';
import { errorStatus, sdkOperations } from '../protocol/schema';
import { type ActionDef, type CallContext, type Service, registryService } from '../service';
import type { SnapshotRecord } from '../state';

/**
 * The EBS direct API's reading side on the emulator's endpoint (REST-JSON): the blocks a snapshot holds, and the blocks
 * that differ between two snapshots of one lineage, paged as EBS pages them. A snapshot is readable by its owner and
 * the accounts it is shared with by id (not through being public), once it is completed and while it is in the
 * standard tier.
 */

const DAY = 86_400_000;
/** Block tokens are good for seven days, page tokens for an hour. */
const BLOCK_TOKEN_LIFE = 7 * DAY;
const PAGE_TOKEN_LIFE = 3_600_000;
const MAX_RESULTS = { min: 100, max: 10_000 };
/** A page of changed blocks looks at most this many blocks per requested result, so scarce changes come as empty pages. */
const SCAN_PER_RESULT = 100;
const SNAPSHOT_ID = /^snap-[0-9a-f]+$/;

/** An error the EBS model defines, with the status the model gives it. */
function modelled(code: string, message: string, reason?: string): ApiError {
  return new ApiError(code, message, errorStatus(sdk, code) ?? 400, reason ? { Reason: reason } : {});
}

const invalid = (message: string, reason?: string) => modelled('ValidationException', message, reason);

/** A snapshot of the region the caller may read, as EBS decides it. */
function readable(ctx: CallContext, id: string | undefined, member: string): SnapshotRecord {
  if (id === undefined || id === '')
    throw invalid(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  if (!SNAPSHOT_ID.test(id) || id.length > 64) {
    throw invalid(
      `1 validation error detected: Value '${id}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^snap-[0-9a-f]+$`,
      'INVALID_SNAPSHOT_ID',
    );
  }
  const account = ctx.caller.accountId;
  const record = ctx.em.regionsOf(ctx.region, account).find(({ rs }) => rs.snapshots[id])?.rs.snapshots[id];
  if (!record)
    throw modelled('ResourceNotFoundException', `The snapshot '${id}' does not exist.`, 'SNAPSHOT_NOT_FOUND');
  if (record.ownerId !== account && !(record.sharedWith ?? []).includes(account))
    throw modelled('AccessDeniedException', `You do not have access to snapshot ${id}.`, 'UNAUTHORIZED_ACCOUNT');
  if (record.state !== 'completed')
    throw invalid(`The snapshot ${id} is ${record.state}: only completed snapshots can be read.`);
  if (record.storageTier === 'archive')
    throw invalid(`The snapshot ${id} is in the archive tier: restore it to the standard tier to read its blocks.`);
  return record;
}

/** MaxResults: 10,000 when absent; fewer than 100 are read as 100, as EBS does; more than 10,000 is refused. */
function pageSize(requested: number | undefined): number {
  if (requested === undefined) return MAX_RESULTS.max;
  if (!Number.isInteger(requested) || requested > MAX_RESULTS.max)
    throw invalid(
      `1 validation error detected: Value '${requested}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS.max}`,
    );
  return Math.max(requested, MAX_RESULTS.min);
}

interface PageToken {
  /** The snapshots the listing is of: the second (or only) one, then the first. */
  ids: string[];
  next: number;
  issued: number;
}

function pageToken(ids: string[], next: number, issued: number): string {
  return Buffer.from(JSON.stringify({ ids, next, issued } satisfies PageToken)).toString('base64');
}

/** Where the page starts: after the page token (which must be this listing's and not expired), else the start index. */
function startOf(ctx: CallContext, ids: string[], token: string | undefined, startingBlockIndex: number | undefined) {
  if (token === undefined) {
    const start = startingBlockIndex ?? 0;
    if (!Number.isInteger(start) || start < 0)
      throw invalid(
        `Value '${start}' at 'startingBlockIndex' failed to satisfy constraint: Member must have value greater than or equal to 0`,
      );
    return start;
  }
  let parsed: Partial<PageToken> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<PageToken>;
  } catch {
    parsed = undefined;
  }
  const valid =
    /^[A-Za-z0-9+/=]{1,256}$/.test(token) &&
    parsed !== undefined &&
    JSON.stringify(parsed.ids) === JSON.stringify(ids) &&
    Number.isInteger(parsed.next) &&
    typeof parsed.issued === 'number';
  if (!valid) throw invalid('The pagination token is not valid for this request.', 'INVALID_PAGE_TOKEN');
  if (parsed!.issued! + PAGE_TOKEN_LIFE < ctx.now)
    throw invalid('The pagination token has expired.', 'INVALID_PAGE_TOKEN');
  return parsed!.next!;
}

const define = <I, O>(def: ActionDef<CallContext, I, O>) => def;

function listSnapshotBlocks(ctx: CallContext, input: ListSnapshotBlocksRequest): ListSnapshotBlocksResponse {
  const snapshot = readable(ctx, input.SnapshotId, 'snapshotId');
  const max = pageSize(input.MaxResults);
  const start = startOf(ctx, [snapshot.id], input.NextToken, input.StartingBlockIndex);
  const { lineage, runs } = snapshotBlocks(ctx.em, snapshot.id);
  const blocks: Block[] = [];
  let next: number | undefined;
  outer: for (let r = firstEndingAfter(runs, RUN, start); r * RUN < runs.length; r++) {
    const s = runs[r * RUN]!;
    const end = s + runs[r * RUN + 1]!;
    const writeId = runs[r * RUN + 2]!;
    for (let b = Math.max(s, start); b < end; b++) {
      if (blocks.length === max) {
        next = b;
        break outer;
      }
      blocks.push({ BlockIndex: b, BlockToken: blockToken(lineage, writeId, b) });
    }
  }
  return {
    Blocks: blocks,
    ExpiryTime: new Date(ctx.now + BLOCK_TOKEN_LIFE),
    VolumeSize: snapshot.volumeSize,
    BlockSize: BLOCK_SIZE,
    NextToken: next === undefined ? undefined : pageToken([snapshot.id], next, ctx.now),
  };
}

function listChangedBlocks(ctx: CallContext, input: ListChangedBlocksRequest): ListChangedBlocksResponse {
  const second = readable(ctx, input.SecondSnapshotId, 'secondSnapshotId');
  const first =
    input.FirstSnapshotId === undefined ? undefined : readable(ctx, input.FirstSnapshotId, 'firstSnapshotId');
  const { lineage } = snapshotBlocks(ctx.em, second.id);
  if (first && snapshotBlocks(ctx.em, first.id).lineage !== lineage) {
    throw invalid(
      `The snapshots ${first.id} and ${second.id} are not of the same volume or snapshot lineage.`,
      'UNRELATED_SNAPSHOTS',
    );
  }
  const max = pageSize(input.MaxResults);
  const ids = first ? [second.id, first.id] : [second.id];
  const start = startOf(ctx, ids, input.NextToken, input.StartingBlockIndex);
  const scanEnd = start + max * SCAN_PER_RESULT;
  const diffs = changedBlocks(ctx.em, first?.id, second.id);
  const token = (w: number, b: number) => (w < 0 ? undefined : blockToken(lineage, w, b));
  const changed: ChangedBlock[] = [];
  let next: number | undefined;
  let d = firstEndingAfter(diffs, DIFF, start);
  outer: for (; d * DIFF < diffs.length; d++) {
    const s = diffs[d * DIFF]!;
    const end = s + diffs[d * DIFF + 1]!;
    for (let b = Math.max(s, start); b < end; b++) {
      if (changed.length === max || b >= scanEnd) {
        next = b >= scanEnd ? scanEnd : b;
        break outer;
      }
      changed.push({
        BlockIndex: b,
        FirstBlockToken: token(diffs[d * DIFF + 2]!, b),
        SecondBlockToken: token(diffs[d * DIFF + 3]!, b),
      });
    }
  }
  return {
    ChangedBlocks: changed,
    ExpiryTime: new Date(ctx.now + BLOCK_TOKEN_LIFE),
    VolumeSize: second.volumeSize,
    BlockSize: BLOCK_SIZE,
    NextToken: next === undefined ? undefined : pageToken(ids, next, ctx.now),
  };
}

const EBS_ACTIONS = sdkOperations<typeof sdk>()({
  ListSnapshotBlocks: define({ mutating: false, handle: listSnapshotBlocks }),
  ListChangedBlocks: define({ mutating: false, handle: listChangedBlocks }),
});

const registry = registryService(
  restJson(sdk),
  EBS_ACTIONS,
  () => new ApiError('ExpiredTokenException', 'The security token included in the request is expired', 403),
);

/** EBS direct API requests are limited per account and region (`--throttle`), answered RequestThrottledException. */
export const ebsService: Service = {
  ...registry,
  run(em, call) {
    if (call.api && !em.takeToken(call.caller.accountId, call.region, call.action, call.input))
      throw modelled(
        'RequestThrottledException',
        'The request rate is too high for this account.',
        'ACCOUNT_THROTTLED',
      );
    return registry.run(em, call);
  },
};
