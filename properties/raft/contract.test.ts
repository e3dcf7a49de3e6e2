/**
 * The implementation contract as a student meets it (docs/protocols/raft.md): the
 * election-only example plugs in as an external module, explores without violating anything
 * and is reported vacuous, not ok, because it never commits; dropping votedFor from its durable
 * fields is caught as an Election Safety violation.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import * as example from '../../impl/raft/examples/electionOnly.js';
import { raft } from '../../models/raft/protocol.js';

const run = (external: Record<string, unknown>, params?: Record<string, number>) =>
  explore(buildModel(raft, { impl: 'electionOnly.ts', external, params, mode: 'explore' }));

describe('the election-only example', () => {
  it('elects leaders safely and is reported vacuous: it never commits', () => {
    const r = run(example);
    expect(r.verdict).toBe('unknown');
    if (r.verdict !== 'unknown') return;
    expect(r.reason).toMatch(/vacuous.*An entry is committed on every node/);
    expect(r.witnessed['A leader is elected']).toBe(true);
  });

  it('forgetting votedFor in a crash elects two leaders in one term', () => {
    const forgetful = { server: { ...example.server, durable: ['term', 'log'] } };
    const r = run(forgetful, { nodes: 3, maxTerm: 1 });
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('Election Safety');
    expect(r.violation.path.length).toBe(8);
  });
});
