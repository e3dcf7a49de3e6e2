/**
 * Placement properties as pure checks returning a violation message or null. The fast-check
 * suites (placement.test.ts) and the ring-placement model (models/ring/placementModel.ts) both
 * judge schemes with these.
 *
 * - Lookup Correctness: every key's owner is the one its scheme's definition gives, judged by an
 *   independent oracle (for a ring: the first virtual node clockwise from the key's hash); a
 *   stored key is found where it was stored; a ring's preference list is the first R distinct
 *   nodes clockwise.
 * - Balance: max load / mean load within the bound of bounds.ts.
 * - Monotonicity (Karger et al.): on a join keys move only to the new node; on a leave only the
 *   leaving node's keys move.
 * - Minimal Movement: on the (n+1)-th join at most 1/(n+1) of the keys move, plus the derived
 *   tolerance.
 */
import type { Claims, Placement, SchemeOptions } from '../../impl/ring/placement.js';
import type { Scheme } from '../../impl/ring/schemes.js';
import { balanceBound, joinMovementBound, type BalanceModel } from './bounds.js';
import { oracleOwners, oraclePreferenceList } from './oracle.js';

export interface MembershipOp {
  type: 'join' | 'leave';
  node: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Current owners of `keys`. */
export function assignment(p: Placement, keys: readonly string[]): string[] {
  return keys.map((k) => p.lookup(k));
}

/**
 * Lookup Correctness. `stored[i]` is where keys[i] was stored by `place` (omit for schemes
 * whose place and lookup coincide).
 */
export function lookupViolation(
  claims: Claims, opts: SchemeOptions, p: Placement, keys: readonly string[], stored?: readonly string[],
): string | null {
  const expected = oracleOwners(p, claims, opts, keys);
  for (let i = 0; i < keys.length; i++) {
    const got = p.lookup(keys[i]);
    if (got !== expected[i]) {
      return `Lookup Correctness: key '${keys[i]}' is looked up on ${got}, but its owner is ${expected[i]} (${describeOracle(claims)}; members ${p.members().join(', ')})`;
    }
    if (stored && stored[i] !== got) {
      return `Lookup Correctness: key '${keys[i]}' was stored on ${stored[i]} but a lookup now goes to ${got} (members ${p.members().join(', ')})`;
    }
  }
  if (claims.family === 'ring') return preferenceViolation(p, keys);
  return null;
}

/** Preference lists of (up to) the first 16 keys: each costs the oracle a sort of the ring. */
function preferenceViolation(p: Placement, keys: readonly string[]): string | null {
  const r = Math.min(3, p.members().length);
  for (const k of keys.slice(0, 16)) {
    const got = p.preferenceList(k, r);
    const want = oraclePreferenceList(p, k, r);
    if (got.join() !== want.join()) {
      return `Lookup Correctness: preference list of '${k}' is [${got.join(', ')}], but the first ${r} distinct nodes clockwise are [${want.join(', ')}]`;
    }
  }
  return null;
}

function describeOracle(claims: Claims): string {
  switch (claims.family) {
    case 'ring': return 'first virtual node clockwise from the key';
    case 'bounded': return 'first node clockwise with spare capacity, keys in arrival order';
    case 'jump': return "Lamping & Veach's JumpConsistentHash";
    case 'rendezvous': return 'highest weight';
    case 'modulo': return 'hash mod n';
  }
}

export function balanceModel(scheme: Scheme, opts: SchemeOptions): BalanceModel {
  return scheme.claims.family === 'bounded'
    ? { kind: 'bounded', epsilonPct: opts.epsilonPct }
    : { kind: 'ring', vnodes: scheme.vnodes(opts) };
}

/** Loads per member (members with no key count 0). */
export function loads(members: readonly string[], owners: readonly string[]): Map<string, number> {
  const load = new Map<string, number>(members.map((m) => [m, 0]));
  for (const o of owners) load.set(o, (load.get(o) ?? 0) + 1);
  return load;
}

/** Balance: max/mean load within the derived bound. */
export function balanceViolation(model: BalanceModel, members: readonly string[], owners: readonly string[]): string | null {
  const n = members.length;
  const k = owners.length;
  if (k === 0) return null;
  const load = loads(members, owners);
  let [maxNode, max] = ['', -1];
  for (const [node, l] of load) if (l > max) [maxNode, max] = [node, l];
  const ratio = max / (k / n);
  const bound = balanceBound(model, n, k);
  if (ratio <= bound + 1e-9) return null;
  const what = model.kind === 'bounded'
    ? `the cap ⌈(1+ε)·mean⌉ = ${Math.ceil(((100 + model.epsilonPct) * k) / (100 * n))} keys (ε = ${model.epsilonPct}%)`
    : `the bound ${bound.toFixed(3)} derived for ${model.vnodes === null ? 'uniform placement' : `V = ${model.vnodes}`}`;
  return `Balance: ${maxNode} holds ${max} of ${k} keys on ${n} nodes, max/mean ${ratio.toFixed(3)}, above ${what}`;
}

/** Monotonicity: keys move only to a joining node, or only off a leaving node. */
export function monotonicityViolation(
  op: MembershipOp, keys: readonly string[], before: readonly string[], after: readonly string[],
): string | null {
  for (let i = 0; i < keys.length; i++) {
    if (before[i] === after[i]) continue;
    if (op.type === 'join' && after[i] !== op.node) {
      return `Monotonicity: when ${op.node} joined, key '${keys[i]}' moved from ${before[i]} to ${after[i]}, not to ${op.node}`;
    }
    if (op.type === 'leave' && before[i] !== op.node) {
      return `Monotonicity: when ${op.node} left, key '${keys[i]}' moved from ${before[i]} to ${after[i]}, though ${before[i]} stayed`;
    }
  }
  return null;
}

export function movedFraction(before: readonly string[], after: readonly string[]): number {
  let moved = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) moved++;
  return before.length ? moved / before.length : 0;
}

/** Minimal Movement on the join of `op.node` to `nBefore` nodes. */
export function movementViolation(
  vnodes: number | null, op: MembershipOp, nBefore: number, before: readonly string[], after: readonly string[],
): string | null {
  if (op.type !== 'join' || before.length === 0) return null;
  const f = movedFraction(before, after);
  const bound = joinMovementBound(vnodes, nBefore, before.length);
  if (f <= bound) return null;
  const ideal = 1 / (nBefore + 1);
  const moved = Math.round(f * before.length);
  return `Minimal Movement: joining ${op.node} to ${nBefore} nodes moved ${moved} of ${before.length} keys (${pct(f)}), more than 1/${nBefore + 1} = ${pct(ideal)} plus tolerance ${pct(bound - ideal)} — ${(f / ideal).toFixed(1)}× the ideal`;
}
