import { sharedTableBuffers, type SharedTable } from './sharedTable.mjs';

/** A fingerprint lane as stored: a 32-bit integer, never 0 (0 marks an empty slot). */
function lane(x: number): number {
  return x | 0 || 1;
}

/** Where probing for (hi, lo) starts in a table of mask + 1 slots. */
function firstSlot(hi: number, lo: number, mask: number): number {
  return (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
}

/** The least power of two that is at least `n` and at least `least`: a hash table's slot count. */
export function slotsFor(n: number, least = 16): number {
  let cap = least;
  while (cap < n) cap <<= 1;
  return cap;
}

/** Slots below which FingerprintSet grows fourfold. */
const QUADRUPLE_BELOW = 1 << 22;

/**
 * A set of 64-bit fingerprints: open addressing with linear probing over one Uint32Array (the
 * two lanes of a slot side by side, so a probe touches one cache line), kept at most half full:
 * ten million fingerprints take 256 MB at worst instead of the gigabytes a Set of strings would.
 *
 * Lanes are stored nonzero (a 0 lane is read as 1, as in SharedFingerprintSet, so sequential and
 * parallel searches count exactly the same), and (0, 0) marks an empty slot.
 */
export class FingerprintSet {
  private keys: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    const cap = slotsFor(initialCapacity);
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Adds (hi, lo): true when it was new. */
  add(hi: number, lo: number): boolean {
    hi = lane(hi) >>> 0;
    lo = lane(lo) >>> 0;
    const k = this.probe(hi, lo);
    const keys = this.keys;
    if ((keys[k] | keys[k + 1]) !== 0) return false;
    keys[k] = hi;
    keys[k + 1] = lo;
    if (++this.size * 2 > this.mask) this.grow();
    return true;
  }

  /**
   * Reads the first slot of each of n fingerprints (pairs in `fps`) and returns their XOR, which
   * means nothing: loads that depend on nothing before them, so the processor fetches the cache
   * lines of all of a state's successors at once before add() waits on each in turn (Expander).
   */
  warm(fps: Uint32Array, n: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let x = 0;
    for (let i = 0; i < n; i++) x ^= keys[firstSlot(lane(fps[2 * i]) >>> 0, lane(fps[2 * i + 1]) >>> 0, mask) << 1];
    return x;
  }

  /** Whether (hi, lo) is in the set. */
  has(hi: number, lo: number): boolean {
    const k = this.probe(lane(hi) >>> 0, lane(lo) >>> 0);
    return (this.keys[k] | this.keys[k + 1]) !== 0;
  }

  /** Index of the lanes holding (hi, lo) (stored lanes), or of the empty slot where it would go. */
  private probe(hi: number, lo: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let slot = firstSlot(hi, lo, mask); ; slot = (slot + 1) & mask) {
      const k = slot << 1;
      if ((keys[k] === hi && keys[k + 1] === lo) || (keys[k] | keys[k + 1]) === 0) return k;
    }
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength;
  }

  /**
   * Four times the slots while there are fewer than 4M (32 MB), twice after: a search of a few
   * million states rehashes a third as many entries on its way up, and a large one grows by
   * doubling as before.
   */
  private grow(): void {
    const old = this.keys;
    const cap = (this.mask + 1) * (this.mask + 1 < QUADRUPLE_BELOW ? 4 : 2);
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < old.length; k += 2) if ((old[k] | old[k + 1]) !== 0) this.add(old[k], old[k + 1]);
  }
}

/**
 * A lossy set of recent 64-bit fingerprints: one direct-mapped slot per fingerprint's hash, a
 * newer one overwriting an older. What it says it has, it was given (up to fingerprint
 * collisions, as in any visited set); what it forgot, it says it has not. Lanes are stored
 * nonzero, as in FingerprintSet.
 */
export class RecentFingerprints {
  private readonly keys: Uint32Array;
  private readonly mask: number;

  constructor(slots: number) {
    const cap = slotsFor(slots);
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Adds (hi, lo): false when it was there already. */
  add(hi: number, lo: number): boolean {
    hi = lane(hi) >>> 0;
    lo = lane(lo) >>> 0;
    const k = firstSlot(hi, lo, this.mask) << 1;
    const keys = this.keys;
    if (keys[k] === hi && keys[k + 1] === lo) return false;
    keys[k] = hi;
    keys[k + 1] = lo;
    return true;
  }
}

/** Int32Array of `length` over a SharedArrayBuffer when `shared`, else over an ArrayBuffer. */
export function int32Array(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
}

/** A growable Int32Array (in shared memory when `shared`: other threads may read it). */
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1 << 16, private readonly shared = false) {
    this.data = int32Array(capacity, shared);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  /** Appends all of `values`. */
  pushAll(values: Int32Array): void {
    this.reserve(values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }
  /** Room for `n` more values without growing. */
  reserve(n: number): void {
    while (this.length + n > this.data.length) this.grow();
  }
  /** Apart from push, which stays small enough to be inlined where it is called. */
  private grow(): void {
    const d = int32Array(this.data.length * 2, this.shared);
    d.set(this.data);
    this.data = d;
  }
}

export type { SharedTable };

/** Additions a thread batches before adding them to the shared count. */
const FLUSH_EVERY = 1024;

/**
 * The visited set of the parallel explorer: the same open addressing over a SharedArrayBuffer,
 * claimed slot by slot with compare-and-swap, so every worker thread adds to one table with no
 * lock. Lanes are stored nonzero (0 is read as 1), so a claimed slot whose low lane is still 0
 * is being written. It does not grow by itself: a worker that finds it over `limit` stops at a
 * state boundary and the coordinator grows it between rounds (grow).
 *
 * Each thread counts its own additions and adds them to the shared count in batches (and at
 * flush()), so threads do not pass the count's cache line back and forth on every new state.
 */
export class SharedFingerprintSet {
  keys!: Int32Array;
  /** [0]: entries. */
  count!: Int32Array;
  private mask = 0;
  limit = 0;
  /** This thread's additions not yet in count[0]. */
  private pending = 0;
  /**
   * Over the load limit as of this thread's last flush (a plain field, read before every state
   * where `full` would be an atomic load). Other threads' additions since are not counted, but
   * each thread flushes every FLUSH_EVERY additions and so stops within that many more: the
   * table passes its limit by at most threads × FLUSH_EVERY entries, far below the slack.
   */
  overLimit = false;

  constructor(public buffers: SharedTable) {
    this.adopt(buffers);
  }

  /** Switches to another table (a grown one); this thread must have flushed. */
  adopt(buffers: SharedTable): void {
    if (this.pending !== 0) throw new Error('internal: adopting a table with unflushed additions');
    this.buffers = buffers;
    this.keys = new Int32Array(buffers.keys);
    this.count = new Int32Array(buffers.count);
    this.mask = this.keys.length / 2 - 1;
    this.limit = Math.floor((this.mask + 1) * 0.6);
    this.overLimit = false;
  }

  static create(capacity: number): SharedFingerprintSet {
    return new SharedFingerprintSet(sharedTableBuffers(SharedFingerprintSet.slots(capacity)));
  }

  /** Slots of a table created for `capacity` (create): a power of two, at least 2^16. */
  static slots(capacity: number): number {
    return slotsFor(capacity, 1 << 16);
  }

  /** Entries: exact once every thread has flushed. */
  get size(): number {
    return Atomics.load(this.count, 0) + this.pending;
  }

  /** Over the load limit (give or take the other threads' unflushed batches, far below the slack). */
  get full(): boolean {
    return this.size > this.limit;
  }

  /**
   * The slot holding (hi, lo), or -1 if it is not in the set: for the parallel explorer's second
   * search (engine/secondSearch.ts), which labels slots with levels. Only while no thread adds:
   * an entry being written may be missed.
   */
  slotOf(hi: number, lo: number): number {
    const k = this.probeAlone(lane(hi), lane(lo));
    return this.keys[k] === 0 ? -1 : k >> 1;
  }

  /** Slots in the table. */
  get slots(): number {
    return this.mask + 1;
  }

  /** Adds this thread's pending additions to the shared count. */
  flush(): void {
    if (this.pending === 0) return;
    const size = Atomics.add(this.count, 0, this.pending) + this.pending;
    this.pending = 0;
    if (size > this.limit) this.overLimit = true;
  }

  /** Adds (hi, lo): true when it was new. Safe from any number of threads at once. */
  add(hi: number, lo: number): boolean {
    hi = lane(hi);
    lo = lane(lo);
    const keys = this.keys;
    const mask = this.mask;
    let slot = firstSlot(hi, lo, mask);
    for (;;) {
      const k = slot << 1;
      let khi = keys[k];
      if (khi === 0) {
        khi = Atomics.compareExchange(keys, k, 0, hi);
        if (khi === 0) {
          // A plain store: Atomics.store would be a second full fence per new state (about 4%
          // of a two-thread search), and a reader that sees the high lane spins on this one.
          keys[k + 1] = lo;
          if (++this.pending === FLUSH_EVERY) this.flush();
          return true;
        }
      }
      if (khi === hi) {
        let klo = keys[k + 1];
        while (klo === 0) klo = Atomics.load(keys, k + 1);
        if (klo === lo) return false;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** As FingerprintSet.warm: fetches the cache lines add() will probe first, for n fingerprints in `fps`. */
  warm(fps: Uint32Array, n: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let x = 0;
    for (let i = 0; i < n; i++) x ^= keys[firstSlot(lane(fps[2 * i]), lane(fps[2 * i + 1]), mask) << 1];
    return x;
  }

  /**
   * Moves to a table four times as large holding the same entries, in place: only one thread
   * may use the table meanwhile, and the others adopt the new buffers after.
   */
  grow(): void {
    this.moveInto(SharedFingerprintSet.create((this.mask + 1) * 4));
  }

  /**
   * Adds every entry to `into` and from then on works on into's table (the parallel handoff:
   * this object stays, so code optimized for it does too). No other thread may use either
   * table meanwhile.
   */
  moveInto(into: SharedFingerprintSet): void {
    this.copyInto(into);
    into.flush();
    this.pending = 0; // counted in into's table now
    this.adopt(into.buffers);
  }

  /** Adds every entry to `into`, growing it when full: no other thread may use either meanwhile. */
  copyInto(into: SharedFingerprintSet): void {
    const keys = this.keys;
    for (let k = 0; k < keys.length; k += 2) {
      if (keys[k] === 0) continue;
      if (into.full) into.grow();
      into.addAlone(keys[k], keys[k + 1]);
    }
  }

  /**
   * add() for a table no other thread uses meanwhile (growing it, the handoff): plain stores,
   * whose cache misses the processor overlaps, where each compare-and-swap waits for its own.
   * Copying 10 million entries into a table of 64 million slots took 0.89 s against 1.28 s.
   */
  private addAlone(hi: number, lo: number): void {
    hi = lane(hi);
    lo = lane(lo);
    const keys = this.keys;
    const k = this.probeAlone(hi, lo);
    if (keys[k] !== 0) return;
    keys[k] = hi;
    keys[k + 1] = lo;
    if (++this.pending === FLUSH_EVERY) this.flush();
  }

  /**
   * Index of the lanes holding (hi, lo) (stored lanes), or of the empty slot where it would go,
   * in a table no thread adds to meanwhile (addAlone, slotOf): plain loads, as
   * FingerprintSet.probe.
   */
  private probeAlone(hi: number, lo: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let slot = firstSlot(hi, lo, mask); ; slot = (slot + 1) & mask) {
      const k = slot << 1;
      if (keys[k] === 0 || (keys[k] === hi && keys[k + 1] === lo)) return k;
    }
  }
}
