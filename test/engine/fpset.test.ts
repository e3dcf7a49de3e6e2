import { describe, expect, it } from 'vitest';
import { FingerprintSet, RecentFingerprints, SharedFingerprintSet } from '../../engine/fpset.js';
import { fmix32 } from '../../engine/hash.js';

describe('shared visited set', () => {
  it('copies every entry into a table too small for them, growing it (the parallel handoff)', () => {
    const alone = SharedFingerprintSet.create(1 << 16);
    const fps: [number, number][] = [];
    for (let i = 0; i < 50_000; i++) fps.push([Math.imul(i + 1, 0x9e3779b1), Math.imul(i + 7, 0x85ebca6b)]);
    for (const [hi, lo] of fps) {
      if (alone.full) alone.grow();
      expect(alone.add(hi, lo)).toBe(true);
    }
    const shared = SharedFingerprintSet.create(1 << 16);
    const before = shared.keys.length;
    alone.copyInto(shared);
    shared.flush();
    expect(shared.size).toBe(50_000);
    expect(shared.keys.length).toBeGreaterThan(before); // past the 39,321-entry limit: grown
    expect(shared.full).toBe(false);
    for (const [hi, lo] of fps) expect(shared.add(hi, lo)).toBe(false);
    expect(shared.add(12345, 67890)).toBe(true);
  });
});

describe('shared visited set load limit', () => {
  const fp = (i: number): [number, number] => [Math.imul(i + 1, 0x9e3779b1), Math.imul(i + 7, 0x85ebca6b)];

  it('says it is over its limit at the flush after passing it (overLimit), and not once grown', () => {
    const t = SharedFingerprintSet.create(1 << 16);
    let i = 0;
    while (!t.overLimit && i < 50_000) expect(t.add(...fp(i++))).toBe(true);
    // Passed within one batch of additions, never before the limit.
    expect(i).toBeGreaterThan(t.limit);
    expect(i).toBeLessThanOrEqual(t.limit + 1024);
    expect(t.full).toBe(true);
    t.grow();
    expect(t.overLimit).toBe(false);
    expect(t.size).toBe(i);
  });

  it("learns of other threads' additions at its own flushes, so it stops within one batch of them", () => {
    const a = SharedFingerprintSet.create(1 << 16);
    const b = new SharedFingerprintSet(a.buffers); // another thread's view of the same table
    let i = 0;
    while (a.size <= a.limit) a.add(...fp(i++));
    a.flush();
    expect(a.overLimit).toBe(true);
    expect(b.overLimit).toBe(false); // b has not flushed since
    let added = 0;
    while (!b.overLimit && added < 5_000) {
      b.add(...fp(i++));
      added++;
    }
    expect(added).toBe(1024);
  });
});

describe('recent fingerprints (a lossy cache)', () => {
  it('has what it was given until a newer one takes its slot, and never what it was not given', () => {
    const cache = new RecentFingerprints(1 << 10);
    // Fingerprints are well-mixed hashes: so are these.
    const fp = (i: number): [number, number] => [fmix32(i + 1), fmix32(i + 0x1234567)];
    for (let i = 0; i < 100; i++) expect(cache.add(...fp(i))).toBe(true);
    let kept = 0;
    for (let i = 0; i < 100; i++) if (!cache.add(...fp(i))) kept++;
    expect(kept).toBeGreaterThan(80); // 100 in 1,024 slots: few collide
    for (let i = 0; i < 5000; i++) cache.add(...fp(1000 + i)); // overwrite most slots
    let still = 0;
    for (let i = 0; i < 100; i++) if (!cache.add(...fp(i))) still++;
    expect(still).toBeLessThan(20);
    expect(cache.add(12345, 67890)).toBe(true);
    expect(cache.add(12345, 67890)).toBe(false);
  });
});

describe('warming a visited set (Expander fetches the slots add() will probe)', () => {
  for (const [name, make] of [['sequential', () => new FingerprintSet(1 << 16)], ['shared', () => SharedFingerprintSet.create(1 << 16)]] as const) {
    it(`${name}: reads the slot add() probes first for each fingerprint, and changes nothing`, () => {
      const set = make();
      const stored = [0x1234567, 0x7654321];
      expect(set.add(stored[0], stored[1])).toBe(true);
      const absent = [0x2468ace, 0x13579bd];
      // Only the stored fingerprint's first slot holds anything: its high lane.
      expect(set.warm(Uint32Array.from(stored), 1) >>> 0).toBe(stored[0]);
      expect(set.warm(Uint32Array.from(absent), 1)).toBe(0);
      expect(set.warm(Uint32Array.from([...stored, ...absent]), 2) >>> 0).toBe(stored[0]);
      expect(set.warm(Uint32Array.from([...stored, ...absent]), 0)).toBe(0);
      if (set instanceof SharedFingerprintSet) set.flush();
      expect(set.size).toBe(1);
      expect(set.add(stored[0], stored[1])).toBe(false);
      expect(set.add(absent[0], absent[1])).toBe(true);
    });
  }
});
