import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore, type ExploreOptions } from '../../engine/explore.js';
import { exploreParallel } from '../../engine/parallel.js';
import { findProtocol } from '../../cli/registry.js';

const registry = new URL('../../cli/registry.ts', import.meta.url).href;
const factory = (protocol: string, choice: Record<string, unknown>) => ({ module: registry, export: 'buildForWorker', args: [protocol, choice] });

describe('parallel exploration (worker threads)', () => {
  it.each([
    ['twophase', { params: { rms: 3 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 } }, {}],
    ['twophase', { params: { rms: 6 } }, { symmetry: true }],
    ['twophase-net', {}, {}],
    // Ghost state (successors built, ghosts shipped in the wire encoding when rebalancing).
    ['raft', {}, {}],
    // A table far too small: it is regrown mid-level several times.
    ['twophase-net', {}, { tableCapacity: 1 << 16 }],
  ] as const)('gives the sequential distinct and generated counts: %s %j %j', async (protocol, choice, tuning) => {
    const options: ExploreOptions & { tableCapacity?: number } = tuning;
    const seq = explore(buildModel(findProtocol(protocol), choice), options);
    const par = await exploreParallel(factory(protocol, choice), buildModel(findProtocol(protocol), choice), 2, options);
    expect(par.verdict).toBe(seq.verdict);
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.generatedStates).toBe(seq.generatedStates);
    expect(par.depth).toBe(seq.depth);
    expect(par.witnessed).toEqual(seq.witnessed);
  });

  it('returns the shortest counterexample when a worker finds a violation', async () => {
    const choice = { impl: 'majority-commit' };
    const seq = explore(buildModel(findProtocol('twophase-net'), choice));
    const par = await exploreParallel(factory('twophase-net', choice), buildModel(findProtocol('twophase-net'), choice), 3);
    expect(seq.verdict).toBe('violated');
    expect(par.verdict).toBe('violated');
    if (par.verdict !== 'violated' || seq.verdict !== 'violated') return;
    expect(par.violation.property).toBe(seq.violation.property);
    expect(par.violation.path).toHaveLength(seq.violation.path.length);
  });
});
