/**
 * Ghost state of the paxos cluster model: the history the properties need and no node keeps.
 *
 * - `votes`: every (acceptor, ballot, value) an acceptor's view has ever shown as its accepted
 *   proposal. "Chosen" is a history notion — a value stays chosen after the acceptors that chose
 *   it move on — so it is judged over this record, not over the acceptors' current state.
 * - `proposed`: every value a proposer's client asked it to propose (the proposers' `input`).
 *
 * Both are read from views only, so the same ghost judges the model and any implementation.
 */
import type { ClusterView, GhostSpec } from '../../engine/cluster.js';
import type { AcceptorView, ProposerView } from '../../models/paxos/messages.js';
import type { Vote } from './chosen.js';

export interface PaxosGhost {
  /** Sorted by acceptor, ballot, value; no duplicates. */
  votes: Vote[];
  /** Sorted, no duplicates. */
  proposed: string[];
}

const voteKey = (v: Vote) => `${v.acceptor}\u0000${String(v.ballot).padStart(12, '0')}\u0000${v.value}`;

function observe(prev: PaxosGhost, w: ClusterView<any, unknown>): PaxosGhost {
  let votes = prev.votes;
  let proposed = prev.proposed;
  for (const n of w.nodes) {
    if (n.role === 'acceptor') {
      const v = n.view as AcceptorView;
      if (v.acceptedValue === null || v.acceptedValue === undefined) continue;
      const vote: Vote = { acceptor: n.id, ballot: v.acceptedBallot, value: String(v.acceptedValue) };
      if (!votes.some((x) => x.acceptor === vote.acceptor && x.ballot === vote.ballot && x.value === vote.value)) {
        votes = [...votes, vote].sort((a, b) => (voteKey(a) < voteKey(b) ? -1 : 1));
      }
    } else if (n.role === 'proposer') {
      const input = (n.view as ProposerView).input;
      if (input !== null && input !== undefined && !proposed.includes(input)) proposed = [...proposed, input].sort();
    }
  }
  return votes === prev.votes && proposed === prev.proposed ? prev : { votes, proposed };
}

export const paxosGhost: GhostSpec<PaxosGhost> = {
  init: (w) => observe({ votes: [], proposed: [] }, w),
  update: (prev, w) => observe(prev, w),
  nodesOnly: true,
};
