import type { NextRequest } from 'next/server';
import { ResourceId } from '@/lib/api/fields';
import { FamilyQuerySchema } from '@/lib/api/families';
import { readingParams } from '@/lib/api/lineage';
import { getFamily } from '@/lib/server/families';
import { answerQuery } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/** GET /api/families/{id}: one family, named by its id or by any of its resources. */
export async function GET(request: NextRequest, { params }: Context): Promise<Response> {
  const search = request.nextUrl.searchParams;
  const query = FamilyQuerySchema.extend({ id: ResourceId }).safeParse({
    ...readingParams(search),
    id: (await params).id,
  });
  return answerQuery(query, ({ id, ...q }) => getFamily(id, q, request.signal));
}
