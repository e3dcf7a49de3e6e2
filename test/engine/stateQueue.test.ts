import { describe, expect, it } from 'vitest';
import { PackedQueue, QueueReader } from '../../engine/stateQueue.js';

/** A state of `len` words whose words say which state and word they are. */
function stateOf(n: number, len: number): Int32Array {
  const s = new Int32Array(len);
  for (let k = 0; k < len; k++) s[k] = n * 100_000 + k;
  return s;
}

/** Lengths that fill several 262,144-word blocks unevenly, one of them longer than a block. */
const lengths = [...Array.from({ length: 900 }, (_, n) => 500 + ((n * 37) % 700)), 300_000, 3, 1, 700];

function filled(shared = false): PackedQueue {
  const q = new PackedQueue(shared);
  lengths.forEach((len, n) => q.push(stateOf(n, len), n + 1, n * 2 + 1, -n));
  return q;
}

function expectStates(q: { state(i: number): Int32Array; id(i: number): number; fingerprint(i: number, out: Uint32Array): void; length: number }, ids = true) {
  expect(q.length).toBe(lengths.length);
  const fp = new Uint32Array(2);
  lengths.forEach((len, n) => {
    expect(Array.from(q.state(n))).toEqual(Array.from(stateOf(n, len)));
    if (ids) expect(q.id(n)).toBe(n + 1);
    q.fingerprint(n, fp);
    expect([fp[0], fp[1]]).toEqual([(n * 2 + 1) >>> 0, -n >>> 0]);
  });
}

describe('packed state queue', () => {
  it('keeps states of any length across its blocks, one longer than a block included', () => {
    const q = filled();
    expect(q.words).toBeGreaterThan(3 * (1 << 18)); // several blocks
    expectStates(q);
  });

  it('reuses its blocks after clear() instead of allocating again', () => {
    const q = filled();
    const words = q.words;
    q.clear();
    expect(q.length).toBe(0);
    lengths.forEach((len, n) => q.push(stateOf(n, len), n + 1, n * 2 + 1, -n));
    expect(q.words).toBe(words);
    expectStates(q);
  });

  it('moves any range of states as one block, and appends blocks (with id 0)', () => {
    const r = new QueueReader(filled(true).share());
    const moved = new PackedQueue();
    for (const [from, to] of [[0, 1], [1, 400], [400, 900], [900, lengths.length]]) moved.pushAll(r.block(from, to));
    expectStates(moved, false);
    expect(moved.id(5)).toBe(0);
  });

  it("is read by another thread's QueueReader from shared memory, as published", () => {
    const q = filled(true);
    const shared = q.share();
    expect(shared.blocks.every((b) => b instanceof SharedArrayBuffer)).toBe(true);
    const r = new QueueReader(structuredClone(shared));
    const copy = new PackedQueue();
    copy.pushAll(r.block(0, 450));
    copy.pushAll(r.block(450, r.length));
    expectStates(copy, false);
    expect(() => new PackedQueue().share()).toThrow(/not in shared memory/);
  });
});
