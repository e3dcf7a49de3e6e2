/**
 * Reference implementation of single-decree Paxos through the public implementation contract
 * (engine/implementation.ts): plain TypeScript reducers, one handler per message type, the way
 * an engineer would write the three roles. The bug variants in bugs/ are this code with one
 * thing changed.
 *
 * It follows "Paxos Made Simple" like the model (models/paxos), with one deliberate difference:
 * the acceptor answers a Prepare for the ballot it has already promised again (unless it has
 * accepted in that ballot since), as implementations do so that a proposer whose Promise was lost
 * may ask again. That is safe only because no two proposers share a ballot — the property the
 * `same-ballot` bug breaks: with it, two proposers collect promises from one majority.
 */
import type { HandleResult, NodeImplementation } from '../../engine/implementation.js';
import type { NodeContext, NodeEvent, Outgoing } from '../../engine/role.js';
import type { AcceptorView, LearnerView, PaxosMessage, ProposerPhase, ProposerView, Value } from '../../models/paxos/messages.js';
import { addVote, type Tally } from '../../models/paxos/learner.js';
import { inputOf, nextOwnBallot, paxosParams, peersOf, quorumOf, rankOf } from '../../models/paxos/topology.js';

/** A handler per event type; events without one leave the node unchanged. */
export type Handlers<S> = Record<string, (state: S, event: NodeEvent, ctx: NodeContext) => HandleResult<S>>;

export function dispatch<S>(handlers: Handlers<S>) {
  return (state: S, event: NodeEvent, ctx: NodeContext): HandleResult<S> => {
    const h = Object.prototype.hasOwnProperty.call(handlers, event.type) ? handlers[event.type] : undefined;
    return h ? h(state, event, ctx) : { state };
  };
}

const broadcast = (to: string[], msg: PaxosMessage): Outgoing[] => to.map((id) => ({ to: id, msg }));

// ------------------------------------------------------------------------------------ proposer

export interface ProposerState {
  input: Value;
  ballot: number;
  phase: ProposerPhase;
  promisedBy: string[];
  highestBallot: number;
  highestValue: Value | null;
}

/** Chooses the ballot after `ballot`; the same-ballot bug replaces it. */
export type BallotPicker = (ballot: number, ctx: NodeContext) => number | null;

export const ownBallot: BallotPicker = (ballot, ctx) => nextOwnBallot(ballot, rankOf(ctx), paxosParams(ctx.params));

/** Phase 2's value: the highest reported proposal's, else our own. The ignores-values bug replaces it. */
export type ValuePicker = (s: ProposerState) => Value;

export const highestReported: ValuePicker = (s) => s.highestValue ?? s.input;

/** Start the next ballot (first proposal, timer retry, or after a restart). */
export function startBallot(pickBallot: BallotPicker) {
  return (s: ProposerState, _e: NodeEvent, ctx: NodeContext): HandleResult<ProposerState> => {
    const ballot = pickBallot(s.ballot, ctx);
    if (ballot === null) return { state: s };
    const state: ProposerState = { ...s, ballot, phase: 'preparing', promisedBy: [], highestBallot: -1, highestValue: null };
    return { state, send: broadcast(peersOf(ctx).acceptors, { type: 'Prepare', ballot }) };
  };
}

export function onPromise(pickValue: ValuePicker) {
  return (s: ProposerState, e: NodeEvent, ctx: NodeContext): HandleResult<ProposerState> => {
    const from = e.from as string;
    if (s.phase !== 'preparing' || e.ballot !== s.ballot || s.promisedBy.includes(from)) return { state: s };
    const reported = e.acceptedBallot as number;
    const higher = reported > s.highestBallot;
    const state: ProposerState = {
      ...s,
      promisedBy: [...s.promisedBy, from].sort(),
      highestBallot: higher ? reported : s.highestBallot,
      highestValue: higher ? (e.acceptedValue as Value | null) : s.highestValue,
    };
    if (state.promisedBy.length < quorumOf(paxosParams(ctx.params))) return { state };
    const value = pickValue(state);
    return { state: { ...state, phase: 'accepting' }, send: broadcast(peersOf(ctx).acceptors, { type: 'Accept', ballot: s.ballot, value }) };
  };
}

export function makeProposer(pickBallot: BallotPicker, pickValue: ValuePicker): NodeImplementation<ProposerState> {
  const start = startBallot(pickBallot);
  return {
    init: (ctx) => ({
      input: inputOf(rankOf(ctx), paxosParams(ctx.params)), ballot: -1, phase: 'idle', promisedBy: [], highestBallot: -1, highestValue: null,
    }),
    handle: dispatch<ProposerState>({
      propose: (s, e, ctx) => (s.phase === 'idle' ? start(s, e, ctx) : { state: s }),
      timeout: (s, e, ctx) => (s.phase === 'idle' ? { state: s } : start(s, e, ctx)),
      Promise: onPromise(pickValue),
    }),
    view: (s): ProposerView => ({ input: s.input, ballot: s.ballot, phase: s.phase }),
    // The ballot survives a crash, so a restarted proposer never reuses one.
    durable: ['ballot'],
    envEvents: () => [{ type: 'propose' }],
    timers: () => ['retry'],
  };
}

export const proposer = makeProposer(ownBallot, highestReported);

// ------------------------------------------------------------------------------------ acceptor

export interface AcceptorState {
  promised: number;
  acceptedBallot: number;
  acceptedValue: Value | null;
}

/**
 * Promise a ballot above the current promise; and answer again a Prepare for the ballot already
 * promised, as long as nothing was accepted in it (a repeated Prepare, e.g. after a lost Promise).
 * Once the acceptor has accepted in the ballot a repeated Prepare is ignored: its answer would
 * be a different Promise nobody is waiting for.
 */
export function onPrepare(s: AcceptorState, e: NodeEvent): HandleResult<AcceptorState> {
  const ballot = e.ballot as number;
  const repeated = ballot === s.promised && s.acceptedBallot !== ballot;
  if (ballot <= s.promised && !repeated) return { state: s };
  const reply = { type: 'Promise', ballot, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue };
  return { state: { ...s, promised: ballot }, send: [{ to: e.from as string, msg: reply }] };
}

export function onAccept(s: AcceptorState, e: NodeEvent, ctx: NodeContext): HandleResult<AcceptorState> {
  const ballot = e.ballot as number;
  if (ballot < s.promised) return { state: s };
  return acceptProposal(s, ballot, e.value as Value, ctx);
}

/** Accept (ballot, value) — which also promises ballot — and tell the learners. */
export function acceptProposal(s: AcceptorState, ballot: number, value: Value, ctx: NodeContext): HandleResult<AcceptorState> {
  const state = { promised: Math.max(s.promised, ballot), acceptedBallot: ballot, acceptedValue: value };
  return { state, send: broadcast(peersOf(ctx).learners, { type: 'Accepted', ballot, value }) };
}

export const acceptorView = (s: AcceptorState): AcceptorView => ({ promised: s.promised, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue });

export const acceptor: NodeImplementation<AcceptorState> = {
  init: () => ({ promised: -1, acceptedBallot: -1, acceptedValue: null }),
  handle: dispatch<AcceptorState>({ Prepare: onPrepare, Accept: onAccept }),
  view: acceptorView,
  // "An acceptor must remember this information even if it fails and then restarts."
  durable: ['promised', 'acceptedBallot', 'acceptedValue'],
};

// ------------------------------------------------------------------------------------ learner

export interface LearnerState {
  learned: Value | null;
  learnedBallot: number;
  tally: Tally[];
}

export function onAccepted(s: LearnerState, e: NodeEvent, ctx: NodeContext): HandleResult<LearnerState> {
  if (s.learned !== null) return { state: s };
  const ballot = e.ballot as number;
  const value = e.value as Value;
  const tally = addVote(s.tally, e.from as string, ballot, value);
  const votes = tally.find((t) => t.ballot === ballot && t.value === value)!.acceptors.length;
  if (votes >= quorumOf(paxosParams(ctx.params))) return { state: { learned: value, learnedBallot: ballot, tally: [] } };
  return { state: { ...s, tally } };
}

export const learner: NodeImplementation<LearnerState> = {
  init: () => ({ learned: null, learnedBallot: -1, tally: [] }),
  handle: dispatch<LearnerState>({ Accepted: onAccepted }),
  view: (s): LearnerView => ({ learned: s.learned, learnedBallot: s.learnedBallot }),
  durable: ['learned', 'learnedBallot'],
};

export const reference = { proposer, acceptor, learner };
