import type { NextRequest } from 'next/server';
import { ACTION_NAMES, type ActionName, isActionName } from '@/lib/api/actions';
import { parseActionBody, performAction } from '@/lib/server/actions';
import { errorResponse } from '@/lib/server/http';
import { invalidBody, readJsonBody, refuseMutation } from '@/lib/server/request-guard';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ action: string }>;
}

const unknownAction = (action: string) =>
  errorResponse({
    status: 404,
    code: 'UnknownAction',
    message: `No action '${action}'. Known: ${ACTION_NAMES.join(', ')}.`,
  });

async function run<A extends ActionName>(action: A, value: unknown): Promise<Response> {
  const parsed = parseActionBody(action, value);
  if (!parsed.success) return invalidBody(parsed.error);
  const outcome = await performAction(action, parsed.data);
  if (!outcome.ok) return errorResponse(outcome.failure);
  return Response.json(outcome.result, { status: outcome.status, headers: { 'cache-control': 'no-store' } });
}

/** POST /api/actions/{action}: same-origin JSON only; answers the new ids, or the refusal with its code. */
export async function POST(request: NextRequest, { params }: Context): Promise<Response> {
  const { action } = await params;
  if (!isActionName(action)) return unknownAction(action);
  const refused = refuseMutation(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return run(action, body.value);
}

async function methodNotAllowed(request: NextRequest, { params }: Context): Promise<Response> {
  const { action } = await params;
  if (!isActionName(action)) return unknownAction(action);
  const response = errorResponse({
    status: 405,
    code: 'MethodNotAllowed',
    message: `Use POST for /api/actions/${action}, not ${request.method}.`,
  });
  response.headers.set('allow', 'POST');
  return response;
}

export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
