/**
 * Bug: a proposer ignores the values reported in promises and always proposes its own.
 *
 * Phase 2 must propose the value of the highest-numbered proposal reported by the majority
 * that promised ("Paxos Made Simple" §2.2, P2c); otherwise a later ballot overwrites a value
 * that an earlier ballot already chose.
 */
import { makeProposer, ownBallot, reference } from '../reference.js';

export const ignoresPromisedValuesProposer = makeProposer(ownBallot, (s) => s.input); // BUG: ignores s.highestValue

export const ignoresPromisedValues = { ...reference, proposer: ignoresPromisedValuesProposer };
