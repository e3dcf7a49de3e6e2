/**
 * Roles: the local logic of one kind of node. The engine never sees XState or an
 * implementation class directly, only this interface, and steps each distinct (state, event)
 * pair once (engine/cluster.ts memoizes on interned ids).
 *
 * Two adapters produce a RoleLogic:
 * - `machineRole` for XState machines, stepped with xstate's pure `initialTransition` /
 *   `transition`; outgoing messages are the machine's returned `send` actions.
 * - `implRole` for plain TypeScript implementations (the public contract in
 *   engine/implementation.ts), wrapped as actor logic with xstate's `fromTransition`.
 */

/** What a node knows about itself and the cluster. Passed to machines as `input`. */
export interface NodeContext {
  id: string;
  index: number;
  role: string;
  /** Every node in lane order. */
  nodes: { id: string; role: string }[];
  /** The other nodes' ids. */
  peers: string[];
  params: Record<string, number>;
}

/** An event a node handles: a delivered message, a timer firing, or an environment event. */
export interface NodeEvent {
  type: string;
  /** Sender, for delivered messages. */
  from?: string;
  // Fields are plain JSON; `any` lets protocols use their own (interface) event types.
  [field: string]: any;
}

/** A message to send: plain JSON with a string `type` (checked when interned). */
export interface Outgoing {
  to: string;
  msg: { type: string };
}

export type StepOutcome<L> = { state: L; sends: Outgoing[] } | { error: string };

export interface RoleLogic<L = unknown> {
  readonly name: string;
  init(ctx: NodeContext): L;
  step(state: L, event: NodeEvent, ctx: NodeContext): StepOutcome<L>;
  /** Canonical key of a local state: equal keys mean equal states. */
  key(state: L): string;
  /** What properties read (e.g. Raft: term, votedFor, log, commitIndex, role). */
  view(state: L): unknown;
  /** The state a crashed node restarts in: its initial state plus its durable fields. */
  restart(state: L, ctx: NodeContext): L;
  /** Spontaneous events the node may take; each is enabled where it changes something. */
  envEvents(ctx: NodeContext): { type: string }[];
  /** Timer names; `{type:'timeout', timer}` is enabled where it changes something. */
  timers(ctx: NodeContext): string[];
  /** The state whose `key` this is (to move states between worker threads). */
  fromKey(key: string, ctx: NodeContext): L;
  /** The state with node ids renamed (symmetry reduction; see engine/rename.ts). */
  rename(state: L, map: ReadonlyMap<string, string>, ctx: NodeContext): L;
  /**
   * Optional state-space reduction: true where the delivered message `event` can never change
   * the node again — handling it changes nothing and sends nothing in this state and in every
   * state the node can reach from it (by any step, crash and restart included). The engine
   * removes such messages from the network (engine/cluster.ts, obsolete messages).
   */
  obsolete?(state: L, event: NodeEvent, ctx: NodeContext): boolean;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
