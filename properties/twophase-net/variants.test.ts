/**
 * Every bug variant of `twophase-net` is caught, by both engines, with the property its entry
 * names: `explore` at the default explore configuration finds a shortest counterexample (lengths
 * pinned below), and the default `check` campaign with a fixed seed finds one and shrinks it to
 * a 1-minimal trace. The model and the reference pass the default campaign.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { twophaseNet } from '../../models/twophase-net/protocol.js';

/** Shortest counterexample lengths found by explore (BFS: these are minimum lengths). */
const SHORTEST: Record<string, number> = {
  'majority-commit': 7,
  'timeout-counts-as-yes': 2,
  'prepared-timeout-aborts': 8,
  'unpersisted-vote': 8,
  'forgetful-coordinator': 8,
};
const SEED = 42;
const bugs = twophaseNet.impls.filter((i) => i.kind === 'bug');
const campaign = (impl: string) =>
  check(buildModel(twophaseNet, { impl, mode: 'check' }), { runs: twophaseNet.check.runs, maxSteps: twophaseNet.check.maxSteps, seed: SEED });

describe('twophase-net bug variants', () => {
  it('lists every variant with a pinned shortest length', () => {
    expect(bugs.map((b) => b.name).sort()).toEqual(Object.keys(SHORTEST).sort());
  });

  for (const bug of bugs) {
    it(`explore catches ${bug.name} (${bug.violates})`, () => {
      const r = explore(buildModel(twophaseNet, { impl: bug.name, mode: 'explore' }));
      expect(r.verdict).toBe('violated');
      if (r.verdict !== 'violated') return;
      expect(r.violation.property).toBe(bug.violates);
      expect(r.violation.path.length).toBe(SHORTEST[bug.name]);
    });

    it(`check (seed ${SEED}) catches ${bug.name} and shrinks it`, () => {
      const r = campaign(bug.name);
      expect(r.verdict).toBe('violated');
      if (r.verdict !== 'violated') return;
      expect(r.violation.property).toBe(bug.violates);
      // 1-minimal is not minimum, but never shorter than the shortest trace explore finds.
      expect(r.violation.path.length).toBeGreaterThanOrEqual(SHORTEST[bug.name]);
      expect(r.violation.path.length).toBeLessThanOrEqual(r.originalLength!);
    });
  }

  for (const impl of ['model', 'reference']) {
    it(`${impl} passes the default check campaign (seed ${SEED})`, () => {
      const r = campaign(impl);
      expect(r.verdict === 'violated' ? r.violation.message : r.verdict).toBe('ok');
      expect(r.runs).toBe(twophaseNet.check.runs);
    });
  }
});
