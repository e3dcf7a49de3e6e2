/**
 * Reference participant (RM) of `twophase-net` in plain TypeScript.
 *
 * An RM votes when asked (its choice is an environment event), force-logs a yes vote before
 * sending it, and from then on cannot decide alone: on timeout it asks the TM once per
 * incarnation (see models/twophase-net/participant.ts for why once). Before voting it may abort
 * unilaterally. Bug variants (bugs/) replace one rule of `rmRules`.
 */
import type { HandleResult, NodeImplementation } from '../../engine/implementation.js';
import type { NodeContext, NodeEvent } from '../../engine/role.js';
import { COORDINATOR_TIMER, TM, VOTE_NO, VOTE_YES, type Decision, type RmView, type Vote } from '../../models/twophase-net/views.js';

export interface RmState {
  phase: 'working' | 'voting' | 'prepared' | 'committed' | 'aborted';
  /** Durable: the vote cast. */
  vote: Vote | null;
  /** Durable: the outcome applied. */
  decision: Decision | null;
  inquired: boolean;
}

type Handler = (s: RmState, e: NodeEvent, ctx: NodeContext) => HandleResult<RmState>;

export interface RmRules {
  Prepare: Handler;
  vote: Handler;
  timeout: Handler;
  Commit: Handler;
  Abort: Handler;
  restart(s: RmState): RmState;
}

const INIT: RmState = { phase: 'working', vote: null, decision: null, inquired: false };
const unchanged = (s: RmState) => ({ state: s });

export const applyOutcome = (s: RmState, decision: Decision): RmState =>
  ({ ...s, phase: decision === 'commit' ? 'committed' : 'aborted', decision });

export const rmRules: RmRules = {
  Prepare: (s) => (s.phase === 'working' ? { state: { ...s, phase: 'voting' } } : unchanged(s)),
  vote(s, e) {
    if (s.phase !== 'voting') return unchanged(s);
    const vote = e.vote as Vote;
    const next = vote === 'yes' ? { ...s, phase: 'prepared' as const, vote } : { ...applyOutcome(s, 'abort'), vote };
    return { state: next, send: [{ to: TM, msg: { type: 'Vote', vote } }] };
  },
  timeout(s) {
    if (s.phase === 'working') return { state: applyOutcome(s, 'abort') }; // not voted: may abort alone
    if (s.phase === 'prepared' && !s.inquired) {
      return { state: { ...s, inquired: true }, send: [{ to: TM, msg: { type: 'DecisionRequest' } }] };
    }
    return unchanged(s);
  },
  Commit: (s) => (s.phase === 'prepared' ? { state: applyOutcome(s, 'commit') } : unchanged(s)),
  Abort: (s) => (['working', 'voting', 'prepared'].includes(s.phase) ? { state: applyOutcome(s, 'abort') } : unchanged(s)),
  restart(s) {
    return recoverRm({ ...INIT, vote: s.vote, decision: s.decision });
  },
};

/** Recovery reads the log: outcome, else a yes vote means prepared, else the work is lost. */
export function recoverRm(s: RmState): RmState {
  if (s.decision) return { ...s, phase: s.decision === 'commit' ? 'committed' : 'aborted' };
  return { ...s, phase: s.vote === 'yes' ? 'prepared' : 'aborted' };
}

export function participant(rules: RmRules = rmRules): NodeImplementation<RmState> {
  return {
    init: () => INIT,
    handle(s, e, ctx) {
      const rule = rules[e.type as keyof Omit<RmRules, 'restart'>];
      return rule ? rule(s, e, ctx) : unchanged(s);
    },
    view: (s): RmView => ({ state: s.phase === 'voting' ? 'working' : s.phase, vote: s.vote }),
    restart: (s) => rules.restart(s),
    envEvents: () => [VOTE_YES, VOTE_NO],
    timers: () => [COORDINATOR_TIMER],
  };
}
