import { ApiRequestError } from './client';
import { ApiErrorSchema } from './lineage';
import { NDJSON, type SizesProgress, type SnapshotSizes, SizesStreamLineSchema } from './snapshot-sizes';

/** The browser's side of GET /api/snapshot-sizes: the measurement as a stream, its progress told as it comes. */

export const snapshotSizesKeys = {
  all: ['snapshot-sizes'] as const,
  chain: (region: string, volumeId: string) => [...snapshotSizesKeys.all, region, volumeId] as const,
};

export function snapshotSizesUrl(region: string, volumeId: string): string {
  return `/api/snapshot-sizes?${new URLSearchParams({ region, volumeId }).toString()}`;
}

/** Reads NDJSON lines as they arrive, telling each to `line`. */
async function readLines(body: ReadableStream<Uint8Array>, line: (text: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    buffered += decoder.decode(value, { stream: !done });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    lines.filter((l) => l.trim() !== '').forEach(line);
    if (done) break;
  }
  if (buffered.trim() !== '') line(buffered);
}

/** A refusal before measuring (bad query, bad configuration): an ordinary JSON error. */
async function refusal(res: Response): Promise<ApiRequestError> {
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch {
    json = undefined;
  }
  const parsed = ApiErrorSchema.safeParse(json);
  return parsed.success
    ? new ApiRequestError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data)
    : new ApiRequestError(res.status, 'HttpError', `The server answered ${res.status}.`);
}

/**
 * Measures a volume's chain, telling `onProgress` as pages are listed; `signal` cancels it (the server stops listing).
 * Throws ApiRequestError with the server's code and message.
 */
export async function measureSnapshotSizes(
  region: string,
  volumeId: string,
  signal: AbortSignal,
  onProgress: (progress: SizesProgress) => void,
): Promise<SnapshotSizes> {
  const url = snapshotSizesUrl(region, volumeId);
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: NDJSON } });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiRequestError(0, 'NetworkError', 'Lineage’s server cannot be reached. Is it still running?');
  }
  if (!res.ok || !res.body) throw await refusal(res);
  let result: SnapshotSizes | undefined;
  let failure: ApiRequestError | undefined;
  await readLines(res.body, (text) => {
    const line = SizesStreamLineSchema.parse(JSON.parse(text));
    if ('progress' in line) onProgress(line.progress);
    else if ('result' in line) result = line.result;
    else failure = new ApiRequestError(502, line.error.code, line.error.message);
  });
  if (failure) throw failure;
  if (!result) throw new ApiRequestError(502, 'BadResponse', 'The measurement ended without a result.');
  return result;
}
