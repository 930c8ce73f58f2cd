import 'server-only';
import type { z } from 'zod';
import type { ApiError, RegionError } from '@/lib/api/lineage';
import { ConfigError, config } from './config';
import type { Ec2Failure } from './errors';

/** Answers a failure as { error: { code, message, field? } } with its status. */
export function errorResponse(failure: Ec2Failure & { field?: string }, errors?: RegionError[]): Response {
  const body: ApiError = { error: { code: failure.code, message: failure.message, field: failure.field }, errors };
  return Response.json(body, { status: failure.status, headers: { 'cache-control': 'no-store' } });
}

export function validationError(error: z.ZodError): Response {
  const issue = error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : undefined;
  const message = issue ? `${field ? `${field} ` : ''}${issue.message}` : 'Invalid request.';
  return errorResponse({ status: 400, code: 'ValidationError', message, field });
}

/** The configuration, or an answer explaining why it is invalid. */
export function configOrError(): Response | undefined {
  try {
    config();
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError)
      return errorResponse({ status: 500, code: 'InvalidConfiguration', message: error.message });
    throw error;
  }
}

/** Items of an array serialised at a time in a streamed answer. */
const ARRAY_CHUNK = 500;

/**
 * The text JSON.stringify would make of a body, in parts: each top-level array a chunk of items at a time, so a large
 * graph is never one string (nor that string and its bytes at once).
 */
function* jsonParts(body: unknown): Generator<string> {
  const streamable =
    typeof body === 'object' && body !== null && !Array.isArray(body) && !('toJSON' in body && body.toJSON);
  if (!streamable) {
    yield JSON.stringify(body);
    return;
  }
  let separator = '{';
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    yield `${separator}${JSON.stringify(key)}:`;
    separator = ',';
    if (!Array.isArray(value) || value.length <= ARRAY_CHUNK) {
      yield JSON.stringify(value);
      continue;
    }
    for (let i = 0; i < value.length; i += ARRAY_CHUNK) {
      const items = JSON.stringify(value.slice(i, i + ARRAY_CHUNK));
      yield (i === 0 ? '[' : ',') + items.slice(1, -1);
    }
    yield ']';
  }
  yield separator === '{' ? '{}' : '}';
}

/** A JSON answer, streamed part by part (byte for byte what Response.json would send). */
export function jsonStream(body: unknown, headers: Record<string, string>): Response {
  const parts = jsonParts(body);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/json', ...headers } });
}

/** What a reading route's server side answers: the body, or why not. */
type Outcome =
  { ok: true; body: unknown } | { ok: false; failure: Ec2Failure & { field?: string }; errors?: RegionError[] };

/**
 * A GET route over the inventory: a valid configuration, then the query as its schema reads it (400 naming the
 * field otherwise), then what `answer` finds, never cached by the browser.
 */
export async function answerQuery<Q>(query: z.ZodSafeParseResult<Q>, answer: (query: Q) => Promise<Outcome>) {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  if (!query.success) return validationError(query.error);
  const outcome = await answer(query.data);
  if (!outcome.ok) return errorResponse(outcome.failure, outcome.errors);
  return jsonStream(outcome.body, { 'cache-control': 'no-store' });
}
