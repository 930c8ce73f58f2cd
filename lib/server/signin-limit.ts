/**
 * Sign-in attempts allowed per client address in a sliding window, and in all (a client can forge the address it
 * claims in X-Forwarded-For; the overall limit still bounds how fast anyone can guess).
 */

export const SIGNIN_WINDOW_MS = 60_000;
export const SIGNIN_PER_ADDRESS = 10;
export const SIGNIN_OVERALL = 100;
/** At most this many addresses are remembered; the oldest go first. */
const MAX_ADDRESSES = 10_000;

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export class SignInLimiter {
  private readonly byAddress = new Map<string, number[]>();
  private overall: number[] = [];

  constructor(
    private readonly perAddress = SIGNIN_PER_ADDRESS,
    private readonly total = SIGNIN_OVERALL,
    private readonly windowMs = SIGNIN_WINDOW_MS,
  ) {}

  /** Counts an attempt from `address`, or refuses it with how long to wait; a refused attempt is not counted. */
  attempt(address: string, now = Date.now()): Admission {
    const since = now - this.windowMs;
    const mine = (this.byAddress.get(address) ?? []).filter((t) => t > since);
    this.overall = this.overall.filter((t) => t > since);
    const full = mine.length >= this.perAddress ? mine : this.overall.length >= this.total ? this.overall : null;
    if (full) {
      this.byAddress.set(address, mine);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((full[0]! + this.windowMs - now) / 1000)) };
    }
    mine.push(now);
    this.overall.push(now);
    this.byAddress.delete(address);
    this.byAddress.set(address, mine);
    this.forgetOldest();
    return { ok: true };
  }

  /** Addresses are kept in the order they last tried; past the cap the least recent go. */
  private forgetOldest(): void {
    for (const address of this.byAddress.keys()) {
      if (this.byAddress.size <= MAX_ADDRESSES) break;
      this.byAddress.delete(address);
    }
  }
}

const globalLimiter = globalThis as typeof globalThis & { __lineageSignInLimiter?: SignInLimiter };

/** The server's one limiter. */
export function signInLimiter(): SignInLimiter {
  return (globalLimiter.__lineageSignInLimiter ??= new SignInLimiter());
}

/** The client's address as the server saw it (Next.js records the peer in X-Forwarded-For when none is given). */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
