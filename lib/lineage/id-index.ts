/**
 * Resource id → position in a list, for the builder: an open-addressing table of positions outside the JS heap, sized
 * for the inventory up front, so a 50k-resource build neither rehashes a growing Map nor leaves tables to collect.
 * Ids of one kind differ in their last characters (the hex digits), so the hash reads at most the last 12.
 */

/** Empty slots hold 0; a slot holds a position + 1. */
const EMPTY = 0;
const MIN_CAPACITY = 1024;
const HASHED_TAIL = 12;

function hashOf(id: string): number {
  const n = id.length;
  let h = n;
  for (let i = n > HASHED_TAIL ? n - HASHED_TAIL : 0; i < n; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

const capacityFor = (count: number) => {
  let capacity = MIN_CAPACITY;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
};

export class IdIndex {
  /** The id at each position, in the order they were added. */
  readonly ids: string[] = [];
  private slots: Int32Array;
  private mask: number;

  /** `expected`: about how many ids will be added (it grows past that). */
  constructor(expected: number) {
    this.slots = new Int32Array(capacityFor(expected));
    this.mask = this.slots.length - 1;
  }

  /** The position of an id, or -1. */
  find(id: string): number {
    const { slots, mask, ids } = this;
    for (let s = hashOf(id) & mask; ; s = (s + 1) & mask) {
      const at = slots[s]!;
      if (at === EMPTY) return -1;
      if (ids[at - 1] === id) return at - 1;
    }
  }

  /** Adds an id at the next position and answers that position; -1 if it is there already. */
  add(id: string): number {
    const { slots, mask, ids } = this;
    let s = hashOf(id) & mask;
    for (; ; s = (s + 1) & mask) {
      const at = slots[s]!;
      if (at === EMPTY) break;
      if (ids[at - 1] === id) return -1;
    }
    const position = ids.length;
    ids.push(id);
    slots[s] = position + 1;
    if (ids.length * 2 > slots.length) this.grow();
    return position;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const { ids } = this;
    for (let i = 0; i < ids.length; i++) {
      let s = hashOf(ids[i]!) & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
