import { cpus } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanError, runNode } from './command.js';
import { allowedCores, coreSpeeds, coreSpeedsLine, coresAroundLine, coresEqual, parseCpuList, type ProbeRun } from '../bench/cores.js';
import { handoffLine, splitAtHandoff, timeToReach, type HandoffPass } from '../bench/handoff.js';

const RUN = join(import.meta.dirname, '..', 'bench', 'run.ts');
function bench(...args: string[]) {
  return runNode(['--import', 'tsx', RUN, ...args]);
}

describe('npm run bench (arguments)', () => {
  it.each([
    [['--repeat', 'x'], /--repeat takes a positive whole number, got 'x'/],
    [['--frobnicate'], /unknown argument '--frobnicate'; valid: --quick, --repeat N, --only TEXT/],
    [['--only'], /--only takes the text/],
    [['--only', 'nope'], /no row's command line contains 'nope'; the rows:\n {2}twophase rms=3\n/],
  ])('bad arguments %j: clear error, exit 2', (args, message) => {
    expectCleanError(bench(...args), message);
  });

  it('--only keeps the rows whose command line contains the text', () => {
    const r = bench('--only', ' twophase rms=3 ');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^twophase\s+rms=3 set\s+288\s+761\s/);
  });

  it('with --repeat, gives the 2-worker speedup of the median times and of each pass, and the handoff line', () => {
    const r = bench('--only', ' twophase rms=6 ', '--repeat', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^twophase \(2 workers\)\s+rms=6 set\s+50,816\s+256,001\s/m);
    // Then the same over the passes whose cores were equal, where taskset could measure them.
    expect(r.stdout).toMatch(
      /^twophase rms=6: 2 workers \d+\.\d\d× as fast as 1 thread \(median times\); per pass \d+\.\d\d× \(\d+\.\d\d–\d+\.\d\d×\)(; with equal cores \([12] of 2 passes\) \d+\.\d\d× \(\d+\.\d\d–\d+\.\d\d×\)|; the cores were unequal in all 2 passes)?$/m,
    );
    // The same from each process's start (Node's start-up, loading, the workers' start).
    expect(r.stdout).toMatch(
      /^twophase rms=6: from each process's start, 2 workers \d+\.\d\d× as fast as 1 thread \(median times \d+\.\d\d s and \d+\.\d\d s\); per pass \d+\.\d\d× \(\d+\.\d\d–\d+\.\d\d×\)/m,
    );
    expect(r.stdout).toMatch(/^cores around the twophase rms=6 runs (\(ms, core \d+\/core \d+, before → after\): pass 1 \d+\/\d+ → \d+\/\d+( \(unequal\))?, pass 2 |: not measured)/m);
    // The one-thread and 2-worker runs of a pass follow each other, between the two probes, and
    // then one thread's trajectory run for the handoff line.
    const order = r.stderr.split('\n').filter((l) => /pass 1\/2|cores (before|after)/.test(l)).slice(0, 5).map((l) => l.slice(0, l.indexOf(': ', 'bench: '.length)));
    expect(order).toEqual([
      'bench: cores before the twophase rms=6 runs', 'bench: pass 1/2 twophase rms=6', 'bench: pass 1/2 twophase rms=6 --workers 2',
      'bench: pass 1/2 twophase rms=6 --trajectory', 'bench: cores after the twophase rms=6 runs',
    ]);
    // At 6 RMs the search usually ends before the handoff, but on a loaded machine the rule
    // that hands over slow states may fire: either line, in full.
    expect(r.stdout).toMatch(
      /^twophase rms=6: 2 workers (never handed over: the search ended in this thread before the worker was needed|handed over at \d+ ms .+ as fast as 1 thread.+)$/m,
    );
  });

  it('has a search that ends in a violation, one thread and two workers, and what the threads\' second search took', () => {
    const r = bench('--only', 'majority-commit');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^twophase-net majority-commit \[violated\]\s+rms=4 multiset\s+1,392,070\s+6,651,721\s/m);
    expect(r.stdout).toMatch(/^twophase-net majority-commit \(2 workers\) \[violated\]\s+rms=4 multiset\s+1,392,070\s+6,651,721\s/m);
    expect(r.stdout).toMatch(
      /^twophase-net majority-commit rms=4 multiset: 2 workers \d+\.\d\d× as fast as 1 thread \(median times\); the threads' second search \d+\.\d\d s, depth-first, 21,069 states expanded, a worker judging the last level$/m,
    );
  });

  it("has a row of two independent one-thread searches at once, with one search's counts", () => {
    const r = bench('--only', ' twophase rms=7 ', '--only', 'at once');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[2]).toMatch(/^twophase \(2 at once\)\s+rms=7 set\s+296,448\s+1,735,809\s/);
    expect(r.stderr.match(/twophase rms=7 \(2 at once\): 296448 distinct/g)).toHaveLength(1);
    // Without the one-thread row, no throughput line: then the cores' speeds, before and after.
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^cores around the twophase rms=7 runs( \(ms, core 0\/core 1, before → after\): \d+\/\d+ → \d+\/\d+( \(unequal\))? \(3·10⁷ random reads|: not measured \(.+\))/);
  });

  it('a table without parallel rows measures no core', () => {
    const r = bench('--only', ' twophase rms=3 ');
    expect(r.stdout).not.toMatch(/^cores /m);
    expect(r.stderr).not.toMatch(/cores (before|after)/);
  });
});

const MEASURE = join(import.meta.dirname, '..', 'bench', 'measure.ts');
function measure(...args: string[]): Record<string, any> {
  const r = runNode(['--import', 'tsx/esm', MEASURE, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('bench/measure.ts (what the handoff line is made of)', () => {
  it("gives the search's seconds and the process's, which include Node's start-up and loading", () => {
    const m = measure('twophase', 'rms=5');
    expect(m.seconds).toBeGreaterThan(0);
    expect(m.processSeconds).toBeGreaterThan(m.seconds);
  });

  it('--trajectory: ms from the start and distinct states seen, both rising, up to the search\'s count', () => {
    const m = measure('twophase', 'rms=6', '--trajectory');
    const t = m.trajectory as number[];
    expect(t.length % 2).toBe(0);
    expect(t.length).toBeGreaterThanOrEqual(4);
    for (let i = 2; i < t.length; i += 2) {
      expect(t[i]).toBeGreaterThan(t[i - 2]);
      expect(t[i + 1]).toBeGreaterThanOrEqual(t[i - 1]);
    }
    expect(t[0]).toBeGreaterThan(0);
    expect(t[t.length - 1]).toBeLessThanOrEqual(m.distinct);
    expect(t[t.length - 2]).toBeLessThanOrEqual(m.seconds * 1000);
    expect(m).not.toHaveProperty('handoff');
  });

  it('--workers: when this thread handed over and the states it had seen, or null when it never did', () => {
    const forced = measure('twophase', 'rms=5', '--workers', '2', '--handoff-at', '1000');
    expect(forced.distinct).toBe(8832);
    expect(forced.handoff.ms).toBeGreaterThan(0);
    expect(forced.handoff.ms).toBeLessThan(forced.seconds * 1000);
    expect(forced.handoff.distinct).toBeGreaterThanOrEqual(1000);
    expect(forced.handoff.distinct).toBeLessThan(8832);
    // 288 states: never enough waiting for a handoff.
    expect(measure('twophase', 'rms=3', '--workers', '2').handoff).toBeNull();
  });
});

describe('bench/handoff.ts (a 2-worker search split at its handoff)', () => {
  it('finds when a trajectory reached a count, between its points and from (0, 0) before the first', () => {
    const t = [10, 100, 20, 300, 30, 300, 40, 700];
    expect(timeToReach(t, 50)).toBe(5);
    expect(timeToReach(t, 100)).toBe(10);
    expect(timeToReach(t, 200)).toBe(15);
    expect(timeToReach(t, 300)).toBe(20);
    expect(timeToReach(t, 500)).toBe(35);
    expect(timeToReach(t, 701)).toBeNull();
    expect(timeToReach([], 1)).toBeNull();
  });

  const pass1: HandoffPass = { oneSeconds: 2.4, trajectory: [100, 10000, 200, 50000, 300, 90000], twoSeconds: 1.5, handoff: { ms: 275, distinct: 70000 } };
  const pass2: HandoffPass = { oneSeconds: 2.0, trajectory: [100, 40000, 200, 80000], twoSeconds: 1.3, handoff: { ms: 300, distinct: 60000 } };

  it('splits a pass: one thread reached the handoff\'s states at 250 ms, and 2,150 ms of its work took 1,225 ms after', () => {
    const s = splitAtHandoff(pass1, 1.6)!;
    expect(s.handoffMs).toBe(275);
    expect(s.oneThreadMs).toBe(250);
    expect(s.speedupAfter).toBeCloseTo(2150 / 1225, 12);
    // The 2-worker time is exactly 2.4 s / 1.6 here, so the speedup needed is the one it had.
    expect(s.needed).toBeCloseTo(s.speedupAfter, 12);
    expect(splitAtHandoff({ ...pass1, twoSeconds: 1.6 }, 1.6)!.needed).toBeCloseTo(2150 / 1225, 12);
    // A handoff later than the whole target time: no speedup after it would do.
    expect(splitAtHandoff({ ...pass1, handoff: { ms: 1600, distinct: 70000 } }, 1.6)!.needed).toBe(Infinity);
    expect(splitAtHandoff({ ...pass1, handoff: null }, 1.6)).toBeNull();
    expect(splitAtHandoff({ ...pass1, handoff: { ms: 275, distinct: 90001 } }, 1.6)).toBeNull();
  });

  it('gives the median of each figure over the passes, with its range', () => {
    // pass2: one thread at 150 ms, 1,850 ms of its work in 1,000 ms, 1.95× needed.
    expect(handoffLine('twophase rms=8', [pass1, pass2])).toBe(
      'twophase rms=8: 2 workers handed over at 275 ms (275–300 ms), 25 ms after 1 thread had seen as many states (25–150 ms); ' +
        'after the handoff 1.76× as fast as 1 thread (1.76–1.85×); 1.6× overall needs 1.76× there',
    );
    expect(handoffLine('twophase rms=8', [pass2])).toBe(
      'twophase rms=8: 2 workers handed over at 300 ms, 150 ms after 1 thread had seen as many states; after the handoff 1.85× as fast as 1 thread; 1.6× overall needs 1.95× there',
    );
  });

  it('says when a search never handed over, in every pass or in some', () => {
    const never = { ...pass1, handoff: null };
    expect(handoffLine('twophase rms=6', [never, never])).toBe('twophase rms=6: 2 workers never handed over: the search ended in this thread before the worker was needed');
    expect(handoffLine('twophase rms=7', [pass2, never])).toMatch(/^twophase rms=7: 2 workers handed over at 300 ms, .+ \(from 1 of 2 passes; 1 never handed over\)$/);
    expect(handoffLine('twophase rms=7', [{ ...pass1, trajectory: [] }])).toBe('twophase rms=7: 2 workers handed over, but the one-thread trajectory stops short of that point');
  });
});

describe("bench/cores.ts (each core's speed)", () => {
  const ok = (ms: number): ProbeRun => ({ status: 0, stdout: `${ms} 1`, stderr: '' });

  it('gives each core its probe time, probing the cores in order', () => {
    const probed: number[] = [];
    expect(coreSpeeds([0, 2, 3], (core) => (probed.push(core), ok(400 + core)))).toEqual([
      { core: 0, ms: 400 },
      { core: 2, ms: 402 },
      { core: 3, ms: 403 },
    ]);
    expect(probed).toEqual([0, 2, 3]);
    expect(coreSpeedsLine('before pass 2', [{ core: 0, ms: 412 }, { core: 1, ms: 605 }])).toBe('cores before pass 2: core 0 412 ms, core 1 605 ms (3·10⁷ random reads from 32 MB, one process pinned to each core)');
  });

  it('probes the cores the process may run on (a container may allow only some)', () => {
    expect(parseCpuList('0-1,4,6-7')).toEqual([0, 1, 4, 6, 7]);
    expect(parseCpuList('3')).toEqual([3]);
    expect(parseCpuList('0-1,x')).toEqual([]);
    expect(allowedCores('Name:\tnode\nCpus_allowed_list:\t2-3\nMems_allowed:\t1\n')).toEqual([2, 3]);
    expect(allowedCores('Cpus_allowed_list:\t0-63\n')).toHaveLength(8);
    // No such line (not Linux): cores 0 to cpus() - 1.
    expect(allowedCores('')).toEqual(Array.from({ length: Math.min(cpus().length, 8) }, (_, i) => i));
  });

  it('says why when a core cannot be measured, never a made-up figure', () => {
    const missing: ProbeRun = { error: { code: 'ENOENT', message: 'spawnSync taskset ENOENT' }, status: null, stdout: '', stderr: '' };
    expect(coreSpeeds([0, 1], () => missing)).toBe('not measured (no taskset command: it comes with util-linux)');
    const refused: ProbeRun = { status: 1, stdout: '', stderr: 'taskset: failed to set pid 0\'s affinity: Invalid argument' };
    expect(coreSpeeds([0, 1], (core) => (core === 0 ? ok(400) : refused))).toBe("not measured (taskset -c 1: taskset: failed to set pid 0's affinity: Invalid argument)");
    expect(coreSpeeds([0], () => ({ status: 0, stdout: 'garbage', stderr: '' }))).toBe("not measured (taskset -c 0: exit code 0, output 'garbage')");
    expect(coreSpeedsLine('after the table', 'not measured (x)')).toMatch(/^cores after the table: not measured \(x\) /);
  });

  it('counts the cores equal around a pass when both probes have the slowest within 25% of the fastest', () => {
    const speeds = (a: number, b: number) => [{ core: 0, ms: a }, { core: 1, ms: b }];
    expect(coresEqual({ before: speeds(400, 500), after: speeds(420, 410) })).toBe(true);
    expect(coresEqual({ before: speeds(400, 501), after: speeds(420, 410) })).toBe(false);
    expect(coresEqual({ before: speeds(400, 410), after: speeds(877, 422) })).toBe(false);
    expect(coresEqual({ before: speeds(400, 410), after: 'not measured (x)' })).toBeUndefined();
    expect(coresAroundLine('twophase rms=8', [{ before: speeds(422, 877), after: speeds(430, 418) }, { before: speeds(401, 399), after: speeds(405, 410) }])).toBe(
      'cores around the twophase rms=8 runs (ms, core 0/core 1, before → after): pass 1 422/877 → 430/418 (unequal), pass 2 401/399 → 405/410 (3·10⁷ random reads from 32 MB, one process pinned to each core; unequal: the slowest over 1.25× the fastest)',
    );
    expect(coresAroundLine('twophase rms=8', [{ before: speeds(401, 399), after: 'not measured (no taskset command: it comes with util-linux)' }])).toBe(
      'cores around the twophase rms=8 runs: not measured (no taskset command: it comes with util-linux)',
    );
  });

  it('measures this machine: a time for the first core it may run on (where taskset exists)', () => {
    const first = allowedCores()[0];
    const speeds = coreSpeeds([first]);
    if (typeof speeds === 'string') {
      expect(speeds).toMatch(/^not measured \(no taskset command/);
      return;
    }
    expect(speeds).toEqual([{ core: first, ms: expect.any(Number) }]);
    expect(speeds[0].ms).toBeGreaterThan(0);
  });
});
