import type { NextRequest } from 'next/server';
import { ChangesQuerySchema } from '@/lib/api/history';
import { getChanges } from '@/lib/server/history-api';
import { configOrError, errorResponse, validationError } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const params = request.nextUrl.searchParams;
  const query = ChangesQuerySchema.safeParse({
    since: params.get('since') ?? undefined,
    until: params.get('until') ?? undefined,
    region: params.getAll('region'),
    limit: params.get('limit') ?? undefined,
  });
  if (!query.success) return validationError(query.error);
  const outcome = await getChanges(query.data);
  if (!outcome.ok) return errorResponse(outcome.failure);
  return Response.json(outcome.body, { headers: { 'cache-control': 'no-store' } });
}
