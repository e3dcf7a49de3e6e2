/**
 * A BFS level's states. Packed models (states are Int32Arrays, engine/cluster.ts) keep them
 * back to back in one growable Int32Array, so a level of a million states is one object for the
 * garbage collector instead of a million; other models keep an array of references.
 */
import { int32Array, IntVec } from './fpset.js';

/** Packed states moved as one block: words back to back, each state's length, fingerprints (hi, lo). */
export interface PackedBlock {
  words: Int32Array;
  lens: Int32Array;
  fps: Int32Array;
}

export interface StateQueue<S> {
  readonly length: number;
  /** Adds a state with its number and fingerprint (hi, lo). */
  push(state: S, id: number, hi: number, lo: number): void;
  state(i: number): S;
  id(i: number): number;
  /** The fingerprint of state i into out. */
  fingerprint(i: number, out: Uint32Array): void;
  /** Empties the queue, keeping its buffers. */
  clear(): void;
  /** Int32 words held (packed queues), for memory reports. */
  readonly words: number;
  /** The fingerprints of its states, (hi, lo) pairs in order: valid until it is next added to or cleared. */
  fingerprints(): Int32Array;
}

/** A level queue; with `shared`, a packed one in shared memory (the parallel explorer's first thread). */
export function stateQueue<S>(packed: boolean, shared = false): StateQueue<S> {
  return (packed ? new PackedQueue(shared) : new ArrayQueue<S>()) as StateQueue<S>;
}

class ArrayQueue<S> implements StateQueue<S> {
  private readonly states: S[] = [];
  private readonly ids: number[] = [];
  private readonly fps: number[] = [];
  get length(): number {
    return this.states.length;
  }
  get words(): number {
    return 0;
  }
  push(state: S, id: number, hi: number, lo: number): void {
    this.states.push(state);
    this.ids.push(id);
    this.fps.push(hi, lo);
  }
  fingerprint(i: number, out: Uint32Array): void {
    out[0] = this.fps[2 * i];
    out[1] = this.fps[2 * i + 1];
  }
  fingerprints(): Int32Array {
    return Int32Array.from(this.fps);
  }
  clear(): void {
    this.states.length = 0;
    this.ids.length = 0;
    this.fps.length = 0;
  }
  state(i: number): S {
    return this.states[i];
  }
  id(i: number): number {
    return this.ids[i];
  }
}

/** A packed queue's memory, as another thread reads it (QueueReader): shared, not copied. */
export interface SharedQueue {
  /** The blocks in use, in order. */
  blocks: SharedArrayBuffer[];
  /** Words used in each of them. */
  fill: number[];
  starts: SharedArrayBuffer;
  fps: SharedArrayBuffer;
  length: number;
  /** The states before index `first` were expanded already (the level a search was handed over in). */
  first: number;
}

/**
 * Words in a block of a packed queue (1 MB). A queue grows by whole blocks, which it keeps when
 * cleared for the next level, rather than by doubling one array: copying into a larger array
 * and touching fresh memory again every time the level outgrows it was about half of the page
 * faults of a TwoPhase search at 8 RMs (16,000 of 60,000, at tens of microseconds each on this
 * machine).
 */
const BLOCK_BITS = 18;
const BLOCK = 1 << BLOCK_BITS;
const OFFSET = BLOCK - 1;
/** What PackedQueue.state has for a length it has not met yet. */
const NO_BUFFER = new Int32Array(0);
/** Words in a queue's first block. */
const FIRST_BLOCK = 1 << 8;
/** Blocks a queue may hold: a state's start is (block << BLOCK_BITS) | offset, a positive int32. */
const MAX_BLOCKS = 1 << (31 - BLOCK_BITS);

/**
 * The states of a level back to back in blocks of words, with each one's start (block and
 * offset), number (id) and fingerprint. A state never straddles two blocks; one longer than a
 * block gets a block of its own.
 */
export class PackedQueue implements StateQueue<Int32Array> {
  /** Every block allocated, in use or not: clear() keeps them for the next level. */
  private readonly blocks: Int32Array[] = [];
  /** Words used in each block before the current one. */
  private readonly fill: number[] = [];
  /** The block being filled: blocks[at]. */
  private cur: Int32Array;
  private at = 0;
  /** Words used in cur. */
  private used = 0;
  private readonly starts: IntVec;
  private readonly ids = new IntVec(16);
  private readonly fps: IntVec;

  /** With `shared`, its states are in shared memory, and other threads may read them (share). */
  constructor(private readonly shared = false) {
    // The first block is small, so the first level's states already move on to a next block:
    // the code that does so runs before V8 optimizes push (a path first taken in optimized code
    // throws that code away, and with it the optimized expansion loop push is inlined into).
    this.cur = int32Array(FIRST_BLOCK, shared);
    this.blocks.push(this.cur);
    // Small at first too, so that IntVec.push grows them within a level's first states.
    this.starts = new IntVec(16, shared);
    this.fps = new IntVec(32, shared);
  }

  /**
   * Its states as they are now, for other threads to read (a shared queue only): valid until
   * this thread next adds to or clears it.
   */
  share(first = 0): SharedQueue {
    if (!this.shared) throw new Error('internal: sharing a queue not in shared memory');
    return {
      blocks: this.blocks.slice(0, this.at + 1).map((b) => b.buffer as SharedArrayBuffer),
      // Words used in each block in use, the current one's included.
      fill: [...this.fill.slice(0, this.at), this.used],
      starts: this.starts.data.buffer as SharedArrayBuffer,
      fps: this.fps.data.buffer as SharedArrayBuffer,
      length: this.length,
      first,
    };
  }
  get length(): number {
    return this.ids.length;
  }
  /** Words allocated. */
  get words(): number {
    let n = 0;
    for (const b of this.blocks) n += b.length;
    return n;
  }
  push(state: Int32Array, id: number, hi: number, lo: number): void {
    this.starts.push(this.put(state, 0, state.length));
    this.ids.push(id);
    this.fps.push(hi | 0);
    this.fps.push(lo | 0);
  }
  /** Copies words[from..from+len) into the blocks; returns where: (block << BLOCK_BITS) | offset. */
  private put(words: Int32Array, from: number, len: number): number {
    if (this.used + len > this.cur.length) this.nextBlock(len);
    const cur = this.cur;
    const used = this.used;
    // A loop, not cur.set(...): for a few dozen words the call into V8's runtime costs more
    // than the copy, and on shared memory that runtime copies word by word anyway.
    for (let k = 0; k < len; k++) cur[used + k] = words[from + k];
    this.used = used + len;
    return (this.at << BLOCK_BITS) | used;
  }
  /** Moves on to the next block (reused, or allocated), with room for `len` words (apart from push, which stays small). */
  private nextBlock(len: number): void {
    if (this.at + 1 >= MAX_BLOCKS) throw new Error(`a BFS level needs more than ${MAX_BLOCKS} blocks of ${BLOCK} words`);
    this.fill[this.at] = this.used;
    this.at++;
    if (this.at === this.blocks.length) this.blocks.push(int32Array(Math.max(BLOCK, len), this.shared));
    else if (this.blocks[this.at].length < len) this.blocks[this.at] = int32Array(len, this.shared);
    this.cur = this.blocks[this.at];
    this.used = 0;
  }
  fingerprint(i: number, out: Uint32Array): void {
    out[0] = this.fps.data[2 * i];
    out[1] = this.fps.data[2 * i + 1];
  }
  fingerprints(): Int32Array {
    return this.fps.data.subarray(0, this.fps.length);
  }
  clear(): void {
    this.at = 0;
    this.cur = this.blocks[0];
    this.used = 0;
    this.starts.length = 0;
    this.ids.length = 0;
    this.fps.length = 0;
  }

  /** Appends a block of states (QueueReader.block), each with id 0. */
  pushAll(block: PackedBlock): void {
    const n = block.lens.length;
    const { starts, ids } = this;
    starts.reserve(n);
    ids.reserve(n);
    this.place(block.words, block.lens, starts.data, starts.length);
    starts.length += n;
    ids.data.fill(0, ids.length, ids.length + n);
    ids.length += n;
    this.fps.pushAll(block.fps);
  }

  /**
   * Copies the words of states lens[0..] into the blocks, their starts into st from `first`.
   * A function of its own that ends with its loop: V8 compiles a long loop while it runs (OSR),
   * and code after the loop, not run yet, then makes that compiled code bail out at every
   * loop exit (52 times at 8 RMs with two workers when it was part of pushAll).
   */
  private place(words: Int32Array, lens: Int32Array, st: Int32Array, first: number): void {
    for (let i = 0, w = 0; i < lens.length; w += lens[i++]) st[first + i] = this.put(words, w, lens[i]);
  }

  /**
   * State i, copied into a buffer this queue reuses for states of its length (valid until the
   * next state() call): cheaper than a subarray view, which is an allocation.
   */
  state(i: number): Int32Array {
    const start = this.starts.data[i];
    const b = start >>> BLOCK_BITS;
    const len = lengthAt(this.starts.data, this.length, i, b === this.at ? this.used : this.fill[b]);
    let out = len < this.byLength.length ? this.byLength[len] : NO_BUFFER;
    if (out.length !== len) out = this.bufferOf(len);
    const data = this.blocks[b];
    const off = start & OFFSET;
    for (let k = 0; k < len; k++) out[k] = data[off + k];
    return out;
  }
  /**
   * Filled with an empty buffer rather than left with holes, and extended only in bufferOf,
   * whose call site runs for the first state: a new length met after V8 has optimized state()
   * costs no deoptimization.
   */
  private byLength: Int32Array[] = new Array<Int32Array>(64).fill(NO_BUFFER);
  private bufferOf(len: number): Int32Array {
    if (len >= this.byLength.length) this.byLength = [...this.byLength, ...new Array<Int32Array>(len + 1 - this.byLength.length).fill(NO_BUFFER)];
    return (this.byLength[len] = new Int32Array(len));
  }
  id(i: number): number {
    return this.ids.data[i];
  }
}

/** Length of state i, which starts at starts[i] in a block of which `blockFill` words are used. */
function lengthAt(starts: Int32Array, length: number, i: number, blockFill: number): number {
  const start = starts[i];
  if (i + 1 < length) {
    const next = starts[i + 1];
    if (next >>> BLOCK_BITS === start >>> BLOCK_BITS) return next - start;
  }
  return blockFill - (start & OFFSET);
}

function blockOf(blocks: Int32Array[], fill: number[], starts: Int32Array, fps: Int32Array, length: number, from: number, to: number): PackedBlock {
  const lens = new Int32Array(to - from);
  const words = new Int32Array(lengthsOf(fill, starts, length, from, lens));
  copyWords(blocks, starts, from, lens, words);
  return { words, lens, fps: fps.slice(2 * from, 2 * to) };
}

/** The lengths of states from.. into lens; returns their sum. (Loops end their functions: PackedQueue.place says why.) */
function lengthsOf(fill: number[], starts: Int32Array, length: number, from: number, lens: Int32Array): number {
  let total = 0;
  for (let i = 0; i < lens.length; i++) total += lens[i] = lengthAt(starts, length, from + i, fill[starts[from + i] >>> BLOCK_BITS]);
  return total;
}

/** The words of states from.. (lengths lens) back to back into words. */
function copyWords(blocks: Int32Array[], starts: Int32Array, from: number, lens: Int32Array, words: Int32Array): void {
  for (let i = 0, w = 0; i < lens.length; i++) {
    const data = blocks[starts[from + i] >>> BLOCK_BITS];
    const off = starts[from + i] & OFFSET;
    const len = lens[i];
    for (let k = 0; k < len; k++) words[w + k] = data[off + k];
    w += len;
  }
}

/** Another thread's shared queue (PackedQueue.share), read in blocks. */
export class QueueReader {
  private readonly blocks: Int32Array[];
  private readonly fill: number[];
  private readonly starts: Int32Array;
  private readonly fps: Int32Array;
  readonly length: number;
  readonly first: number;
  constructor(q: SharedQueue) {
    this.blocks = q.blocks.map((b) => new Int32Array(b));
    this.fill = q.fill;
    this.starts = new Int32Array(q.starts);
    this.fps = new Int32Array(q.fps);
    this.length = q.length;
    this.first = q.first;
  }
  /** States from..to-1 as one block (copied into this thread's memory). */
  block(from: number, to: number): PackedBlock {
    return blockOf(this.blocks, this.fill, this.starts, this.fps, this.length, from, to);
  }
}

/** What a LevelLog holds, copied (LevelLog.export): fingerprints (hi, lo) back to back, and flat pairs of a level and where its fingerprints end (in words). */
export interface LevelLogContent {
  fps: Int32Array;
  segments: number[];
}

/** Words in a block of a LevelLog (1 MB). */
const LOG_BLOCK = 1 << 18;

/**
 * The fingerprints of the levels one thread of a parallel search found, level by level: appended
 * from a level's queue when the level is done (a copy of 8 bytes a state, outside the expansion
 * loop, into blocks that are never copied again as the log grows), so that once the threads find
 * a violation the second search (engine/secondSearch.ts) knows the level of every state found
 * before it. Read only then, copied out (export).
 */
export class LevelLog {
  private readonly blocks: Int32Array[] = [];
  /** Words logged: the block being filled is words / LOG_BLOCK. */
  private words = 0;
  private readonly segments: number[] = [];
  /** Appends the fingerprints of `queue`'s states, all of level `level`. */
  add(queue: StateQueue<unknown>, level: number): void {
    const fps = queue.fingerprints();
    for (let from = 0; from < fps.length; ) {
      const block = Math.floor(this.words / LOG_BLOCK);
      const at = this.words - block * LOG_BLOCK;
      if (block === this.blocks.length) this.blocks.push(new Int32Array(LOG_BLOCK));
      const n = Math.min(fps.length - from, LOG_BLOCK - at);
      this.blocks[block].set(fps.subarray(from, from + n), at);
      this.words += n;
      from += n;
    }
    this.segments.push(level, this.words);
  }
  /** Its content, copied into one array. */
  export(): LevelLogContent {
    const fps = new Int32Array(this.words);
    this.blocks.forEach((b, i) => fps.set(b.subarray(0, Math.min(LOG_BLOCK, this.words - i * LOG_BLOCK)), i * LOG_BLOCK));
    return { fps, segments: [...this.segments] };
  }
}
