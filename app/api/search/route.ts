import type { NextRequest } from 'next/server';
import { SearchQuerySchema } from '@/lib/api/search';
import { answerQuery } from '@/lib/server/http';
import { searchResources } from '@/lib/server/search';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const query = SearchQuerySchema.safeParse({
    q: params.get('q') ?? '',
    limit: params.get('limit') ?? undefined,
    offset: params.get('offset') ?? undefined,
    region: params.getAll('region'),
  });
  return answerQuery(query, (q) => searchResources(q, request.signal));
}
