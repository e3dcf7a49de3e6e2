import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanError, runNode } from './command.js';

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
    expect(lines).toHaveLength(3); // without the one-thread row, no throughput line
  });
});
