import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RUN = join(import.meta.dirname, '..', 'bench', 'run.ts');
function bench(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run bench (arguments)', () => {
  it.each([
    [['--repeat', 'x'], /--repeat takes a positive whole number, got 'x'/],
    [['--frobnicate'], /unknown argument '--frobnicate'; valid: --quick, --repeat N, --only TEXT/],
    [['--only'], /--only takes the text/],
    [['--only', 'nope'], /no row's command line contains 'nope'; the rows:\n {2}twophase rms=3\n/],
  ])('bad arguments %j: clear error, exit 2', (args, message) => {
    const r = bench(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--only keeps the rows whose command line contains the text', () => {
    const r = bench('--only', ' twophase rms=3 ');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^twophase\s+rms=3 set\s+288\s+761\s/);
  });
});
