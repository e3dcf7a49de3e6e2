/**
 * Symmetry reduction: one canonical representative per orbit of the worlds under permutations
 * of interchangeable nodes (the groups a protocol declares).
 *
 * The representative of w is the permuted world with the smallest fingerprint among a set of
 * candidate permutations that depends only on the orbit, which makes it canonical (not a sort
 * heuristic that may leave several representatives per orbit):
 *
 * 1. Each node of a group gets a signature invariant under renaming: the abstracted hashes of
 *    every local state and message with that node singled out (engine/rename.ts abstractJson).
 *    Sorting by signature orders the group up to ties; a permutation σ of the world permutes
 *    the signatures the same way, so the candidate sets of w and σ(w) map onto each other.
 * 2. Within a class of tied nodes, if every adjacent transposition leaves the world unchanged
 *    then every permutation of the class does, and one order suffices; otherwise every order of
 *    the class is a candidate (exact, and rare once signatures see who refers to whom).
 *
 * Counterexamples found on representatives are mapped back to a path of the real model (each
 * step: the real action whose successor lies in the same orbit), so traces use real node names
 * and stay shortest. Properties must be symmetric, as with any symmetry reduction.
 */
import { UsageError } from './errors.js';
import { ImplementationError, type Model } from './model.js';
import { firstViolation } from './properties.js';
import type { ClusterModel } from './cluster.js';
import type { Violation } from './result.js';

/**
 * The canonicalizing function of a model that declares interchangeable nodes; a UsageError
 * for one that does not (so `--symmetry` fails before any work, threads or not).
 */
export function symmetryOf<S, A, W>(model: Model<S, A, W>): (s: S) => S {
  const m = model as Model<S, A, W> & { hasSymmetry?: boolean };
  if (!model.canonicalize || m.hasSymmetry === false) {
    throw new UsageError(`--symmetry: ${model.info.protocol} declares no interchangeable nodes`);
  }
  return model.canonicalize.bind(model);
}

/** Permutations beyond this many per state mean the signatures are too weak for this model. */
const MAX_CANDIDATES = 100_000;

export class Canonicalizer {
  private readonly groups: number[][];
  private readonly fp = new Uint32Array(2);
  private readonly best = new Uint32Array(2);
  private readonly base = new Uint32Array(2);

  private readonly identity: Int32Array;
  /**
   * Scratch for canonical(), which runs on every successor: the permutation being built, each
   * node's signature (two unsigned lanes) and a group's nodes in sorted order.
   */
  private readonly perm: Int32Array;
  private readonly sigHi: Uint32Array;
  private readonly sigLo: Uint32Array;
  private readonly order: Int32Array;

  constructor(private readonly model: ClusterModel) {
    this.identity = new Int32Array(model.n);
    this.perm = new Int32Array(model.n);
    this.sigHi = new Uint32Array(model.n);
    this.sigLo = new Uint32Array(model.n);
    this.order = new Int32Array(model.n);
    for (let i = 0; i < model.n; i++) this.identity[i] = i;
    const ids = model.info.nodes.map((n) => n.id);
    this.groups = (model.spec.symmetry ?? []).map((group) => {
      const idx = group.map((id) => {
        const i = ids.indexOf(id);
        if (i < 0) throw new UsageError(`symmetry group names unknown node '${id}'`);
        return i;
      });
      const roles = new Set(idx.map((i) => model.info.nodes[i].role));
      if (roles.size > 1) throw new UsageError(`symmetry group ${group.join(',')} mixes roles ${[...roles].join(', ')}`);
      return idx.sort((a, b) => a - b);
    }).filter((g) => g.length > 1);
  }

  get active(): boolean {
    return this.groups.length > 0;
  }

  canonical(w: Int32Array): Int32Array {
    const perm = this.perm;
    perm.set(this.identity);
    const { sigHi, sigLo, order } = this;
    let open: number[][] | null = null;
    for (const group of this.groups) {
      this.signatures(w, group);
      // Insertion sort by (signature, node): groups are small, and the order is total.
      const len = group.length;
      for (let k = 0; k < len; k++) {
        const node = group[k];
        let j = k;
        while (j > 0 && this.before(node, order[j - 1])) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = node;
      }
      for (let k = 0; k < len; k++) perm[order[k]] = group[k];
      for (let start = 0; start < len; ) {
        let end = start + 1;
        while (end < len && sigHi[order[end]] === sigHi[order[start]] && sigLo[order[end]] === sigLo[order[start]]) end++;
        if (end - start > 1) {
          const tied = Array.from(order.subarray(start, end));
          if (!this.fixedBySwaps(w, tied, this.identity)) (open ??= []).push(tied);
        }
        start = end;
      }
    }
    if (open !== null) return this.smallest(w, perm, open);
    // Renaming by the identity gives the world back (reachable worlds are kept normalized).
    for (let i = 0; i < perm.length; i++) if (perm[i] !== i) return this.model.renameWorld(w, perm);
    return w;
  }

  /** Whether node a sorts before node b: by signature, then index. */
  private before(a: number, b: number): boolean {
    const { sigHi, sigLo } = this;
    return sigHi[a] !== sigHi[b] ? sigHi[a] < sigHi[b] : sigLo[a] !== sigLo[b] ? sigLo[a] < sigLo[b] : a < b;
  }

  /**
   * Signature of each node of the group, into sigHi and sigLo: sums of abstracted hashes with the
   * node singled out.
   */
  private signatures(w: Int32Array, group: number[]): void {
    const m = this.model;
    for (const i of group) {
      let hi = 0;
      let lo = 0;
      for (let j = 0; j < m.n; j++) {
        const t = m.abstractTable(0, w[j], i);
        hi += t[2 * w[j]];
        lo += t[2 * w[j] + 1];
      }
      for (let k = m.NET; k < w.length; k++) {
        const t = m.abstractTable(1, w[k], i);
        hi += t[2 * w[k]];
        lo += t[2 * w[k] + 1];
      }
      this.sigHi[i] = hi;
      this.sigLo[i] = lo;
    }
  }

  /** Does swapping each adjacent pair of `tied` leave w unchanged? */
  private fixedBySwaps(w: Int32Array, tied: number[], identity: Int32Array): boolean {
    this.model.fingerprint(w, this.base);
    for (let k = 0; k + 1 < tied.length; k++) {
      const swap = identity.slice();
      swap[tied[k]] = tied[k + 1];
      swap[tied[k + 1]] = tied[k];
      this.model.fingerprint(this.model.renameWorld(w, swap), this.fp);
      if (this.fp[0] !== this.base[0] || this.fp[1] !== this.base[1]) return false;
    }
    return true;
  }

  /** Try every order of the open classes; keep the permuted world with the smallest fingerprint. */
  private smallest(w: Int32Array, perm: Int32Array, open: number[][]): Int32Array {
    let count = 1;
    for (const c of open) for (let k = 2; k <= c.length; k++) count *= k;
    if (count > MAX_CANDIDATES) {
      throw new Error(`symmetry: ${count} candidate permutations for one state; the protocol's states do not let signatures tell nodes apart`);
    }
    // Slots the open classes occupy under `perm`, in order.
    const slots = open.map((c) => c.map((node) => perm[node]));
    let bestWorld: Int32Array | null = null;
    const visit = (ci: number) => {
      if (ci === open.length) {
        const candidate = this.model.renameWorld(w, perm);
        this.model.fingerprint(candidate, this.fp);
        if (!bestWorld || this.fp[0] < this.best[0] || (this.fp[0] === this.best[0] && this.fp[1] < this.best[1])) {
          bestWorld = candidate;
          this.best.set(this.fp);
        }
        return;
      }
      for (const order of permutations(open[ci])) {
        order.forEach((node, k) => (perm[node] = slots[ci][k]));
        visit(ci + 1);
      }
    };
    visit(0);
    return bestWorld!;
  }
}

/** Every order of `items`, the given one first. */
export function* permutations(items: number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield items.slice();
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = items.slice(0, i).concat(items.slice(i + 1));
    for (const p of permutations(rest)) yield [items[i], ...p];
  }
}

/**
 * Map a path found on canonical representatives back to the real model: at each step take the
 * first real action whose successor is in the same orbit as the representative's successor.
 * The violation message is recomputed on the real final state, so it names real nodes.
 */
export function concretePath<S, A, W>(model: Model<S, A, W>, canonicalize: (s: S) => S, v: Violation): Violation {
  const fp = new Uint32Array(2);
  const key = (s: S) => (model.fingerprint(canonicalize(s), fp), `${fp[0]}:${fp[1]}`);
  let real = model.initialStates()[v.initial];
  let rep = canonicalize(real);
  const path: number[] = [];
  for (let k = 0; k < v.path.length; k++) {
    const repAction = model.actions(rep)[v.path[k]];
    let target: string | null;
    try {
      target = key(model.next(rep, repAction));
    } catch (e) {
      if (!(e instanceof ImplementationError)) throw e;
      target = null; // the step throws: find a real action that throws too
    }
    const actions = model.actions(real);
    let found = -1;
    let next: S | undefined;
    for (let i = 0; i < actions.length && found < 0; i++) {
      try {
        const t = model.next(real, actions[i]);
        if (target !== null && key(t) === target) [found, next] = [i, t];
      } catch (e) {
        if (!(e instanceof ImplementationError)) throw e;
        if (target === null) found = i;
      }
    }
    if (found < 0) throw new Error(`internal: symmetry mapping lost the path at step ${k + 1}`);
    path.push(found);
    if (next === undefined) return { ...v, path };
    real = next;
    rep = canonicalize(real);
  }
  const again = firstViolation(model.properties.filter((p) => p.name === v.property), model.view(real));
  return { ...v, path, message: again?.message ?? v.message };
}
