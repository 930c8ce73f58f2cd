import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE, configuredToken, isAuthorized } from './lib/server/access';

/** Paths anyone may reach: the sign-in page and its form target, the health check, and static assets. */
const OPEN = [/^\/signin$/, /^\/api\/signin$/, /^\/api\/health$/, /^\/_next\//, /^\/icon\.svg$/, /^\/favicon\.ico$/];

/** With LINEAGE_ACCESS_TOKEN set, every other request needs the token or a session from signing in. */
export function proxy(request: NextRequest): NextResponse {
  const token = configuredToken();
  if (!token) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (OPEN.some((re) => re.test(pathname))) return NextResponse.next();
  if (isAuthorized(token, request.headers.get('authorization'), request.cookies.get(SESSION_COOKIE)?.value))
    return NextResponse.next();
  if (pathname.startsWith('/api/')) {
    return NextResponse.json(
      {
        error: {
          code: 'Unauthorized',
          message: 'Sign in, or send the access token as `Authorization: Bearer <token>`.',
        },
      },
      { status: 401, headers: { 'www-authenticate': 'Bearer realm="lineage"' } },
    );
  }
  const signin = new URL('/signin', request.url);
  signin.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signin, 303);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
