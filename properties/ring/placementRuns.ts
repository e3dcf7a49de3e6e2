/**
 * fast-check properties over random node sets, key sets and join/leave sequences, one builder
 * per placement property. Each predicate throws the check's violation message, so a failing run
 * reports the shrunk node set, key set and operations together with what went wrong.
 */
import fc from 'fast-check';
import type { Placement, SchemeOptions } from '../../impl/ring/placement.js';
import type { Scheme } from '../../impl/ring/schemes.js';
import {
  assignment, balanceModel, balanceViolation, lookupViolation, monotonicityViolation, movementViolation,
  type MembershipOp,
} from './placementChecks.js';

export const nodeName = (i: number) => `n${i}`;
export const keyName = (i: number) => `k${i}`;

/** 1–8 distinct nodes from a pool of 64, in join order. */
export const nodeSets = fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 8 }).map((a) => a.map(nodeName));
/** 1–24 distinct keys. */
export const keySets = fc.uniqueArray(fc.integer({ min: 0, max: 99_999 }), { minLength: 1, maxLength: 24 }).map((a) => a.map(keyName));
/** Join/leave choices; `pick` selects among the candidates (non-members or members). */
export const opSeqs = fc.array(fc.record({ join: fc.boolean(), pick: fc.nat(63) }), { minLength: 1, maxLength: 6 });
/** A large key set, as a size and a salt (balance and movement need hundreds of keys). */
export const bigKeySets = fc.record({ count: fc.integer({ min: 1, max: 3000 }), salt: fc.nat(9999) });

export const bigKeys = ({ count, salt }: { count: number; salt: number }) =>
  Array.from({ length: count }, (_, i) => `key-${salt}-${i}`);

export function build(scheme: Scheme, opts: SchemeOptions, nodes: readonly string[], keys: readonly string[]): { p: Placement; stored: string[] } {
  const p = scheme.create(opts);
  for (const n of nodes) p.join(n);
  const stored = keys.map((k) => p.place(k));
  return { p, stored };
}

/** The membership change a choice stands for, or null when it is not possible. */
export function resolveOp(scheme: Scheme, p: Placement, choice: { join: boolean; pick: number }): MembershipOp | null {
  const members = p.members();
  if (choice.join) {
    const pool = Array.from({ length: 64 }, (_, i) => nodeName(i)).filter((n) => !members.includes(n));
    return pool.length ? { type: 'join', node: pool[choice.pick % pool.length] } : null;
  }
  if (members.length < 2) return null;
  const node = scheme.claims.leave === 'last' ? members[members.length - 1] : [...members].sort()[choice.pick % members.length];
  return { type: 'leave', node };
}

export function apply(p: Placement, op: MembershipOp): void {
  if (op.type === 'join') p.join(op.node);
  else p.leave(op.node);
}

function fail(message: string | null): void {
  if (message !== null) throw new Error(message);
}

export function lookupProperty(scheme: Scheme, opts: SchemeOptions) {
  return fc.property(nodeSets, keySets, opSeqs, (nodes, keys, ops) => {
    const { p, stored } = build(scheme, opts, nodes, keys);
    fail(lookupViolation(scheme.claims, opts, p, keys, stored));
    for (const choice of ops) {
      const op = resolveOp(scheme, p, choice);
      if (!op) continue;
      apply(p, op);
      fail(lookupViolation(scheme.claims, opts, p, keys));
    }
  });
}

export function monotonicityProperty(scheme: Scheme, opts: SchemeOptions) {
  return fc.property(nodeSets, keySets, opSeqs, (nodes, keys, ops) => {
    const { p } = build(scheme, opts, nodes, keys);
    for (const choice of ops) {
      const op = resolveOp(scheme, p, choice);
      if (!op) continue;
      const before = assignment(p, keys);
      apply(p, op);
      fail(monotonicityViolation(op, keys, before, assignment(p, keys)));
    }
  });
}

export function movementProperty(scheme: Scheme, opts: SchemeOptions) {
  return fc.property(nodeSets, bigKeySets, fc.nat(63), (nodes, keySpec, pick) => {
    const keys = bigKeys(keySpec);
    const { p } = build(scheme, opts, nodes, keys);
    const op = resolveOp(scheme, p, { join: true, pick });
    if (!op) return;
    const before = assignment(p, keys);
    apply(p, op);
    fail(movementViolation(scheme.vnodes(opts), op, nodes.length, before, assignment(p, keys)));
  });
}

/** Up to 24 nodes: imbalance shows with more nodes. */
export const balanceNodeSets = fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 24 }).map((a) => a.map(nodeName));

export function balanceProperty(scheme: Scheme, opts: SchemeOptions) {
  return fc.property(balanceNodeSets, bigKeySets, (nodes, keySpec) => {
    const keys = bigKeys(keySpec);
    const { p } = build(scheme, opts, nodes, keys);
    fail(balanceViolation(balanceModel(scheme, opts), p.members(), assignment(p, keys)));
  });
}

type PropertyBuilder = (scheme: Scheme, opts: SchemeOptions) => fc.IProperty<any>;

export const PLACEMENT_PROPERTIES: Record<'Lookup Correctness' | 'Balance' | 'Monotonicity' | 'Minimal Movement', PropertyBuilder> = {
  'Lookup Correctness': lookupProperty,
  Balance: balanceProperty,
  Monotonicity: monotonicityProperty,
  'Minimal Movement': movementProperty,
};

export type PlacementPropertyName = keyof typeof PLACEMENT_PROPERTIES;

/** Which properties a scheme is held to: all but those its claims disown. */
export function propertiesFor(scheme: Scheme): PlacementPropertyName[] {
  const out: PlacementPropertyName[] = ['Lookup Correctness', 'Balance'];
  if (scheme.claims.monotone) out.push('Monotonicity');
  if (scheme.claims.minimalMovement) out.push('Minimal Movement');
  return out;
}
