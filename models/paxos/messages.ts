/**
 * The messages of "Paxos Made Simple" §2.2 and the views every Paxos implementation exposes.
 *
 * Phase 1: a proposer sends Prepare(n); an acceptor that has promised nothing higher answers
 * Promise(n), reporting the highest-numbered proposal it has accepted (-1 / null if none).
 * Phase 2: with promises from a majority, the proposer sends Accept(n, v), v being the value of
 * the highest-numbered accepted proposal among the promises, or its own value if there is none;
 * an acceptor that has not promised a higher number accepts and tells the learners (Accepted).
 */

export type Value = string;

export interface Prepare {
  type: 'Prepare';
  ballot: number;
}

export interface PromiseMsg {
  type: 'Promise';
  ballot: number;
  /** Ballot and value of the acceptor's highest accepted proposal; -1 and null when none. */
  acceptedBallot: number;
  acceptedValue: Value | null;
}

export interface Accept {
  type: 'Accept';
  ballot: number;
  value: Value;
}

export interface Accepted {
  type: 'Accepted';
  ballot: number;
  value: Value;
}

export type PaxosMessage = Prepare | PromiseMsg | Accept | Accepted;

/** A delivered message, as a node receives it. */
export type Delivered<M> = M & { from: string };

// Views: what the properties read. Models and implementations expose exactly these shapes.

export type ProposerPhase = 'idle' | 'preparing' | 'accepting';

export interface ProposerView {
  /** The value this proposer's client asked it to propose. */
  input: Value | null;
  /** Its current (or last) ballot; -1 before its first. */
  ballot: number;
  phase: ProposerPhase;
}

export interface AcceptorView {
  /** Highest ballot promised (Prepare) or accepted in; -1 when none. */
  promised: number;
  /** Ballot and value of the last accepted proposal; -1 / null when none. */
  acceptedBallot: number;
  acceptedValue: Value | null;
}

export interface LearnerView {
  learned: Value | null;
  /** The ballot in which a quorum accepted the learned value; -1 when none. */
  learnedBallot: number;
}

export type PaxosView = ProposerView | AcceptorView | LearnerView;
