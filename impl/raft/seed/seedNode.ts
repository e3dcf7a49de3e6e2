/**
 * A faithful port of the `Node` class of seed document 002 (/work/shared/seeds/
 * 002_b84108ad45290ed5.txt, §4.2 "Raft算法实现", a "simplified Raft in Python"), bugs included.
 * Each handler quotes the seed lines it ports.
 *
 * The seed calls its peers' methods synchronously; here each call is a message and each
 * return value a reply, so the seed's RPCs can be lost, duplicated and reordered like any
 * other. What the port had to add, and nothing more:
 * - A reply names the term of the request it answers (`term`), standing in for the call stack
 *   that tells the seed which `send_request_vote` a vote belongs to; a server counts the votes
 *   of its latest election only (`votes`, reset when its term changes).
 * - The seed's `run` loop starts an election at a random node when no node is leader — global
 *   knowledge no server has. Here the election timer fires at any server that is not itself
 *   leader. The loop's `entries = [("key", "value")]` is the ClientRequest event at a leader.
 * - The seed's log entries carry no term. The port stamps each with the term of the leader that
 *   appended it, because Figure 3's properties are stated over entry terms; no decision of the
 *   port reads the stamp except the `maxRequests` bound below.
 * - Bounds, for finite exploration: no election beyond `maxTerm`; a leader accepts a request
 *   only while its log is shorter than `maxLogLength` and holds fewer than `maxRequests`
 *   entries of its term; a log never grows past `maxLogLength` (the seed's would, without end).
 * - The seed keeps everything in memory: nothing survives a crash. It has no commitIndex;
 *   the view reports 0.
 */
import type { HandleResult, NodeImplementation } from '../../../engine/implementation.js';
import type { NodeContext, Outgoing } from '../../../engine/role.js';
import { CLIENT_REQUEST, type Entry } from '../../../models/raft/messages.js';

export interface SeedState {
  /** self.state: "follower" or "leader" (the seed has no candidate state). */
  state: 'follower' | 'leader';
  term: number;
  votedFor: string | null;
  log: Entry[];
  /** Votes of this server's election in its current term (the local `votes` of send_request_vote). */
  votes: Record<string, true>;
}

/** The seed's calls as messages: request_vote, its return value, append_entries. */
interface SeedRequestVote { type: 'RequestVote'; term: number }
interface SeedVote { type: 'RequestVoteReply'; term: number; voteGranted: boolean }
interface SeedAppendEntries { type: 'AppendEntries'; term: number; entries: Entry[] }

type Result = HandleResult<SeedState>;
type Msg<T> = T & { from: string };
const SEED_COMMAND = 'key=value';

// def send_request_vote(self):
//     self.term += 1
//     self.voted_for = self.id
//     votes = 1
//     for peer in self.peers:
//         vote = peer.request_vote(self.term, self.id)
function sendRequestVote(s: SeedState, ctx: NodeContext): Result {
  if (s.state === 'leader' || s.term >= ctx.params.maxTerm) return { state: s }; // run(): `if leader is None`
  const term = s.term + 1;
  const msg: SeedRequestVote = { type: 'RequestVote', term };
  const send: Outgoing[] = ctx.peers.map((to) => ({ to, msg }));
  return { state: electedIfMajority({ ...s, term, votedFor: ctx.id, votes: { [ctx.id]: true } }, ctx), send };
}

//         if vote:
//             votes += 1
//     if votes > len(self.peers) // 2:
//         self.state = "leader"
function onVote(s: SeedState, m: Msg<SeedVote>, ctx: NodeContext): Result {
  if (m.term !== s.term || !s.votes[ctx.id] || !m.voteGranted) return { state: s };
  return { state: electedIfMajority({ ...s, votes: { ...s.votes, [m.from]: true } }, ctx) };
}

function electedIfMajority(s: SeedState, ctx: NodeContext): SeedState {
  return Object.keys(s.votes).length > Math.floor(ctx.peers.length / 2) ? { ...s, state: 'leader' } : s;
}

// def request_vote(self, term, candidate_id):
//     if term > self.term:
//         self.term = term
//         self.voted_for = candidate_id
//         return True
//     return False
function requestVote(s: SeedState, m: Msg<SeedRequestVote>): Result {
  const granted = m.term > s.term;
  // Note: the seed does not step down here — a leader that grants a vote stays leader.
  const next = granted ? { ...s, term: m.term, votedFor: m.from, votes: {} } : s;
  const reply: SeedVote = { type: 'RequestVoteReply', term: m.term, voteGranted: granted };
  return { state: next, send: [{ to: m.from, msg: reply }] };
}

// def send_append_entries(self, entries):
//     if self.state != "leader":
//         return False
//     self.log.extend(entries)
//     for peer in self.peers:
//         peer.append_entries(self.term, self.id, entries)
function sendAppendEntries(s: SeedState, ctx: NodeContext): Result {
  const ofTerm = s.log.filter((e) => e.term === s.term).length;
  if (s.state !== 'leader' || s.log.length >= ctx.params.maxLogLength || ofTerm >= ctx.params.maxRequests) return { state: s };
  const entries: Entry[] = [{ term: s.term, value: SEED_COMMAND }]; // entries = [("key", "value")]
  const msg: SeedAppendEntries = { type: 'AppendEntries', term: s.term, entries };
  const send: Outgoing[] = ctx.peers.map((to) => ({ to, msg }));
  return { state: { ...s, log: [...s.log, ...entries] }, send };
}

// def append_entries(self, term, leader_id, entries):
//     if term >= self.term:
//         self.term = term
//         self.state = "follower"
//         self.log.extend(entries)
//         return True
//     return False
// (The leader ignores the return value, so the port sends no reply.)
function appendEntries(s: SeedState, m: Msg<SeedAppendEntries>, ctx: NodeContext): Result {
  if (!(m.term >= s.term)) return { state: s };
  const log = [...s.log, ...m.entries].slice(0, ctx.params.maxLogLength); // bound, see header
  const votes = m.term === s.term ? s.votes : {};
  return { state: { ...s, term: m.term, state: 'follower', log, votes } };
}

export const seedNode: NodeImplementation<SeedState> = {
  init: () => ({ state: 'follower', term: 0, votedFor: null, log: [], votes: {} }),
  handle(s, event, ctx) {
    const e = event as never;
    switch (event.type) {
      case 'RequestVote': return requestVote(s, e);
      case 'RequestVoteReply': return onVote(s, e, ctx);
      case 'AppendEntries': return appendEntries(s, e, ctx);
      case 'ClientRequest': return sendAppendEntries(s, ctx);
      case 'timeout': return sendRequestVote(s, ctx);
      default: return { state: s };
    }
  },
  view: (s) => ({ role: s.state, term: s.term, votedFor: s.votedFor, log: s.log, commitIndex: 0 }) as never,
  durable: [],
  envEvents: () => [CLIENT_REQUEST],
  timers: () => ['election'],
};
