import 'server-only';
import { DeadlineExceeded } from './errors';

/** What an action (or a lookup a dialog waits for) may take, so that its answer, 504 at worst, comes within 30 s. */
export const ACTION_DEADLINE_MS = 25_000;

export interface Deadline {
  /** Aborts with DeadlineExceeded when the time is up, or with the parent's reason when the parent aborts first. */
  signal: AbortSignal;
  /** Stops the clock once the work is done. */
  clear(): void;
}

/** A deadline of `ms` for `what` (named in the message), ended early by `parent` (the request going away). */
export function deadline(ms: number, what: string, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(what, ms)), ms);
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/** What an aborted call failed with, as the reason it was aborted for (the SDK reports only "AbortError"). */
export function abortReason(signal: AbortSignal | undefined, error: unknown): unknown {
  return signal?.aborted ? signal.reason : error;
}

/** Rejects with the signal's reason as soon as it aborts. */
export function whenAborted(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    // The reason is what the aborting side gave: an AbortError, or the deadline's own error.
    const fail = () => reject(signal.reason as Error);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined); // a race that was already decided leaves nobody waiting for this
  return aborted;
}

/**
 * Runs `work` under a deadline: it fails with the deadline's reason once the time is up, even if the work has not
 * noticed yet (the SDK may be between two attempts).
 */
export async function withDeadline<T>(
  ms: number,
  what: string,
  parent: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const limit = deadline(ms, what, parent);
  try {
    return await Promise.race([work(limit.signal), whenAborted(limit.signal)]);
  } catch (error) {
    throw abortReason(limit.signal, error);
  } finally {
    limit.clear();
  }
}
