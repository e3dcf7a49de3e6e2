/**
 * Every bug variant and the seed port of `raft` is caught by `explore` at its own bounds (impl
 * entry params, default explore faults) with the property its entry names, at a pinned
 * shortest length. `figure8` needs its own bounds (three servers, four terms, one passive) and
 * five minutes of `explore --symmetry`, too long for the suite: its golden trace,
 * traces/raft/figure8.json, is explore's shortest there, and test/traces.test.ts replays it.
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
