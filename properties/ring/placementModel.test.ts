/**
 * The ring-placement registry entry: explore and check judge every placement scheme; references
 * (and the specification itself) pass, the seed ports and bug variants are caught by the property
 * they are registered to violate.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { canonical } from '../../engine/canonical.js';
import { hashString } from '../../engine/hash.js';
import { AfterMemo, KEY_WORDS } from '../../models/ring/afterMemo.js';
import { PlacementModel } from '../../models/ring/placementModel.js';
import { ringPlacement, SPEC_SCHEME } from '../../models/ring/placementProtocol.js';
import { placementProperties } from '../../properties/ring/placementProperties.js';
import type { Scheme } from '../../impl/ring/schemes.js';

describe('ring-placement', () => {
  it.each(ringPlacement.impls.map((i) => [i.name, i.kind, i.expect, i.violates ?? '']))('explore %s (%s): %s %s', (impl, _kind, expected, property) => {
    const r = explore(buildModel(ringPlacement, { impl }), { maxSeconds: 60 });
    expect(r.verdict, r.verdict === 'unknown' ? r.reason : '').toBe(expected);
    if (r.verdict === 'violated') expect(r.violation.property).toBe(property);
  });

  it.each(ringPlacement.impls.filter((i) => i.expect === 'violated').map((i) => i.name))('a check campaign catches %s', (impl) => {
    const r = check(buildModel(ringPlacement, { impl, mode: 'check' }), { runs: 20, maxSteps: ringPlacement.check.maxSteps, seed: 7 });
    expect(r.verdict).toBe('violated');
  });
});

/** A ring-placement model of the specification scheme that counts the placements it builds. */
function counting(nodes: number, keys: number): { model: PlacementModel; placements: () => number } {
  let made = 0;
  const scheme: Scheme = { ...SPEC_SCHEME, create: (o) => (made++, SPEC_SCHEME.create(o)) };
  const pool = Array.from({ length: nodes }, (_, i) => `p${i + 1}`);
  const model = new PlacementModel({
    protocol: 'ring-placement', impl: 'model', params: { nodes, keys }, scheme, opts: { vnodes: 10, epsilonPct: 25 },
    pool, initial: pool.slice(0, 1), keys: Array.from({ length: keys }, (_, i) => `key-${i}`), properties: placementProperties,
  });
  return { model, placements: () => made };
}

describe('ring-placement states, packed and shared between threads', () => {
  it('packs a state as pool indices and reads it back; traces keep the fingerprint of its JSON', () => {
    const { model } = counting(4, 20);
    for (const s of [
      { members: ['p1'], prev: null, op: null },
      { members: ['p1', 'p3', 'p4'], prev: ['p1', 'p3'], op: { type: 'join' as const, node: 'p4' } },
      { members: ['p2'], prev: ['p2', 'p4'], op: { type: 'leave' as const, node: 'p4' } },
    ]) {
      const w = model.encode(s);
      expect(model.decode(w)).toEqual(s);
      const [fp, expected] = [new Uint32Array(2), new Uint32Array(2)];
      model.traceFingerprint(w, fp);
      hashString(canonical(s), expected);
      expect([...fp]).toEqual([...expected]);
    }
    // Every reachable state's packing is its content: equal states, equal words.
    const r = explore(model);
    expect(r.verdict).toBe('ok');
  });

  it("a model given another's memory (a worker's) builds no placement the other built after a join or leave", () => {
    const first = counting(4, 30);
    const alone = explore(first.model);
    const builtAlone = first.placements();
    // The first model's memo goes into the shared memory it gives out; a second model adopts it.
    const memory = first.model.sharedMemory();
    expect(memory).not.toBeNull();
    const second = counting(4, 30);
    second.model.adoptShared(memory!);
    const shared = explore(second.model);
    expect({ ...shared, durationMs: 0 }).toEqual({ ...alone, durationMs: 0 });
    // It built only the placements of the member sets themselves (the 15 non-empty sets of 4
    // nodes, for the properties, which read a live placement), none of those after an operation.
    expect(second.placements()).toBe(15);
    expect(builtAlone).toBeGreaterThan(4 * second.placements());
  });

  it('shares only what it can: a full table turns new entries away, a second view over the memory reads what the first wrote', () => {
    const memo = new AfterMemo(3);
    const key = (n: number) => {
      const k = new Int32Array(KEY_WORDS).fill(-1);
      k[0] = 1;
      k[1] = n % 8;
      k[KEY_WORDS - 2] = 0;
      k[KEY_WORDS - 1] = n;
      return k;
    };
    expect(memo.put(key(1), { members: [0, 1], owners: Uint8Array.of(0, 1, 1) })).toBe(true);
    const other = new AfterMemo(3, memo.buffer);
    expect(other.get(key(1))).toEqual({ members: [0, 1], owners: Uint8Array.of(0, 1, 1) });
    expect(other.get(key(2))).toBeNull();
    let stored = 1;
    for (let n = 2; n < 10_000 && memo.put(key(n), { members: [n % 8], owners: Uint8Array.of(1, 2, 3) }); n++) stored++;
    // 4,096 slots, 512 probes: the table turns entries away only when it is nearly full.
    expect(stored).toBeGreaterThan(3800);
    expect(stored).toBeLessThanOrEqual(4096);
    expect(other.get(key(1))).toEqual({ members: [0, 1], owners: Uint8Array.of(0, 1, 1) });
    expect(other.get(key(stored))).toEqual({ members: [stored % 8], owners: Uint8Array.of(1, 2, 3) });
    expect(() => new AfterMemo(4, memo.buffer)).toThrow(/shared step memo/);
  });
});
