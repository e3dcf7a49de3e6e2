import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { replayOn } from '../../engine/replay.js';
import { buildTrace } from '../../engine/trace.js';
import type { ClusterModel } from '../../engine/cluster.js';
import { twophase } from '../../models/twophase/protocol.js';
import { raft } from '../../models/raft/protocol.js';
import { buggyTwophase } from './fixtures.js';

function permutationsOf(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutationsOf(items.filter((_, j) => j !== i)).map((p) => [x, ...p]));
}

/** Orbit count by brute force: every reachable state, minimised over every permutation of RMs. */
function bruteForceOrbits(model: ClusterModel, group: number[]): number {
  const fp = new Uint32Array(2);
  const key = (w: Int32Array) => (model.fingerprint(w, fp), `${fp[0]}:${fp[1]}`);
  const perms = permutationsOf(group).map((order) => {
    const perm = Int32Array.from({ length: model.n }, (_, i) => i);
    group.forEach((node, k) => (perm[node] = order[k]));
    return perm;
  });
  const seen = new Set<string>();
  const orbits = new Set<string>();
  const queue = model.initialStates();
  while (queue.length) {
    const w = queue.pop()!;
    const k = key(w);
    if (seen.has(k)) continue;
    seen.add(k);
    orbits.add(perms.map((p) => key(model.renameWorld(w, p))).sort()[0]);
    for (const a of model.actions(w)) queue.push(model.next(w, a));
  }
  return orbits.size;
}

describe('symmetry reduction', () => {
  it.each([3, 4])('keeps exactly one state per orbit (TwoPhase, %i RMs, checked by brute force)', (rms) => {
    const model = buildModel(twophase, { params: { rms } }) as ClusterModel;
    const orbits = bruteForceOrbits(model, Array.from({ length: rms }, (_, i) => i + 1));
    const r = explore(buildModel(twophase, { params: { rms } }), { symmetry: true });
    expect(r.verdict).toBe('ok');
    expect(r.distinctStates).toBe(orbits);
  });

  it.each([
    ['set', {}],
    // No crashes: TwoPhase's TM keeps nothing durable, so a crash breaks consistency and
    // explore would stop at the violation before seeing every state.
    ['multiset', { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 }],
  ] as const)('is exact with faults too (%s network, 3 RMs)', (network, faults) => {
    const model = buildModel(twophase, { params: { rms: 3 }, network, faults }) as ClusterModel;
    const orbits = bruteForceOrbits(model, [1, 2, 3]);
    const r = explore(buildModel(twophase, { params: { rms: 3 }, network, faults }), { symmetry: true });
    expect(r.verdict).toBe('ok');
    expect(r.distinctStates).toBe(orbits);
  });

  // canonical() returns a world as it is when the signatures leave every node in place, which is
  // only right if renaming by the identity changes nothing in any reachable world.
  it.each([
    ['TwoPhase, multiset network with faults', () => buildModel(twophase, { params: { rms: 3 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 } })],
    ['Raft reference, crashes', () => buildModel(raft, { impl: 'reference', params: { nodes: 3, maxTerm: 2 }, faults: { maxCrashes: 1 } })],
    ['Raft reference, fifo network with a partition', () => buildModel(raft, { impl: 'reference', params: { nodes: 3, maxTerm: 2 }, network: 'fifo', faults: { maxPartitions: 1 } })],
  ] as const)('renaming by the identity gives every reachable world back (%s)', (_, build) => {
    const model = build() as ClusterModel;
    const identity = Int32Array.from({ length: model.n }, (_, i) => i);
    const fp = new Uint32Array(2);
    const seen = new Set<string>();
    const queue = model.initialStates();
    let checked = 0;
    for (let head = 0; head < queue.length && checked < 5000; head++) {
      const w = queue[head];
      model.fingerprint(w, fp);
      if (seen.has(`${fp[0]}:${fp[1]}`)) continue;
      seen.add(`${fp[0]}:${fp[1]}`);
      checked++;
      expect(Array.from(model.renameWorld(w, identity))).toEqual(Array.from(w));
      for (const a of model.actions(w)) queue.push(model.next(w, a));
    }
    expect(checked).toBe(5000);
  });

  it('reduces TwoPhase with 6 RMs by more than 50 times', () => {
    const full = explore(buildModel(twophase, { params: { rms: 6 } }));
    const reduced = explore(buildModel(twophase, { params: { rms: 6 } }), { symmetry: true });
    expect(full.distinctStates).toBe(50816);
    expect(full.distinctStates / reduced.distinctStates).toBeGreaterThan(50);
  });

  it('maps the counterexample back to real node names and keeps it shortest', () => {
    const plain = explore(buildModel(buggyTwophase, {}));
    const model = buildModel(buggyTwophase, {});
    const r = explore(model, { symmetry: true });
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated' || plain.verdict !== 'violated') return;
    expect(r.violation.path).toHaveLength(plain.violation.path.length);
    const trace = buildTrace(model, r.violation, { engine: 'explore' });
    expect(replayOn(buildModel(buggyTwophase, {}), trace)).toMatchObject({ verdict: 'violated', reproduced: true, property: 'TCConsistent' });
    expect(trace.violation!.message).toMatch(/^TCConsistent: rm\d committed while rm\d aborted$/);
  });

  it('refuses --symmetry for a model that declares no interchangeable nodes', () => {
    const model = buildModel(twophase, { params: { rms: 2 } }) as ClusterModel;
    const bare = buildModel(twophase, { params: { rms: 2 } }) as ClusterModel;
    (bare.spec as { symmetry?: string[][] }).symmetry = undefined;
    expect(() => explore(bare, { symmetry: true })).toThrow(/declares no interchangeable nodes/);
    expect(explore(model, { symmetry: true }).verdict).toBe('ok');
  });
});

describe('symmetric search through the fast path (Expander.expandCanonical)', () => {
  it.each([
    ['twophase', twophase, { params: { rms: 5 } }],
    ['raft', raft, { impl: 'reference', params: { nodes: 3, maxTerm: 2 }, faults: { maxCrashes: 1 } }],
  ] as const)('skips successors met before as built, and counts what a search building every successor counts (%s)', (_name, protocol, choice) => {
    const fast = explore(buildModel(protocol, choice), { symmetry: true });
    // The same model without its fast path: every successor built and canonicalized.
    const plain = buildModel(protocol, choice) as ClusterModel;
    (plain as { successors?: unknown }).successors = undefined;
    const slow = explore(plain, { symmetry: true });
    expect(fast.verdict).toBe('ok');
    expect([fast.distinctStates, fast.generatedStates, fast.depth]).toEqual([slow.distinctStates, slow.generatedStates, slow.depth]);
    expect(fast.distinctStates).toBeGreaterThan(100);
  });
});
