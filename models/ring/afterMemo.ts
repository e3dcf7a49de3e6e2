/**
 * A memo of the ring-placement model's costly step (PlacementModel.after: a placement of every
 * key rebuilt, then a join or leave applied) in shared memory, so that the threads of a parallel
 * search (`explore --workers`) compute each result once between them. Each thread's model kept
 * its own memo before: threads expanding states with the same members computed the same
 * results, and two threads did 1,836 placements where one thread does 1,009 (7 nodes, 2,000
 * keys).
 *
 * A fixed table of SLOTS entries, open addressing over a hash of the key. An entry is claimed by
 * a compare-and-swap of its state (EMPTY → WRITING), filled, then published (READY) with an
 * atomic store, after which it never changes; a reader compares keys only of READY entries.
 * Two threads computing the same result at once may both store it (a second entry, never read
 * first): a waste, not an error. When the table is full, or a result holds a node outside the
 * pool (a buggy scheme's owner), the result stays in the computing thread's own memo.
 */
import { hashWords } from '../../engine/hash.js';

/** Entries: more than ring-placement's sets of members times operations at its largest pool (2⁸ · 8). */
const SLOTS = 4096;
/**
 * Slots probed before giving up. A probe is a few word comparisons, against milliseconds for the
 * placement it saves; at 32 the table turned entries away at about half full.
 */
const PROBES = 512;
const EMPTY = 0;
const WRITING = 1;
const READY = 2;

/** The largest pool the model allows (ring-placement's `nodes` parameter). */
export const MAX_POOL = 8;
/** Key words: member count, members (padded with -1), operation code, operation node. */
export const KEY_WORDS = MAX_POOL + 3;

/** A memoized step: the members after it (pool indices) and each key's owner (pool index). */
export interface AfterEntry {
  members: number[];
  owners: Uint8Array;
}

export class AfterMemo {
  readonly buffer: SharedArrayBuffer;
  private readonly state: Int32Array;
  private readonly keyWords: Int32Array;
  /** Per slot: member count, then MAX_POOL members. */
  private readonly memberWords: Int32Array;
  private readonly owners: Uint8Array;
  private readonly fp = new Uint32Array(2);

  /** A memo for `keys` keys: a new one, or the memory of another thread's (`buffer`). */
  constructor(
    private readonly keys: number,
    buffer?: SharedArrayBuffer,
  ) {
    const bytes = SLOTS * 4 * (1 + KEY_WORDS + 1 + MAX_POOL) + SLOTS * keys;
    if (buffer !== undefined && buffer.byteLength !== bytes) throw new Error(`internal: a shared step memo of ${buffer.byteLength} bytes, for ${keys} keys ${bytes} were expected`);
    this.buffer = buffer ?? new SharedArrayBuffer(bytes);
    let at = 0;
    this.state = new Int32Array(this.buffer, at, SLOTS);
    at += 4 * SLOTS;
    this.keyWords = new Int32Array(this.buffer, at, SLOTS * KEY_WORDS);
    at += 4 * SLOTS * KEY_WORDS;
    this.memberWords = new Int32Array(this.buffer, at, SLOTS * (1 + MAX_POOL));
    at += 4 * SLOTS * (1 + MAX_POOL);
    this.owners = new Uint8Array(this.buffer, at, SLOTS * keys);
  }

  private home(key: Int32Array): number {
    hashWords(key, this.fp);
    return this.fp[1] & (SLOTS - 1);
  }

  private matches(slot: number, key: Int32Array): boolean {
    const base = slot * KEY_WORDS;
    for (let i = 0; i < KEY_WORDS; i++) if (this.keyWords[base + i] !== key[i]) return false;
    return true;
  }

  /** The entry stored for `key` (KEY_WORDS words), or null. */
  get(key: Int32Array): AfterEntry | null {
    let slot = this.home(key);
    for (let p = 0; p < PROBES; p++, slot = (slot + 1) & (SLOTS - 1)) {
      const state = Atomics.load(this.state, slot);
      if (state === EMPTY) return null;
      if (state === READY && this.matches(slot, key)) {
        const base = slot * (1 + MAX_POOL);
        const members: number[] = [];
        for (let i = 0; i < this.memberWords[base]; i++) members.push(this.memberWords[base + 1 + i]);
        return { members, owners: this.owners.slice(slot * this.keys, (slot + 1) * this.keys) };
      }
    }
    return null;
  }

  /** Stores `entry` for `key`; false when no slot was free within PROBES. */
  put(key: Int32Array, entry: AfterEntry): boolean {
    let slot = this.home(key);
    for (let p = 0; p < PROBES; p++, slot = (slot + 1) & (SLOTS - 1)) {
      if (Atomics.compareExchange(this.state, slot, EMPTY, WRITING) !== EMPTY) continue;
      this.keyWords.set(key.subarray(0, KEY_WORDS), slot * KEY_WORDS);
      const base = slot * (1 + MAX_POOL);
      this.memberWords[base] = entry.members.length;
      for (let i = 0; i < entry.members.length; i++) this.memberWords[base + 1 + i] = entry.members[i];
      this.owners.set(entry.owners, slot * this.keys);
      Atomics.store(this.state, slot, READY);
      return true;
    }
    return false;
  }
}
