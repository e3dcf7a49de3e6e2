/**
 * Every paxos bug variant and seed port is caught, data-driven over the registry entries:
 *
 * - by `explore`, which returns a shortest counterexample — run here on a configuration without
 *   crash faults for the variants whose bug needs none (same shortest length as the default
 *   configuration, faster), with the default crash of an acceptor for `forgets-promise`.
 *   `seed002-prepare-overwrites` (25 steps deep: 3.8 million states, minutes) is explored in
 *   report runs only; its explore-found shortest trace is the golden trace checked below and
 *   replayed by test/traces.test.ts.
 * - by `check` with the protocol's campaign faults (drops, duplicates, crashes), shrunk to a
 *   1-minimal trace no shorter than the shortest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import type { FaultConfig } from '../../engine/faults.js';
import { paxos } from '../../models/paxos/protocol.js';

/** Shortest counterexample length under the default explore configuration, per variant. */
const SHORTEST: Record<string, number> = {
  'accepts-lower-ballot': 14,
  'ignores-promised-values': 14,
  'forgets-promise': 16,
  'same-ballot': 14,
  'seed000-no-prepare': 7,
  'seed002-prepare-overwrites': 25,
  'seed004-empty-max': 2,
};

/** Faults of the npm-test explore run; null: explored in report runs only (see above). */
const EXPLORE_FAULTS: Record<string, Partial<FaultConfig> | null> = {
  'accepts-lower-ballot': { maxCrashes: 0 },
  'ignores-promised-values': { maxCrashes: 0 },
  'forgets-promise': {},
  'same-ballot': { maxCrashes: 0 },
  'seed000-no-prepare': { maxCrashes: 0 },
  'seed002-prepare-overwrites': null,
  'seed004-empty-max': { maxCrashes: 0 },
};

const variants = paxos.impls.filter((i) => i.expect === 'violated');

describe('paxos variants are caught', () => {
  it('every variant has a test configuration', () => {
    expect(variants.map((v) => v.name).sort()).toEqual(Object.keys(SHORTEST).sort());
  });

  const explored = variants.filter((v) => EXPLORE_FAULTS[v.name]);
  it.each(explored.map((v) => [v.name, v] as const))('explore finds %s violating its property, shortest', (name, v) => {
    const r = explore(buildModel(paxos, { impl: name, faults: EXPLORE_FAULTS[name]!, mode: 'explore' }));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe(v.violates);
    expect(r.violation.path.length).toBe(SHORTEST[name]);
  });

  it.each(variants.map((v) => [v.name, v] as const))('the golden trace of %s is a shortest counterexample of its property', (name, v) => {
    const trace = JSON.parse(readFileSync(join(import.meta.dirname, '../../traces/paxos', `${name}.json`), 'utf8'));
    expect(trace.found.engine).toBe('explore');
    expect(trace.violation.property).toBe(v.violates);
    expect(trace.steps.length).toBe(SHORTEST[name]);
  });

  it.each(variants.map((v) => [v.name, v] as const))('check catches %s with drops, duplicates and crashes, shrunk', (name, v) => {
    const model = buildModel(paxos, { impl: name, mode: 'check' });
    const r = check(model, { runs: paxos.check.runs, maxSteps: 40, seed: 42 });
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe(v.violates);
    expect(r.violation.path.length).toBeGreaterThanOrEqual(SHORTEST[name]);
    expect(r.violation.path.length).toBeLessThanOrEqual(r.originalLength!);
  });

  it('an implementation that throws is a No Exception failure naming the node, event and error', () => {
    const r = explore(buildModel(paxos, { impl: 'seed004-empty-max', faults: { maxCrashes: 0 } }));
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.message).toMatch(/^a\d threw while handling \{.*"type":"Proposal".*\}: ValueError: max\(\) arg is an empty sequence$/);
  });
});
