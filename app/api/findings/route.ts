import type { NextRequest } from 'next/server';
import { FindingsQuerySchema } from '@/lib/api/findings';
import { getFindings } from '@/lib/server/findings';
import { answerQuery } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const query = { region: params.getAll('region'), refresh: params.get('refresh') ?? undefined };
  return answerQuery(FindingsQuerySchema.safeParse(query), (q) => getFindings(q, new Date(), request.signal));
}
