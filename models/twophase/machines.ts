/**
 * Two-phase commit, as in Lamport's TwoPhase specification (module TwoPhase of the TLA+
 * examples' transaction_commit, Gray & Lamport, "Consensus on Transaction Commit", 2004).
 *
 * One transaction manager (TM) and a set of resource managers (RMs). An RM in `working` may
 * spontaneously prepare (sending Prepared to the TM) or choose to abort. The TM, while in `init`,
 * records each Prepared it receives; once every RM is recorded it may commit (broadcasting
 * Commit), and at any time in `init` it may abort (broadcasting Abort). An RM that receives
 * Commit or Abort becomes committed or aborted.
 *
 * Faithfulness to the spec's state space, which the tests pin at TLC's counts (288 distinct
 * states for 3 RMs, 1,568 for 4) under set semantics:
 * - TMCommit is a separate spontaneous step (an environment event guarded by "all prepared"),
 *   not folded into the receipt of the last Prepared: the spec has a state in which the TM has
 *   recorded everyone but not yet decided.
 * - The spec's one broadcast Commit (Abort) message is one message per RM here; they are always
 *   sent together, so the sets of sent messages correspond one to one.
 * - RMRcvCommitMsg / RMRcvAbortMsg have no guard on the RM's state, and neither do these
 *   machines (a root-level handler).
 */
import { assign, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';

export type RmState = 'working' | 'prepared' | 'committed' | 'aborted';

export function tmMachine(rms: string[]) {
  return setup({
    types: {} as {
      // The RMs recorded as prepared: a set, kept as an object keyed by RM id so that renaming
      // RMs (symmetry reduction) yields the canonical encoding of the same set.
      context: { prepared: Record<string, true> };
      events: { type: 'Prepared'; from: string } | { type: 'commit' } | { type: 'abort' };
      input: NodeContext;
    },
    actions: { send: (_: unknown, _params: { to: string | string[]; msg: { type: string } }) => {} },
    guards: { allPrepared: ({ context }) => Object.keys(context.prepared).length === rms.length },
  }).createMachine({
    id: 'tm',
    context: { prepared: {} },
    initial: 'init',
    states: {
      init: {
        on: {
          Prepared: { actions: assign({ prepared: ({ context, event }) => ({ ...context.prepared, [event.from]: true as const }) }) },
          commit: { guard: 'allPrepared', target: 'committed', actions: { type: 'send', params: { to: rms, msg: { type: 'Commit' } } } },
          abort: { target: 'aborted', actions: { type: 'send', params: { to: rms, msg: { type: 'Abort' } } } },
        },
      },
      committed: {},
      aborted: {},
    },
  });
}

export function rmMachine(tm: string) {
  return setup({
    types: {} as {
      events: { type: 'prepare' } | { type: 'chooseToAbort' } | { type: 'Commit' } | { type: 'Abort' };
      input: NodeContext;
    },
    actions: { send: (_: unknown, _params: { to: string; msg: { type: string } }) => {} },
  }).createMachine({
    id: 'rm',
    initial: 'working',
    on: { Commit: '.committed', Abort: '.aborted' },
    states: {
      working: {
        on: {
          prepare: { target: 'prepared', actions: { type: 'send', params: { to: tm, msg: { type: 'Prepared' } } } },
          chooseToAbort: 'aborted',
        },
      },
      prepared: {},
      committed: {},
      aborted: {},
    },
  });
}
