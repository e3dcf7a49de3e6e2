/**
 * The Model contract every engine (explore, check, replay) consumes.
 *
 * A model is a transition system: initial states, the enabled actions of a state in a stable
 * order, and a deterministic `next`. Its states are opaque to the engines; they only need a
 * 64-bit fingerprint that is equal for equal states whatever order they were built in, and a
 * `view` that the model's properties judge. Cluster models (engine/cluster.ts) are built from
 * role machines; spec models (engine/spec.ts) are hand-written global transition systems.
 */
import type { Json } from './canonical.js';
import type { Property } from './properties.js';

export interface Model<S = unknown, A = unknown, W = unknown> {
  /** What is being checked, for reports: protocol and implementation names, params. */
  readonly info: ModelInfo;
  /**
   * States are Int32Arrays that are never mutated once built, so engines may copy them into
   * packed buffers (engine/stateQueue.ts) and hand back views.
   */
  readonly packed?: boolean;
  /**
   * Packed states mean the same in every instance of the model built with the same parameters
   * (nothing in them is numbered per instance), so the parallel explorer's threads read one
   * another's states as they are. Cluster models number local states per thread and move them
   * with their wire methods instead (engine/participant.ts wireOf).
   */
  readonly portable?: boolean;
  initialStates(): S[];
  /**
   * Enabled actions, in an order that depends only on the state's content. When `into` is
   * given the model may fill and return it instead of allocating (the explorer reuses one).
   */
  actions(state: S, into?: A[]): A[];
  /** The successor. Throws ImplementationError when the code under test throws. */
  next(state: S, action: A): S;
  /**
   * Optional: next(state, action) in a buffer the model reuses, valid until its next call
   * (engines copy what they keep). Packed models only.
   */
  nextTransient?(state: S, action: A): S;
  /**
   * 64-bit fingerprint written as [hi, lo] into `out`: equal for equal states, and the same in
   * every thread of a parallel search. The visited set holds these.
   */
  fingerprint(state: S, out: Uint32Array): void;
  /**
   * Optional: the fingerprint traces record and replay compares, where it is not
   * `fingerprint`. A model may give its visited set a cheaper hash than the one its saved traces
   * hold, and keep those traces replaying (paxos-spec).
   */
  traceFingerprint?(state: S, out: Uint32Array): void;
  /** What properties read. */
  view(state: S): W;
  /**
   * Optional: view(state) in an object the model reuses, valid until its next call: what the
   * explorer judges each new state with, so judging allocates nothing per state.
   */
  viewTransient?(state: S): W;
  /**
   * Optional, with viewTransient: a 64-bit key into `out` of what a view shows without its
   * messages (node states, crashed nodes, ghost). After the properties have read the last
   * transient view, viewKeyCovers() says whether they read only what the key covers (no
   * messages()); properties being functions of what they read, a state with an equal key then
   * gets the same verdicts, so the explorer judges each such key once. A model may cover less
   * than the whole view (only the nodes its properties read, say) and widen that later: it then
   * changes viewKeyEpoch, and keys from before are stale.
   */
  viewKey?(state: S, out: Uint32Array): void;
  viewKeyCovers?(): boolean;
  readonly viewKeyEpoch?: number;
  readonly properties: readonly Property<W>[];
  /** JSON description of an action, as written to traces and compared on replay. */
  describeAction(state: S, action: A): Json;
  /** JSON description of a state for traces: node views, faults, network. */
  describeState(state: S): StateSnapshot;
  /**
   * Optional fast path: lists the enabled actions into `into` (as actions() would, in entries
   * 0..n-1; entries past n are left as they were) and returns n, with the fingerprint of each
   * successor in successorFingerprints (words 2i and 2i+1 for action i, valid until the next
   * call), computed without building the successors; -1 when it cannot for this state. Must
   * agree with fingerprint(next(...)).
   */
  successors?(state: S, fingerprint: Uint32Array, into: A[]): number;
  readonly successorFingerprints?: Uint32Array;
  /**
   * Symmetry reduction, where the model declares interchangeable nodes: the canonical
   * representative of a state's orbit.
   */
  canonicalize?(state: S): S;
  /** Relative likelihood of an action in random campaigns (default: all equal). */
  weight?(action: A): number;
  /** Messages a step sent (for trace rendering); empty for spec models. */
  sentBy?(state: S, action: A, next: S): SentMessage[];
  /**
   * Optional: memory the model's instances in a parallel search's threads share (a memo of a
   * costly pure computation, say: ring-placement's), or null for none. The coordinating
   * thread's model gives it; each worker's model receives it (adoptShared) before exploring.
   * What the search finds must not depend on it.
   */
  sharedMemory?(): SharedArrayBuffer | null;
  adoptShared?(memory: SharedArrayBuffer): void;
}

export interface ModelInfo {
  protocol: string;
  impl: string;
  params: Record<string, number>;
  /** Network semantics and fault bounds (cluster models), or {} for spec models. */
  faults: Record<string, Json>;
  /** Node ids in lane order, for renderers. Spec models may list none. */
  nodes: { id: string; role: string }[];
}

export interface SentMessage {
  from: string;
  to: string;
  msg: Json;
}

export interface StateSnapshot {
  /** Per node: its view (what properties read), and whether it is crashed. */
  nodes: Record<string, { role: string; crashed: boolean; view: Json }>;
  /** Messages in flight (set semantics: every message ever sent). */
  network: SentMessage[];
  /** Current partition as lists of node ids, or null. */
  partition: string[][] | null;
  /** Spec models put their whole state here. */
  state?: Json;
  ghost?: Json;
}

/** The code under test threw while handling an event: reported as a violation, not a crash. */
export class ImplementationError extends Error {
  constructor(
    readonly node: string,
    readonly event: Json,
    readonly cause: string,
  ) {
    super(`${node} threw while handling ${JSON.stringify(event)}: ${cause}`);
    this.name = 'ImplementationError';
  }
}

/** Name of the pseudo-property violated when implementation code throws. */
export const NO_EXCEPTION = 'No Exception';
