/**
 * Every Paxos invariant is shown to catch a known-bad implementation, plugged in the way a
 * student's code is (an external module's role exports). Agreement is caught by the bug
 * variants (variants.test.ts); Validity and Learner Consistency by the two below.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import type { NodeImplementation } from '../../engine/implementation.js';
import { paxos } from '../../models/paxos/protocol.js';
import { learner, makeProposer, ownBallot, type LearnerState } from '../../impl/paxos/reference.js';
import { choices, disagreement } from './chosen.js';

const params = { proposers: 2, acceptors: 3, values: 2, maxBallot: 0 };

function firstViolation(external: Record<string, unknown>) {
  const r = explore(buildModel(paxos, { impl: 'test-fixture.ts', external, params, faults: { maxCrashes: 0 } }));
  if (r.verdict !== 'violated') throw new Error(`expected a violation, got ${r.verdict}`);
  return r.violation;
}

describe('paxos properties catch known-bad implementations', () => {
  it('Validity: a proposer that invents a value nobody asked for', () => {
    const inventor = makeProposer(ownBallot, (s) => (s.highestValue ?? s.input) + '*');
    const v = firstViolation({ proposer: inventor });
    expect(v.property).toBe('Validity');
    expect(v.message).toBe("Validity: 'v1*' in ballot 0 by a1, a2 was chosen, but no proposer was asked to propose it (proposed: 'v1', 'v2')");
  });

  it('Learner Consistency: a learner that learns from a single acceptance', () => {
    const hasty: NodeImplementation<LearnerState> = {
      ...learner,
      handle: (s, e) => (e.type === 'Accepted' && s.learned === null
        ? { state: { learned: e.value as string, learnedBallot: e.ballot as number, tally: [] } }
        : { state: s }),
    };
    const v = firstViolation({ learner: hasty });
    expect(v.property).toBe('Learner Consistency');
    expect(v.message).toMatch(/^Learner Consistency: l1 learned 'v1' \(ballot 0\) but no majority ever accepted it in one ballot \(votes for it: a\d in ballot 0; chosen: nothing\)$/);
    expect(v.path.length).toBe(7); // propose, 2 Prepares, 2 Promises, 1 Accept, 1 Accepted
  });

  it('chosen is a history notion over votes: a quorum in one ballot, and only that', () => {
    const votes = [
      { acceptor: 'a1', ballot: 0, value: 'v1' },
      { acceptor: 'a2', ballot: 1, value: 'v1' }, // same value, different ballots: not a choice
      { acceptor: 'a2', ballot: 2, value: 'v2' },
      { acceptor: 'a3', ballot: 2, value: 'v2' },
      { acceptor: 'a3', ballot: 2, value: 'v2' }, // a repeated vote counts once
    ];
    expect(choices(votes, 2)).toEqual([{ ballot: 2, value: 'v2', acceptors: ['a2', 'a3'] }]);
    expect(disagreement(choices(votes, 2))).toBeNull();
    const split = [...votes, { acceptor: 'a1', ballot: 3, value: 'v1' }, { acceptor: 'a3', ballot: 3, value: 'v1' }];
    expect(disagreement(choices(split, 2))).toBe("Agreement: two different values were chosen: 'v2' in ballot 2 by a2, a3 and 'v1' in ballot 3 by a1, a3");
  });
});
