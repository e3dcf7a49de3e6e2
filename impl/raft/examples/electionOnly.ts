/**
 * The smallest Raft server worth checking: leader election only, through the public
 * implementation contract (engine/implementation.ts). docs/protocols/raft.md walks through it;
 * check it with
 *
 *   npx distcheck explore raft --impl impl/raft/examples/electionOnly.ts
 *
 * Election Safety holds, and the verdict is `unknown`, not `ok`: the server never commits an
 * entry, so the witness "An entry is committed on every node" is never reached — a vacuous
 * pass is reported as such. impl/raft/server.ts is the complete server.
 */
import type { NodeImplementation } from '../../../engine/implementation.js';
import type { Entry } from '../../../models/raft/messages.js';

interface State {
  role: 'follower' | 'candidate' | 'leader';
  term: number;
  votedFor: string | null;
  votes: Record<string, true>; // a set of node ids: an object, so renaming nodes keeps it canonical
  log: Entry[];
}

export const server: NodeImplementation<State> = {
  init: () => ({ role: 'follower', term: 0, votedFor: null, votes: {}, log: [] }),

  handle(s, event, ctx) {
    // Any message from a newer term: adopt it and become a follower (Figure 2, all servers).
    if (typeof event.term === 'number' && event.term > s.term) {
      s = { ...s, role: 'follower', term: event.term, votedFor: null, votes: {} };
    }
    switch (event.type) {
      case 'timeout': {
        // The election timer: the scheduler fires it whenever that changes something.
        if (event.timer !== 'election' || s.role === 'leader' || s.term >= ctx.params.maxTerm) return { state: s };
        const term = s.term + 1;
        const msg = { type: 'RequestVote', term, lastLogIndex: 0, lastLogTerm: 0 };
        return { state: { ...s, role: 'candidate', term, votedFor: ctx.id, votes: { [ctx.id]: true } }, send: ctx.peers.map((to) => ({ to, msg })) };
      }
      case 'RequestVote': {
        const granted = event.term === s.term && (s.votedFor === null || s.votedFor === event.from);
        const next = granted ? { ...s, votedFor: event.from! } : s;
        return { state: next, send: [{ to: event.from!, msg: { type: 'RequestVoteReply', term: s.term, voteGranted: granted } }] };
      }
      case 'RequestVoteReply': {
        if (s.role !== 'candidate' || event.term !== s.term || !event.voteGranted) return { state: s };
        const votes = { ...s.votes, [event.from!]: true as const };
        const won = Object.keys(votes).length > ctx.nodes.length / 2;
        return { state: { ...s, votes, role: won ? 'leader' : 'candidate' } };
      }
      default:
        return { state: s }; // unhandled events change nothing
    }
  },

  // What Raft's properties read: the same view as the model's.
  view: (s) => ({ role: s.role, term: s.term, votedFor: s.votedFor, log: s.log, commitIndex: 0 }),
  // Figure 2's persistent state survives a crash; the rest restarts from init.
  durable: ['term', 'votedFor', 'log'],
  timers: () => ['election'],
};
