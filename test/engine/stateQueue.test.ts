import { describe, expect, it } from 'vitest';
import { LevelLog, PackedQueue, QueueReader } from '../../engine/stateQueue.js';

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

describe('LevelLog (the levels a thread of a parallel search found, for its second search)', () => {
  it('keeps each level\'s fingerprints in order, with where each level ends, across its 1 MB blocks', () => {
    const log = new LevelLog();
    const levels = [1, 3, 200_000, 0, 70_000];
    const queues = levels.map((n, level) => {
      const q = new PackedQueue(level % 2 === 0);
      for (let i = 0; i < n; i++) q.push(Int32Array.of(level, i), 0, level * 1_000_000 + i, -i);
      return q;
    });
    queues.forEach((q, level) => log.add(q, level));
    const { fps, segments } = log.export();
    let words = 0;
    const ends: number[] = [];
    levels.forEach((n, level) => ends.push(level, (words += 2 * n)));
    expect(segments).toEqual(ends);
    expect(fps.length).toBe(words);
    // Spot checks in every level, on both sides of the blocks' boundaries (262,144 words each).
    for (const [level, i] of [[0, 0], [1, 2], [2, 0], [2, 131_067], [2, 131_068], [2, 199_999], [4, 0], [4, 69_999]]) {
      const at = ends[2 * level + 1] - 2 * levels[level] + 2 * i;
      expect([fps[at], fps[at + 1]]).toEqual([level * 1_000_000 + i, -i | 0]);
    }
  });
});
