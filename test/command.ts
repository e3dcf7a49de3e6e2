/** Running the project's commands from tests, and judging how they fail on bad input. */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` (this Node) and collects its exit code and output. */
export function runNode(args: string[], cwd?: string): Ran {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Bad input as the project promises to meet it: exit code 2, a clear message, no stack trace. */
export function expectCleanError(r: Ran, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
