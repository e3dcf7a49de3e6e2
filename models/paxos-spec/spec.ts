/**
 * Lamport's message-set Paxos, transcribed from the Paxos specification of the lecture "The
 * Paxos Algorithm, or How to Win a Turing Award" (module Paxos of the TLA+ examples,
 * specifications/PaxosHowToWinATuringAward), as a hand-written spec model.
 *
 * The spec has no proposer or leader processes. Its state is, per acceptor `a`, the highest
 * ballot it has taken part in (maxBal[a]), the ballot and value of its latest vote (maxVBal[a],
 * maxVal[a]), and the set `msgs` of every message ever sent: a message, once sent, may be
 * received any number of times, in any order, or never. Four actions:
 *
 * - Phase1a(b): some leader of ballot b asks the acceptors to join it (sends ["1a", b]).
 * - Phase1b(a): on a 1a of ballot b > maxBal[a], acceptor a joins ballot b, reporting its latest
 *   vote: sends ["1b", a, b, maxVBal[a], maxVal[a]].
 * - Phase2a(b, v): if no 2a of ballot b was sent yet and some quorum Q has sent 1b messages of
 *   ballot b, the leader proposes v — which must be the value of the highest-ballot vote those
 *   messages report, or any value if none of them voted. Sends ["2a", b, v].
 * - Phase2b(a): on a 2a of ballot b ≥ maxBal[a], acceptor a votes for it: maxBal, maxVBal,
 *   maxVal become b, b, v, and it sends ["2b", a, b, v].
 *
 * TLC's model: Ballot = 0..maxBallot, Value = {v1, .., vN}, quorums = the majority subsets of
 * Acceptor, Init: maxBal = maxVBal = -1, maxVal = None, msgs = {}. With 3 acceptors, 2 values
 * and maxBallot 1 it has 3,921 distinct states, pinned in properties/paxos/spec.test.ts.
 *
 * Modelling note: only actions that change the state are listed (the spec's stuttering
 * instances, such as re-sending a 1a already in msgs, lead to the same state and so add no
 * distinct state).
 */
import { canonical, type Json } from '../../engine/canonical.js';
import { StringHash } from '../../engine/hash.js';
import type { Model, ModelInfo, StateSnapshot } from '../../engine/model.js';
import type { Property } from '../../engine/properties.js';

export type SpecMessage =
  | { type: '1a'; bal: number }
  | { type: '1b'; acc: string; bal: number; mbal: number; mval: string | null }
  | { type: '2a'; bal: number; val: string }
  | { type: '2b'; acc: string; bal: number; val: string };

/** The spec's variables, as plain JSON; `msgs` sorted by canonical form so equal sets are equal arrays. */
export interface SpecState {
  maxBal: number[];
  maxVBal: number[];
  maxVal: (string | null)[];
  msgs: SpecMessage[];
}

export type SpecAction =
  | { action: 'Phase1a'; b: number }
  | { action: 'Phase1b'; a: number; m: SpecMessage }
  | { action: 'Phase2a'; b: number; v: string }
  | { action: 'Phase2b'; a: number; m: SpecMessage };

export interface SpecParams {
  acceptors: number;
  values: number;
  maxBallot: number;
}

/** What the spec's properties read: the state plus the constants. */
export interface SpecWorld {
  state: SpecState;
  acceptors: string[];
  values: string[];
  quorum: number;
}

export class PaxosSpecModel implements Model<SpecState, SpecAction, SpecWorld> {
  readonly info: ModelInfo;
  readonly acceptors: string[];
  readonly values: string[];
  readonly ballots: number[];
  /** Every majority subset of acceptors, as index lists (TLC's Quorum). */
  readonly quorums: number[][];

  constructor(
    readonly params: SpecParams,
    readonly properties: readonly Property<SpecWorld>[],
  ) {
    this.acceptors = Array.from({ length: params.acceptors }, (_, i) => `a${i + 1}`);
    this.values = Array.from({ length: params.values }, (_, i) => `v${i + 1}`);
    this.ballots = Array.from({ length: params.maxBallot + 1 }, (_, i) => i);
    this.quorums = majorities(params.acceptors);
    this.info = {
      protocol: 'paxos-spec', impl: 'model', params: { ...params }, faults: { network: 'set' },
      nodes: this.acceptors.map((id) => ({ id, role: 'acceptor' })),
    };
  }

  initialStates(): SpecState[] {
    const n = this.acceptors.length;
    return [{ maxBal: Array(n).fill(-1), maxVBal: Array(n).fill(-1), maxVal: Array(n).fill(null), msgs: [] }];
  }

  /** Phase1a by ballot, Phase1b by acceptor then message, Phase2a by ballot then value, Phase2b. */
  actions(s: SpecState): SpecAction[] {
    const out: SpecAction[] = [];
    for (const b of this.ballots) if (!s.msgs.some((m) => m.type === '1a' && m.bal === b)) out.push({ action: 'Phase1a', b });
    this.acceptors.forEach((_, a) => {
      for (const m of s.msgs) if (m.type === '1a' && m.bal > s.maxBal[a]) out.push({ action: 'Phase1b', a, m });
    });
    for (const b of this.ballots) for (const v of this.values) if (this.phase2aEnabled(s, b, v)) out.push({ action: 'Phase2a', b, v });
    this.acceptors.forEach((acc, a) => {
      for (const m of s.msgs) {
        if (m.type !== '2a' || m.bal < s.maxBal[a]) continue;
        const stutters = s.maxBal[a] === m.bal && s.maxVBal[a] === m.bal && s.maxVal[a] === m.val && this.hasVote(s, acc, m.bal, m.val);
        if (!stutters) out.push({ action: 'Phase2b', a, m });
      }
    });
    return out;
  }

  /**
   * Phase2a(b, v)'s guard: no 2a of ballot b yet, and some quorum Q whose every member sent a 1b
   * of ballot b such that either none of those 1b messages reports a vote, or v is the value of
   * one reporting the highest vote ballot among them.
   */
  phase2aEnabled(s: SpecState, b: number, v: string): boolean {
    if (s.msgs.some((m) => m.type === '2a' && m.bal === b)) return false;
    return this.quorums.some((q) => {
      const q1b = s.msgs.filter((m): m is Extract<SpecMessage, { type: '1b' }> =>
        m.type === '1b' && m.bal === b && q.some((a) => this.acceptors[a] === m.acc));
      if (!q.every((a) => q1b.some((m) => m.acc === this.acceptors[a]))) return false;
      const q1bv = q1b.filter((m) => m.mbal >= 0);
      if (q1bv.length === 0) return true;
      return q1bv.some((m) => m.mval === v && q1bv.every((mm) => m.mbal >= mm.mbal));
    });
  }

  next(s: SpecState, act: SpecAction): SpecState {
    switch (act.action) {
      case 'Phase1a':
        return this.send(s, { type: '1a', bal: act.b });
      case 'Phase1b': {
        const a = act.a;
        const sent = this.send(s, { type: '1b', acc: this.acceptors[a], bal: act.m.bal, mbal: s.maxVBal[a], mval: s.maxVal[a] });
        return { ...sent, maxBal: replace(s.maxBal, a, act.m.bal) };
      }
      case 'Phase2a':
        return this.send(s, { type: '2a', bal: act.b, val: act.v });
      case 'Phase2b': {
        const { a, m } = act;
        if (m.type !== '2a') throw new Error('internal: Phase2b on a non-2a message');
        const sent = this.send(s, { type: '2b', acc: this.acceptors[a], bal: m.bal, val: m.val });
        return { ...sent, maxBal: replace(s.maxBal, a, m.bal), maxVBal: replace(s.maxVBal, a, m.bal), maxVal: replace(s.maxVal, a, m.val) };
      }
    }
  }

  /**
   * The content hash of canonical(s), fed in pieces: the acceptors' variables, then each
   * message's canonical form, computed once per message object (states share the objects of the
   * messages they did not change), so no state is serialized. Equal to hashing the canonical
   * string itself, which properties/paxos/spec.test.ts checks over every reachable state.
   */
  fingerprint(s: SpecState, out: Uint32Array): void {
    const parts = this.parts;
    parts.length = 0;
    parts.push('{"maxBal":[');
    this.listInto(parts, s.maxBal);
    parts.push('],"maxVBal":[');
    this.listInto(parts, s.maxVBal);
    parts.push('],"maxVal":[');
    this.listInto(parts, s.maxVal);
    parts.push('],"msgs":[');
    for (let i = 0; i < s.msgs.length; i++) {
      if (i > 0) parts.push(',');
      parts.push(this.keyOf(s.msgs[i]));
    }
    parts.push(']}');
    let length = 0;
    for (let i = 0; i < parts.length; i++) length += parts[i].length;
    const h = this.hash.start(length);
    for (let i = 0; i < parts.length; i++) h.feed(parts[i]);
    h.end(out);
  }

  view(s: SpecState): SpecWorld {
    return { state: s, acceptors: this.acceptors, values: this.values, quorum: Math.floor(this.acceptors.length / 2) + 1 };
  }

  describeAction(_s: SpecState, act: SpecAction): Json {
    switch (act.action) {
      case 'Phase1a':
      case 'Phase2a':
        return { type: act.action, ...act } as unknown as Json;
      case 'Phase1b':
      case 'Phase2b':
        return { type: act.action, acceptor: this.acceptors[act.a], msg: act.m as unknown as Json };
    }
  }

  describeState(s: SpecState): StateSnapshot {
    const nodes: StateSnapshot['nodes'] = {};
    this.acceptors.forEach((id, a) => {
      nodes[id] = { role: 'acceptor', crashed: false, view: { maxBal: s.maxBal[a], maxVBal: s.maxVBal[a], maxVal: s.maxVal[a] } };
    });
    return { nodes, network: [], partition: null, state: s as unknown as Json };
  }

  /** `--symmetry` applies: there are interchangeable acceptors (engine/symmetry.ts symmetryOf). */
  get hasSymmetry(): boolean {
    return this.acceptors.length > 1;
  }

  /**
   * Symmetry reduction over the acceptors, which the spec treats alike (values are not
   * permuted): the representative of s's orbit is, of s under every permutation of the
   * acceptors, the least in an order on content (maxBal, then maxVBal, then maxVal, acceptor by
   * acceptor, then the sorted messages' canonical forms). It depends only on the orbit, so each
   * orbit keeps exactly one state. Compares n! permutations (6 for 3 acceptors, 120 for 5) on
   * every successor, most of them by a few numbers; builds only the one chosen.
   */
  canonicalize(s: SpecState): SpecState {
    const perms = (this.perms ??= permutations(this.acceptors.length));
    let best = 0;
    let bestKeys: string[] | null = null;
    for (let p = 1; p < perms.length; p++) {
      let c = this.compareVariables(s, perms[p], perms[best]);
      if (c === 0) {
        bestKeys ??= this.renamedKeys(s, perms[best], best);
        const keys = this.renamedKeys(s, perms[p], p);
        c = compareLists(keys, bestKeys);
        if (c < 0) bestKeys = keys;
      } else if (c < 0) {
        bestKeys = null;
      }
      if (c < 0) best = p;
    }
    return best === 0 ? s : this.permute(s, perms[best], best);
  }

  /** Every permutation of the acceptors, as inverse maps (acceptor j of the permuted state is inv[j] of s), the identity first. */
  private perms: number[][] | undefined;
  /** Per message object: the message with its acceptor renamed, by permutation number. */
  private readonly renamed = new Map<SpecMessage, SpecMessage[]>();

  /** The acceptors' variables of s under permutations p and q, compared in the order above. */
  private compareVariables(s: SpecState, p: number[], q: number[]): number {
    for (let j = 0; j < p.length; j++) if (s.maxBal[p[j]] !== s.maxBal[q[j]]) return s.maxBal[p[j]] - s.maxBal[q[j]];
    for (let j = 0; j < p.length; j++) if (s.maxVBal[p[j]] !== s.maxVBal[q[j]]) return s.maxVBal[p[j]] - s.maxVBal[q[j]];
    for (let j = 0; j < p.length; j++) {
      const x = s.maxVal[p[j]];
      const y = s.maxVal[q[j]];
      if (x !== y) return x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    }
    return 0;
  }

  /** The canonical forms of s's messages under permutation `inv` (number p), sorted. */
  private renamedKeys(s: SpecState, inv: number[], p: number): string[] {
    return s.msgs.map((m) => this.keyOf(this.renameMessage(m, inv, p))).sort();
  }

  /** s under permutation `inv` (number p), its messages sorted again. */
  private permute(s: SpecState, inv: number[], p: number): SpecState {
    const msgs = s.msgs.map((m) => this.renameMessage(m, inv, p));
    msgs.sort((x, y) => (this.keyOf(x) < this.keyOf(y) ? -1 : 1));
    return {
      maxBal: inv.map((i) => s.maxBal[i]),
      maxVBal: inv.map((i) => s.maxVBal[i]),
      maxVal: inv.map((i) => s.maxVal[i]),
      msgs,
    };
  }

  /** m with acceptor inv[j] renamed j. */
  private renameMessage(m: SpecMessage, inv: number[], p: number): SpecMessage {
    if (m.type === '1a' || m.type === '2a') return m;
    let byPerm = this.renamed.get(m);
    if (byPerm === undefined) this.renamed.set(m, (byPerm = []));
    let r = byPerm[p];
    if (r === undefined) {
      const acc = this.acceptors[inv.indexOf(this.acceptors.indexOf(m.acc))];
      r = byPerm[p] = this.intern({ ...m, acc });
    }
    return r;
  }

  private readonly hash = new StringHash();
  private readonly parts: string[] = [];

  /** canonical() of an array's items, comma-separated, into parts. */
  private listInto(parts: string[], xs: readonly (number | string | null)[]): void {
    for (let i = 0; i < xs.length; i++) {
      if (i > 0) parts.push(',');
      parts.push(canonical(xs[i]));
    }
  }

  /**
   * Canonical forms of messages, by object. The messages this model sends are interned (one
   * object per message, shared by every state that holds it), so this stays small.
   */
  private readonly keys = new WeakMap<SpecMessage, string>();
  /** Sent messages by their fields (intern). */
  private readonly interned = new Map<string, SpecMessage>();

  /** canonical(m), computed once per message object. */
  private keyOf(m: SpecMessage): string {
    let key = this.keys.get(m);
    if (key === undefined) {
      key = canonical(m);
      this.keys.set(m, key);
    }
    return key;
  }

  /** Whether s holds a 2b message with these fields (its canonical form is determined by them). */
  private hasVote(s: SpecState, acc: string, bal: number, val: string): boolean {
    return s.msgs.some((x) => x.type === '2b' && x.acc === acc && x.bal === bal && x.val === val);
  }

  /** msgs ∪ {m}, kept sorted by canonical form. */
  private send(s: SpecState, sent: SpecMessage): SpecState {
    const m = this.intern(sent);
    const key = this.keyOf(m);
    const old = s.msgs;
    let pos = 0;
    while (pos < old.length) {
      const k = this.keyOf(old[pos]);
      if (k === key) return s;
      if (k > key) break;
      pos++;
    }
    const msgs: SpecMessage[] = new Array(old.length + 1);
    for (let i = 0; i < pos; i++) msgs[i] = old[i];
    msgs[pos] = m;
    for (let i = pos; i < old.length; i++) msgs[i + 1] = old[i];
    return { ...s, msgs };
  }

  /**
   * The one object of a message with m's content (m itself when first seen). Looked up by its
   * fields, which determine a message of each type, rather than by its canonical form, which
   * takes longer to build.
   */
  private intern(m: SpecMessage): SpecMessage {
    const code = m.type === '1a' ? `1a ${m.bal}`
      : m.type === '1b' ? `1b ${m.acc} ${m.bal} ${m.mbal} ${m.mval ?? ''}`
        : m.type === '2a' ? `2a ${m.bal} ${m.val}`
          : `2b ${m.acc} ${m.bal} ${m.val}`;
    const known = this.interned.get(code);
    if (known !== undefined) return known;
    this.interned.set(code, m);
    return m;
  }
}

function majorities(n: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const members = Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
    if (members.length * 2 > n) out.push(members);
  }
  return out;
}

/** Every permutation of 0..n-1, the identity first. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = rest.length; at >= 0; at--) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  }
  return out;
}

/** Lexicographic order of two lists of strings. */
function compareLists(xs: string[], ys: string[]): number {
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) if (xs[i] !== ys[i]) return xs[i] < ys[i] ? -1 : 1;
  return xs.length - ys.length;
}

function replace<T>(xs: T[], i: number, x: T): T[] {
  const out = xs.slice();
  out[i] = x;
  return out;
}
