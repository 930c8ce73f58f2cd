import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE, configuredToken, isAuthorized } from './lib/server/access';

/**
 * Paths anyone may reach: the sign-in page and its form target, sign-out (ending a session that has already expired
 * is harmless), the health check, and static assets.
 */
const OPEN = [
  /^\/signin$/,
  /^\/api\/signin$/,
  /^\/api\/signout$/,
  /^\/api\/health$/,
  /^\/_next\//,
  /^\/icon\.svg$/,
  /^\/favicon\.ico$/,
];

/**
 * With LINEAGE_ACCESS_TOKEN set, every other request needs the token or a live session from signing in, checked
 * here on every request (expiry, sign-out, the token it was issued under).
 */
export function proxy(request: NextRequest): NextResponse {
  const token = configuredToken();
  if (!token) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (OPEN.some((re) => re.test(pathname))) return NextResponse.next();
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  if (isAuthorized(token, request.headers.get('authorization'), cookie)) return NextResponse.next();
  if (pathname.startsWith('/api/')) {
    return NextResponse.json(
      {
        error: {
          code: 'Unauthorized',
          message: cookie
            ? 'Your session has ended: sign in again.'
            : 'Sign in, or send the access token as `Authorization: Bearer <token>`.',
        },
      },
      { status: 401, headers: { 'www-authenticate': 'Bearer realm="lineage"' } },
    );
  }
  const signin = new URL('/signin', request.url);
  signin.searchParams.set('next', `${pathname}${search}`);
  if (cookie) signin.searchParams.set('expired', '1');
  return NextResponse.redirect(signin, 303);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
