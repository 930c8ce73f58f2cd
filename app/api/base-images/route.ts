import type { NextRequest } from 'next/server';
import { BaseImagesQuerySchema, type BaseImagesResponse } from '@/lib/api/base-images';
import { listBaseImages } from '@/lib/server/base-images';
import { classifyEc2Error } from '@/lib/server/errors';
import { configOrError, errorResponse, validationError } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<Response> {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const query = BaseImagesQuerySchema.safeParse({ region: request.nextUrl.searchParams.get('region') ?? undefined });
  if (!query.success) return validationError(query.error);
  try {
    const body: BaseImagesResponse = {
      region: query.data.region,
      images: await listBaseImages(query.data.region, request.signal),
    };
    return Response.json(body);
  } catch (error) {
    return errorResponse(classifyEc2Error(error));
  }
}
