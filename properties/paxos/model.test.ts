/**
 * The paxos role machines and the reference implementation: both pass exhaustive exploration of
 * a small configuration, witnessing that a value gets chosen and learned, and — implementing
 * the same algorithm — reach exactly the same number of distinct states.
 * (The default configuration with crashes, and 3 acceptors / 2 proposers / 2 values /
 * maxBallot 2, are too slow for npm test; see docs/protocols/paxos.md for their numbers.)
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { paxos } from '../../models/paxos/protocol.js';
import { inputOf, nextOwnBallot } from '../../models/paxos/topology.js';

const small = { proposers: 2, acceptors: 3, values: 2, maxBallot: 1 };

describe('paxos model and reference', () => {
  const counts: Record<string, number> = {};

  it.each(['model', 'reference'])('%s: Agreement, Validity and Learner Consistency hold in every reachable state', (impl) => {
    const r = explore(buildModel(paxos, { impl, params: small, faults: { maxCrashes: 0 } }));
    expect(r.verdict).toBe('ok');
    expect(r.witnessed).toEqual({ 'A value is chosen': true, 'A learner learns a value': true });
    counts[impl] = r.distinctStates;
  });

  it('the model and the reference have the same state space', () => {
    expect(counts.model).toBeGreaterThan(10_000);
    expect(counts.reference).toBe(counts.model);
  });

  it('gives each proposer its own ballots and its own input value', () => {
    const p = { proposers: 2, maxBallot: 4, values: 2 };
    expect([nextOwnBallot(-1, 0, p), nextOwnBallot(0, 0, p), nextOwnBallot(2, 0, p), nextOwnBallot(4, 0, p)]).toEqual([0, 2, 4, null]);
    expect([nextOwnBallot(-1, 1, p), nextOwnBallot(1, 1, p), nextOwnBallot(3, 1, p)]).toEqual([1, 3, null]);
    expect([inputOf(0, p), inputOf(1, p), inputOf(2, p)]).toEqual(['v1', 'v2', 'v1']);
  });
});
