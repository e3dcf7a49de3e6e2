/**
 * The decisions of a Raft server where real implementations go wrong, each a small pure
 * function. The reference implementation uses `referenceRules`; each bug variant in bugs/
 * replaces one of them, so a variant's file shows exactly the line it gets wrong.
 */
import type { AppendEntries, Entry, RequestVote } from '../../models/raft/messages.js';

export interface ServerState {
  role: 'follower' | 'candidate' | 'leader';
  term: number;
  votedFor: string | null;
  log: Entry[];
  commitIndex: number;
  /** Candidate: the servers that granted their vote this term (a set keyed by id). */
  votes: Record<string, true>;
  nextIndex: Record<string, number>;
  matchIndex: Record<string, number>;
}

export interface RaftRules {
  /** AppendEntries step 1: reply false if term < currentTerm. */
  staleAppend(s: ServerState, m: AppendEntries): boolean;
  /** AppendEntries step 2: the log holds an entry at prevLogIndex whose term matches prevLogTerm. */
  prevLogMatches(log: Entry[], m: AppendEntries): boolean;
  /** AppendEntries steps 3–4: the follower's log after taking m's entries. */
  mergeEntries(log: Entry[], m: AppendEntries): Entry[];
  /** RequestVote step 2: the candidate's log is at least as up-to-date as the receiver's. */
  candidateUpToDate(log: Entry[], m: RequestVote): boolean;
  /** Leader: may the entry at `index` become committed by counting its replicas? */
  countsReplicas(s: ServerState, index: number): boolean;
}

export const lastLogTerm = (log: Entry[]): number => (log.length ? log[log.length - 1].term : 0);

/** Term of the entry at 1-based `index`: 0 before the log, undefined past its end. */
export const termAt = (log: Entry[], index: number): number | undefined => (index === 0 ? 0 : log[index - 1]?.term);

export const referenceRules: RaftRules = {
  staleAppend: (s, m) => m.term < s.term,
  prevLogMatches: (log, m) => termAt(log, m.prevLogIndex) === m.prevLogTerm,
  mergeEntries(log, m) {
    const out = log.slice();
    m.entries.forEach((entry, k) => {
      const index = m.prevLogIndex + 1 + k;
      if (out.length < index) {
        out.push(entry);
      } else if (out[index - 1].term !== entry.term) {
        out.length = index - 1; // an existing entry conflicts: delete it and all that follow
        out.push(entry);
      }
    });
    return out;
  },
  candidateUpToDate(log, m) {
    const mine = lastLogTerm(log);
    return m.lastLogTerm > mine || (m.lastLogTerm === mine && m.lastLogIndex >= log.length);
  },
  // Figure 2: "a majority of matchIndex[i] ≥ N, and log[N].term == currentTerm".
  countsReplicas: (s, index) => s.log[index - 1].term === s.term,
};

/** Figure 2's persistent state. */
export const DURABLE_FIELDS: (keyof ServerState)[] = ['term', 'votedFor', 'log'];
