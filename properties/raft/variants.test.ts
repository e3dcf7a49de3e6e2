/**
 * Every bug variant and the seed port of `raft` is caught by `explore` at its own bounds (impl
 * entry params, default explore faults) with the property its entry names, at a pinned
 * shortest length. `figure8`'s campaign bounds (twelve terms) are far beyond an exhaustive
 * search, so its entry gives explore its own (three servers, four terms, one passive, no
 * crashes): there `distcheck explore raft --impl figure8` finds the 20 steps of its golden
 * trace, traces/raft/figure8.json, which test/traces.test.ts replays. That search takes about
 * half a minute and 0.9 GB.
 */
import { readTrace } from '../../engine/trace.js';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { raft } from '../../models/raft/protocol.js';
import { FIGURE8, SHORTEST } from './shortest.js';

const caught = raft.impls.filter((i) => i.expect === 'violated');

describe('raft variants under explore', () => {
  it('lists every variant but figure8 with a pinned shortest length', () => {
    expect(caught.map((b) => b.name).filter((n) => n !== 'figure8').sort()).toEqual(Object.keys(SHORTEST).sort());
  });

  it('figure8: the golden trace is explore\'s shortest counterexample at its bounds', () => {
    const t = readTrace(new URL('../../traces/raft/figure8.json', import.meta.url).pathname);
    expect(t.found.engine).toBe('explore');
    expect(t.params).toEqual(FIGURE8.params);
    expect(t.faults).toMatchObject(FIGURE8.faults);
    expect(t.steps).toHaveLength(FIGURE8.length);
    expect(t.violation?.property).toBe('Leader Completeness');
  });

  it("figure8: explore's own bounds are its golden trace's, over the campaign's; --param still wins", () => {
    const explored = buildModel(raft, { impl: 'figure8', mode: 'explore' }).info;
    expect(explored.params).toEqual(FIGURE8.params);
    expect(explored.faults).toMatchObject(FIGURE8.faults);
    const campaign = buildModel(raft, { impl: 'figure8', mode: 'check' }).info;
    expect(campaign.params).toMatchObject({ nodes: 3, maxTerm: 12, passive: 0 });
    expect(campaign.faults).toMatchObject({ network: 'multiset', maxCrashes: 2 });
    const given = buildModel(raft, { impl: 'figure8', mode: 'explore', params: { maxTerm: 3 }, faults: { maxCrashes: 1 } }).info;
    expect(given.params).toMatchObject({ maxTerm: 3, passive: 1 });
    expect(given.faults).toMatchObject({ maxCrashes: 1 });
    // Other variants keep the protocol's explore faults.
    expect(buildModel(raft, { impl: 'seed', mode: 'explore' }).info.faults).toMatchObject({ network: 'set', maxCrashes: 1 });
  });

  it('explore catches figure8 (Leader Completeness) at its own bounds, in the 20 steps of its golden trace', () => {
    const r = explore(buildModel(raft, { impl: 'figure8', mode: 'explore' }));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('Leader Completeness');
    expect(r.violation.path.length).toBe(FIGURE8.length);
  });

  for (const bug of caught.filter((b) => b.name !== 'figure8')) {
    it(`explore catches ${bug.name} (${bug.violates})`, () => {
      const r = explore(buildModel(raft, { impl: bug.name, mode: 'explore' }));
      expect(r.verdict).toBe('violated');
      if (r.verdict !== 'violated') return;
      expect(r.violation.property).toBe(bug.violates);
      expect(r.violation.path.length).toBe(SHORTEST[bug.name]);
    });
  }
});
