import type { NextRequest } from 'next/server';
import { configuredToken, safeEqual, safeReturnPath, sessionCookie } from '@/lib/server/access';
import { config } from '@/lib/server/config';
import { configOrError } from '@/lib/server/http';
import { isSameOrigin } from '@/lib/server/request-guard';
import { startSession } from '@/lib/server/sessions';
import { clientAddress, signInLimiter } from '@/lib/server/signin-limit';

export const dynamic = 'force-dynamic';

/** A relative Location keeps the browser on the host it used (Next.js may see loopback as `localhost`). */
function redirect(path: string, cookie?: string): Response {
  const headers = new Headers({ location: path });
  if (cookie) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** 429 with Retry-After: a page for the sign-in form, JSON for anything else. */
function tooManyAttempts(request: NextRequest, retryAfterSeconds: number): Response {
  const message = `Too many sign-in attempts from your address. Try again in ${retryAfterSeconds} s.`;
  const headers = { 'retry-after': String(retryAfterSeconds), 'cache-control': 'no-store' };
  if (!request.headers.get('accept')?.includes('text/html')) {
    return Response.json({ error: { code: 'TooManyRequests', message } }, { status: 429, headers });
  }
  const page = `<!doctype html><meta charset="utf-8"><title>Lineage</title><p role="alert">${escapeHtml(message)}</p><p><a href="/signin">Back to sign in</a></p>`;
  return new Response(page, { status: 429, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * The sign-in form posts here: a right token starts a new session (a new cookie value every time), set as an
 * httpOnly, SameSite=Strict cookie. Attempts are limited per client address.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const token = configuredToken();
  if (!token) return redirect('/');
  if (!isSameOrigin(request)) {
    return Response.json(
      { error: { code: 'CrossOrigin', message: 'Sign in from Lineage’s own page.' } },
      { status: 403 },
    );
  }
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  const admission = signInLimiter().attempt(clientAddress(request.headers));
  if (!admission.ok) return tooManyAttempts(request, admission.retryAfterSeconds);
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
  const { session, value } = startSession(token, config().sessionHours);
  return redirect(next, sessionCookie(value, session.expiresAt, request.nextUrl.protocol === 'https:'));
}
