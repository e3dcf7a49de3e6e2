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
 *
 * States are packed (engine/stateQueue.ts keeps a level's states back to back in one Int32Array):
 * maxBal, maxVBal and maxVal (a value's index, -1 for none) per acceptor, then the numbers of the
 * messages sent. Every message the constants allow is numbered once, in the order of its
 * canonical form, so a state's message numbers in increasing order are its msgs in SpecState's
 * order. decode() gives the SpecState, which the guards, properties and traces read.
 */
import { canonical, type Json } from '../../engine/canonical.js';
import { hashWords, StringHash } from '../../engine/hash.js';
import type { Model, ModelInfo, StateSnapshot } from '../../engine/model.js';
import type { Property } from '../../engine/properties.js';
import { permutations } from '../../engine/symmetry.js';

export type SpecMessage =
  | { type: '1a'; bal: number }
  | { type: '1b'; acc: string; bal: number; mbal: number; mval: string | null }
  | { type: '2a'; bal: number; val: string }
  | { type: '2b'; acc: string; bal: number; val: string };

/** The spec's variables, as plain JSON (decode); `msgs` sorted by canonical form so equal sets are equal arrays. */
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

export class PaxosSpecModel implements Model<Int32Array, SpecAction, SpecWorld> {
  readonly info: ModelInfo;
  readonly packed = true;
  /** Message numbers depend only on the constants: every thread's model packs states alike. */
  readonly portable = true;
  readonly acceptors: string[];
  readonly values: string[];
  readonly ballots: number[];
  /** Every majority subset of acceptors, as index lists (TLC's Quorum). */
  readonly quorums: number[][];
  /** Every message the constants allow, by number (in the order of their canonical forms). */
  private readonly messages: SpecMessage[];
  /** canonical() of each message, by number. */
  private readonly keys: string[];
  /** Message numbers by content (msgId). */
  private readonly ids: Int32Array;
  private readonly n: number;
  /** canonical() of maxVal's entries: null, then the values. */
  private readonly valueText: string[];

  constructor(
    readonly params: SpecParams,
    readonly properties: readonly Property<SpecWorld>[],
  ) {
    this.n = params.acceptors;
    this.acceptors = Array.from({ length: params.acceptors }, (_, i) => `a${i + 1}`);
    this.values = Array.from({ length: params.values }, (_, i) => `v${i + 1}`);
    this.ballots = Array.from({ length: params.maxBallot + 1 }, (_, i) => i);
    this.quorums = majorities(params.acceptors);
    this.info = {
      protocol: 'paxos-spec', impl: 'model', params: { ...params }, faults: { network: 'set' },
      nodes: this.acceptors.map((id) => ({ id, role: 'acceptor' })),
    };
    const all: SpecMessage[] = [];
    for (const bal of this.ballots) {
      all.push({ type: '1a', bal });
      for (const val of this.values) all.push({ type: '2a', bal, val });
      for (const acc of this.acceptors) {
        for (const mbal of [-1, ...this.ballots]) for (const mval of [null, ...this.values]) all.push({ type: '1b', acc, bal, mbal, mval });
        for (const val of this.values) all.push({ type: '2b', acc, bal, val });
      }
    }
    const keyed = all.map((m) => ({ m, key: canonical(m) })).sort((x, y) => (x.key < y.key ? -1 : 1));
    this.messages = keyed.map((k) => k.m);
    this.keys = keyed.map((k) => k.key);
    this.ids = new Int32Array(all.length);
    this.messages.forEach((m, id) => (this.ids[this.slot(m)] = id));
    this.valueText = [canonical(null), ...this.values.map((v) => canonical(v))];
  }

  /** Where msgId finds m: one slot per content. */
  private slot(m: SpecMessage): number {
    switch (m.type) {
      case '1a':
        return m.bal;
      case '2a':
        return this.slot2a(m.bal, this.valueIndex(m.val));
      case '2b':
        return this.slot2b(this.acceptors.indexOf(m.acc), m.bal, this.valueIndex(m.val));
      case '1b':
        return this.slot1b(this.acceptors.indexOf(m.acc), m.bal, m.mbal, this.valueIndex(m.mval));
    }
  }

  // The slots by numbers (acceptor and value indices, -1 for no vote), as next() has them: after
  // the 1a messages, the 2a, then the 2b, then the 1b.
  private slot2a(bal: number, v: number): number {
    return this.ballots.length + bal * this.values.length + v;
  }

  private slot2b(a: number, bal: number, v: number): number {
    const B = this.ballots.length;
    const V = this.values.length;
    return B + B * V + (a * B + bal) * V + v;
  }

  private slot1b(a: number, bal: number, mbal: number, mv: number): number {
    const B = this.ballots.length;
    const V = this.values.length;
    return B + B * V + this.n * B * V + ((a * B + bal) * (B + 1) + mbal + 1) * (V + 1) + mv + 1;
  }

  private valueIndex(v: string | null): number {
    return v === null ? -1 : this.values.indexOf(v);
  }

  /** The number of the message with m's content. */
  msgId(m: SpecMessage): number {
    return this.ids[this.slot(m)];
  }

  initialStates(): Int32Array[] {
    return [new Int32Array(3 * this.n).fill(-1)];
  }

  /** The spec's variables of a packed state. */
  decode(w: Int32Array): SpecState {
    const n = this.n;
    const maxBal: number[] = new Array(n);
    const maxVBal: number[] = new Array(n);
    const maxVal: (string | null)[] = new Array(n);
    for (let a = 0; a < n; a++) {
      maxBal[a] = w[a];
      maxVBal[a] = w[n + a];
      maxVal[a] = w[2 * n + a] < 0 ? null : this.values[w[2 * n + a]];
    }
    const msgs: SpecMessage[] = new Array(w.length - 3 * n);
    for (let j = 3 * n; j < w.length; j++) msgs[j - 3 * n] = this.messages[w[j]];
    return { maxBal, maxVBal, maxVal, msgs };
  }

  /** The packed state of the spec's variables (msgs in any order; each must be a message the constants allow). */
  encode(s: SpecState): Int32Array {
    const n = this.n;
    const ids = Int32Array.from(s.msgs, (m) => {
      const id = this.msgId(m);
      if (this.keys[id] !== canonical(m)) throw new Error(`paxos-spec: ${canonical(m)} is not a message of these constants (${paramsOf(this.params)})`);
      return id;
    }).sort();
    const w = new Int32Array(3 * n + ids.length);
    for (let a = 0; a < n; a++) {
      w[a] = s.maxBal[a];
      w[n + a] = s.maxVBal[a];
      w[2 * n + a] = this.valueIndex(s.maxVal[a]);
    }
    w.set(ids, 3 * n);
    return w;
  }

  /** Phase1a by ballot, Phase1b by acceptor then message, Phase2a by ballot then value, Phase2b. */
  actions(w: Int32Array): SpecAction[] {
    const s = this.decode(w);
    const out: SpecAction[] = [];
    for (const b of this.ballots) if (!s.msgs.some((m) => m.type === '1a' && m.bal === b)) out.push({ action: 'Phase1a', b });
    this.acceptors.forEach((_, a) => {
      for (const m of s.msgs) if (m.type === '1a' && m.bal > s.maxBal[a]) out.push({ action: 'Phase1b', a, m });
    });
    for (const b of this.ballots) for (const v of this.values) if (this.phase2aEnabled(s, b, v)) out.push({ action: 'Phase2a', b, v });
    this.acceptors.forEach((acc, a) => {
      for (const m of s.msgs) {
        if (m.type !== '2a' || m.bal < s.maxBal[a]) continue;
        const stutters = s.maxBal[a] === m.bal && s.maxVBal[a] === m.bal && s.maxVal[a] === m.val
          && s.msgs.some((x) => x.type === '2b' && x.acc === acc && x.bal === m.bal && x.val === m.val);
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

  next(w: Int32Array, act: SpecAction): Int32Array {
    return this.apply(w, act, null);
  }

  nextTransient(w: Int32Array, act: SpecAction): Int32Array {
    return this.apply(w, act, this.scratch);
  }

  /** Buffers for nextTransient, by length. */
  private readonly scratch: Int32Array[] = [];

  /**
   * The successor of w by act: the message sent added to w's (in order), then the acceptor's
   * variables the action sets. In a buffer of `scratch`, reused, or a new one.
   */
  private apply(w: Int32Array, act: SpecAction, scratch: Int32Array[] | null): Int32Array {
    const n = this.n;
    let slot: number;
    switch (act.action) {
      case 'Phase1a':
        slot = act.b;
        break;
      case 'Phase1b':
        slot = this.slot1b(act.a, act.m.bal, w[n + act.a], w[2 * n + act.a]);
        break;
      case 'Phase2a':
        slot = this.slot2a(act.b, this.valueIndex(act.v));
        break;
      case 'Phase2b':
        if (act.m.type !== '2a') throw new Error('internal: Phase2b on a non-2a message');
        slot = this.slot2b(act.a, act.m.bal, this.valueIndex(act.m.val));
        break;
    }
    const sent = this.ids[slot];
    let pos = 3 * n;
    while (pos < w.length && w[pos] < sent) pos++;
    // 1 when the message is new (inserted at pos), 0 when w has it already (at pos).
    const shift = pos < w.length && w[pos] === sent ? 0 : 1;
    const len = w.length + shift;
    const out = scratch === null ? new Int32Array(len) : (scratch[len] ??= new Int32Array(len));
    for (let j = 0; j < pos; j++) out[j] = w[j];
    out[pos] = sent;
    for (let j = pos + 1 - shift; j < w.length; j++) out[j + shift] = w[j];
    if (act.action === 'Phase1b') out[act.a] = act.m.bal;
    else if (act.action === 'Phase2b' && act.m.type === '2a') {
      out[act.a] = out[n + act.a] = act.m.bal;
      out[2 * n + act.a] = this.valueIndex(act.m.val);
    }
    return out;
  }

  /**
   * The visited set's fingerprint: a hash of w's words. A packed state is its content (the
   * acceptors' variables, then the sorted numbers of its messages), numbered alike in every
   * thread (`portable`). Hashing a few dozen numbers instead of about 1,500 characters of
   * canonical JSON (traceFingerprint) made a search at maxBallot 2 a third faster
   * (docs/benchmarks.md).
   */
  fingerprint(w: Int32Array, out: Uint32Array): void {
    hashWords(w, out);
  }

  /**
   * The fingerprint traces record: the content hash of canonical(decode(w)), fed in pieces (the
   * acceptors' variables, then each message's canonical form, computed once per message), so no
   * state is serialized. It is what the fingerprints of traces recorded before states were
   * packed are, and what they are still compared with. properties/paxos/spec.test.ts checks it
   * against hashing the canonical string over every reachable state.
   */
  traceFingerprint(w: Int32Array, out: Uint32Array): void {
    const n = this.n;
    const parts = this.parts;
    parts.length = 0;
    parts.push('{"maxBal":[');
    for (let a = 0; a < n; a++) parts.push(a > 0 ? ',' : '', String(w[a]));
    parts.push('],"maxVBal":[');
    for (let a = 0; a < n; a++) parts.push(a > 0 ? ',' : '', String(w[n + a]));
    parts.push('],"maxVal":[');
    for (let a = 0; a < n; a++) parts.push(a > 0 ? ',' : '', this.valueText[w[2 * n + a] + 1]);
    parts.push('],"msgs":[');
    for (let j = 3 * n; j < w.length; j++) parts.push(j > 3 * n ? ',' : '', this.keys[w[j]]);
    parts.push(']}');
    let length = 0;
    for (let i = 0; i < parts.length; i++) length += parts[i].length;
    const h = this.hash.start(length);
    for (let i = 0; i < parts.length; i++) h.feed(parts[i]);
    h.end(out);
  }

  private readonly hash = new StringHash();
  private readonly parts: string[] = [];

  view(w: Int32Array): SpecWorld {
    return { state: this.decode(w), acceptors: this.acceptors, values: this.values, quorum: Math.floor(this.acceptors.length / 2) + 1 };
  }

  describeAction(_w: Int32Array, act: SpecAction): Json {
    switch (act.action) {
      case 'Phase1a':
      case 'Phase2a':
        return { type: act.action, ...act } as unknown as Json;
      case 'Phase1b':
      case 'Phase2b':
        return { type: act.action, acceptor: this.acceptors[act.a], msg: act.m as unknown as Json };
    }
  }

  describeState(w: Int32Array): StateSnapshot {
    const s = this.decode(w);
    const nodes: StateSnapshot['nodes'] = {};
    this.acceptors.forEach((id, a) => {
      nodes[id] = { role: 'acceptor', crashed: false, view: { maxBal: s.maxBal[a], maxVBal: s.maxVBal[a], maxVal: s.maxVal[a] } };
    });
    return { nodes, network: [], partition: null, state: s as unknown as Json };
  }

  /** `--symmetry` applies: there are interchangeable acceptors or values (engine/symmetry.ts symmetryOf). */
  get hasSymmetry(): boolean {
    return this.n > 1 || this.values.length > 1;
  }

  /**
   * Symmetry reduction over the acceptors and over the values, both of which the spec treats
   * alike (TLC's `Permutations(Acceptor) \cup Permutations(Value)`, but the whole group of
   * their products, so that each orbit keeps exactly one state): the representative of w's
   * orbit is, of w under every permutation of the acceptors combined with every permutation of
   * the values, the least in an order on content (maxBal, then maxVBal, then maxVal, acceptor
   * by acceptor, then the sorted messages). It depends only on the orbit, so each orbit keeps
   * exactly one state.
   *
   * Not all n! · V! pairs need comparing. For one order of the acceptors, maxVal is least when
   * the values its acceptors hold are numbered in the order they first appear there (no vote,
   * -1, stays -1), so only the value permutations that do that are candidates; the values no
   * acceptor holds now take every order left (one order when at most one is free). With 3
   * acceptors and 2 values that is 6 to 12 candidates, most compared by a few numbers; only
   * the one chosen is built.
   */
  canonicalize(w: Int32Array): Int32Array {
    const n = this.n;
    const accPerms = (this.accPerms ??= [...permutations(Array.from({ length: n }, (_, i) => i))]);
    const valPerms = (this.valPerms ??= [...permutations(Array.from({ length: this.values.length }, (_, i) => i))].map((p) => Int32Array.from([-1, ...p])));
    const V = valPerms.length;
    // The best candidate's renamed messages (when computed) and another's, in two buffers of
    // this length that swap roles: no allocation per candidate.
    const count = w.length - 3 * n;
    const buffers = (this.msgBuffers[count] ??= [new Int32Array(count), new Int32Array(count)]);
    let bestMsgs: Int32Array | null = null;
    // The identity (candidate 0) is the first best even when it does not number the values in
    // order; then a candidate that does has a smaller maxVal and replaces it.
    let best = 0;
    for (let ai = 0; ai < accPerms.length; ai++) {
      const acc = accPerms[ai];
      for (let vi = 0; vi < V; vi++) {
        const val = valPerms[vi];
        if (!this.numbersInOrder(w, acc, val)) continue;
        const p = ai * V + vi;
        if (p === best) continue;
        const q = accPerms[(best / V) | 0];
        let c = this.compareVariables(w, acc, val, q, valPerms[best % V]);
        if (c === 0) {
          bestMsgs ??= this.renamedMsgs(w, best, buffers[0]);
          const msgs = this.renamedMsgs(w, p, bestMsgs === buffers[0] ? buffers[1] : buffers[0]);
          c = compareLists(msgs, bestMsgs);
          if (c < 0) bestMsgs = msgs;
        } else if (c < 0) {
          bestMsgs = null;
        }
        if (c < 0) best = p;
      }
    }
    if (best === 0) return w;
    const acc = accPerms[(best / V) | 0];
    const val = valPerms[best % V];
    const out = new Int32Array(w.length);
    for (let j = 0; j < n; j++) {
      out[j] = w[acc[j]];
      out[n + j] = w[n + acc[j]];
      out[2 * n + j] = val[w[2 * n + acc[j]] + 1];
    }
    out.set(bestMsgs ?? this.renamedMsgs(w, best, buffers[0]), 3 * n);
    return out;
  }

  /**
   * Whether value permutation `val` numbers the values that w's acceptors hold, taken in
   * acceptor order `acc`, 0, 1, 2, ... in the order they first appear (what makes maxVal least).
   */
  private numbersInOrder(w: Int32Array, acc: number[], val: Int32Array): boolean {
    const n = this.n;
    let next = 0;
    for (let j = 0; j < n; j++) {
      const mapped = val[w[2 * n + acc[j]] + 1];
      if (mapped < 0) continue;
      if (mapped > next) return false;
      if (mapped === next) next++;
    }
    return true;
  }

  /** canonicalize's two buffers of renamed messages, by message count. */
  private readonly msgBuffers: Int32Array[][] = [];

  /** Every permutation of the acceptors, as inverse maps (acceptor j of the permuted state is inv[j] of w), the identity first. */
  private accPerms: number[][] | undefined;
  /** Every permutation of the values, as maps shifted by one: value v of w is val[v + 1] of the permuted state (val[0] = -1, no vote), the identity first. */
  private valPerms: Int32Array[] | undefined;
  /** Per candidate number (acceptor permutation × value permutations + value permutation): each message's number renamed. */
  private readonly renaming: Int32Array[] = [];

  /** The acceptors' variables of w under two candidates, compared in the order above. */
  private compareVariables(w: Int32Array, p: number[], pv: Int32Array, q: number[], qv: Int32Array): number {
    const n = this.n;
    for (let k = 0; k < 2; k++) {
      for (let j = 0; j < n; j++) if (w[k * n + p[j]] !== w[k * n + q[j]]) return w[k * n + p[j]] - w[k * n + q[j]];
    }
    for (let j = 0; j < n; j++) {
      const x = pv[w[2 * n + p[j]] + 1];
      const y = qv[w[2 * n + q[j]] + 1];
      if (x !== y) return x - y;
    }
    return 0;
  }

  /** w's messages under candidate number p, renamed and sorted, into `out` (of their count). */
  private renamedMsgs(w: Int32Array, p: number, out: Int32Array): Int32Array {
    let map = this.renaming[p];
    if (map === undefined) {
      const V = this.valPerms!.length;
      const inv = this.accPerms![(p / V) | 0];
      const val = this.valPerms![p % V];
      const acc = (a: string) => this.acceptors[inv.indexOf(this.acceptors.indexOf(a))];
      const value = (v: string | null) => (v === null ? null : this.values[val[this.valueIndex(v) + 1]]);
      map = this.renaming[p] = Int32Array.from(this.messages, (m) => {
        switch (m.type) {
          case '1a':
            return this.msgId(m);
          case '2a':
            return this.msgId({ ...m, val: value(m.val)! });
          case '2b':
            return this.msgId({ ...m, acc: acc(m.acc), val: value(m.val)! });
          case '1b':
            return this.msgId({ ...m, acc: acc(m.acc), mval: value(m.mval) });
        }
      });
    }
    for (let j = 0; j < out.length; j++) out[j] = map[w[3 * this.n + j]];
    return out.sort();
  }
}

function paramsOf(p: SpecParams): string {
  return `acceptors=${p.acceptors} values=${p.values} maxBallot=${p.maxBallot}`;
}

function majorities(n: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const members = Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
    if (members.length * 2 > n) out.push(members);
  }
  return out;
}

/** Lexicographic order of two lists of numbers. */
function compareLists(xs: Int32Array, ys: Int32Array): number {
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) if (xs[i] !== ys[i]) return xs[i] - ys[i];
  return xs.length - ys.length;
}
