import { describe, expect, it } from 'vitest';
import { endSession, startSession, verifySession } from './sessions';
import { SignInLimiter } from './signin-limit';

const TOKEN = 'correct-horse-battery-staple';
const HOUR = 3_600_000;

describe('sessions', () => {
  it('issues a new, signed value at every sign-in, carrying id, issue time and expiry', () => {
    const now = Date.now();
    const a = startSession(TOKEN, 12, now);
    const b = startSession(TOKEN, 12, now);
    expect(a.value).not.toBe(b.value);
    expect(a.session.id).not.toBe(b.session.id);
    expect(a.value).not.toContain(TOKEN);
    expect(a.session).toMatchObject({ issuedAt: now, expiresAt: now + 12 * HOUR });
    expect(verifySession(TOKEN, a.value, now)).toEqual(a.session);
    expect(verifySession(TOKEN, b.value, now)).toEqual(b.session);
  });

  it('refuses a session once it has expired, in fractions of an hour too', () => {
    const now = Date.now();
    const { value } = startSession(TOKEN, 0.002, now);
    expect(verifySession(TOKEN, value, now + 7_000)).toBeDefined();
    expect(verifySession(TOKEN, value, now + 7_200)).toBeUndefined();
  });

  it('refuses a value that was altered: a later expiry, another id, or a forged signature', () => {
    const { value, session } = startSession(TOKEN, 1);
    const [v, id, issued, expires, mac] = value.split('.');
    expect(verifySession(TOKEN, [v, id, issued, Number(expires) + 10 * HOUR, mac].join('.'))).toBeUndefined();
    expect(verifySession(TOKEN, [v, `${id}x`, issued, expires, mac].join('.'))).toBeUndefined();
    expect(verifySession(TOKEN, [v, id, issued, expires, `${mac!.slice(0, -2)}AA`].join('.'))).toBeUndefined();
    expect(verifySession(TOKEN, 'v1.garbage')).toBeUndefined();
    expect(verifySession(TOKEN, undefined)).toBeUndefined();
    expect(verifySession(TOKEN, value)?.id).toBe(session.id);
  });

  it('ends a session on sign-out, leaving the others', () => {
    const one = startSession(TOKEN, 1);
    const other = startSession(TOKEN, 1);
    expect(endSession(TOKEN, one.value)).toBe(true);
    expect(verifySession(TOKEN, one.value)).toBeUndefined();
    expect(verifySession(TOKEN, other.value)).toBeDefined();
    expect(endSession(TOKEN, one.value)).toBe(false);
  });

  it('invalidates every session when the token changes', () => {
    const { value } = startSession(TOKEN, 1);
    expect(verifySession('a-different-token-entirely', value)).toBeUndefined();
    startSession('a-different-token-entirely', 1);
    expect(verifySession(TOKEN, value)).toBeUndefined();
  });
});

describe('sign-in limit', () => {
  it('allows 10 attempts a minute per address, then answers how long to wait', () => {
    const limiter = new SignInLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) expect(limiter.attempt('198.51.100.1', t0 + i * 1000)).toEqual({ ok: true });
    expect(limiter.attempt('198.51.100.1', t0 + 15_000)).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect(limiter.attempt('198.51.100.2', t0 + 15_000)).toEqual({ ok: true });
    // The first attempt leaves the window after a minute, making room for one more.
    expect(limiter.attempt('198.51.100.1', t0 + 60_001)).toEqual({ ok: true });
    expect(limiter.attempt('198.51.100.1', t0 + 60_002).ok).toBe(false);
  });

  it('bounds attempts from all addresses together, so forged addresses buy no extra guesses', () => {
    const limiter = new SignInLimiter(10, 100);
    const t0 = 1_000_000;
    for (let i = 0; i < 100; i++) expect(limiter.attempt(`203.0.113.${i}`, t0).ok).toBe(true);
    expect(limiter.attempt('203.0.113.250', t0 + 1)).toEqual({ ok: false, retryAfterSeconds: 60 });
  });
});
