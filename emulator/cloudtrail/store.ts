import type { EmulatorState, TrailEventRecord, TrailState } from '../state';

/** CloudTrail's event history keeps management events for 90 days. */
export const RETENTION_MS = 90 * 86_400_000;

export function trailOf(state: EmulatorState): TrailState {
  state.trail ??= { seq: 0, events: {} };
  return state.trail;
}

const before = (a: TrailEventRecord, b: TrailEventRecord) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Adds an event to its account's trail in time order (they mostly come in order: scenarios play the past in order). */
export function addEvent(state: EmulatorState, event: TrailEventRecord): void {
  const trail = trailOf(state);
  if (event.seq > trail.seq) trail.seq = event.seq;
  const list = (trail.events[event.accountId] ??= []);
  let i = list.length;
  while (i > 0 && before(event, list[i - 1]!)) i--;
  if (i === list.length) list.push(event);
  else list.splice(i, 0, event);
}

/** The index of the first event at or after the time, in a list oldest first. */
export function firstAtOrAfter(list: readonly TrailEventRecord[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.at < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Forgets the events older than the cutoff. */
export function pruneTrail(state: EmulatorState, cutoff: number): void {
  const trail = trailOf(state);
  for (const [accountId, list] of Object.entries(trail.events)) {
    const keep = firstAtOrAfter(list, cutoff);
    if (keep === list.length) delete trail.events[accountId];
    else if (keep > 0) list.splice(0, keep);
  }
}
