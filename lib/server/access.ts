import { createHash, timingSafeEqual } from 'node:crypto';
import { verifySession } from './sessions';

/**
 * The access token that guards a dashboard bound beyond loopback. Browsers sign in once and carry a session
 * cookie (see sessions.ts); API clients send `Authorization: Bearer <token>`.
 */

export const SESSION_COOKIE = 'lineage_session';
export const MIN_TOKEN_LENGTH = 16;

export function configuredToken(env: Record<string, string | undefined> = process.env): string | undefined {
  const token = env.LINEAGE_ACCESS_TOKEN;
  return token ? token : undefined;
}

/** Compares in constant time, whatever the lengths (both sides are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function bearerToken(authorization: string | null): string | undefined {
  const match = authorization?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim();
}

/** True when the request carries the token (as a bearer token) or the cookie of a live session. */
export function isAuthorized(token: string, authorization: string | null, cookie: string | undefined): boolean {
  const bearer = bearerToken(authorization);
  if (bearer !== undefined && safeEqual(bearer, token)) return true;
  return verifySession(token, cookie) !== undefined;
}

/** The Set-Cookie header for a session: httpOnly, SameSite=Strict, gone when the session expires. */
export function sessionCookie(value: string, expiresAt: number, secure: boolean, now = Date.now()): string {
  const maxAge = Math.max(1, Math.ceil((expiresAt - now) / 1000));
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie header that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** A path to return to after signing in: only a path on this site, never another origin. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
