/**
 * The `ring-placement` model: membership of a placement scheme as a transition system, so that
 * explore and check judge placement schemes (and find the seed's and the bug variants' defects)
 * like any other protocol.
 *
 * State: the current members (a sorted set, or the scheme's own list order when placement depends
 * on join order), plus a ghost of the previous members and the operation between them. Actions:
 * join a node of a fixed pool that is not a member, or leave (any member, or only the last for
 * schemes that claim `leave: 'last'`), keeping at least one member. The keys are a fixed set.
 *
 * States are packed (an Int32Array of pool indices: the members, the previous members, the
 * operation; `decode` gives the PlacementState), and mean the same in every instance built with
 * the same parameters, so `explore --workers` shares them between threads as they are. A state
 * costs milliseconds (a placement of every key is built for it), so this is the model where
 * threads pay most.
 *
 * A state's placement is rebuilt from scratch: the members join in order, then the keys are placed
 * in order. The "after" side of a transition is the previous state's placement with the operation
 * applied to it, which is what Monotonicity and Minimal Movement compare (for keyed schemes this
 * differs from a fresh build; that difference is the point of those properties).
 */
import { canonical, type Json } from '../../engine/canonical.js';
import { hashString, hashWords } from '../../engine/hash.js';
import { ImplementationError, type Model, type ModelInfo, type StateSnapshot } from '../../engine/model.js';
import type { Property } from '../../engine/properties.js';
import type { Placement, SchemeOptions } from '../../impl/ring/placement.js';
import type { Scheme } from '../../impl/ring/schemes.js';
import type { MembershipOp } from '../../properties/ring/placementChecks.js';
import { assignment } from '../../properties/ring/placementChecks.js';
import { AfterMemo, KEY_WORDS, MAX_POOL, type AfterEntry } from './afterMemo.js';

export interface PlacementState {
  members: string[];
  prev: string[] | null;
  op: MembershipOp | null;
}

export interface Built {
  placement: Placement;
  /** Where each key was stored by `place`. */
  stored: string[];
  owners: string[];
}

/** A placement after a join or leave (PlacementModel.after): its members and each key's owner, and the step's key in the shared memo. */
interface After {
  members: string[];
  owners: string[];
  key: Int32Array;
}

/** What the placement properties read. */
export interface PlacementWorld {
  scheme: Scheme;
  opts: SchemeOptions;
  keys: string[];
  members: string[];
  now: Built;
  /** Previous state's owners and its placement after the operation, when there was one. */
  step: { op: MembershipOp; prevMembers: string[]; before: string[]; after: string[] } | null;
}

export interface PlacementModelSpec {
  protocol: string;
  impl: string;
  params: Record<string, number>;
  scheme: Scheme;
  opts: SchemeOptions;
  pool: string[];
  initial: string[];
  keys: string[];
  properties: readonly Property<PlacementWorld>[];
}

/** An operation's code in a packed state. */
const NO_OP = -1;
const JOIN = 0;
const LEAVE = 1;

export class PlacementModel implements Model<Int32Array, MembershipOp, PlacementWorld> {
  readonly info: ModelInfo;
  readonly packed = true;
  /** Pool indices depend only on the parameters: every thread's model packs states alike. */
  readonly portable = true;
  readonly properties: readonly Property<PlacementWorld>[];
  private readonly cache = new Map<string, Built>();
  private readonly afterCache = new Map<string, After>();
  /** The memo of after() the threads of a parallel search share (sharedMemory), or null. */
  private shared: AfterMemo | null = null;

  constructor(readonly spec: PlacementModelSpec) {
    this.properties = spec.properties;
    this.info = {
      protocol: spec.protocol, impl: spec.impl, params: spec.params, faults: {},
      nodes: spec.pool.map((id) => ({ id, role: 'node' })),
    };
  }

  initialStates(): Int32Array[] {
    return [this.encode({ members: this.normalise(this.build(this.spec.initial).placement.members()), prev: null, op: null })];
  }

  /**
   * The packed state: the number of members and their pool indices, then the same for the
   * previous members (-1 and none when there are none), then the operation (NO_OP, JOIN or
   * LEAVE) and its node's pool index (-1 with NO_OP).
   */
  encode(s: PlacementState): Int32Array {
    const prev = s.prev ?? [];
    const w = new Int32Array(4 + s.members.length + prev.length);
    let i = 0;
    w[i++] = s.members.length;
    for (const m of s.members) w[i++] = this.poolIndex(m);
    w[i++] = s.prev === null ? -1 : prev.length;
    for (const m of prev) w[i++] = this.poolIndex(m);
    w[i++] = s.op === null ? NO_OP : s.op.type === 'join' ? JOIN : LEAVE;
    w[i] = s.op === null ? -1 : this.poolIndex(s.op.node);
    return w;
  }

  /** The state a packed one stands for. */
  decode(w: Int32Array): PlacementState {
    const pool = this.spec.pool;
    let i = 0;
    const members: string[] = [];
    for (let n = w[i++]; n > 0; n--) members.push(pool[w[i++]]);
    const np = w[i++];
    let prev: string[] | null = null;
    if (np >= 0) {
      prev = [];
      for (let n = np; n > 0; n--) prev.push(pool[w[i++]]);
    }
    const code = w[i++];
    const op: MembershipOp | null = code === NO_OP ? null : { type: code === JOIN ? 'join' : 'leave', node: pool[w[i]] };
    return { members, prev, op };
  }

  private poolIndex(node: string): number {
    const i = this.spec.pool.indexOf(node);
    if (i < 0) throw new Error(`internal: '${node}' is not in the pool ${this.spec.pool.join(', ')}`);
    return i;
  }

  actions(w: Int32Array): MembershipOp[] {
    const s = this.decode(w);
    const joins = this.spec.pool.filter((n) => !s.members.includes(n)).map((node) => ({ type: 'join' as const, node }));
    if (s.members.length < 2) return joins;
    const leavers = this.spec.scheme.claims.leave === 'last' ? [s.members[s.members.length - 1]] : [...s.members].sort();
    return [...joins, ...leavers.map((node) => ({ type: 'leave' as const, node }))];
  }

  /** Runs the scheme's code for the new state now, so a throw is reported as 'No Exception'. */
  next(w: Int32Array, op: MembershipOp): Int32Array {
    const s = this.decode(w);
    try {
      const members = this.after(s.members, op).members;
      this.build(members);
      return this.encode({ members, prev: s.members, op });
    } catch (e) {
      if (e instanceof ImplementationError) throw e;
      throw new ImplementationError(op.node, { type: op.type, node: op.node }, e instanceof Error ? e.message : String(e));
    }
  }

  /** The visited set's fingerprint: a hash of the packed state's words. */
  fingerprint(w: Int32Array, out: Uint32Array): void {
    hashWords(w, out);
  }

  /**
   * The fingerprint traces record: the content hash of the state's canonical JSON, as before
   * states were packed, so the traces saved then still replay.
   */
  traceFingerprint(w: Int32Array, out: Uint32Array): void {
    hashString(canonical(this.decode(w)), out);
  }

  view(w: Int32Array): PlacementWorld {
    const s = this.decode(w);
    const { scheme, opts, keys } = this.spec;
    const now = this.build(s.members);
    const step = s.prev && s.op
      ? { op: s.op, prevMembers: s.prev, before: this.build(s.prev).owners, after: this.after(s.prev, s.op).owners }
      : null;
    return { scheme, opts, keys, members: s.members, now, step };
  }

  describeAction(_w: Int32Array, op: MembershipOp): Json {
    return { type: op.type, node: op.node };
  }

  describeState(w: Int32Array): StateSnapshot {
    const s = this.decode(w);
    const world = this.view(w);
    const load: Record<string, number> = {};
    for (const m of s.members) load[m] = 0;
    for (const o of world.now.owners) load[o] = (load[o] ?? 0) + 1;
    const nodes: StateSnapshot['nodes'] = {};
    for (const id of this.spec.pool) {
      nodes[id] = { role: 'node', crashed: false, view: { member: s.members.includes(id), keys: load[id] ?? 0 } };
    }
    return { nodes, network: [], partition: null, state: s as unknown as Json };
  }

  /**
   * The memory of a memo of after() for the other threads of a parallel search
   * (engine/parallel.ts passes it to their models' adoptShared), holding what this model has
   * computed so far.
   */
  sharedMemory(): SharedArrayBuffer | null {
    if (this.spec.pool.length > MAX_POOL) return null;
    if (this.shared === null) {
      this.shared = new AfterMemo(this.spec.keys.length);
      for (const a of this.afterCache.values()) this.share(a);
    }
    return this.shared.buffer;
  }

  adoptShared(memory: SharedArrayBuffer): void {
    this.shared = new AfterMemo(this.spec.keys.length, memory);
  }

  /** Puts `a` in the shared memo, unless a member or owner is not a node of the pool. */
  private share(a: After): void {
    const members = a.members.map((m) => this.spec.pool.indexOf(m));
    const owners = new Uint8Array(a.owners.length);
    for (let i = 0; i < owners.length; i++) {
      const o = this.spec.pool.indexOf(a.owners[i]);
      if (o < 0) return;
      owners[i] = o;
    }
    if (members.includes(-1)) return;
    this.shared!.put(a.key, { members, owners });
  }

  /** The shared memo's key of after(members, op). */
  private afterKey(members: readonly string[], op: MembershipOp): Int32Array {
    const key = new Int32Array(KEY_WORDS).fill(-1);
    key[0] = members.length;
    for (let i = 0; i < members.length; i++) key[1 + i] = this.poolIndex(members[i]);
    key[1 + MAX_POOL] = op.type === 'join' ? JOIN : LEAVE;
    key[2 + MAX_POOL] = this.poolIndex(op.node);
    return key;
  }

  /** After() from a shared memo entry. */
  private fromShared(key: Int32Array, e: AfterEntry): After {
    const pool = this.spec.pool;
    return { members: e.members.map((m) => pool[m]), owners: Array.from(e.owners, (o) => pool[o]), key };
  }

  /** Member lists keep the scheme's order only when its placement depends on it. */
  private normalise(members: readonly string[]): string[] {
    return this.spec.scheme.membership === 'list' ? [...members] : [...members].sort();
  }

  /** A fresh placement: members join in order, then every key is placed in order. */
  build(members: readonly string[]): Built {
    const id = members.join('\u0000');
    let b = this.cache.get(id);
    if (!b) {
      const placement = this.spec.scheme.create(this.spec.opts);
      for (const m of members) placement.join(m);
      const stored = this.spec.keys.map((k) => placement.place(k));
      b = { placement, stored, owners: assignment(placement, this.spec.keys) };
      this.cache.set(id, b);
    }
    return b;
  }

  /** The placement of `members` after `op`: its members (normalised) and owners. */
  private after(members: readonly string[], op: MembershipOp): After {
    const id = members.join('\u0000') + '|' + op.type + ' ' + op.node;
    let a = this.afterCache.get(id);
    if (!a) {
      const key = this.afterKey(members, op);
      const found = this.shared?.get(key);
      if (found) {
        a = this.fromShared(key, found);
      } else {
        const placement = this.spec.scheme.create(this.spec.opts);
        for (const m of members) placement.join(m);
        for (const k of this.spec.keys) placement.place(k);
        if (op.type === 'join') placement.join(op.node);
        else placement.leave(op.node);
        a = { members: this.normalise(placement.members()), owners: assignment(placement, this.spec.keys), key };
        if (this.shared) this.share(a);
      }
      this.afterCache.set(id, a);
    }
    return a;
  }
}
