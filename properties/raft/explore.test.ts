/**
 * The model and the reference implementation against each other and against the properties:
 * both explore the default configuration (2 servers, 2 terms, one crash) to the same, pinned
 * number of states with every property holding and every witness reached, and they take the
 * same steps — same views, same messages — on random schedules with every kind of fault.
 */
import { describe, expect, it } from 'vitest';
import { pick } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import type { Model } from '../../engine/model.js';
import { raft } from '../../models/raft/protocol.js';

const DEFAULT_STATES = 1088;

describe('raft explore', () => {
  for (const impl of ['model', 'reference']) {
    it(`${impl} passes the default explore (${DEFAULT_STATES} states)`, () => {
      const r = explore(buildModel(raft, { impl, mode: 'explore' }));
      expect(r.verdict === 'violated' ? r.violation.message : r.verdict).toBe('ok');
      expect(r.distinctStates).toBe(DEFAULT_STATES);
    });
  }

  it('three servers in one term: the model and the reference agree', () => {
    const params = { nodes: 3, maxTerm: 1 };
    const [m, ref] = ['model', 'reference'].map((impl) => explore(buildModel(raft, { impl, params, mode: 'explore' })));
    expect(m.verdict).toBe('unknown'); // one term: no later leader, so a witness is out of reach
    expect(m.witnessed).toMatchObject({ 'A leader is elected': true, 'An entry is committed on every node': true });
    expect([m.distinctStates, m.generatedStates]).toEqual([ref.distinctStates, ref.generatedStates]);
  });

  it('symmetry reduction keeps the verdict and shrinks the space', () => {
    const full = explore(buildModel(raft, { mode: 'explore' }));
    const reduced = explore(buildModel(raft, { mode: 'explore' }), { symmetry: true });
    expect(reduced.verdict).toBe('ok');
    expect(reduced.distinctStates).toBeLessThan(full.distinctStates);
  });
});

/** Each step of a random schedule: the action and the views, network and partition after it. */
function walk(model: Model<any, any, any>, choices: number[]): { action: any; state: any }[] {
  let s = model.initialStates()[0];
  const out: { action: any; state: any }[] = [];
  for (const c of choices) {
    const acts = model.actions(s);
    if (acts.length === 0) break;
    const a = acts[pick(model, acts, c)];
    const action = model.describeAction(s, a);
    s = model.next(s, a);
    out.push({ action, state: model.describeState(s) });
  }
  return out;
}

describe('raft model and reference in lockstep', () => {
  it('take the same steps on random schedules with drops, duplicates, crashes and partitions', () => {
    const params = { nodes: 3, maxTerm: 4, maxLogLength: 2, maxRequests: 2 };
    const [m, ref] = ['model', 'reference'].map((impl) => buildModel(raft, { impl, params, mode: 'check' }));
    let seed = 2024;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const seen = new Set<string>();
    for (let run = 0; run < 60; run++) {
      const choices = Array.from({ length: 80 }, rand);
      const steps = walk(m, choices);
      expect(steps).toEqual(walk(ref, choices));
      for (const { action, state } of steps) {
        seen.add(action.type);
        if (Object.values(state.nodes).some((n: any) => n.view.commitIndex > 0)) seen.add('commit');
      }
    }
    // The schedules did exercise what they claim to.
    for (const kind of ['deliver', 'drop', 'duplicate', 'crash', 'restart', 'partition', 'heal', 'env', 'timeout', 'commit']) expect(seen).toContain(kind);
  });
});
