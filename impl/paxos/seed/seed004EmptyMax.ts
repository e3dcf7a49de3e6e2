/**
 * Port of the Paxos example of seed document 004_46ae560359dccab1.txt (§1.4.1, "Paxos算法实现"),
 * behaviour and bugs included:
 *
 *     class Proposer:
 *         def __init__(self):
 *             self.proposals = []
 *         def propose(self, value):
 *             proposal_id = random.randint(1, 1000000)
 *             self.proposals.append((proposal_id, value))
 *             self.send_proposal_to_acceptors(proposal_id, value)
 *
 *     class Acceptor:
 *         def __init__(self):
 *             self.votes = {}
 *         def vote(self, proposal_id, value):
 *             if proposal_id not in self.votes:
 *                 self.votes[proposal_id] = value
 *         def receive_proposal(self, proposal_id, value):
 *             if proposal_id > max(self.votes.keys()):
 *                 self.vote(proposal_id, value)
 *
 * The Acceptor's bug: `max(self.votes.keys())` over the empty dict it starts with raises
 * "ValueError: max() arg is an empty sequence", so its very first proposal throws — and, the
 * dict staying empty, so does every later one. The checker must report this as a failure with
 * its trace and the exception's message ('No Exception'), not crash.
 *
 * Porting notes: the seed's Proposer calls `self.send_proposal_to_acceptors`, which it never
 * defines (as written it would raise AttributeError before any acceptor ran); we supply the
 * evident intent, a broadcast of (proposal_id, value), so that the Acceptor — the subject of
 * this port — is exercised. `random.randint(1, 1000000)` becomes a nondeterministic choice
 * (one environment event per id) over 1..maxBallot+1, each id proposed at most once: the
 * modelling bound. The seed's Learner is called by hand in its script and receives no
 * messages; the model's learner stands in for it.
 */
import type { NodeImplementation } from '../../../engine/implementation.js';
import type { NodeEvent } from '../../../engine/role.js';
import type { AcceptorView, ProposerView } from '../../../models/paxos/messages.js';
import { inputOf, paxosParams, peersOf, rankOf } from '../../../models/paxos/topology.js';
import { dispatch, reference } from '../reference.js';

/** Python's max() over an iterable, including its error on an empty one. */
function pyMax(xs: number[]): number {
  if (xs.length === 0) {
    const e = new Error('max() arg is an empty sequence');
    e.name = 'ValueError';
    throw e;
  }
  return Math.max(...xs);
}

interface Proposer004 {
  input: string;
  proposals: [number, string][];
}

export const seed004Proposer: NodeImplementation<Proposer004> = {
  init: (ctx) => ({ input: inputOf(rankOf(ctx), paxosParams(ctx.params)), proposals: [] }),
  handle: dispatch<Proposer004>({
    propose: (s, e: NodeEvent, ctx) => {
      const proposal_id = e.proposal_id as number; // proposal_id = random.randint(1, 1000000)
      if (s.proposals.some(([id]) => id === proposal_id)) return { state: s }; // modelling bound
      const state = { ...s, proposals: [...s.proposals, [proposal_id, s.input] as [number, string]] }; // self.proposals.append((proposal_id, value))
      const msg = { type: 'Proposal', proposal_id, value: s.input };
      return { state, send: peersOf(ctx).acceptors.map((to) => ({ to, msg })) }; // self.send_proposal_to_acceptors(proposal_id, value)
    },
  }),
  view: (s): ProposerView => ({
    input: s.input, ballot: s.proposals.length ? s.proposals[s.proposals.length - 1][0] : -1, phase: s.proposals.length ? 'accepting' : 'idle',
  }),
  envEvents: (ctx) => Array.from({ length: paxosParams(ctx.params).maxBallot + 1 }, (_, i) => ({ type: 'propose', proposal_id: i + 1 })),
};

interface Acceptor004 {
  /** Python dict proposal_id -> value; JSON object keys are strings. */
  votes: Record<string, string>;
}

function vote(s: Acceptor004, proposal_id: number, value: string): Acceptor004 {
  if (String(proposal_id) in s.votes) return s; // if proposal_id not in self.votes:
  return { votes: { ...s.votes, [proposal_id]: value } }; // self.votes[proposal_id] = value
}

export const seed004Acceptor: NodeImplementation<Acceptor004> = {
  init: () => ({ votes: {} }), // self.votes = {}
  handle: dispatch<Acceptor004>({
    Proposal: (s, e) => {
      const proposal_id = e.proposal_id as number;
      if (proposal_id > pyMax(Object.keys(s.votes).map(Number))) return { state: vote(s, proposal_id, e.value as string) }; // if proposal_id > max(self.votes.keys()): self.vote(...)
      return { state: s };
    },
  }),
  view: (s): AcceptorView => {
    const ids = Object.keys(s.votes).map(Number);
    const top = ids.length ? Math.max(...ids) : -1;
    return { promised: top, acceptedBallot: top, acceptedValue: ids.length ? s.votes[String(top)] : null };
  },
  durable: ['votes'],
};

export const seed004 = { proposer: seed004Proposer, acceptor: seed004Acceptor, learner: reference.learner };
