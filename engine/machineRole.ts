/**
 * Adapter from an XState v5 machine to a RoleLogic.
 *
 * Contract for role machines (see README "Writing a role machine"):
 * - created with `setup({ types, actions, guards }).createMachine(...)`; the machine's `input` is
 *   the NodeContext, so `context: ({ input }) => ...` can read `input.id`, `input.peers`, params;
 * - context is plain JSON; no `after` delays, no invoked actors, no side effects;
 * - outgoing messages are actions named `send` whose params are `{ to, msg }` (`to` may be an
 *   array to broadcast); the adapter collects them from what `transition` returns;
 * - a delivered message arrives as the event `{ ...msg, from }`; a timer as
 *   `{ type: 'timeout', timer }`; environment events as declared.
 */
import { createActor, initialTransition, type ActorScope, type AnyActorLogic, type AnyStateMachine, type AnyMachineSnapshot } from 'xstate';
import { canonical, type Json } from './canonical.js';
import { renameJson } from './rename.js';
import { errorMessage, type NodeContext, type NodeEvent, type Outgoing, type RoleLogic, type StepOutcome } from './role.js';

export interface MachineRoleSpec {
  name: string;
  machine: AnyStateMachine;
  /** Context fields that survive a crash. */
  durable?: readonly string[];
  /**
   * The state a restarted node resumes in, read from its durable context (its log): e.g. a
   * prepared 2PC participant comes back prepared. Default: the machine's initial state.
   */
  recover?: (context: any) => string;
  /** Environment events of a node; default none. */
  envEvents?: (ctx: NodeContext) => { type: string }[];
  /** Timer names; default none. */
  timers?: (ctx: NodeContext) => string[];
  /** The view properties read; default `{ state, ...context }`. */
  view?: (value: any, context: any) => unknown;
  /** Messages that can never change the node again (RoleLogic.obsolete); default none. */
  obsolete?: (value: any, context: any, event: NodeEvent, ctx: NodeContext) => boolean;
}

/** The action type a machine uses for outgoing messages. */
export const SEND_ACTION = 'send';

export function machineRole(spec: MachineRoleSpec): RoleLogic<AnyMachineSnapshot> {
  const { machine } = spec;
  const durable = spec.durable ?? [];
  const view = spec.view ?? ((value, context) => ({ state: value, ...context }));
  const scope = inertScope(machine);
  return {
    name: spec.name,
    init(ctx) {
      const [snapshot] = initialTransition(machine, ctx);
      return snapshot;
    },
    step(snapshot, event): StepOutcome<AnyMachineSnapshot> {
      try {
        const actions: ExecutedAction[] = [];
        scope.actionExecutor = (action) => void actions.push(action);
        const next = machine.transition(snapshot, event as never, scope as never);
        if (next.status === 'error') return { error: errorMessage(next.error) };
        return { state: next, sends: collectSends(actions) };
      } catch (e) {
        return { error: errorMessage(e) };
      }
    },
    key: (snapshot) => canonical([snapshot.value, snapshot.context, snapshot.status]),
    view: (snapshot) => view(snapshot.value, snapshot.context),
    restart(snapshot, ctx) {
      const [fresh] = initialTransition(machine, ctx);
      const context = { ...fresh.context };
      for (const field of durable) context[field] = snapshot.context[field];
      return machine.resolveState({ value: spec.recover ? spec.recover(context) : fresh.value, context });
    },
    fromKey(key) {
      const [value, context] = JSON.parse(key) as [Json, Record<string, unknown>];
      return machine.resolveState({ value: value as never, context });
    },
    rename(snapshot, map) {
      const context = renameJson(snapshot.context, map);
      return machine.resolveState({ value: snapshot.value, context });
    },
    envEvents: spec.envEvents ?? (() => []),
    timers: spec.timers ?? (() => []),
    obsolete: spec.obsolete ? (snapshot, event, ctx) => spec.obsolete!(snapshot.value, snapshot.context, event, ctx) : undefined,
  };
}

export type ExecutedAction = { type: string; params?: unknown };

/**
 * An actor scope that runs nothing and lets the caller collect the actions a transition would
 * execute: what XState's `transition(logic, snapshot, event)` builds, but made once per logic
 * instead of per call. XState's version creates an actor every time, which computes
 * the machine's initial snapshot: three quarters of a step's cost, and steps are most of what
 * a worker thread spends filling its memo. Role machines spawn and schedule nothing (no
 * invoked actors, no delays: see the contract above), so nothing accumulates in the scope.
 */
export function inertScope(logic: AnyActorLogic): ActorScope<any, any> & { actionExecutor: (action: ExecutedAction) => void } {
  const self = createActor(logic);
  const noop = () => {};
  return { self, id: '', sessionId: '', logger: noop, defer: noop, stopChild: noop, emit: noop, system: self.system, actionExecutor: noop } as never;
}

function collectSends(actions: readonly ExecutedAction[]): Outgoing[] {
  const sends: Outgoing[] = [];
  for (const action of actions) {
    if (action.type !== SEND_ACTION) continue;
    const params = action.params as { to: string | string[]; msg: Outgoing['msg'] } | undefined;
    if (!params || params.to === undefined || !params.msg) {
      throw new Error(`a '${SEND_ACTION}' action needs params { to, msg }, got ${JSON.stringify(params)}`);
    }
    const targets = Array.isArray(params.to) ? params.to : [params.to];
    for (const to of targets) sends.push({ to, msg: params.msg });
  }
  return sends;
}
