import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { check } from '../../engine/check.js';
import { replayOn } from '../../engine/replay.js';
import { buildTrace } from '../../engine/trace.js';
import { canonical } from '../../engine/canonical.js';
import { twophase } from '../../models/twophase/protocol.js';
import { buggyTwophase, throwingTwophase } from './fixtures.js';

const faulty = { network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxCrashes: 1, maxPartitions: 1 } } as const;

describe('check campaigns', () => {
  it('catch the bug, shrink it to a 1-minimal trace, and record seed and path', () => {
    const model = buildModel(buggyTwophase, { ...faulty, mode: 'check' });
    const r = check(model, { runs: 300, maxSteps: 40, seed: 7 });
    expect(r.verdict).toBe('violated');
    if (r.verdict !== 'violated') return;
    expect(r.violation.property).toBe('TCConsistent');
    expect(r.seed).toBe(7);
    expect(r.fcPath).toMatch(/^\d+(:\d+)*$/);
    expect(r.violation.path.length).toBeLessThanOrEqual(r.shrunkLength!);
    // 1-minimal: removing any single step loses the violation.
    const trace = buildTrace(model, r.violation, { engine: 'check' });
    expect(replayOn(model, trace).verdict).toBe('violated');
    for (let i = 0; i < trace.steps.length; i++) {
      const shorter = { ...trace, steps: trace.steps.filter((_, j) => j !== i).map((s, j) => ({ ...s, index: j + 1 })) };
      expect(replayOn(model, shorter).verdict, `without step ${i + 1}`).not.toBe('violated');
    }
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const run = () => {
      const model = buildModel(buggyTwophase, { ...faulty, mode: 'check' });
      const r = check(model, { runs: 200, maxSteps: 40, seed: 1234 });
      return r.verdict === 'violated' ? canonical(buildTrace(model, r.violation, { engine: 'check' })) : r.verdict;
    };
    expect(run()).toBe(run());
  });

  it('replays a campaign failure from its seed and fast-check path', () => {
    const model = buildModel(buggyTwophase, { ...faulty, mode: 'check' });
    const first = check(model, { runs: 300, maxSteps: 40, seed: 99 });
    if (first.verdict !== 'violated') throw new Error('expected a violation');
    const again = check(buildModel(buggyTwophase, { ...faulty, mode: 'check' }), { runs: 300, maxSteps: 40, seed: 99, path: first.fcPath });
    expect(again.verdict).toBe('violated');
    if (again.verdict === 'violated') expect(again.violation).toEqual(first.violation);
  });

  it('reports the throwing implementation as a No Exception violation', () => {
    const r = check(buildModel(throwingTwophase, { impl: 'throws', mode: 'check' }), { runs: 300, maxSteps: 40, seed: 3 });
    expect(r.verdict).toBe('violated');
    if (r.verdict === 'violated') expect(r.violation.property).toBe('No Exception');
  });

  it('passes the correct TwoPhase under faults, having witnessed both outcomes', () => {
    const r = check(buildModel(twophase, { ...faulty, mode: 'check' }), { runs: 300, maxSteps: 40, seed: 5 });
    expect(r.verdict).toBe('ok');
    expect(r.witnessed).toEqual({ 'Some RM commits': true, 'Some RM aborts': true });
    expect(r.runs).toBe(300);
  });
});
