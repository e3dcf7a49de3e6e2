import { cpus } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanError, runNode } from './command.js';
import { allowedCores, coreSpeeds, coreSpeedsLine, parseCpuList, type ProbeRun } from '../bench/cores.js';

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

  it('with --repeat, gives the 2-worker speedup of the median times and of each pass', () => {
    const r = bench('--only', ' twophase rms=6 ', '--repeat', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^twophase \(2 workers\)\s+rms=6 set\s+50,816\s+256,001\s/m);
    expect(r.stdout).toMatch(/^twophase rms=6: 2 workers \d+\.\d\d× as fast as 1 thread \(median times\); per pass \d+\.\d\d× \(\d+\.\d\d–\d+\.\d\d×\)$/m);
  });

  it("has a row of two independent one-thread searches at once, with one search's counts", () => {
    const r = bench('--only', ' twophase rms=7 ', '--only', 'at once');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[2]).toMatch(/^twophase \(2 at once\)\s+rms=7 set\s+296,448\s+1,735,809\s/);
    expect(r.stderr.match(/twophase rms=7 \(2 at once\): 296448 distinct/g)).toHaveLength(1);
    // Without the one-thread row, no throughput line: then the cores' speeds, before and after.
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^cores before the table: (core 0 \d+ ms, core 1 \d+ ms|not measured \(.+\)) \(3·10⁷ random reads/);
    expect(lines[4]).toMatch(/^cores after the table: /);
  });

  it('a table without parallel rows measures no core', () => {
    const r = bench('--only', ' twophase rms=3 ');
    expect(r.stdout).not.toMatch(/^cores /m);
    expect(r.stderr).not.toMatch(/cores before/);
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
