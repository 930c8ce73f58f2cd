import type { NextRequest } from 'next/server';
import { FindingsQuerySchema } from '@/lib/api/findings';
import { getFindings } from '@/lib/server/findings';
import { configOrError, errorResponse, validationError } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const params = request.nextUrl.searchParams;
  const query = FindingsQuerySchema.safeParse({
    region: params.getAll('region'),
    refresh: params.get('refresh') ?? undefined,
  });
  if (!query.success) return validationError(query.error);
  const outcome = await getFindings(query.data, new Date(), request.signal);
  if (!outcome.ok) return errorResponse(outcome.failure, outcome.errors);
  return Response.json(outcome.body, { headers: { 'cache-control': 'no-store' } });
}
