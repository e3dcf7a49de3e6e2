/**
 * Figure 2's rules as pure functions over a server's context, used by the model's machine
 * (./raftMachine.ts). The reference implementation (impl/raft/) is written separately, so the
 * two cross-check each other (properties/raft/explore.test.ts runs them in lockstep).
 */
import { commandValue, type AppendEntries, type AppendEntriesReply, type Entry, type RaftBounds, type RequestVote } from './messages.js';
import type { RaftContext } from './raftMachine.js';

export const lastTerm = (log: Entry[]) => (log.length ? log[log.length - 1].term : 0);

/** The term of the entry at 1-based `index`; 0 before the log, undefined past its end. */
export const termAt = (log: Entry[], index: number) => (index === 0 ? 0 : log[index - 1]?.term);

/** The candidate's log is at least as up-to-date as the voter's (§5.4.1). */
export function upToDate(c: RaftContext, m: RequestVote): boolean {
  const mine = lastTerm(c.log);
  return m.lastLogTerm > mine || (m.lastLogTerm === mine && m.lastLogIndex >= c.log.length);
}

export function prevLogMatches(c: RaftContext, m: AppendEntries): boolean {
  return termAt(c.log, m.prevLogIndex) === m.prevLogTerm;
}

/** Figure 2, AppendEntries receiver steps 3–4: delete a conflicting suffix, append what is new. */
export function mergeEntries(log: Entry[], m: AppendEntries): Entry[] {
  const out = log.slice();
  m.entries.forEach((e, k) => {
    const index = m.prevLogIndex + 1 + k;
    if (out.length >= index && out[index - 1].term === e.term) return;
    out.length = index - 1;
    out.push(e);
  });
  return out;
}

/** Highest N > commitIndex with log[N].term == currentTerm stored on a majority, or commitIndex. */
export function commitTarget(c: RaftContext, majority: number): number {
  for (let n = c.log.length; n > c.commitIndex; n--) {
    if (c.log[n - 1].term !== c.term) break;
    const replicas = 1 + Object.values(c.matchIndex).filter((m) => m >= n).length;
    if (replicas >= majority) return n;
  }
  return c.commitIndex;
}

export function appendEntriesFor(c: RaftContext, peer: string): AppendEntries {
  const prevLogIndex = c.nextIndex[peer] - 1;
  return {
    type: 'AppendEntries', term: c.term, prevLogIndex, prevLogTerm: termAt(c.log, prevLogIndex) ?? 0,
    entries: c.log.slice(prevLogIndex), leaderCommit: c.commitIndex,
  };
}

/** A successful reply: the follower holds the leader's log up to `index`. */
export function recordMatch(c: RaftContext, m: AppendEntriesReply & { from: string }) {
  return {
    matchIndex: { ...c.matchIndex, [m.from]: Math.max(c.matchIndex[m.from], m.index) },
    nextIndex: { ...c.nextIndex, [m.from]: Math.max(c.nextIndex[m.from], m.index + 1) },
  };
}

/** Fall back to follower of `term`, adopting it when newer (votedFor resets with a new term). */
export function asFollower(c: RaftContext, term: number): Partial<RaftContext> {
  const newer = term > c.term;
  return { term: newer ? term : c.term, votedFor: newer ? null : c.votedFor, votes: {}, nextIndex: {}, matchIndex: {} };
}

/** Rules for Servers, followers and candidates: an election timeout starts an election. */
export function asCandidate(c: RaftContext): Partial<RaftContext> {
  return { term: c.term + 1, votedFor: c.id, votes: { [c.id]: true }, nextIndex: {}, matchIndex: {} };
}

/** Leaders, reinitialized after election: nextIndex = last log index + 1, matchIndex = 0. */
export function asLeader(c: RaftContext, peers: string[]): Partial<RaftContext> {
  return {
    votes: {},
    nextIndex: Object.fromEntries(peers.map((p) => [p, c.log.length + 1])),
    matchIndex: Object.fromEntries(peers.map((p) => [p, 0])),
  };
}

/** RequestVote receiver: not from an older term, votedFor null or the candidate (or a newer term), log up to date. */
export function canGrantVote(c: RaftContext, m: RequestVote & { from: string }): boolean {
  if (m.term < c.term) return false;
  const free = m.term > c.term || c.votedFor === null || c.votedFor === m.from;
  return free && upToDate(c, m);
}

/** A leader takes a client's command while within the bounds. */
export function acceptsRequest(c: RaftContext, bounds: RaftBounds): boolean {
  return c.log.length < bounds.maxLogLength && c.log.filter((e) => e.term === c.term).length < bounds.maxRequests;
}

/** The leader's log with the next command of its term appended. */
export function withCommand(c: RaftContext): Entry[] {
  const k = c.log.filter((e) => e.term === c.term).length + 1;
  return [...c.log, { term: c.term, value: commandValue(c.term, k) }];
}

/** AppendEntries receiver steps 3–5, once the consistency check passed. */
export function acceptEntries(c: RaftContext, m: AppendEntries): Partial<RaftContext> {
  const lastNew = m.prevLogIndex + m.entries.length;
  return { log: mergeEntries(c.log, m), commitIndex: Math.max(c.commitIndex, Math.min(m.leaderCommit, lastNew)) };
}

/** The AppendEntries result: on success the index matched, on failure the prevLogIndex that did not. */
export function appendReply(c: RaftContext, m: AppendEntries & { from: string }, success: boolean) {
  const index = success ? m.prevLogIndex + m.entries.length : m.prevLogIndex;
  const msg: AppendEntriesReply = { type: 'AppendEntriesReply', term: c.term, success, index };
  return { to: m.from, msg };
}

/** A failed consistency check: back off to the index that did not match, never below matchIndex + 1. */
export function backOff(c: RaftContext, m: AppendEntriesReply & { from: string }): Partial<RaftContext> {
  const next = Math.max(c.matchIndex[m.from] + 1, Math.min(c.nextIndex[m.from], m.index));
  return { nextIndex: { ...c.nextIndex, [m.from]: next } };
}
