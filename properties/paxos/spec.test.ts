/**
 * The message-set spec (models/paxos-spec): TLC's distinct-state count reproduced and pinned,
 * its properties shown to hold, and shown to catch a spec whose Phase2a forgets the rule that
 * makes Paxos safe.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { canonical } from '../../engine/canonical.js';
import { fingerprintHex, hashHex, hashString } from '../../engine/hash.js';
import { buildTrace } from '../../engine/trace.js';
import { replayOn } from '../../engine/replay.js';
import { UsageError } from '../../engine/errors.js';
import { paxosSpec } from '../../models/paxos-spec/protocol.js';
import { PaxosSpecModel, type SpecMessage, type SpecState } from '../../models/paxos-spec/spec.js';
import { firstViolation } from '../../engine/properties.js';
import { permutations } from '../../engine/symmetry.js';
import { specProperties } from './specProperties.js';

/** Every state reachable without reduction, once each (packed), by its canonical form. */
function reachable(model: PaxosSpecModel): Map<string, Int32Array> {
  const seen = new Map<string, Int32Array>();
  const queue = model.initialStates();
  for (let i = 0; i < queue.length; i++) {
    const text = canonical(model.decode(queue[i]));
    if (seen.has(text)) continue;
    seen.set(text, queue[i]);
    for (const a of model.actions(queue[i])) queue.push(model.next(queue[i], a));
  }
  return seen;
}

describe('paxos-spec', () => {
  it('has exactly 3,921 distinct states for 3 acceptors, 2 values, ballots 0..1 (TLC)', () => {
    const model = buildModel(paxosSpec, { params: { acceptors: 3, values: 2, maxBallot: 1 }, network: 'set' });
    const r = explore(model);
    expect(r.verdict).toBe('ok');
    expect(r.distinctStates).toBe(3921);
    expect(r.witnessed).toEqual({ 'A value is chosen': true });
  });

  it('records in traces the hash of each state\'s canonical form (traceFingerprint), without building it', () => {
    const model = new PaxosSpecModel({ acceptors: 3, values: 2, maxBallot: 1 }, specProperties);
    const fast = new Uint32Array(2);
    const full = new Uint32Array(2);
    const states = reachable(model);
    let differ = 0;
    for (const [text, s] of states) {
      model.traceFingerprint(s, fast);
      hashString(text, full);
      if (fast[0] !== full[0] || fast[1] !== full[1]) differ++;
    }
    expect(states.size).toBe(3921);
    expect(differ).toBe(0);
    // A state built by hand, its messages in another order, packs and hashes alike.
    const largest = [...states.values()].reduce((x, y) => (y.length > x.length ? y : x));
    const byHand = JSON.parse(canonical(model.decode(largest))) as SpecState;
    byHand.msgs.reverse();
    expect(byHand.msgs.length).toBeGreaterThan(10);
    expect(model.encode(byHand)).toEqual(largest);
    expect(() => model.encode({ ...byHand, msgs: [{ type: '1a', bal: 7 }] })).toThrow(/\{"bal":7,"type":"1a"\} is not a message of these constants \(acceptors=3 values=2 maxBallot=1\)/);
    model.traceFingerprint(model.encode(byHand), fast);
    hashString(canonical(model.decode(largest)), full);
    expect(Array.from(fast)).toEqual(Array.from(full));
  });

  it('fingerprints states for the visited set by their packed words: one fingerprint per reachable state, equal for equal states', () => {
    const model = new PaxosSpecModel({ acceptors: 3, values: 2, maxBallot: 1 }, specProperties);
    const fp = new Uint32Array(2);
    const states = reachable(model);
    const seen = new Set<string>();
    for (const s of states.values()) {
      model.fingerprint(s, fp);
      seen.add(`${fp[0]}:${fp[1]}`);
    }
    expect(seen.size).toBe(3921);
    const largest = [...states.values()].reduce((x, y) => (y.length > x.length ? y : x));
    const byHand = JSON.parse(canonical(model.decode(largest))) as SpecState;
    byHand.msgs.reverse();
    model.fingerprint(model.encode(byHand), fp);
    const again = new Uint32Array(2);
    model.fingerprint(largest, again);
    expect(Array.from(fp)).toEqual(Array.from(again));
  });

  it('records the canonical-form fingerprint in the traces it saves, not the visited set\'s', () => {
    const model = buildModel(paxosSpec, { params: { acceptors: 3, values: 2, maxBallot: 1 }, network: 'set' });
    const spec = model as unknown as PaxosSpecModel;
    const trace = buildTrace(model, null, { engine: 'explore' }, [0, 0]);
    let s = model.initialStates()[0];
    const canonicalFp = (w: Int32Array) => hashHex(canonical(spec.decode(w)));
    expect(trace.initial.fingerprint).toBe(canonicalFp(s));
    for (const step of trace.steps) {
      s = model.next(s, model.actions(s)[step.choice]);
      expect(step.fingerprint).toBe(canonicalFp(s));
      const fp = new Uint32Array(2);
      model.fingerprint(s, fp);
      expect(step.fingerprint).not.toBe(fingerprintHex(fp[0], fp[1]));
    }
    expect(trace.steps.length).toBe(2);
    expect(replayOn(model, trace)).toMatchObject({ verdict: 'ok', steps: 2 });
  });

  describe('--symmetry (the acceptors are interchangeable, and so are the values)', () => {
    const params = { acceptors: 3, values: 2, maxBallot: 1 };
    const accPerms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const valPerms = [[0, 1], [1, 0]];
    /** Every pair of an acceptor and a value permutation: the 12 elements of the group. */
    const perms = accPerms.flatMap((acc) => valPerms.map((val) => ({ acc, val })));
    /**
     * s with acceptor i renamed acc[i] and value i renamed val[i], written here independently of
     * the model's own renaming.
     */
    function rename(s: SpecState, perm: { acc: number[]; val: number[] }): SpecState {
      const value = (v: string | null) => (v === null ? null : `v${perm.val[Number(v.slice(1)) - 1] + 1}`);
      const acceptor = (a: string) => `a${perm.acc[Number(a.slice(1)) - 1] + 1}`;
      const out: SpecState = { maxBal: [], maxVBal: [], maxVal: [], msgs: [] };
      perm.acc.forEach((j, i) => {
        out.maxBal[j] = s.maxBal[i];
        out.maxVBal[j] = s.maxVBal[i];
        out.maxVal[j] = value(s.maxVal[i]);
      });
      out.msgs = s.msgs
        .map((m): SpecMessage => {
          switch (m.type) {
            case '1a':
              return m;
            case '2a':
              return { ...m, val: value(m.val)! };
            case '2b':
              return { ...m, acc: acceptor(m.acc), val: value(m.val)! };
            case '1b':
              return { ...m, acc: acceptor(m.acc), mval: value(m.mval) };
          }
        })
        .sort((x, y) => (canonical(x) < canonical(y) ? -1 : 1));
      return out;
    }
    /** Every reachable state without reduction, as the spec's variables. */
    const reachableStates = (model: PaxosSpecModel) => [...reachable(model).values()].map((w) => model.decode(w));
    const orbitOf = (s: SpecState) => perms.map((p) => canonical(rename(s, p))).sort()[0];

    it('keeps one state per orbit: 443 of the 3,921, the orbits counted here by brute force', () => {
      const model = new PaxosSpecModel(params, specProperties);
      const states = reachableStates(model);
      const orbits = new Set(states.map(orbitOf));
      const acceptorOrbits = new Set(states.map((s) => accPerms.map((acc) => canonical(rename(s, { acc, val: [0, 1] }))).sort()[0]));
      const r = explore(new PaxosSpecModel(params, specProperties), { symmetry: true });
      expect(r.verdict).toBe('ok');
      expect(orbits.size).toBe(443);
      // Permuting the acceptors alone leaves 857: the values' permutations halve it again.
      expect(acceptorOrbits.size).toBe(857);
      expect(r.distinctStates).toBe(orbits.size);
      expect(r.witnessed).toEqual({ 'A value is chosen': true });
    });

    it('gives every member of an orbit the same representative, itself a member', () => {
      const model = new PaxosSpecModel(params, specProperties);
      let mismatches = 0;
      let checked = 0;
      for (const s of reachableStates(model)) {
        const representative = (t: SpecState) => canonical(model.decode(model.canonicalize(model.encode(t))));
        const rep = representative(s);
        const members = perms.map((p) => canonical(rename(s, p)));
        if (!members.includes(rep)) mismatches++;
        for (const p of perms) {
          checked++;
          if (representative(rename(s, p)) !== rep) mismatches++;
        }
      }
      expect(checked).toBe(3921 * 12);
      expect(mismatches).toBe(0);
    });

    it('permutes values with one acceptor, and acceptors with one value', () => {
      for (const [acceptors, values] of [[1, 3], [3, 1]]) {
        const p = { acceptors, values, maxBallot: 1 };
        const model = new PaxosSpecModel(p, specProperties);
        const states = reachableStates(model);
        const accs = [...permutations(Array.from({ length: acceptors }, (_, i) => i))];
        const vals = [...permutations(Array.from({ length: values }, (_, i) => i))];
        const group = accs.flatMap((acc) => vals.map((val) => ({ acc, val })));
        const orbits = new Set(states.map((s) => group.map((g) => canonical(rename(s, g))).sort()[0]));
        const r = explore(new PaxosSpecModel(p, specProperties), { symmetry: true });
        expect(orbits.size).toBeLessThan(states.length);
        expect(r.distinctStates).toBe(orbits.size);
      }
    });

    it('finds the Phase2a bug as short as without it, on a path of the real spec with real acceptor names', () => {
      class AnyValueSpec extends PaxosSpecModel {
        override phase2aEnabled(s: SpecState, b: number): boolean {
          return !s.msgs.some((m) => m.type === '2a' && m.bal === b)
            && this.quorums.some((q) => q.every((a) => s.msgs.some((m) => m.type === '1b' && m.bal === b && m.acc === this.acceptors[a])));
        }
      }
      const plain = explore(new AnyValueSpec(params, specProperties));
      const model = new AnyValueSpec(params, specProperties);
      const reduced = explore(model, { symmetry: true });
      expect(plain.verdict).toBe('violated');
      expect(reduced.verdict).toBe('violated');
      if (plain.verdict !== 'violated' || reduced.verdict !== 'violated') return;
      expect(reduced.distinctStates).toBeLessThan(plain.distinctStates);
      expect(reduced.violation.path.length).toBe(plain.violation.path.length);
      // Replayed action by action on the real spec, the path ends in an Agreement violation.
      let s = model.initialStates()[reduced.violation.initial];
      for (const i of reduced.violation.path) s = model.next(s, model.actions(s)[i]);
      expect(firstViolation(specProperties, model.view(s))?.property).toBe('Agreement');
    });

    it('is refused with one acceptor and one value: nothing is interchangeable', () => {
      const model = buildModel(paxosSpec, { params: { acceptors: 1, values: 1 }, network: 'set' });
      expect(() => explore(model, { symmetry: true })).toThrow(/declares no interchangeable nodes/);
    });
  });

  it('lists actions in an order that depends only on the state', () => {
    const model = new PaxosSpecModel({ acceptors: 3, values: 2, maxBallot: 1 }, specProperties);
    const [s0] = model.initialStates();
    const s1 = model.next(model.next(s0, { action: 'Phase1a', b: 1 }), { action: 'Phase1a', b: 0 });
    const s2 = model.next(model.next(s0, { action: 'Phase1a', b: 0 }), { action: 'Phase1a', b: 1 });
    expect(s1).toEqual(s2);
    expect(model.actions(s1).map((a) => model.describeAction(s1, a))).toEqual(model.actions(s2).map((a) => model.describeAction(s2, a)));
  });

  it('catches a Phase2a that may propose any value (Agreement names the ballots and acceptors)', () => {
    class AnyValueSpec extends PaxosSpecModel {
      override phase2aEnabled(s: SpecState, b: number): boolean {
        return !s.msgs.some((m) => m.type === '2a' && m.bal === b)
          && this.quorums.some((q) => q.every((a) => s.msgs.some((m) => m.type === '1b' && m.bal === b && m.acc === this.acceptors[a])));
      }
    }
    const r = explore(new AnyValueSpec({ acceptors: 3, values: 2, maxBallot: 1 }, specProperties));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('Agreement');
    expect(r.violation.message).toMatch(/^Agreement: two different values were chosen: 'v\d' in ballot 0 by a\d, a\d and 'v\d' in ballot 1 by a\d, a\d$/);
  });

  it('is a message-set spec: other network semantics are refused with a clear error', () => {
    expect(() => buildModel(paxosSpec, { network: 'multiset' })).toThrow(UsageError);
    expect(() => buildModel(paxosSpec, { network: 'multiset' })).toThrow(/only --network set/);
  });
});
