/**
 * The transaction manager (coordinator) of `twophase-net` as an XState machine.
 *
 *   idle --begin--> preparing --all yes--> committed
 *                       |  \--a no vote, or the votes timer--> aborted
 *
 * Context: `begun` and `decision` are the durable log (see `recoverTm`); `yes` lists the RMs
 * whose yes vote has been counted, and is lost in a crash.
 */
import { assign, setup } from 'xstate';
import type { Json } from '../../engine/canonical.js';
import type { NodeContext } from '../../engine/role.js';
import type { Decision, Message, TmView, Vote } from './views.js';

export interface TmContext {
  /** Durable: the transaction id was allocated, so a recovered TM never starts it again. */
  begun: boolean;
  /** Durable: the decision record (presumed abort: absence means abort once begun). */
  decision: Decision | null;
  yes: string[];
}

type TmEvent =
  | { type: 'begin' }
  | { type: 'Vote'; from: string; vote: Vote }
  | { type: 'timeout'; timer: string }
  | { type: 'DecisionRequest'; from: string };

type SendParams = { to: string | string[]; msg: Message };

export function tmMachine(rms: string[]) {
  const withYes = (yes: string[], rm: string) => (yes.includes(rm) ? yes : [...yes, rm].sort());
  return setup({
    types: {} as { context: TmContext; events: TmEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: SendParams) => {},
      countYes: assign({ yes: ({ context, event }) => withYes(context.yes, (event as { from: string }).from) }),
      logCommit: assign({ decision: 'commit' as Decision }),
      logAbort: assign({ decision: 'abort' as Decision }),
    },
    guards: {
      isYes: ({ event }) => event.type === 'Vote' && event.vote === 'yes',
      completesYes: ({ context, event }) =>
        event.type === 'Vote' && event.vote === 'yes' && withYes(context.yes, event.from).length === rms.length,
    },
  }).createMachine({
    id: 'tm',
    context: { begun: false, decision: null, yes: [] },
    initial: 'idle',
    states: {
      idle: {
        on: {
          begin: {
            target: 'preparing',
            actions: [assign({ begun: true }), { type: 'send', params: { to: rms, msg: { type: 'Prepare' } } }],
          },
        },
      },
      preparing: {
        on: {
          Vote: [
            // Commit point: the decision is logged before anyone hears of it.
            { guard: 'completesYes', target: 'committed', actions: ['countYes', 'logCommit', { type: 'send', params: { to: rms, msg: { type: 'Commit' } } }] },
            { guard: 'isYes', actions: 'countYes' },
            // A no vote: abort, telling everyone but the RM that voted no (it aborted already).
            { target: 'aborted', actions: ['logAbort', { type: 'send', params: ({ event }) => ({ to: rms.filter((r) => r !== (event as { from: string }).from), msg: { type: 'Abort' } }) }] },
          ],
          // Presumed abort: a vote that never came counts as no.
          timeout: { target: 'aborted', actions: ['logAbort', { type: 'send', params: { to: rms, msg: { type: 'Abort' } } }] },
          // Undecided: an RM asking now gets no answer and must ask again later (its question
          // is consumed; see the participant's note on how often it asks).
        },
      },
      committed: {
        on: { DecisionRequest: { actions: { type: 'send', params: ({ event }) => ({ to: event.from, msg: { type: 'Commit' } }) } } },
      },
      aborted: {
        on: { DecisionRequest: { actions: { type: 'send', params: ({ event }) => ({ to: event.from, msg: { type: 'Abort' } }) } } },
      },
    },
  });
}

/**
 * Recovery reads the log: a decision record puts the TM back in that decision; a transaction
 * that had begun but has no record is aborted (presumed abort), and the recovered TM answers
 * every DecisionRequest with Abort.
 */
export function recoverTm(context: TmContext): TmView['state'] {
  if (context.decision === 'commit') return 'committed';
  if (context.decision === 'abort' || context.begun) return 'aborted';
  return 'idle';
}

export function tmView(value: Json, context: Record<string, Json>): TmView {
  const c = context as unknown as TmContext;
  return { state: value as TmView['state'], decision: c.decision, yes: c.yes };
}
