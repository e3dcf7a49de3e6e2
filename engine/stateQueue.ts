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
}

export function stateQueue<S>(packed: boolean): StateQueue<S> {
  return (packed ? new PackedQueue() : new ArrayQueue<S>()) as StateQueue<S>;
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
  data: SharedArrayBuffer;
  starts: SharedArrayBuffer;
  fps: SharedArrayBuffer;
  length: number;
  end: number;
}

export class PackedQueue implements StateQueue<Int32Array> {
  private data: Int32Array;
  private end = 0;
  private readonly starts: IntVec;
  private readonly ids = new IntVec(1 << 10);
  private readonly fps: IntVec;

  /** With `shared`, its states are in shared memory, and other threads may read them (share). */
  constructor(private readonly shared = false) {
    this.data = int32Array(1 << 12, shared);
    this.starts = new IntVec(1 << 10, shared);
    this.fps = new IntVec(1 << 11, shared);
  }

  /**
   * Its states as they are now, for other threads to read (a shared queue only): valid until
   * this thread next adds to or clears it.
   */
  share(): SharedQueue {
    if (!this.shared) throw new Error('internal: sharing a queue not in shared memory');
    return { data: this.data.buffer as SharedArrayBuffer, starts: this.starts.data.buffer as SharedArrayBuffer, fps: this.fps.data.buffer as SharedArrayBuffer, length: this.length, end: this.end };
  }
  get length(): number {
    return this.ids.length;
  }
  get words(): number {
    return this.data.length;
  }
  push(state: Int32Array, id: number, hi: number, lo: number): void {
    const len = state.length;
    if (this.end + len > this.data.length) this.grow(len);
    const end = this.end;
    this.data.set(state, end); // a memmove: faster than a loop even for a few dozen words
    this.starts.push(end);
    this.ids.push(id);
    this.fps.push(hi | 0);
    this.fps.push(lo | 0);
    this.end = end + len;
  }
  /** Room for `len` more words (apart from push, which stays small). */
  private grow(len: number): void {
    let cap = this.data.length * 2;
    while (cap < this.end + len) cap *= 2;
    const grown = int32Array(cap, this.shared);
    grown.set(this.data.subarray(0, this.end));
    this.data = grown;
  }
  fingerprint(i: number, out: Uint32Array): void {
    out[0] = this.fps.data[2 * i];
    out[1] = this.fps.data[2 * i + 1];
  }
  clear(): void {
    this.end = 0;
    this.starts.length = 0;
    this.ids.length = 0;
    this.fps.length = 0;
  }
  /** States from..to-1 as one block (copied): their words back to back, lengths and fingerprints. */
  block(from: number, to: number): PackedBlock {
    return blockOf(this.data, this.starts.data, this.fps.data, this.length, this.end, from, to);
  }

  /** Removes the states from `from` on. */
  truncate(from: number): void {
    if (from >= this.length) return;
    this.end = this.starts.data[from];
    this.starts.length = from;
    this.ids.length = from;
    this.fps.length = 2 * from;
  }

  /** Appends a block of states (block, QueueReader), each with id 0. */
  pushAll(block: PackedBlock): void {
    const { words, lens, fps } = block;
    const n = lens.length;
    if (this.end + words.length > this.data.length) this.grow(words.length);
    this.data.set(words, this.end);
    const { starts, ids } = this;
    starts.reserve(n);
    ids.reserve(n);
    const first = starts.length;
    const st = starts.data;
    let at = this.end;
    for (let i = 0; i < n; i++) {
      st[first + i] = at;
      at += lens[i];
    }
    starts.length += n;
    ids.data.fill(0, ids.length, ids.length + n);
    ids.length += n;
    this.fps.pushAll(fps);
    this.end = at;
  }

  /**
   * State i, copied into a buffer this queue reuses for states of its length (valid until the
   * next state() call): cheaper than a subarray view, which is an allocation.
   */
  state(i: number): Int32Array {
    const start = this.starts.data[i];
    const len = (i + 1 < this.starts.length ? this.starts.data[i + 1] : this.end) - start;
    let out = this.byLength[len];
    if (out === undefined) out = this.byLength[len] = new Int32Array(len);
    const data = this.data;
    for (let k = 0; k < len; k++) out[k] = data[start + k];
    return out;
  }
  private readonly byLength: Int32Array[] = [];
  id(i: number): number {
    return this.ids.data[i];
  }
}

function blockOf(data: Int32Array, starts: Int32Array, fps: Int32Array, length: number, end: number, from: number, to: number): PackedBlock {
  const start = from < length ? starts[from] : end;
  const stop = to < length ? starts[to] : end;
  const lens = new Int32Array(to - from);
  for (let i = from; i < to; i++) lens[i - from] = (i + 1 < length ? starts[i + 1] : end) - starts[i];
  return { words: data.slice(start, stop), lens, fps: fps.slice(2 * from, 2 * to) };
}

/** Another thread's shared queue (PackedQueue.share), read in blocks. */
export class QueueReader {
  private readonly data: Int32Array;
  private readonly starts: Int32Array;
  private readonly fps: Int32Array;
  readonly length: number;
  private readonly end: number;
  constructor(q: SharedQueue) {
    this.data = new Int32Array(q.data);
    this.starts = new Int32Array(q.starts);
    this.fps = new Int32Array(q.fps);
    this.length = q.length;
    this.end = q.end;
  }
  /** States from..to-1 as one block (copied into this thread's memory). */
  block(from: number, to: number): PackedBlock {
    return blockOf(this.data, this.starts, this.fps, this.length, this.end, from, to);
  }
}
