import type { NextRequest } from 'next/server';
import { LineageQuerySchema, readingParams } from '@/lib/api/lineage';
import { answerQuery } from '@/lib/server/http';
import { getLineage } from '@/lib/server/lineage';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const query = LineageQuerySchema.safeParse({
    ...readingParams(params),
    focus: params.get('focus') ?? undefined,
    depth: params.get('depth') ?? undefined,
  });
  return answerQuery(query, (q) => getLineage(q, request.signal));
}
