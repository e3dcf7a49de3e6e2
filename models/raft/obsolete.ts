/**
 * Replies that can never change their receiver again: the `obsolete` hook (RoleLogic.obsolete)
 * of the model and of the implementations built on impl/raft/server.ts. The engine removes such
 * messages from the network, so worlds that differ only in them are one world; under set
 * semantics a reply stays in flight forever, and without this every outdated reply ever sent
 * would tell worlds apart (docs/protocols/raft.md, "Figure 8").
 *
 * Why they stay dead: a server's currentTerm never decreases (it is persistent), a server
 * becomes candidate only by starting an election, which moves it to a new term, and it becomes
 * leader only from candidate in the same term. So, at a server in term T:
 * - a reply of a term below T is ignored now and in every later state;
 * - a refused vote of term T is ignored (only grants count, and a refusal with a newer term
 *   would carry a term above T);
 * - a granted vote of term T is ignored unless the server is candidate in T and has not counted
 *   it yet: a server that is leader or follower in T (a restarted one is follower) never becomes
 *   candidate in T again, and a candidate's votes only grow;
 * - an AppendEntries reply of term T is ignored by a follower, which never becomes leader of T;
 *   a leader of T ignores a success it has already recorded (matchIndex ≥ index: neither
 *   matchIndex, nextIndex nor commitIndex moves, since a leader advances commitIndex whenever
 *   they change), and matchIndex only grows while it leads T. A candidate of T keeps its
 *   replies: it may still win T (a stale AppendEntries refused by a server in T is answered
 *   with T).
 * Requests are never obsolete: one of an older term is answered with the receiver's term,
 * which can still make the sender step down.
 *
 * Both the model (models/raft/protocol.ts) and the reference server declare it, with the same
 * rule, so they still explore the same worlds. The engine checks at every use that delivering
 * the reply changes nothing right then.
 */
import type { Delivered, RaftMessage } from './messages.js';

/** The part of a server's state the rule reads: the model's context plus role, or a ServerState. */
export interface ServerStatus {
  role: string;
  term: number;
  votes: Record<string, true>;
  matchIndex: Record<string, number>;
}

export function obsoleteReply(s: ServerStatus, m: Delivered<RaftMessage>): boolean {
  if (m.type === 'RequestVoteReply') {
    if (m.term !== s.term) return m.term < s.term;
    return !m.voteGranted || s.role !== 'candidate' || s.votes[m.from] === true;
  }
  if (m.type === 'AppendEntriesReply') {
    if (m.term !== s.term) return m.term < s.term;
    if (s.role === 'follower') return true;
    return s.role === 'leader' && m.success && (s.matchIndex[m.from] ?? 0) >= m.index;
  }
  return false;
}
