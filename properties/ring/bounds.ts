/**
 * The balance and movement bounds the properties use, derived (not tuned) so that a correct
 * scheme violates a check with probability at most δ per check.
 *
 * Ring share. n·V virtual nodes hashed uniformly to a circle cut it into n·V arcs whose lengths
 * are E_j / ΣE with E_j i.i.d. Exp(1). Which arcs a node owns does not depend on their lengths,
 * so node i's share is G_i / G with G_i ~ Gamma(V, 1) (its V arcs) and G ~ Gamma(nV, 1) (all).
 * Gamma(k, 1) is sub-gamma with variance factor k and scale 1 (Boucheron, Lugosi, Massart,
 * "Concentration Inequalities", §2.4), so P(G_i ≥ V + √(2Vx) + x) ≤ e^-x and
 * P(G ≤ nV − √(2nVx)) ≤ e^-x. A union bound over the n nodes and the total, x = ln((n+1)/δ), gives
 * with probability ≥ 1 − δ, for every node,
 *
 *     n · share_i ≤ A(V, n) = (1 + √(2x/V) + x/V) / (1 − √(2x/(nV))).
 *
 * Keys. Given the shares, node i's load is Binomial(K, s_i); Bernstein's inequality gives load_i
 * ≤ K·s_i + √(2K·s_i·x) + x/3 except with probability e^-x. With mean load K/n and x = ln(n/δ):
 *
 *     max load / mean load ≤ A + √(2·A·x·n/K) + x·n/(3K).
 *
 * Schemes without a ring (jump, rendezvous, modulo-N) place each key uniformly: A = 1. Bounded
 * loads needs no probability: its cap makes max load ≤ ⌈(1+ε)·K/n⌉ exactly.
 *
 * Movement. On the (n+1)-th join a monotone scheme moves exactly the keys the new node takes: its
 * share is G_new / G over (n+1)V arcs, so with x = ln(2/δ), (n+1)·share ≤ A(V, n+1), and the moved
 * fraction is at most A/(n+1) + √(2·A·x/((n+1)K)) + x/(3K). The tolerance over the ideal 1/(n+1)
 * is the difference; it shrinks like 1/√V and 1/√K.
 */
export const DELTA = 1e-6;

/** Bound on n · (largest share of the ring), V virtual nodes per node, or 1 without a ring. */
export function shareFactor(vnodes: number | null, n: number, events: number): number {
  if (vnodes === null || n === 1) return 1;
  const x = Math.log(events / DELTA);
  const denom = 1 - Math.sqrt((2 * x) / (n * vnodes));
  if (denom <= 0) return n;
  return Math.min(n, (1 + Math.sqrt((2 * x) / vnodes) + x / vnodes) / denom);
}

export type BalanceModel = { kind: 'ring'; vnodes: number | null } | { kind: 'bounded'; epsilonPct: number };

/** The largest max/mean load a correct scheme may show with n nodes and K keys. */
export function balanceBound(model: BalanceModel, n: number, keys: number): number {
  if (model.kind === 'bounded') return Math.ceil(((100 + model.epsilonPct) * keys) / (100 * n)) / (keys / n);
  const a = shareFactor(model.vnodes, n, n + 1);
  const x = Math.log(n / DELTA);
  return Math.min(n, a + Math.sqrt((2 * a * x * n) / keys) + (x * n) / (3 * keys));
}

/** The largest fraction of K keys a correct monotone scheme may move when node n+1 joins n. */
export function joinMovementBound(vnodes: number | null, n: number, keys: number): number {
  const a = shareFactor(vnodes, n + 1, 2);
  const x = Math.log(2 / DELTA);
  return Math.min(1, a / (n + 1) + Math.sqrt((2 * a * x) / ((n + 1) * keys)) + x / (3 * keys));
}
