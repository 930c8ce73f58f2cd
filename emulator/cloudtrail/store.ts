import type { EmulatorState, TrailActorRecord, TrailEventRecord, TrailState } from '../state';

/** CloudTrail's event history keeps management events for 90 days. */
export const RETENTION_MS = 90 * 86_400_000;

export function trailOf(state: EmulatorState): TrailState {
  state.trail ??= { seq: 0, actors: [], events: {} };
  state.trail.actors ??= [];
  return state.trail;
}

const actorKey = (a: TrailActorRecord) => `${a.arn}\u0000${a.accessKeyId}\u0000${a.sourceIp}\u0000${a.userAgent}`;

/** Each trail's actors by what they are, so an event names one by its index. */
const actorIndexes = new WeakMap<TrailState, Map<string, number>>();

/** The index of an actor in the trail, and whether it was added now. */
export function actorIndex(state: EmulatorState, actor: TrailActorRecord): { index: number; added: boolean } {
  const trail = trailOf(state);
  let index = actorIndexes.get(trail);
  if (!index) {
    index = new Map(trail.actors.map((a, i) => [actorKey(a), i]));
    actorIndexes.set(trail, index);
  }
  const key = actorKey(actor);
  const found = index.get(key);
  if (found !== undefined) return { index: found, added: false };
  trail.actors.push(actor);
  index.set(key, trail.actors.length - 1);
  return { index: trail.actors.length - 1, added: true };
}

/** Puts an actor at its index (loading a journal). */
export function setActor(state: EmulatorState, index: number, actor: TrailActorRecord): void {
  const trail = trailOf(state);
  trail.actors[index] = actor;
  actorIndexes.delete(trail);
}

const before = (a: TrailEventRecord, b: TrailEventRecord) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Adds an event to an account's trail in time order (they mostly come in order: scenarios play the past in order). */
export function addEvent(state: EmulatorState, accountId: string, event: TrailEventRecord): void {
  const trail = trailOf(state);
  if (event.seq > trail.seq) trail.seq = event.seq;
  const list = (trail.events[accountId] ??= []);
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
