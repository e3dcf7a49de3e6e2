/**
 * The default `check` campaign (multiset network with drops, duplicates, crash/restart and
 * partitions) with a fixed seed catches every variant except figure8 with the property its
 * entry names, and shrinks the failure to a 1-minimal trace no shorter than explore's shortest.
 * figure8 takes the full campaign (minutes, most of it in shrinking); its golden trace stands
 * in for it here. The model and the reference pass a shortened campaign; the full 10,000-run
 * campaign is in docs/protocols/raft.md.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { raft } from '../../models/raft/protocol.js';
import { SHORTEST } from './shortest.js';

const SEED = 42;
/**
 * Other Figure 3 properties a variant's bug can break first in a random schedule (explore's
 * shortest counterexample breaks the one its entry names). A follower that splices entries
 * after a different history also ends up applying a different entry than its peers.
 */
const ALSO: Record<string, string[]> = { 'no-prev-check': ['State Machine Safety'] };
const campaign = (impl: string, runs = raft.check.runs, params?: Record<string, number>) =>
  check(buildModel(raft, { impl, params, mode: 'check' }), { runs, maxSteps: raft.check.maxSteps, seed: SEED });

describe('raft check campaigns', () => {
  for (const bug of raft.impls.filter((i) => i.expect === 'violated' && i.name !== 'figure8')) {
    it(`check (seed ${SEED}) catches ${bug.name} and shrinks it`, () => {
      const r = campaign(bug.name);
      expect(r.verdict).toBe('violated');
      if (r.verdict !== 'violated') return;
      expect([bug.violates, ...(ALSO[bug.name] ?? [])]).toContain(r.violation.property);
      expect(r.violation.path.length).toBeGreaterThanOrEqual(SHORTEST[bug.name]);
      expect(r.violation.path.length).toBeLessThanOrEqual(r.originalLength!);
    });
  }

  for (const impl of ['model', 'reference']) {
    it(`${impl} passes 300 runs with faults on three servers`, () => {
      const r = campaign(impl, 300, { nodes: 3, maxTerm: 4, maxLogLength: 2, maxRequests: 2 });
      expect(r.verdict === 'violated' ? r.violation.message : r.verdict).toBe('ok');
      expect(r.runs).toBe(300);
    });
  }
});
