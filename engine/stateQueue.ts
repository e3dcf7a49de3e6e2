/**
 * A BFS level's states. Packed models (states are Int32Arrays, engine/cluster.ts) keep them
 * back to back in one growable Int32Array, so a level of a million states is one object for the
 * garbage collector instead of a million; other models keep an array of references.
 */
import { IntVec } from './fpset.js';

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

export class PackedQueue implements StateQueue<Int32Array> {
  private data = new Int32Array(1 << 12);
  private end = 0;
  private readonly starts = new IntVec(1 << 10);
  private readonly ids = new IntVec(1 << 10);
  private readonly fps = new IntVec(1 << 11);
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
    const grown = new Int32Array(cap);
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
  /**
   * Removes the last `count` states and returns them as one block (what threads exchange): their
   * words back to back, each state's length, and each state's fingerprint (hi, lo). Three
   * copies of contiguous memory, whatever the count.
   */
  takeLast(count: number): PackedBlock {
    const from = this.length - count;
    const start = count > 0 ? this.starts.data[from] : this.end;
    const words = this.data.slice(start, this.end);
    const lens = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const k = from + i;
      lens[i] = (k + 1 < this.length ? this.starts.data[k + 1] : this.end) - this.starts.data[k];
    }
    const fps = this.fps.data.slice(2 * from, 2 * this.length);
    this.end = start;
    this.starts.length = from;
    this.ids.length = from;
    this.fps.length = 2 * from;
    return { words, lens, fps };
  }

  /** Appends a block of states (takeLast), each with id 0. */
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
