/**
 * The Raft vocabulary shared by the model, the implementations and the properties: log
 * entries, the four messages of Figure 2 and the environment / timer events. Any
 * implementation that speaks these messages can be mixed with the model's machines.
 *
 * Messages are kept compact because every distinct message is a distinct piece of world state:
 * the sender is the delivery's `from` (Figure 2's candidateId / leaderId), and an
 * AppendEntries reply carries one index instead of echoing the request.
 */

/** A log entry: the term of the leader that created it and the client's command. */
export interface Entry {
  term: number;
  value: string;
}

/** RequestVote RPC (Figure 2); the candidate is the sender. */
export interface RequestVote {
  type: 'RequestVote';
  term: number;
  lastLogIndex: number;
  lastLogTerm: number;
}

export interface RequestVoteReply {
  type: 'RequestVoteReply';
  term: number;
  voteGranted: boolean;
}

/** AppendEntries RPC (Figure 2); the leader is the sender. An empty `entries` is a heartbeat. */
export interface AppendEntries {
  type: 'AppendEntries';
  term: number;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
}

/**
 * AppendEntries result. Figure 2's RPC returns only {term, success}: the caller knows which
 * request it answers. Over messages the reply names the index it is about: on success the
 * follower's log matches the leader's up to `index` (prevLogIndex + entries.length); on
 * failure it does not hold the leader's entry at `index` (the prevLogIndex it was sent).
 */
export interface AppendEntriesReply {
  type: 'AppendEntriesReply';
  term: number;
  success: boolean;
  index: number;
}

export type RaftMessage = RequestVote | RequestVoteReply | AppendEntries | AppendEntriesReply;

/** A delivered message arrives with its sender. */
export type Delivered<M extends RaftMessage = RaftMessage> = M & { from: string };

/** A client command reaching a node (enabled only where a leader accepts it). */
export interface ClientRequest {
  type: 'ClientRequest';
}

/** Timers: `election` (followers and candidates start an election), `heartbeat` (a leader replicates). */
export interface Timeout {
  type: 'timeout';
  timer: 'election' | 'heartbeat';
}

export type RaftEvent = Delivered | ClientRequest | Timeout;

export const TIMERS = ['election', 'heartbeat'] as const;
export const CLIENT_REQUEST: ClientRequest = { type: 'ClientRequest' };

/** Bounds that keep exhaustive runs finite (see models/raft/params.ts). */
export interface RaftBounds {
  nodes: number;
  maxTerm: number;
  maxLogLength: number;
  maxRequests: number;
  /** The last `passive` servers never start an election. */
  passive: number;
}

/**
 * The command a leader appends for the k-th request of its term, e.g. `c2.1`. It names no
 * server, so that renaming servers (symmetry reduction) leaves commands alone.
 */
export function commandValue(term: number, k: number): string {
  return `c${term}.${k}`;
}
