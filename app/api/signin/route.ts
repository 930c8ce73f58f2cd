import type { NextRequest } from 'next/server';
import { SESSION_COOKIE, configuredToken, safeEqual, safeReturnPath, sessionValue } from '@/lib/server/access';
import { isSameOrigin } from '@/lib/server/request-guard';

export const dynamic = 'force-dynamic';

const SESSION_SECONDS = 12 * 60 * 60;

/** A relative Location keeps the browser on the host it used (Next.js may see loopback as `localhost`). */
function redirect(path: string, cookie?: string): Response {
  const headers = new Headers({ location: path });
  if (cookie) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

/** The sign-in form posts here: a right token sets an httpOnly, SameSite=Strict session cookie. */
export async function POST(request: NextRequest): Promise<Response> {
  const token = configuredToken();
  if (!token) return redirect('/');
  if (!isSameOrigin(request)) {
    return Response.json(
      { error: { code: 'CrossOrigin', message: 'Sign in from Lineage’s own page.' } },
      { status: 403 },
    );
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return redirect('/signin?error=1');
  }
  const given = form.get('token');
  const next = safeReturnPath(typeof form.get('next') === 'string' ? (form.get('next') as string) : '/');
  if (typeof given !== 'string' || !safeEqual(given.trim(), token)) {
    return redirect(`/signin?error=1&next=${encodeURIComponent(next)}`);
  }
  const secure = request.nextUrl.protocol === 'https:' ? '; Secure' : '';
  const cookie = `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`;
  return redirect(next, cookie);
}
