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
