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
 * A state's placement is rebuilt from scratch: the members join in order, then the keys are placed
 * in order. The "after" side of a transition is the previous state's placement with the operation
 * applied to it, which is what Monotonicity and Minimal Movement compare (for keyed schemes this
 * differs from a fresh build; that difference is the point of those properties).
 */
import { canonical, type Json } from '../../engine/canonical.js';
import { hashString } from '../../engine/hash.js';
import { ImplementationError, type Model, type ModelInfo, type StateSnapshot } from '../../engine/model.js';
import type { Property } from '../../engine/properties.js';
import type { Placement, SchemeOptions } from '../../impl/ring/placement.js';
import type { Scheme } from '../../impl/ring/schemes.js';
import type { MembershipOp } from '../../properties/ring/placementChecks.js';
import { assignment } from '../../properties/ring/placementChecks.js';

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

export class PlacementModel implements Model<PlacementState, MembershipOp, PlacementWorld> {
  readonly info: ModelInfo;
  readonly properties: readonly Property<PlacementWorld>[];
  private readonly cache = new Map<string, Built>();
  private readonly afterCache = new Map<string, { members: string[]; owners: string[] }>();

  constructor(readonly spec: PlacementModelSpec) {
    this.properties = spec.properties;
    this.info = {
      protocol: spec.protocol, impl: spec.impl, params: spec.params, faults: {},
      nodes: spec.pool.map((id) => ({ id, role: 'node' })),
    };
  }

  initialStates(): PlacementState[] {
    return [{ members: this.normalise(this.build(this.spec.initial).placement.members()), prev: null, op: null }];
  }

  actions(s: PlacementState): MembershipOp[] {
    const joins = this.spec.pool.filter((n) => !s.members.includes(n)).map((node) => ({ type: 'join' as const, node }));
    if (s.members.length < 2) return joins;
    const leavers = this.spec.scheme.claims.leave === 'last' ? [s.members[s.members.length - 1]] : [...s.members].sort();
    return [...joins, ...leavers.map((node) => ({ type: 'leave' as const, node }))];
  }

  /** Runs the scheme's code for the new state now, so a throw is reported as 'No Exception'. */
  next(s: PlacementState, op: MembershipOp): PlacementState {
    try {
      const members = this.after(s.members, op).members;
      this.build(members);
      return { members, prev: s.members, op };
    } catch (e) {
      if (e instanceof ImplementationError) throw e;
      throw new ImplementationError(op.node, { type: op.type, node: op.node }, e instanceof Error ? e.message : String(e));
    }
  }

  fingerprint(s: PlacementState, out: Uint32Array): void {
    hashString(canonical(s), out);
  }

  view(s: PlacementState): PlacementWorld {
    const { scheme, opts, keys } = this.spec;
    const now = this.build(s.members);
    const step = s.prev && s.op
      ? { op: s.op, prevMembers: s.prev, before: this.build(s.prev).owners, after: this.after(s.prev, s.op).owners }
      : null;
    return { scheme, opts, keys, members: s.members, now, step };
  }

  describeAction(_s: PlacementState, op: MembershipOp): Json {
    return { type: op.type, node: op.node };
  }

  describeState(s: PlacementState): StateSnapshot {
    const w = this.view(s);
    const load: Record<string, number> = {};
    for (const m of s.members) load[m] = 0;
    for (const o of w.now.owners) load[o] = (load[o] ?? 0) + 1;
    const nodes: StateSnapshot['nodes'] = {};
    for (const id of this.spec.pool) {
      nodes[id] = { role: 'node', crashed: false, view: { member: s.members.includes(id), keys: load[id] ?? 0 } };
    }
    return { nodes, network: [], partition: null, state: s as unknown as Json };
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
  private after(members: readonly string[], op: MembershipOp): { members: string[]; owners: string[] } {
    const id = members.join('\u0000') + '|' + op.type + ' ' + op.node;
    let a = this.afterCache.get(id);
    if (!a) {
      const placement = this.spec.scheme.create(this.spec.opts);
      for (const m of members) placement.join(m);
      for (const k of this.spec.keys) placement.place(k);
      if (op.type === 'join') placement.join(op.node);
      else placement.leave(op.node);
      a = { members: this.normalise(placement.members()), owners: assignment(placement, this.spec.keys) };
      this.afterCache.set(id, a);
    }
    return a;
  }
}
