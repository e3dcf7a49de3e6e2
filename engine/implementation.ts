/**
 * The public implementation contract: how an engineer or a student plugs plain TypeScript into
 * distcheck. One `NodeImplementation` per role:
 *
 * ```ts
 * export const participant: NodeImplementation<State> = {
 *   init: (ctx) => ({ state: 'working', vote: null }),
 *   handle(state, event, ctx) {           // pure: return the next state and what to send
 *     if (event.type === 'Prepare') return { state: { ...state, vote: 'yes' }, send: [{ to: event.from!, msg: { type: 'Vote', yes: true } }] };
 *     return { state };                    // unhandled events: no change
 *   },
 *   view: (state) => ({ state: state.state }),   // what the protocol's invariants read
 *   durable: ['vote'],                      // fields that survive a crash
 * };
 * ```
 *
 * `handle` must be deterministic and must not mutate its input; states and messages are plain
 * JSON. The engine wraps each one as xstate actor logic (`fromTransition`) and steps it with
 * xstate's pure `transition`, exactly as it steps a model's role machines. A handler that throws
 * is reported as a violation ("No Exception") with the trace that led to it.
 */
import { fromTransition, initialTransition } from 'xstate';
import { canonical, plain } from './canonical.js';
import { inertScope } from './machineRole.js';
import { renameJson } from './rename.js';
import { errorMessage, type NodeContext, type NodeEvent, type Outgoing, type RoleLogic } from './role.js';

export interface HandleResult<S> {
  state: S;
  send?: Outgoing[];
}

export interface NodeImplementation<S = any> {
  init(ctx: NodeContext): S;
  handle(state: S, event: NodeEvent, ctx: NodeContext): HandleResult<S>;
  view(state: S): unknown;
  /** Fields of the state that survive a crash (the rest restart from `init`). Default: none. */
  durable?: readonly string[];
  /** Or a full restart function, overriding `durable`. */
  restart?(state: S, ctx: NodeContext): S;
  envEvents?(ctx: NodeContext): { type: string }[];
  timers?(ctx: NodeContext): string[];
  /**
   * Optional state-space reduction: true where the delivered message `event` can never change
   * this node again (handling it changes nothing and sends nothing, in this state and in every
   * later one, across crash and restart). Such messages are removed from the network. The
   * engine checks the first half of the claim wherever it is made; the rest is on you.
   */
  obsolete?(state: S, event: NodeEvent, ctx: NodeContext): boolean;
}

/** A set of role implementations for one protocol. */
export type Implementation = Record<string, NodeImplementation>;

interface Wrapped<S> {
  state: S;
  outbox: Outgoing[];
}

type WrappedSnapshot<S> = { context: Wrapped<S> };

export function implRole<S>(name: string, impl: NodeImplementation<S>): RoleLogic<WrappedSnapshot<S>> {
  const logicFor = (ctx: NodeContext) =>
    fromTransition(
      (w: Wrapped<S>, event: NodeEvent): Wrapped<S> => {
        // Handlers get private copies: one that mutates its input must not corrupt the memo.
        const r = impl.handle(plain(w.state), plain(event), ctx);
        if (!r || typeof r !== 'object' || !('state' in r)) {
          throw new Error(`handle must return { state, send? }, returned ${JSON.stringify(r)}`);
        }
        return { state: r.state, outbox: r.send ?? [] };
      },
      { state: impl.init(ctx), outbox: [] as Outgoing[] },
    );
  const logics = new Map<string, { logic: ReturnType<typeof logicFor>; scope: ReturnType<typeof inertScope> }>();
  const forNode = (ctx: NodeContext) => {
    let l = logics.get(ctx.id);
    if (!l) {
      const logic = logicFor(ctx);
      logics.set(ctx.id, (l = { logic, scope: inertScope(logic) }));
    }
    return l;
  };
  const durable = impl.durable ?? [];
  return {
    name,
    init(ctx) {
      const [snapshot] = initialTransition(forNode(ctx).logic);
      return snapshot as WrappedSnapshot<S>;
    },
    step(snapshot, event, ctx) {
      try {
        const { logic, scope } = forNode(ctx);
        const next = logic.transition(snapshot as never, event, scope as never);
        const w = (next as WrappedSnapshot<S>).context;
        // Normalise through canonical JSON: the next state must not share structure with the
        // memoized previous one, or a handler that mutates its input would corrupt the memo.
        const state = JSON.parse(canonical(w.state)) as S;
        const sends = JSON.parse(canonical(w.outbox)) as Outgoing[];
        return { state: { context: { state, outbox: [] } }, sends };
      } catch (e) {
        return { error: errorMessage(e) };
      }
    },
    key: (snapshot) => canonical(snapshot.context.state),
    view: (snapshot) => impl.view(snapshot.context.state),
    restart(snapshot, ctx) {
      const old = snapshot.context.state;
      let state: S;
      if (impl.restart) state = impl.restart(old, ctx);
      else {
        state = impl.init(ctx);
        for (const f of durable) (state as Record<string, unknown>)[f] = (old as Record<string, unknown>)[f];
      }
      return { context: { state: JSON.parse(canonical(state)) as S, outbox: [] } };
    },
    fromKey: (key) => ({ context: { state: JSON.parse(key) as S, outbox: [] } }),
    rename: (snapshot, map) => ({ context: { state: renameJson(snapshot.context.state, map) as S, outbox: [] } }),
    envEvents: impl.envEvents ? (ctx) => impl.envEvents!(ctx) : () => [],
    timers: impl.timers ? (ctx) => impl.timers!(ctx) : () => [],
    obsolete: impl.obsolete ? (snapshot, event, ctx) => impl.obsolete!(snapshot.context.state, event, ctx) : undefined,
  };
}

export function isNodeImplementation(x: unknown): x is NodeImplementation {
  return !!x && typeof x === 'object' && typeof (x as NodeImplementation).init === 'function'
    && typeof (x as NodeImplementation).handle === 'function' && typeof (x as NodeImplementation).view === 'function';
}
