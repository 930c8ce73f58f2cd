import type { NextRequest } from 'next/server';
import { LineageQuerySchema } from '@/lib/api/lineage';
import { configOrError, errorResponse, validationError } from '@/lib/server/http';
import { getLineage } from '@/lib/server/lineage';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const params = request.nextUrl.searchParams;
  const query = LineageQuerySchema.safeParse({
    region: params.getAll('region'),
    focus: params.get('focus') ?? undefined,
    depth: params.get('depth') ?? undefined,
    refresh: params.get('refresh') ?? undefined,
    asOf: params.get('asOf') ?? undefined,
  });
  if (!query.success) return validationError(query.error);
  const outcome = await getLineage(query.data, request.signal);
  if (!outcome.ok) return errorResponse(outcome.failure, outcome.errors);
  return Response.json(outcome.body, { headers: { 'cache-control': 'no-store' } });
}
