/**
 * Raft, after Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm"
 * (USENIX ATC 2014), Figure 2 — one XState machine per server.
 *
 * Raft replicates a log through a strong leader. Time is divided into terms; each term begins
 * with an election. A follower whose election timer fires becomes a candidate: it increments
 * its term, votes for itself and asks every server for a vote (RequestVote). A server grants
 * at most one vote per term, and only to a candidate whose log is at least as up-to-date as its
 * own (last entry's term higher, or equal with an index at least as large). A candidate with
 * votes from a majority becomes leader. The leader appends client commands to its log and
 * replicates them with AppendEntries, which carries the index and term of the entry preceding
 * the new ones; a follower accepts only if its log holds that entry (the consistency check),
 * deleting any conflicting suffix. An entry is committed once the leader has replicated it on
 * a majority — but a leader counts replicas only for entries of its own term: an entry from an
 * earlier term can sit on a majority and still be overwritten (the paper's Figure 8); it is
 * committed indirectly, with the first entry of the current term stored on a majority. Any
 * message carrying a higher term makes the receiver adopt it and fall back to follower.
 * currentTerm, votedFor and the log are persistent; everything else is lost in a crash.
 *
 * Together these give Figure 3's guarantees (properties/raft): Election Safety, Leader
 * Append-Only, Log Matching, Leader Completeness, State Machine Safety.
 *
 * Modelling choices and shortcuts (marked where taken):
 * - RPCs are one-way messages; a reply carries what the caller needs to match it to its
 *   request (models/raft/messages.ts). The sender is the delivery's `from`.
 * - Timers are scheduler-fired events: `election` at a follower or candidate (no election beyond
 *   term `maxTerm`, none at the last `passive` servers), `heartbeat` at a leader, which sends each follower the entries from its
 *   nextIndex on (none: an empty heartbeat). A leader also sends AppendEntries at once where
 *   something changed: on election (Figure 2's initial heartbeat), after appending a client's
 *   command, after a failure (to that follower: "decrement nextIndex and retry") and when its
 *   commitIndex advances. Sending at once rather than on the next heartbeat shortens
 *   counterexamples and, under set semantics, removes worlds that differ only in whether the
 *   heartbeat has fired yet; the heartbeat can still resend at any time.
 * - A client request is an environment event, enabled at a leader whose log holds fewer than
 *   `maxLogLength` entries and fewer than `maxRequests` entries of its term; the command is
 *   named after the term and its count (`c2.1`). Replies to clients are not modelled.
 * - State machines are not modelled: a node applies the entries up to its commitIndex, which
 *   is what the properties read.
 * - A server does not answer a RequestVote it refuses in the candidate's own term: such a
 *   reply can never change the candidate (it ignores refusals, and its term is at least that
 *   term), and every distinct message in flight is distinct world state. A refusal that carries
 *   a newer term is sent: it makes the candidate step down.
 * - A failed AppendEntries names the prevLogIndex that did not match, so a leader backs off to
 *   it (never below matchIndex + 1); with Figure 2's "decrement" a duplicated failure would
 *   decrement twice.
 * - Replies that can never change their receiver again are declared obsolete (models/raft/obsolete.ts)
 *   and leave the network; under set semantics they would otherwise tell worlds apart forever.
 * - A follower never lowers its commitIndex (Figure 2's min(leaderCommit, index of last new
 *   entry) could, on a reordered AppendEntries).
 */
import { and, assign, enqueueActions, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';
import {
  acceptEntries, acceptsRequest, appendEntriesFor, appendReply, asCandidate, asFollower, asLeader, backOff, canGrantVote,
  commitTarget, lastTerm, prevLogMatches, recordMatch, upToDate, withCommand,
} from './figure2.js';
import type {
  AppendEntries, AppendEntriesReply, Delivered, Entry, RaftBounds, RaftEvent, RaftMessage, RequestVote, RequestVoteReply, Timeout,
} from './messages.js';

export interface RaftContext {
  id: string;
  /** Persistent: currentTerm, votedFor, log. */
  term: number;
  votedFor: string | null;
  log: Entry[];
  /** Volatile. */
  commitIndex: number;
  /** Candidate: the servers that granted their vote this term (a set keyed by id). */
  votes: Record<string, true>;
  /** Leader: per follower, the next index to send and the highest index known replicated. */
  nextIndex: Record<string, number>;
  matchIndex: Record<string, number>;
}

export const DURABLE: (keyof RaftContext)[] = ['term', 'votedFor', 'log'];

const rv = (e: RaftEvent) => e as Delivered<RequestVote>;
const ae = (e: RaftEvent) => e as Delivered<AppendEntries>;
const aer = (e: RaftEvent) => e as Delivered<AppendEntriesReply>;
const termOf = (e: RaftEvent) => (e as Delivered<RaftMessage>).term;

/** The server machine for a cluster of `ids` (every server runs the same machine). */
export function raftMachine(ids: string[], bounds: RaftBounds) {
  return raftSetup(ids, bounds).createMachine({
    id: 'raft',
    context: ({ input }) => ({ id: input.id, term: 0, votedFor: null, log: [], commitIndex: 0, votes: {}, nextIndex: {}, matchIndex: {} }),
    initial: 'follower',
    on: {
      RequestVote: [
        { guard: 'canGrantVote', target: '.follower', actions: ['becomeFollower', 'grantVote', 'replyVote'] },
        { guard: 'newerTerm', target: '.follower', actions: ['becomeFollower', 'replyVote'] },
        { actions: 'replyVote' },
      ],
      RequestVoteReply: { guard: 'newerTerm', target: '.follower', actions: 'becomeFollower' },
      AppendEntries: [
        { guard: 'staleTerm', actions: 'rejectAppend' },
        { guard: 'prevLogMatches', target: '.follower', actions: ['becomeFollower', 'appendEntries', 'acknowledgeAppend'] },
        { target: '.follower', actions: ['becomeFollower', 'rejectAppend'] },
      ],
      AppendEntriesReply: { guard: 'newerTerm', target: '.follower', actions: 'becomeFollower' },
    },
    states: {
      follower: {
        on: { timeout: { guard: 'electionTimer', target: 'candidate', actions: ['startElection', 'requestVotes'] } },
      },
      candidate: {
        // Figure 2: upon election, send initial AppendEntries to each server.
        always: { guard: 'hasMajority', target: 'leader', actions: ['becomeLeader', 'replicate'] },
        on: {
          timeout: { guard: 'electionTimer', target: 'candidate', actions: ['startElection', 'requestVotes'] },
          RequestVoteReply: { guard: 'voteForMe', actions: 'countVote' },
        },
      },
      leader: {
        on: {
          timeout: { guard: 'heartbeatTimer', actions: 'replicate' },
          ClientRequest: { guard: 'acceptsRequest', actions: ['appendRequest', 'advanceCommit', 'replicate'] },
          AppendEntriesReply: [
            // A newly committed entry is announced at once (leaderCommit).
            { guard: and(['replicated', 'commitsMore']), actions: ['recordMatch', 'advanceCommit', 'replicate'] },
            { guard: 'replicated', actions: 'recordMatch' },
            // Figure 2: decrement nextIndex and retry.
            { guard: 'rejected', actions: ['backOff', 'retry'] },
          ],
        },
      },
    },
  });
}

/** The machine's vocabulary: context and events, and the named actions and guards of Figure 2. */
function raftSetup(ids: string[], bounds: RaftBounds) {
  const majority = Math.floor(ids.length / 2) + 1;
  const peersOf = (id: string) => ids.filter((p) => p !== id);
  return setup({
    types: {} as { context: RaftContext; events: RaftEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: { to: string | string[]; msg: RaftMessage }) => {},
      /** Answer a RequestVote, except a refusal in the candidate's own term, which can never change it. */
      replyVote: enqueueActions(({ context, event, enqueue }) => {
        const m = rv(event);
        const voteGranted = context.term === m.term && context.votedFor === m.from && upToDate(context, m);
        if (!voteGranted && context.term === m.term) return;
        const msg: RequestVoteReply = { type: 'RequestVoteReply', term: context.term, voteGranted };
        enqueue({ type: 'send', params: { to: m.from, msg } });
      }),
      /** Fall back to follower of the message's term, adopting it when newer (votedFor resets). */
      acknowledgeAppend: enqueueActions(({ context, event, enqueue }) => enqueue({ type: 'send', params: appendReply(context, ae(event), true) })),
      rejectAppend: enqueueActions(({ context, event, enqueue }) => enqueue({ type: 'send', params: appendReply(context, ae(event), false) })),
      becomeFollower: assign(({ context, event }) => asFollower(context, termOf(event))),
      grantVote: assign({ votedFor: ({ event }) => rv(event).from }),
      startElection: assign(({ context }) => asCandidate(context)),
      requestVotes: enqueueActions(({ context, enqueue }) => {
        const msg: RequestVote = { type: 'RequestVote', term: context.term, lastLogIndex: context.log.length, lastLogTerm: lastTerm(context.log) };
        enqueue({ type: 'send', params: { to: peersOf(context.id), msg } });
      }),
      countVote: assign({ votes: ({ context, event }) => ({ ...context.votes, [rv(event).from]: true as const }) }),
      becomeLeader: assign(({ context }) => asLeader(context, peersOf(context.id))),
      appendRequest: assign({ log: ({ context }) => withCommand(context) }),
      replicate: enqueueActions(({ context, enqueue }) => {
        for (const peer of peersOf(context.id)) enqueue({ type: 'send', params: { to: peer, msg: appendEntriesFor(context, peer) } });
      }),
      appendEntries: assign(({ context, event }) => acceptEntries(context, ae(event))),
      recordMatch: assign(({ context, event }) => recordMatch(context, aer(event))),
      retry: enqueueActions(({ context, event, enqueue }) => {
        const { from } = aer(event);
        enqueue({ type: 'send', params: { to: from, msg: appendEntriesFor(context, from) } });
      }),
      backOff: assign(({ context, event }) => backOff(context, aer(event))),
      advanceCommit: assign({ commitIndex: ({ context }) => commitTarget(context, majority) }),
    },
    guards: {
      newerTerm: ({ context, event }) => termOf(event) > context.term,
      staleTerm: ({ context, event }) => termOf(event) < context.term,
      canGrantVote: ({ context, event }) => canGrantVote(context, rv(event)),
      voteForMe: ({ context, event }) => {
        const m = event as Delivered<RequestVoteReply>;
        return m.term === context.term && m.voteGranted;
      },
      hasMajority: ({ context }) => Object.keys(context.votes).length >= majority,
      electionTimer: ({ context, event }) =>
        (event as Timeout).timer === 'election' && context.term < bounds.maxTerm && ids.indexOf(context.id) < ids.length - bounds.passive,
      heartbeatTimer: ({ event }) => (event as Timeout).timer === 'heartbeat',
      acceptsRequest: ({ context }) => acceptsRequest(context, bounds),
      prevLogMatches: ({ context, event }) => prevLogMatches(context, ae(event)),
      replicated: ({ context, event }) => termOf(event) === context.term && aer(event).success,
      /** The reply lets the leader commit more (evaluated on the state after recording it). */
      commitsMore: ({ context, event }) => {
        const after = { ...context, ...recordMatch(context, aer(event)) };
        return commitTarget(after, majority) > context.commitIndex;
      },
      rejected: ({ context, event }) => termOf(event) === context.term && !aer(event).success,
    },
  });
}
