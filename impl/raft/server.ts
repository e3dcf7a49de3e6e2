/**
 * A Raft server written against the public implementation contract
 * (engine/implementation.ts): plain TypeScript, `handle(state, event)` returning the next state
 * and the messages to send, one handler per message type. It follows Figure 2 of the paper
 * with the same modelling choices as the model (models/raft/raftMachine.ts), so the two
 * explore to the same number of worlds; the decisions bugs get wrong come from `rules`.
 */
import type { HandleResult, NodeImplementation } from '../../engine/implementation.js';
import type { NodeContext, NodeEvent, Outgoing } from '../../engine/role.js';
import {
  CLIENT_REQUEST, commandValue, TIMERS,
  type AppendEntries, type AppendEntriesReply, type Delivered, type RaftMessage, type RequestVote, type RequestVoteReply,
} from '../../models/raft/messages.js';
import { obsoleteReply } from '../../models/raft/obsolete.js';
import { mayStand } from '../../models/raft/params.js';
import { DURABLE_FIELDS, lastLogTerm, referenceRules, termAt, type RaftRules, type ServerState } from './rules.js';

type Result = HandleResult<ServerState>;
const majorityOf = (ctx: NodeContext) => Math.floor(ctx.nodes.length / 2) + 1;

/** A follower keeps no candidate or leader state. */
function asFollower(s: ServerState): ServerState {
  return { ...s, role: 'follower', votes: {}, nextIndex: {}, matchIndex: {} };
}

/** Figure 2, all servers: a message with a newer term makes the receiver adopt it as a follower. */
function observeTerm(s: ServerState, term: number): ServerState {
  return term > s.term ? { ...asFollower(s), term, votedFor: null } : s;
}

/** AppendEntries for `peer`: the entries from its nextIndex on (none: a heartbeat). */
function appendEntriesFor(s: ServerState, peer: string): Outgoing {
  const prevLogIndex = s.nextIndex[peer] - 1;
  const msg: AppendEntries = {
    type: 'AppendEntries', term: s.term, prevLogIndex, prevLogTerm: termAt(s.log, prevLogIndex) ?? 0,
    entries: s.log.slice(prevLogIndex), leaderCommit: s.commitIndex,
  };
  return { to: peer, msg };
}

export function raftServer(rules: RaftRules = referenceRules, durable: readonly (keyof ServerState)[] = DURABLE_FIELDS): NodeImplementation<ServerState> {
  function onRequestVote(s0: ServerState, m: Delivered<RequestVote>): Result {
    let s = observeTerm(s0, m.term);
    const free = s.votedFor === null || s.votedFor === m.from;
    const voteGranted = m.term === s.term && free && rules.candidateUpToDate(s.log, m);
    if (voteGranted) s = { ...asFollower(s), votedFor: m.from };
    // A refusal in the candidate's own term can never change the candidate: not sent (see model).
    if (!voteGranted && s.term === m.term) return { state: s };
    const reply: RequestVoteReply = { type: 'RequestVoteReply', term: s.term, voteGranted };
    return { state: s, send: [{ to: m.from, msg: reply }] };
  }

  function onRequestVoteReply(s0: ServerState, m: Delivered<RequestVoteReply>, ctx: NodeContext): Result {
    const s = observeTerm(s0, m.term);
    if (s.role !== 'candidate' || m.term !== s.term || !m.voteGranted) return { state: s };
    const next = promoteIfElected({ ...s, votes: { ...s.votes, [m.from]: true } }, ctx);
    // Figure 2, leaders: upon election, send initial empty AppendEntries to each server.
    return { state: next, send: next.role === 'leader' ? ctx.peers.map((p) => appendEntriesFor(next, p)) : [] };
  }

  function onAppendEntries(s0: ServerState, m: Delivered<AppendEntries>): Result {
    const reply = (s: ServerState, success: boolean): Result => {
      const index = success ? m.prevLogIndex + m.entries.length : m.prevLogIndex;
      const msg: AppendEntriesReply = { type: 'AppendEntriesReply', term: s.term, success, index };
      return { state: s, send: [{ to: m.from, msg }] };
    };
    if (rules.staleAppend(s0, m)) return reply(s0, false);
    // From the leader of the receiver's (possibly just adopted) term: a candidate steps down.
    const s = asFollower(observeTerm(s0, m.term));
    if (!rules.prevLogMatches(s.log, m)) return reply(s, false);
    const lastNew = m.prevLogIndex + m.entries.length;
    // Figure 2 sets commitIndex = min(leaderCommit, lastNew); never lowering it is the usual reading.
    const commitIndex = Math.max(s.commitIndex, Math.min(m.leaderCommit, lastNew));
    return reply({ ...s, log: rules.mergeEntries(s.log, m), commitIndex }, true);
  }

  function onAppendEntriesReply(s0: ServerState, m: Delivered<AppendEntriesReply>, ctx: NodeContext): Result {
    const s = observeTerm(s0, m.term);
    if (s.role !== 'leader' || m.term !== s.term) return { state: s };
    const match = s.matchIndex[m.from];
    if (!m.success) {
      // Figure 2: decrement nextIndex and retry (here: back off to the index that did not match).
      const next = Math.max(match + 1, Math.min(s.nextIndex[m.from], m.index));
      const backedOff = { ...s, nextIndex: { ...s.nextIndex, [m.from]: next } };
      return { state: backedOff, send: [appendEntriesFor(backedOff, m.from)] };
    }
    const updated: ServerState = {
      ...s,
      matchIndex: { ...s.matchIndex, [m.from]: Math.max(match, m.index) },
      nextIndex: { ...s.nextIndex, [m.from]: Math.max(s.nextIndex[m.from], m.index + 1) },
    };
    const next = advanceCommit(updated, ctx);
    // A newly committed entry is announced at once (leaderCommit in AppendEntries).
    return { state: next, send: next.commitIndex > s.commitIndex ? ctx.peers.map((p) => appendEntriesFor(next, p)) : [] };
  }

  /** The highest N > commitIndex stored on a majority whose replicas the rules let the leader count. */
  function advanceCommit(s: ServerState, ctx: NodeContext): ServerState {
    for (let n = s.log.length; n > s.commitIndex; n--) {
      if (!rules.countsReplicas(s, n)) continue;
      const replicas = 1 + Object.values(s.matchIndex).filter((i) => i >= n).length;
      if (replicas >= majorityOf(ctx)) return { ...s, commitIndex: n };
    }
    return s;
  }

  function promoteIfElected(s: ServerState, ctx: NodeContext): ServerState {
    if (Object.keys(s.votes).length < majorityOf(ctx)) return s;
    const next = Object.fromEntries(ctx.peers.map((p) => [p, s.log.length + 1]));
    const match = Object.fromEntries(ctx.peers.map((p) => [p, 0]));
    return { ...s, role: 'leader', votes: {}, nextIndex: next, matchIndex: match };
  }

  function onElectionTimeout(s: ServerState, ctx: NodeContext): Result {
    if (s.role === 'leader' || s.term >= ctx.params.maxTerm || !mayStand(ctx.index, ctx.params)) return { state: s };
    const term = s.term + 1;
    const candidate: ServerState = { ...asFollower(s), role: 'candidate', term, votedFor: ctx.id, votes: { [ctx.id]: true } };
    const msg: RequestVote = { type: 'RequestVote', term, lastLogIndex: s.log.length, lastLogTerm: lastLogTerm(s.log) };
    return { state: promoteIfElected(candidate, ctx), send: ctx.peers.map((to) => ({ to, msg })) };
  }

  /** The leader sends each follower the entries from its nextIndex on (a heartbeat if none). */
  function onHeartbeat(s: ServerState, ctx: NodeContext): Result {
    if (s.role !== 'leader') return { state: s };
    return { state: s, send: ctx.peers.map((p) => appendEntriesFor(s, p)) };
  }

  function onClientRequest(s: ServerState, ctx: NodeContext): Result {
    const ofTerm = s.log.filter((e) => e.term === s.term).length;
    if (s.role !== 'leader' || s.log.length >= ctx.params.maxLogLength || ofTerm >= ctx.params.maxRequests) return { state: s };
    const log = [...s.log, { term: s.term, value: commandValue(s.term, ofTerm + 1) }];
    const next = advanceCommit({ ...s, log }, ctx);
    return { state: next, send: ctx.peers.map((p) => appendEntriesFor(next, p)) };
  }

  return {
    init: () => ({ role: 'follower', term: 0, votedFor: null, log: [], commitIndex: 0, votes: {}, nextIndex: {}, matchIndex: {} }),
    handle(s: ServerState, event: NodeEvent, ctx: NodeContext): Result {
      const e = event as never;
      switch (event.type) {
        case 'RequestVote': return onRequestVote(s, e);
        case 'RequestVoteReply': return onRequestVoteReply(s, e, ctx);
        case 'AppendEntries': return onAppendEntries(s, e);
        case 'AppendEntriesReply': return onAppendEntriesReply(s, e, ctx);
        case 'ClientRequest': return onClientRequest(s, ctx);
        case 'timeout': return event.timer === 'election' ? onElectionTimeout(s, ctx) : onHeartbeat(s, ctx);
        default: return { state: s };
      }
    },
    view: (s) => ({ role: s.role, term: s.term, votedFor: s.votedFor, log: s.log, commitIndex: s.commitIndex }),
    durable,
    envEvents: () => [CLIENT_REQUEST],
    timers: () => [...TIMERS],
    // Replies that can never change the server again leave the network (models/raft/obsolete.ts).
    obsolete: (s, event) => obsoleteReply(s, event as Delivered<RaftMessage>),
  };
}
