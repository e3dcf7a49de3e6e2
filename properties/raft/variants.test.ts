/**
 * Every bug variant and the seed port of `raft` is caught by `explore` at its own bounds (impl
 * entry params, default explore faults) with the property its entry names, at a pinned
 * shortest length. `figure8` is the exception: Figure 8 needs four terms with three servers and
 * a counterexample of about twenty steps, beyond exhaustive search; `check` finds it (its
 * golden trace, traces/raft/figure8.json, is replayed by test/traces.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { raft } from '../../models/raft/protocol.js';
import { SHORTEST } from './shortest.js';

const caught = raft.impls.filter((i) => i.expect === 'violated');

describe('raft variants under explore', () => {
  it('lists every variant but figure8 with a pinned shortest length', () => {
    expect(caught.map((b) => b.name).filter((n) => n !== 'figure8').sort()).toEqual(Object.keys(SHORTEST).sort());
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
