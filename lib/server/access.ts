import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The access token that guards a dashboard bound beyond loopback. Browsers sign in once and carry a session
 * cookie derived from the token; API clients send `Authorization: Bearer <token>`.
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

/** The cookie value for a token: a keyed digest, so the token itself never sits in the browser. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('lineage-session-v1').digest('base64url');
}

export function bearerToken(authorization: string | null): string | undefined {
  const match = authorization?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim();
}

/** True when the request carries the token (as a bearer token) or a session cookie made from it. */
export function isAuthorized(token: string, authorization: string | null, cookie: string | undefined): boolean {
  const bearer = bearerToken(authorization);
  if (bearer !== undefined && safeEqual(bearer, token)) return true;
  return cookie !== undefined && safeEqual(cookie, sessionValue(token));
}

/** A path to return to after signing in: only a path on this site, never another origin. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
