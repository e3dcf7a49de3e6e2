/**
 * Bug: two proposers can use the same ballot number.
 *
 * Each proposer numbers its ballots 0, 1, 2, ... on its own, instead of drawing them from a set
 * no other proposer uses ("Paxos Made Simple" §2.5). Two proposers then run phase 1 of the same
 * ballot, both collect a majority of promises (the reference acceptor re-answers a Prepare for
 * the ballot it promised), and send Accepts with different values in one ballot.
 */
import { highestReported, makeProposer, reference, type BallotPicker } from '../reference.js';
import { paxosParams } from '../../../models/paxos/topology.js';

const sharedBallot: BallotPicker = (ballot, ctx) => (ballot + 1 <= paxosParams(ctx.params).maxBallot ? ballot + 1 : null); // BUG

export const sameBallotProposer = makeProposer(sharedBallot, highestReported);

export const sameBallot = { ...reference, proposer: sameBallotProposer };
