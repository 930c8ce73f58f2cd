import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Browser sessions after signing in with the access token. The cookie carries a random session id, when it was
 * issued and when it expires, signed with a key derived from the token; the server also keeps the live session ids,
 * so signing out ends a session at once and a restart ends them all. Changing the token invalidates every cookie.
 *
 * This module is shared by proxy.ts and the route handlers, which Next.js may bundle apart: the live sessions live
 * on globalThis so that both see the same ones.
 */

export interface Session {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

const VERSION = 'v1';
/** At most this many live sessions are kept; the oldest go first. */
const MAX_SESSIONS = 10_000;

interface Store {
  /** A digest of the token the sessions were issued under; another token starts an empty store. */
  tokenDigest: string;
  live: Map<string, number>;
}

const globalStore = globalThis as typeof globalThis & { __lineageSessions?: Store };

function store(token: string): Store {
  const tokenDigest = createHash('sha256').update(token).digest('base64url');
  if (globalStore.__lineageSessions?.tokenDigest !== tokenDigest) {
    globalStore.__lineageSessions = { tokenDigest, live: new Map() };
  }
  return globalStore.__lineageSessions;
}

function signature(token: string, payload: string): Buffer {
  const key = createHmac('sha256', token).update('lineage-session-key-v1').digest();
  return createHmac('sha256', key).update(payload).digest();
}

function sweep(live: Map<string, number>, now: number): void {
  for (const [id, expiresAt] of live) if (expiresAt <= now) live.delete(id);
  for (const id of live.keys()) {
    if (live.size < MAX_SESSIONS) break;
    live.delete(id);
  }
}

/** A new session lasting `hours`, and the cookie value that carries it. */
export function startSession(token: string, hours: number, now = Date.now()): { session: Session; value: string } {
  const session: Session = {
    id: randomBytes(18).toString('base64url'),
    issuedAt: now,
    expiresAt: now + Math.round(hours * 3_600_000),
  };
  const { live } = store(token);
  sweep(live, now);
  live.set(session.id, session.expiresAt);
  const payload = `${VERSION}.${session.id}.${session.issuedAt}.${session.expiresAt}`;
  return { session, value: `${payload}.${signature(token, payload).toString('base64url')}` };
}

/** The session a cookie value carries: signed with this token, not expired, and not ended on the server. */
export function verifySession(token: string, value: string | undefined, now = Date.now()): Session | undefined {
  const parts = value?.split('.');
  if (parts?.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, id, issued, expires, mac] = parts as [string, string, string, string, string];
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(token, parts.slice(0, 4).join('.'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const session: Session = { id, issuedAt: Number(issued), expiresAt: Number(expires) };
  if (!(session.expiresAt > now)) return undefined;
  const live = store(token).live.get(id);
  return live === session.expiresAt ? session : undefined;
}

/** Ends the session a cookie value carries (if it is one); its cookie is refused from now on. */
export function endSession(token: string, value: string | undefined): boolean {
  const session = verifySession(token, value);
  if (!session) return false;
  store(token).live.delete(session.id);
  return true;
}
