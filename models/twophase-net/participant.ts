/**
 * A resource manager (participant) of `twophase-net` as an XState machine.
 *
 *   working --Prepare--> voting --vote yes--> prepared --Commit--> committed
 *      |                   \--vote no--> aborted     \--Abort--> aborted
 *      \--timeout or Abort--> aborted (unilateral: it has not voted)
 *
 * A prepared RM has given up the right to decide alone: when its timer fires it asks the TM
 * (DecisionRequest) and waits for the answer.
 *
 * Modelling shortcut: a prepared RM asks once per incarnation (`inquired`). A real RM asks
 * again and again; how often it asks cannot change what the TM answers (the answer comes from
 * one log), so one question per incarnation keeps the multiset network finite without hiding a
 * safety bug. A crash and restart lets it ask again.
 */
import { assign, setup } from 'xstate';
import type { Json } from '../../engine/canonical.js';
import type { NodeContext } from '../../engine/role.js';
import type { Decision, Message, RmView, Vote } from './views.js';

export interface RmContext {
  /** Durable: the vote this RM cast (a yes vote is force-logged before it is sent). */
  vote: Vote | null;
  /** Durable: the outcome this RM applied. */
  decision: Decision | null;
  /** This incarnation already sent a DecisionRequest. */
  inquired: boolean;
}

type RmEvent =
  | { type: 'Prepare'; from: string }
  | { type: 'vote'; vote: Vote }
  | { type: 'timeout'; timer: string }
  | { type: 'Commit'; from: string }
  | { type: 'Abort'; from: string };

type SendParams = { to: string; msg: Message };

export function rmMachine(tm: string) {
  return setup({
    types: {} as { context: RmContext; events: RmEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: SendParams) => {},
      applyCommit: assign({ decision: 'commit' as Decision }),
      applyAbort: assign({ decision: 'abort' as Decision }),
    },
    guards: {
      votesYes: ({ event }) => event.type === 'vote' && event.vote === 'yes',
      mayInquire: ({ context }) => !context.inquired,
    },
  }).createMachine({
    id: 'rm',
    context: { vote: null, decision: null, inquired: false },
    initial: 'working',
    states: {
      working: {
        on: {
          Prepare: 'voting',
          timeout: { target: 'aborted', actions: 'applyAbort' },
          Abort: { target: 'aborted', actions: 'applyAbort' },
        },
      },
      voting: {
        on: {
          vote: [
            { guard: 'votesYes', target: 'prepared', actions: [assign({ vote: 'yes' as Vote }), { type: 'send', params: { to: tm, msg: { type: 'Vote', vote: 'yes' } } }] },
            { target: 'aborted', actions: [assign({ vote: 'no' as Vote }), 'applyAbort', { type: 'send', params: { to: tm, msg: { type: 'Vote', vote: 'no' } } }] },
          ],
          Abort: { target: 'aborted', actions: 'applyAbort' },
        },
      },
      prepared: {
        on: {
          Commit: { target: 'committed', actions: 'applyCommit' },
          Abort: { target: 'aborted', actions: 'applyAbort' },
          timeout: { guard: 'mayInquire', actions: [assign({ inquired: true }), { type: 'send', params: { to: tm, msg: { type: 'DecisionRequest' } } }] },
        },
      },
      committed: {},
      aborted: {},
    },
  });
}

/**
 * Recovery reads the log: an applied outcome stays applied; a yes vote without an outcome puts
 * the RM back in `prepared` (it must ask); anything else aborts, since the uncommitted work of
 * an RM that had not prepared is lost in the crash.
 */
export function recoverRm(context: RmContext): RmView['state'] {
  if (context.decision === 'commit') return 'committed';
  if (context.decision === 'abort') return 'aborted';
  return context.vote === 'yes' ? 'prepared' : 'aborted';
}

export function rmView(value: Json, context: Record<string, Json>): RmView {
  const state = value === 'voting' ? 'working' : (value as RmView['state']);
  return { state, vote: (context as unknown as RmContext).vote };
}
