import type { NextRequest } from 'next/server';
import { LaunchOptionsQuerySchema } from '@/lib/api/launch-options';
import { answerQuery } from '@/lib/server/http';
import { launchOptions } from '@/lib/server/launch-options';

export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Promise<Response> {
  const params = request.nextUrl.searchParams;
  const query = LaunchOptionsQuerySchema.safeParse({
    region: params.get('region') ?? undefined,
    accountId: params.get('accountId') ?? undefined,
  });
  return answerQuery(query, (q) => launchOptions(q, request.signal));
}
