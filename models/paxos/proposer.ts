/**
 * The proposer ("Paxos Made Simple" §2.2; retrying, §2.4; unique, remembered ballots, §2.5).
 *
 * idle --propose--> preparing: pick the next ballot this proposer owns, send Prepare to every
 * acceptor. In preparing, each Promise of the current ballot is tallied, keeping the highest
 * accepted proposal it reports; on the majority-th promise the proposer sends Accept(ballot, v),
 * v being that highest proposal's value or, if no promise reported one, its own input, and
 * moves to accepting. The `retry` timer (armed in preparing and accepting) abandons the ballot
 * for the next one the proposer owns, as a proposer does when it suspects a higher ballot has
 * overtaken it. A proposer crash loses everything but `ballot`, so a restarted proposer never
 * reuses a ballot (it could otherwise send two different Accepts in one ballot).
 *
 * Modelling shortcuts: no Nack (rejections are optimisations only: a proposer that gets none
 * simply times out), and the proposer does not learn (the learner role does).
 */
import { assign, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';
import type { Delivered, Prepare, PromiseMsg, Accept, Value } from './messages.js';
import { acceptorIds, inputOf, nextOwnBallot, quorumOf, rankOf, type PaxosParams } from './topology.js';

export interface ProposerContext {
  rank: number;
  input: Value;
  ballot: number;
  /** Acceptors that promised the current ballot, sorted. */
  promisedBy: string[];
  /** Highest accepted proposal reported by those promises (-1 / null when none). */
  highestBallot: number;
  highestValue: Value | null;
}

type ProposerEvent = { type: 'propose' } | { type: 'timeout'; timer: 'retry' } | Delivered<PromiseMsg>;
type Send = { to: string | string[]; msg: Prepare | Accept };

export function proposerMachine(p: PaxosParams) {
  const quorum = quorumOf(p);
  const acceptors = acceptorIds(p);
  const next = (c: ProposerContext) => nextOwnBallot(c.ballot, c.rank, p);
  // A send whose params read the context as just assigned: XState v5 resolves each action's
  // params against the context left by the assigns listed before it.
  const sendPrepare = {
    type: 'send' as const,
    params: ({ context }: { context: ProposerContext }): Send => ({ to: acceptors, msg: { type: 'Prepare', ballot: context.ballot } }),
  };
  const sendAccept = {
    type: 'send' as const,
    params: ({ context }: { context: ProposerContext }): Send => ({
      to: acceptors, msg: { type: 'Accept', ballot: context.ballot, value: context.highestValue ?? context.input },
    }),
  };
  return setup({
    types: {} as { context: ProposerContext; events: ProposerEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: Send) => {},
      startBallot: assign(({ context }) => ({ ballot: next(context)!, promisedBy: [], highestBallot: -1, highestValue: null })),
      tallyPromise: assign(({ context, event }) => {
        const e = event as Delivered<PromiseMsg>;
        const higher = e.acceptedBallot > context.highestBallot;
        return {
          promisedBy: [...context.promisedBy, e.from].sort(),
          highestBallot: higher ? e.acceptedBallot : context.highestBallot,
          highestValue: higher ? e.acceptedValue : context.highestValue,
        };
      }),
    },
    guards: {
      hasNextBallot: ({ context }) => next(context) !== null,
      isNewPromise: ({ context, event }) =>
        event.type === 'Promise' && event.ballot === context.ballot && !context.promisedBy.includes(event.from),
      hasQuorum: ({ context }) => context.promisedBy.length >= quorum,
    },
  }).createMachine({
    id: 'proposer',
    context: ({ input }) => ({
      rank: rankOf(input), input: inputOf(rankOf(input), p), ballot: -1, promisedBy: [], highestBallot: -1, highestValue: null,
    }),
    initial: 'idle',
    states: {
      idle: {
        on: { propose: { guard: 'hasNextBallot', target: 'preparing', actions: ['startBallot', sendPrepare] } },
      },
      preparing: {
        always: { guard: 'hasQuorum', target: 'accepting', actions: sendAccept },
        on: {
          Promise: { guard: 'isNewPromise', actions: 'tallyPromise' },
          timeout: { guard: 'hasNextBallot', target: 'preparing', reenter: true, actions: ['startBallot', sendPrepare] },
        },
      },
      accepting: {
        on: { timeout: { guard: 'hasNextBallot', target: 'preparing', actions: ['startBallot', sendPrepare] } },
      },
    },
  });
}
