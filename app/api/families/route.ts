import type { NextRequest } from 'next/server';
import { FamiliesQuerySchema } from '@/lib/api/families';
import { readingParams } from '@/lib/api/lineage';
import { getFamilies } from '@/lib/server/families';
import { answerQuery } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** GET /api/families: the overview of a large account, its families summarised. */
export function GET(request: NextRequest): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const query = FamiliesQuerySchema.safeParse({
    ...readingParams(params),
    limit: params.get('limit') ?? undefined,
    graph: params.get('graph') ?? undefined,
  });
  return answerQuery(query, (q) => getFamilies(q, request.signal));
}
