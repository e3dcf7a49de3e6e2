import { describe, expect, it } from 'vitest';
import { SharedFingerprintSet } from '../../engine/fpset.js';

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
