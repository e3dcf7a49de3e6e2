import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore, type ExploreOptions } from '../../engine/explore.js';
import { exploreParallel, type ParallelTuning } from '../../engine/parallel.js';
import { findProtocol } from '../../cli/registry.js';

const registry = new URL('../../cli/registry.ts', import.meta.url).href;
const factory = (protocol: string, choice: Record<string, unknown>) => ({ module: registry, export: 'buildForWorker', args: [protocol, choice] });

describe('parallel exploration (this thread and worker threads)', () => {
  // handoffAt 0: the workers take part from the first level on; 3000: this thread hands over in
  // the middle of a level, with part of it expanded and part of the next found.
  it.each([
    ['twophase', { params: { rms: 3 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 } }, { handoffAt: 0 }],
    ['twophase', { params: { rms: 3 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 } }, { handoffAt: 3000 }],
    ['twophase', { params: { rms: 6 } }, { symmetry: true, handoffAt: 0 }],
    ['twophase-net', {}, { handoffAt: 0 }],
    ['twophase-net', {}, { handoffAt: 3000 }],
    // Ghost state (successors built, ghosts shipped in the wire encoding when rebalancing).
    ['raft', {}, { handoffAt: 0 }],
    // A table far too small: it grows mid-level several times; or at the handoff, when the 42,210
    // states this thread found alone move into it (past its 39,321-entry limit).
    ['twophase-net', {}, { tableCapacity: 1 << 16, handoffAt: 0 }],
    ['twophase-net', {}, { tableCapacity: 1 << 16, handoffAt: 15000 }],
    // Three threads.
    ['twophase', { params: { rms: 5 } }, { handoffAt: 0, threads: 3 }],
  ] as const)('gives the sequential distinct and generated counts: %s %j %j', async (protocol, choice, tuning) => {
    const { threads = 2, ...rest } = tuning as ParallelTuning & ExploreOptions & { threads?: number };
    const options: ExploreOptions & ParallelTuning = { ...rest };
    const handoffs: { depth: number; unexpanded: number }[] = [];
    const seq = explore(buildModel(findProtocol(protocol), choice), options);
    const par = await exploreParallel(factory(protocol, choice), buildModel(findProtocol(protocol), choice), threads, { ...options, onHandoff: (h) => handoffs.push(h) });
    // The workers took part (the handoff came before the end), where the test asked.
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0].unexpanded).toBeGreaterThanOrEqual(options.handoffAt!);
    expect(par.verdict).toBe(seq.verdict);
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.generatedStates).toBe(seq.generatedStates);
    expect(par.depth).toBe(seq.depth);
    expect(par.witnessed).toEqual(seq.witnessed);
  });

  it('by default a small search ends in this thread before the workers are needed, with the same result', async () => {
    const choice = { params: { rms: 3 } };
    const handoffs: unknown[] = [];
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { onHandoff: (h) => handoffs.push(h) });
    expect(handoffs).toEqual([]);
    expect({ ...par, durationMs: 0 }).toEqual({ ...seq, durationMs: 0 });
  });

  it.each([0, undefined])('returns the shortest counterexample when a thread finds a violation (handoffAt %s)', async (handoffAt) => {
    const choice = { impl: 'majority-commit' };
    const seq = explore(buildModel(findProtocol('twophase-net'), choice));
    const par = await exploreParallel(factory('twophase-net', choice), buildModel(findProtocol('twophase-net'), choice), 3, { handoffAt });
    expect(seq.verdict).toBe('violated');
    expect(par.verdict).toBe('violated');
    if (par.verdict !== 'violated' || seq.verdict !== 'violated') return;
    expect(par.violation.property).toBe(seq.violation.property);
    expect(par.violation.path).toEqual(seq.violation.path);
  });
});
