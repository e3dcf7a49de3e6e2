/**
 * Port of the Paxos example of seed document 000_cac64ec6b334cc4b.txt (§4.1, "Paxos算法的实现"),
 * behaviour and bugs included. The seed has no phase 1: a proposer numbers its proposals 1, 2,
 * ... on its own and sends them straight to the acceptors, and an acceptor accepts any proposal
 * numbered higher than the last one it saw:
 *
 *     class Proposer:
 *         def __init__(self, id):
 *             self.proposal_number = 0
 *             self.proposal_value = None
 *         def propose(self, value):
 *             self.proposal_number += 1
 *             self.proposal_value = value
 *             return self.proposal_number, self.proposal_value
 *
 *     class Acceptor:
 *         def __init__(self):
 *             self.highest_proposal_number = 0
 *             self.accepted_proposal_number = 0
 *             self.accepted_proposal_value = None
 *         def receive_proposal(self, proposal_number, proposal_value):
 *             if proposal_number > self.highest_proposal_number:
 *                 self.highest_proposal_number = proposal_number
 *                 self.accepted_proposal_number = proposal_number
 *                 self.accepted_proposal_value = proposal_value
 *                 return True
 *             else:
 *                 return False
 *
 * Porting notes: the seed calls `acceptor.receive_proposal(*proposer.propose(v))` directly; here
 * `propose` broadcasts a Proposal message and each acceptor runs `receive_proposal` on receipt.
 * Its True/False result is discarded by the seed's caller, so no reply is sent, and no learner
 * is ever told (the text's step 3, the proposer counting acceptances, has no code). A proposer
 * proposes on its client's request and again on its retry timer; `maxBallot` bounds the
 * proposal numbers (1..maxBallot). Two proposers both start at 1: their numbers collide, and a
 * later number simply overwrites what a majority accepted earlier.
 */
import type { NodeImplementation } from '../../../engine/implementation.js';
import type { NodeContext } from '../../../engine/role.js';
import type { AcceptorView, ProposerView } from '../../../models/paxos/messages.js';
import { inputOf, paxosParams, peersOf, rankOf } from '../../../models/paxos/topology.js';
import { dispatch, reference } from '../reference.js';

interface Proposer000 {
  input: string;
  proposal_number: number;
  proposal_value: string | null;
}

function propose(s: Proposer000, ctx: NodeContext) {
  if (s.proposal_number + 1 > paxosParams(ctx.params).maxBallot) return { state: s }; // modelling bound
  const state = { ...s, proposal_number: s.proposal_number + 1, proposal_value: s.input }; // self.proposal_number += 1; self.proposal_value = value
  const msg = { type: 'Proposal', proposal_number: state.proposal_number, proposal_value: state.proposal_value };
  return { state, send: peersOf(ctx).acceptors.map((to) => ({ to, msg })) }; // return self.proposal_number, self.proposal_value
}

export const seed000Proposer: NodeImplementation<Proposer000> = {
  init: (ctx) => ({ input: inputOf(rankOf(ctx), paxosParams(ctx.params)), proposal_number: 0, proposal_value: null }),
  handle: dispatch<Proposer000>({
    propose: (s, _e, ctx) => (s.proposal_number === 0 ? propose(s, ctx) : { state: s }),
    timeout: (s, _e, ctx) => (s.proposal_number > 0 ? propose(s, ctx) : { state: s }),
  }),
  view: (s): ProposerView => ({ input: s.input, ballot: s.proposal_number, phase: s.proposal_number ? 'accepting' : 'idle' }),
  durable: ['proposal_number'],
  envEvents: () => [{ type: 'propose' }],
  timers: () => ['retry'],
};

interface Acceptor000 {
  highest_proposal_number: number;
  accepted_proposal_number: number;
  accepted_proposal_value: string | null;
}

export const seed000Acceptor: NodeImplementation<Acceptor000> = {
  init: () => ({ highest_proposal_number: 0, accepted_proposal_number: 0, accepted_proposal_value: null }),
  handle: dispatch<Acceptor000>({
    Proposal: (s, e) => {
      const proposal_number = e.proposal_number as number;
      if (proposal_number > s.highest_proposal_number) { // if proposal_number > self.highest_proposal_number:
        return {
          state: { highest_proposal_number: proposal_number, accepted_proposal_number: proposal_number, accepted_proposal_value: e.proposal_value as string },
        }; // return True (discarded by the caller)
      }
      return { state: s }; // else: return False
    },
  }),
  view: (s): AcceptorView => ({ promised: s.highest_proposal_number, acceptedBallot: s.accepted_proposal_number, acceptedValue: s.accepted_proposal_value }),
  durable: ['highest_proposal_number', 'accepted_proposal_number', 'accepted_proposal_value'],
};

export const seed000 = { proposer: seed000Proposer, acceptor: seed000Acceptor, learner: reference.learner };
