/**
 * Port of the Paxos example of seed document 002_b84108ad45290ed5.txt (§4.1, "Paxos算法实现"),
 * behaviour and bugs included:
 *
 *     class Proposer:
 *         def prepare(self):
 *             self.proposal_id += 1
 *             responses = []
 *             for acceptor in self.acceptors:
 *                 response = acceptor.prepare(self.proposal_id)
 *                 if response:
 *                     responses.append(response)
 *             if len(responses) > len(self.acceptors) // 2:
 *                 max_id, value = max(responses, key=lambda x: x[0])
 *                 self.proposal_value = value if value is not None else self.proposal_value
 *                 return True
 *             return False
 *         def accept(self):
 *             if self.proposal_value is None:
 *                 return False
 *             ... acceptor.accept(self.proposal_id, self.proposal_value) for each acceptor
 *
 *     class Acceptor:
 *         def prepare(self, proposal_id):
 *             if proposal_id > self.accepted_id:
 *                 self.accepted_id = proposal_id
 *                 return self.accepted_id, self.accepted_value
 *             return None
 *         def accept(self, proposal_id, proposal_value):
 *             if proposal_id == self.accepted_id:
 *                 self.accepted_value = proposal_value
 *                 return self.accepted_id, self.accepted_value
 *             return None
 *
 * Its bugs: the acceptor keeps one number for both the promise and the accepted ballot, so a
 * prepare overwrites the ballot of its accepted value, and every response reports the *new*
 * ballot; all responses then tie in `max(..., key=x[0])`, which returns the first one (the
 * lowest-numbered acceptor that answered), whose value may be None although others report a
 * value, and the proposer then keeps its own. And every proposer numbers from 1 by itself.
 *
 * Porting notes: the synchronous calls become messages. `prepare` broadcasts Prepare and each
 * acceptor always answers (a PrepareReply carrying the response or None), as a call always
 * returns; once every acceptor has answered, the proposer filters, tests the majority and takes
 * the max over the responses in acceptor order, exactly as the loop over `self.acceptors` did.
 * The seed does not show its driver; we use the evident one, `if prepare(): accept()`, with a
 * failed prepare retried on the proposer's timer (`while not prepare()` with a back-off). The
 * result of `acceptor.accept` only feeds a boolean the seed never uses, so it is not sent back,
 * and a proposer that has sent its Accepts is done. The proposer's value starts as its
 * client's input (the seed leaves `proposal_value` to the caller: `accept` refuses None).
 * `maxBallot` bounds proposal_id to 1..maxBallot.
 */
import type { NodeImplementation } from '../../../engine/implementation.js';
import type { NodeContext, NodeEvent } from '../../../engine/role.js';
import type { AcceptorView, ProposerView } from '../../../models/paxos/messages.js';
import { inputOf, paxosParams, peersOf, rankOf } from '../../../models/paxos/topology.js';
import { dispatch, reference } from '../reference.js';

type Response = [number, string | null];

interface Proposer002 {
  input: string;
  proposal_id: number;
  proposal_value: string | null;
  /** Answers to the current prepare, by acceptor id (null: the acceptor returned None). */
  answers: Record<string, Response | null>;
  /** idle: never started; preparing: awaiting answers; failed: prepare() returned False; accepting: done. */
  phase: 'idle' | 'preparing' | 'failed' | 'accepting';
}

function prepare(s: Proposer002, ctx: NodeContext) {
  if (s.proposal_id + 1 > paxosParams(ctx.params).maxBallot) return { state: s }; // modelling bound
  const state: Proposer002 = { ...s, proposal_id: s.proposal_id + 1, answers: {}, phase: 'preparing' }; // self.proposal_id += 1
  const msg = { type: 'Prepare', proposal_id: state.proposal_id };
  return { state, send: peersOf(ctx).acceptors.map((to) => ({ to, msg })) }; // acceptor.prepare(self.proposal_id)
}

/** The rest of `prepare` once every acceptor has answered, then `accept`. */
function decide(s: Proposer002, ctx: NodeContext) {
  const acceptors = peersOf(ctx).acceptors;
  const responses = acceptors.map((a) => s.answers[a]).filter((r): r is Response => !!r); // if response: responses.append(response)
  if (!(responses.length > Math.floor(acceptors.length / 2))) return { state: { ...s, phase: 'failed' as const } }; // return False
  let max = responses[0]; // max(responses, key=lambda x: x[0]): the first of the maximal ones
  for (const r of responses) if (r[0] > max[0]) max = r;
  const value = max[1];
  const state: Proposer002 = { ...s, proposal_value: value !== null ? value : s.proposal_value, phase: 'accepting' };
  if (state.proposal_value === null) return { state }; // accept(): if self.proposal_value is None: return False
  const msg = { type: 'Accept', proposal_id: state.proposal_id, proposal_value: state.proposal_value };
  return { state, send: acceptors.map((to) => ({ to, msg })) }; // acceptor.accept(self.proposal_id, self.proposal_value)
}

function onPrepareReply(s: Proposer002, e: NodeEvent, ctx: NodeContext) {
  const from = e.from as string;
  if (s.phase !== 'preparing' || e.proposal_id !== s.proposal_id || from in s.answers) return { state: s };
  const state = { ...s, answers: { ...s.answers, [from]: e.response as Response | null } };
  return Object.keys(state.answers).length === peersOf(ctx).acceptors.length ? decide(state, ctx) : { state };
}

export const seed002Proposer: NodeImplementation<Proposer002> = {
  init: (ctx) => {
    const input = inputOf(rankOf(ctx), paxosParams(ctx.params));
    return { input, proposal_id: 0, proposal_value: input, answers: {}, phase: 'idle' };
  },
  handle: dispatch<Proposer002>({
    propose: (s, _e, ctx) => (s.phase === 'idle' ? prepare(s, ctx) : { state: s }),
    timeout: (s, _e, ctx) => (s.phase === 'failed' ? prepare(s, ctx) : { state: s }), // while not proposer.prepare(): ...
    PrepareReply: onPrepareReply,
  }),
  view: (s): ProposerView => ({ input: s.input, ballot: s.proposal_id, phase: s.phase === 'failed' ? 'preparing' : s.phase }),
  durable: ['proposal_id', 'proposal_value'],
  envEvents: () => [{ type: 'propose' }],
  timers: () => ['retry'],
};

interface Acceptor002 {
  accepted_id: number;
  accepted_value: string | null;
}

export const seed002Acceptor: NodeImplementation<Acceptor002> = {
  init: () => ({ accepted_id: 0, accepted_value: null }),
  handle: dispatch<Acceptor002>({
    Prepare: (s, e) => {
      const proposal_id = e.proposal_id as number;
      let state = s;
      let response: Response | null = null; // return None
      if (proposal_id > s.accepted_id) { // if proposal_id > self.accepted_id:
        state = { ...s, accepted_id: proposal_id }; // self.accepted_id = proposal_id
        response = [state.accepted_id, state.accepted_value]; // return self.accepted_id, self.accepted_value
      }
      return { state, send: [{ to: e.from as string, msg: { type: 'PrepareReply', proposal_id, response } }] };
    },
    Accept: (s, e) => {
      if (e.proposal_id !== s.accepted_id) return { state: s }; // if proposal_id == self.accepted_id: ... return None
      return { state: { ...s, accepted_value: e.proposal_value as string } }; // self.accepted_value = proposal_value
    },
  }),
  view: (s): AcceptorView => ({ promised: s.accepted_id, acceptedBallot: s.accepted_id, acceptedValue: s.accepted_value }),
  durable: ['accepted_id', 'accepted_value'],
};

export const seed002 = { proposer: seed002Proposer, acceptor: seed002Acceptor, learner: reference.learner };
