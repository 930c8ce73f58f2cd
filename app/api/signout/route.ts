import type { NextRequest } from 'next/server';
import { SESSION_COOKIE, clearedSessionCookie, configuredToken } from '@/lib/server/access';
import { errorResponse } from '@/lib/server/http';
import { isSameOrigin } from '@/lib/server/request-guard';
import { endSession } from '@/lib/server/sessions';

export const dynamic = 'force-dynamic';

/**
 * POST /api/signout ends the browser's session on the server (its cookie is refused from now on, wherever it was
 * copied to), removes the cookie and goes back to the sign-in page. Same-origin only, like every mutating route.
 */
export function POST(request: NextRequest): Response {
  if (!isSameOrigin(request)) {
    return errorResponse({
      status: 403,
      code: 'CrossOrigin',
      message: 'Sign out from Lineage’s own pages (the Origin of this request is another site).',
    });
  }
  const token = configuredToken();
  if (token) endSession(token, request.cookies.get(SESSION_COOKIE)?.value);
  const headers = new Headers({ location: token ? '/signin?signedout=1' : '/', 'cache-control': 'no-store' });
  headers.append('set-cookie', clearedSessionCookie(request.nextUrl.protocol === 'https:'));
  return new Response(null, { status: 303, headers });
}

export function GET(): Response {
  const response = errorResponse({ status: 405, code: 'MethodNotAllowed', message: 'Use POST for /api/signout.' });
  response.headers.set('allow', 'POST');
  return response;
}
