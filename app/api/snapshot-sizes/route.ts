import type { NextRequest } from 'next/server';
import { NDJSON, SnapshotSizesQuerySchema, type SizesStreamLine } from '@/lib/api/snapshot-sizes';
import { configOrError, errorResponse, validationError } from '@/lib/server/http';
import { measureSnapshotSizes } from '@/lib/server/snapshot-sizes';

export const dynamic = 'force-dynamic';

/** The measurement as NDJSON: a progress line per page listed, then the result (or the error). */
function stream(query: Parameters<typeof measureSnapshotSizes>[0], request: NextRequest): Response {
  const controller = new AbortController();
  const stop = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', stop, { once: true });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(out) {
      const send = (line: SizesStreamLine) => {
        if (!controller.signal.aborted) out.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      const outcome = await measureSnapshotSizes(query, {
        signal: controller.signal,
        onProgress: (progress) => send({ progress }),
      });
      send(
        outcome.ok
          ? { result: outcome.body }
          : { error: { code: outcome.failure.code, message: outcome.failure.message } },
      );
      request.signal.removeEventListener('abort', stop);
      if (!controller.signal.aborted) out.close();
    },
    cancel() {
      controller.abort(new Error('The reader went away.'));
    },
  });
  return new Response(body, { headers: { 'content-type': NDJSON, 'cache-control': 'no-store' } });
}

export async function GET(request: NextRequest): Promise<Response> {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const params = request.nextUrl.searchParams;
  const query = SnapshotSizesQuerySchema.safeParse({
    region: params.get('region') ?? undefined,
    volumeId: params.get('volumeId') ?? undefined,
  });
  if (!query.success) return validationError(query.error);
  if (request.headers.get('accept')?.includes(NDJSON)) return stream(query.data, request);
  const outcome = await measureSnapshotSizes(query.data, { signal: request.signal });
  if (!outcome.ok) return errorResponse(outcome.failure);
  return Response.json(outcome.body, { headers: { 'cache-control': 'no-store' } });
}
