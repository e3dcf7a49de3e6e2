import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GhostMemo } from '../../engine/ghostMemo.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { ClusterModel } from '../../engine/cluster.js';
import { findProtocol } from '../../cli/registry.js';

/** The same model with its ghost spec changed (the spec is shared, so rebuild from a copy). */
function withGhost(protocol: string, change: (g: any) => any): ClusterModel {
  const m = buildModel(findProtocol(protocol)) as ClusterModel;
  return new ClusterModel({ ...m.spec, ghost: change(m.spec.ghost) });
}

describe('ghost state', () => {
  it.each(['twophase-net', 'raft', 'paxos'])('memoized nodesOnly updates give the unmemoized counts (%s)', (protocol) => {
    const memo = explore(withGhost(protocol, (g) => g));
    const plain = explore(withGhost(protocol, (g) => ({ ...g, nodesOnly: false })));
    expect(withGhost(protocol, (g) => g).spec.ghost?.nodesOnly).toBe(true);
    expect(memo.verdict).toBe(plain.verdict);
    expect(memo.distinctStates).toBe(plain.distinctStates);
    expect(memo.generatedStates).toBe(plain.generatedStates);
    expect(memo.distinctStates).toBeGreaterThan(1000);
  });

  it('a nodesOnly ghost that reads messages fails with a message naming the protocol', () => {
    const model = withGhost('twophase-net', (g) => ({ ...g, update: (prev: unknown, w: { messages(): unknown[] }) => (w.messages(), prev) }));
    const [w] = model.initialStates();
    const act = model.actions(w)[0];
    expect(() => model.next(w, act)).toThrow(/twophase-net: its ghost declares nodesOnly but its update read messages\(\)/);
  });
});

describe('ghost memo (engine/ghostMemo.ts)', () => {
  const keyOf = (w: Int32Array, prev: number, crashed: number) => `${prev}|${crashed}|${[...w].join(',')}`;

  it('answers as a Map of the same keys would, through growth', () => {
    const key = fc.record({
      prev: fc.integer({ min: 0, max: 40 }),
      crashed: fc.integer({ min: 0, max: 7 }),
      locals: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }),
      ghost: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), (ops) => {
        const memo = new GhostMemo(3, 1 << 20, 16);
        const ref = new Map<string, number>();
        for (const { prev, crashed, locals, ghost } of ops) {
          const w = Int32Array.from([...locals, 99, 99]); // words past the n locals are not part of the key
          const k = keyOf(w.subarray(0, 3), prev, crashed);
          expect(memo.get(w, prev, crashed)).toBe(ref.get(k) ?? -1);
          memo.set(w, prev, crashed, ghost);
          ref.set(k, ghost);
        }
        expect(memo.size).toBe(ref.size);
        for (const { prev, crashed, locals } of ops) {
          expect(memo.get(Int32Array.from(locals), prev, crashed)).toBe(ref.get(keyOf(Int32Array.from(locals), prev, crashed)));
        }
      }),
    );
  });

  it('tells apart keys that differ in one word only, and starts over at its limit', () => {
    const memo = new GhostMemo(2, 1000);
    for (let i = 0; i < 1000; i++) memo.set(Int32Array.of(i % 10, Math.floor(i / 10)), 0, 0, i);
    for (let i = 0; i < 1000; i++) expect(memo.get(Int32Array.of(i % 10, Math.floor(i / 10)), 0, 0)).toBe(i);
    expect(memo.get(Int32Array.of(0, 0), 1, 0)).toBe(-1); // another previous ghost
    expect(memo.get(Int32Array.of(0, 0), 0, 1)).toBe(-1); // another crashed mask
    // Keys alike but for the previous ghost, or the crashed mask: in a table this full, probes
    // pass rows of other keys, which must not match.
    const byPrev = new GhostMemo(2, 1 << 20);
    const byCrashed = new GhostMemo(2, 1 << 20);
    for (let i = 0; i < 3000; i++) {
      byPrev.set(Int32Array.of(1, 2), i, 0, i);
      byCrashed.set(Int32Array.of(1, 2), 0, i, i);
    }
    for (let i = 0; i < 3000; i++) {
      expect(byPrev.get(Int32Array.of(1, 2), i, 0)).toBe(i);
      expect(byCrashed.get(Int32Array.of(1, 2), 0, i)).toBe(i);
    }
    memo.set(Int32Array.of(5, 500), 0, 0, 7); // the 1,001st entry: the memo starts over
    expect(memo.restarts).toBe(1);
    expect(memo.size).toBe(1);
    expect(memo.get(Int32Array.of(5, 500), 0, 0)).toBe(7);
    expect(memo.get(Int32Array.of(0, 0), 0, 0)).toBe(-1);
  });
});
