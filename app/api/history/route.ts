import type { NextRequest } from 'next/server';
import { HistoryQuerySchema } from '@/lib/api/history';
import { getHistory } from '@/lib/server/history-api';
import { configOrError, errorResponse, validationError } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const query = HistoryQuerySchema.safeParse({ id: request.nextUrl.searchParams.get('id') ?? undefined });
  if (!query.success) return validationError(query.error);
  const outcome = await getHistory(query.data);
  if (!outcome.ok) return errorResponse(outcome.failure);
  return Response.json(outcome.body, { headers: { 'cache-control': 'no-store' } });
}
