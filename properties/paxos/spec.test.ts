/**
 * The message-set spec (models/paxos-spec): TLC's distinct-state count reproduced and pinned,
 * its properties shown to hold, and shown to catch a spec whose Phase2a forgets the rule that
 * makes Paxos safe.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { canonical } from '../../engine/canonical.js';
import { hashString } from '../../engine/hash.js';
import { UsageError } from '../../engine/errors.js';
import { paxosSpec } from '../../models/paxos-spec/protocol.js';
import { PaxosSpecModel, type SpecState } from '../../models/paxos-spec/spec.js';
import { specProperties } from './specProperties.js';

describe('paxos-spec', () => {
  it('has exactly 3,921 distinct states for 3 acceptors, 2 values, ballots 0..1 (TLC)', () => {
    const model = buildModel(paxosSpec, { params: { acceptors: 3, values: 2, maxBallot: 1 }, network: 'set' });
    const r = explore(model);
    expect(r.verdict).toBe('ok');
    expect(r.distinctStates).toBe(3921);
    expect(r.witnessed).toEqual({ 'A value is chosen': true });
  });

  it('fingerprints every reachable state as the hash of its canonical form (what traces record), without building it', () => {
    const model = new PaxosSpecModel({ acceptors: 3, values: 2, maxBallot: 1 }, specProperties);
    const fast = new Uint32Array(2);
    const full = new Uint32Array(2);
    const seen = new Set<string>();
    const queue = model.initialStates();
    let differ = 0;
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i];
      const text = canonical(s);
      if (seen.has(text)) continue;
      seen.add(text);
      model.fingerprint(s, fast);
      hashString(text, full);
      if (fast[0] !== full[0] || fast[1] !== full[1]) differ++;
      for (const a of model.actions(s)) queue.push(model.next(s, a));
    }
    expect(seen.size).toBe(3921);
    expect(differ).toBe(0);
    // A state built by hand (message objects the model never interned) hashes alike.
    const largest = queue.reduce((x, y) => (y.msgs.length > x.msgs.length ? y : x));
    const byHand = JSON.parse(canonical(largest)) as SpecState;
    model.fingerprint(byHand, fast);
    hashString(canonical(byHand), full);
    expect(byHand.msgs.length).toBeGreaterThan(10);
    expect(Array.from(fast)).toEqual(Array.from(full));
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
