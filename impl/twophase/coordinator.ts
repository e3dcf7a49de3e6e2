/**
 * Reference coordinator (TM) of `twophase-net` in plain TypeScript, written against the public
 * implementation contract (engine/implementation.ts): one handler per event type, each pure.
 *
 * Presumed abort: the TM logs its decision before announcing it; a vote timeout or a no vote
 * aborts; a TM that recovers with no decision record treats the transaction as aborted and
 * answers DecisionRequests with Abort. Bug variants (bugs/) replace one rule of `tmRules`.
 */
import type { HandleResult, NodeImplementation } from '../../engine/implementation.js';
import type { NodeContext, NodeEvent, Outgoing } from '../../engine/role.js';
import { BEGIN, VOTES_TIMER, type Decision, type Message, type TmView } from '../../models/twophase-net/views.js';

export interface TmState {
  phase: TmView['state'];
  /** Durable: the transaction id was allocated. */
  begun: boolean;
  /** Durable: the decision record. */
  decision: Decision | null;
  yes: string[];
}

type Handler = (s: TmState, e: NodeEvent, ctx: NodeContext) => HandleResult<TmState>;

export interface TmRules {
  begin: Handler;
  Vote: Handler;
  timeout: Handler;
  DecisionRequest: Handler;
  /** The state a crashed TM restarts in, from what it had. */
  restart(s: TmState): TmState;
}

export const rmsOf = (ctx: NodeContext): string[] => ctx.nodes.filter((n) => n.role === 'rm').map((n) => n.id);
const INIT: TmState = { phase: 'idle', begun: false, decision: null, yes: [] };
const unchanged = (s: TmState) => ({ state: s });
const to = (ids: string[], msg: Message): Outgoing[] => ids.map((id) => ({ to: id, msg }));

/** Log `decision`, enter its phase and announce it to `tell`. */
export function decide(s: TmState, decision: Decision, tell: string[]): HandleResult<TmState> {
  const phase = decision === 'commit' ? 'committed' : 'aborted';
  return { state: { ...s, phase, decision }, send: to(tell, { type: decision === 'commit' ? 'Commit' : 'Abort' }) };
}

export const withYes = (yes: string[], rm: string): string[] => (yes.includes(rm) ? yes : [...yes, rm].sort());

export const tmRules: TmRules = {
  begin(s, _e, ctx) {
    if (s.phase !== 'idle') return unchanged(s);
    return { state: { ...s, phase: 'preparing', begun: true }, send: to(rmsOf(ctx), { type: 'Prepare' }) };
  },
  Vote(s, e, ctx) {
    if (s.phase !== 'preparing') return unchanged(s); // a late vote changes nothing
    const from = e.from!;
    if (e.vote !== 'yes') return decide(s, 'abort', rmsOf(ctx).filter((r) => r !== from));
    const yes = withYes(s.yes, from);
    if (yes.length === rmsOf(ctx).length) return decide({ ...s, yes }, 'commit', rmsOf(ctx));
    return { state: { ...s, yes } };
  },
  timeout(s, _e, ctx) {
    if (s.phase !== 'preparing') return unchanged(s);
    return decide(s, 'abort', rmsOf(ctx)); // a missing vote counts as no
  },
  DecisionRequest(s, e) {
    // Undecided TMs stay silent; decided (or recovered, presumed-abort) ones answer from the log.
    if (s.phase === 'committed') return { state: s, send: to([e.from!], { type: 'Commit' }) };
    if (s.phase === 'aborted') return { state: s, send: to([e.from!], { type: 'Abort' }) };
    return unchanged(s);
  },
  restart(s) {
    return recoverTm({ ...INIT, begun: s.begun, decision: s.decision });
  },
};

/** Recovery reads the log: a record restores its decision; begun without one is aborted. */
export function recoverTm(s: TmState): TmState {
  if (s.decision === 'commit') return { ...s, phase: 'committed' };
  if (s.decision === 'abort' || s.begun) return { ...s, phase: 'aborted' };
  return { ...s, phase: 'idle' };
}

export function coordinator(rules: TmRules = tmRules): NodeImplementation<TmState> {
  return {
    init: () => INIT,
    handle(s, e, ctx) {
      const rule = rules[e.type as keyof Omit<TmRules, 'restart'>];
      return rule ? rule(s, e, ctx) : unchanged(s);
    },
    view: (s): TmView => ({ state: s.phase, decision: s.decision, yes: s.yes }),
    restart: (s) => rules.restart(s),
    envEvents: () => [BEGIN],
    timers: () => [VOTES_TIMER],
  };
}
