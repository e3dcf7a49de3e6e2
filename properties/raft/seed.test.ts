/**
 * The port of seed 002's Node behaves as the Python does, line for line (the comments in
 * impl/raft/seed/seedNode.ts quote them), and explore catches it.
 */
import { describe, expect, it } from 'vitest';
import type { NodeContext } from '../../engine/role.js';
import { seedNode, type SeedState } from '../../impl/raft/seed/seedNode.js';

const ctx = (id: string): NodeContext => ({
  id, index: Number(id.slice(1)) - 1, role: 'server',
  nodes: ['n1', 'n2', 'n3'].map((n) => ({ id: n, role: 'server' })),
  peers: ['n1', 'n2', 'n3'].filter((n) => n !== id),
  params: { nodes: 3, maxTerm: 5, maxLogLength: 5, maxRequests: 5 },
});
const base = (over: Partial<SeedState> = {}): SeedState => ({ ...seedNode.init(ctx('n1')), ...over });
const entry = { term: 1, value: 'key=value' };

describe('seed 002 Node, ported', () => {
  it('request_vote grants any higher term and nothing else', () => {
    const r = seedNode.handle(base({ term: 1, votedFor: 'n3' }), { type: 'RequestVote', term: 2, from: 'n2' }, ctx('n1'));
    expect(r.state).toMatchObject({ term: 2, votedFor: 'n2' });
    expect(r.send).toEqual([{ to: 'n2', msg: { type: 'RequestVoteReply', term: 2, voteGranted: true } }]);
    const same = seedNode.handle(base({ term: 2 }), { type: 'RequestVote', term: 2, from: 'n3' }, ctx('n1'));
    expect(same.send![0].msg).toMatchObject({ voteGranted: false });
  });

  it('a leader that grants a vote stays leader (the seed never steps down there)', () => {
    const r = seedNode.handle(base({ state: 'leader', term: 1 }), { type: 'RequestVote', term: 2, from: 'n2' }, ctx('n1'));
    expect(r.state).toMatchObject({ state: 'leader', term: 2, votedFor: 'n2' });
  });

  it('send_request_vote: term + 1, votes for itself, leader on more than len(peers) // 2 votes', () => {
    const c = seedNode.handle(base(), { type: 'timeout', timer: 'election' }, ctx('n1'));
    expect(c.state).toMatchObject({ term: 1, votedFor: 'n1', state: 'follower' });
    expect(c.send!.map((s) => s.to)).toEqual(['n2', 'n3']);
    const won = seedNode.handle(c.state, { type: 'RequestVoteReply', term: 1, voteGranted: true, from: 'n3' }, ctx('n1'));
    expect(won.state.state).toBe('leader');
  });

  it('append_entries extends the log without any check, even with the same entries again', () => {
    const m = { type: 'AppendEntries', term: 1, entries: [entry], from: 'n2' };
    const once = seedNode.handle(base({ state: 'leader' }), m, ctx('n1'));
    expect(once.state).toMatchObject({ state: 'follower', term: 1, log: [entry] });
    expect(once.send ?? []).toEqual([]); // the seed's leader ignores the return value
    expect(seedNode.handle(once.state, m, ctx('n1')).state.log).toEqual([entry, entry]);
    expect(seedNode.handle(base({ term: 2 }), m, ctx('n1')).state.log).toEqual([]); // term < self.term
  });

  it('send_append_entries: a leader extends its log and sends the new entries to every peer', () => {
    const r = seedNode.handle(base({ state: 'leader', term: 1 }), { type: 'ClientRequest' }, ctx('n1'));
    expect(r.state.log).toEqual([entry]);
    expect(r.send).toEqual(['n2', 'n3'].map((to) => ({ to, msg: { type: 'AppendEntries', term: 1, entries: [entry] } })));
    expect(seedNode.handle(base(), { type: 'ClientRequest' }, ctx('n1')).send ?? []).toEqual([]);
  });

  it('keeps nothing across a crash', () => {
    expect(seedNode.durable).toEqual([]);
  });
});
