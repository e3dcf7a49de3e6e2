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
import { hashString } from '../../engine/hash.js';
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
        const stutters = s.maxBal[a] === m.bal && s.maxVBal[a] === m.bal && s.maxVal[a] === m.val && hasMsg(s, { type: '2b', acc, bal: m.bal, val: m.val });
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
        return send(s, { type: '1a', bal: act.b });
      case 'Phase1b': {
        const a = act.a;
        const sent = send(s, { type: '1b', acc: this.acceptors[a], bal: act.m.bal, mbal: s.maxVBal[a], mval: s.maxVal[a] });
        return { ...sent, maxBal: replace(s.maxBal, a, act.m.bal) };
      }
      case 'Phase2a':
        return send(s, { type: '2a', bal: act.b, val: act.v });
      case 'Phase2b': {
        const { a, m } = act;
        if (m.type !== '2a') throw new Error('internal: Phase2b on a non-2a message');
        const sent = send(s, { type: '2b', acc: this.acceptors[a], bal: m.bal, val: m.val });
        return { ...sent, maxBal: replace(s.maxBal, a, m.bal), maxVBal: replace(s.maxVBal, a, m.bal), maxVal: replace(s.maxVal, a, m.val) };
      }
    }
  }

  fingerprint(s: SpecState, out: Uint32Array): void {
    hashString(canonical(s), out);
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
}

function majorities(n: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const members = Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
    if (members.length * 2 > n) out.push(members);
  }
  return out;
}

function hasMsg(s: SpecState, m: SpecMessage): boolean {
  const key = canonical(m);
  return s.msgs.some((x) => canonical(x) === key);
}

/** msgs ∪ {m}, kept sorted by canonical form. */
function send(s: SpecState, m: SpecMessage): SpecState {
  const key = canonical(m);
  const keys = s.msgs.map((x) => canonical(x));
  if (keys.includes(key)) return s;
  let pos = 0;
  while (pos < keys.length && keys[pos] < key) pos++;
  const msgs = [...s.msgs.slice(0, pos), m, ...s.msgs.slice(pos)];
  return { ...s, msgs };
}

function replace<T>(xs: T[], i: number, x: T): T[] {
  const out = xs.slice();
  out[i] = x;
  return out;
}
