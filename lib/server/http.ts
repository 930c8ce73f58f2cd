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
  return Response.json(outcome.body, { headers: { 'cache-control': 'no-store' } });
}
