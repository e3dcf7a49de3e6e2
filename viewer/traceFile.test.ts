/**
 * Trace files are validated against the versioned schema before anything is rendered: a
 * truncated, foreign, newer-version or malformed file is a UsageError naming the field and what
 * was expected, and `distcheck show` exits 2 with that message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../engine/errors.js';
import { parseTrace } from '../engine/trace.js';
import { show } from '../cli/show.js';

const root = join(import.meta.dirname, '..');
const good = readFileSync(join(root, 'viewer/fixtures/twophase-faults.json'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'distcheck-trace-'));

function edited(edit: (t: any) => void): string {
  const t = JSON.parse(good);
  edit(t);
  return JSON.stringify(t);
}

/** [name, file text, what the error must say] */
const BAD: [string, string, RegExp][] = [
  ['truncated', good.slice(0, Math.floor(good.length / 2)), /not valid JSON.*"format": "distcheck\.trace\/1"/],
  ['empty', '', /not valid JSON/],
  ['an array', '[1, 2]', /expected a JSON object .*got an array/],
  ['foreign JSON', '{"name": "my-package", "version": "1.0.0"}', /field "format" is undefined; expected "distcheck\.trace\/1" \(is this a distcheck trace\?\)/],
  ['another format', edited((t) => { t.format = 'tlc.trace/1'; }), /field "format" is "tlc\.trace\/1"; expected "distcheck\.trace\/1"/],
  ['a newer version', edited((t) => { t.format = 'distcheck.trace/2'; }), /field "format" is "distcheck\.trace\/2", a newer trace version .*expected "distcheck\.trace\/1"/],
  ['no steps', edited((t) => { delete t.steps; }), /field "steps": .*expected array/i],
  ['a bad fingerprint', edited((t) => { t.steps[2].fingerprint = 'xyz'; }), /field "steps\.2\.fingerprint"/],
  ['a bad node view', edited((t) => { t.initial.state.nodes.tm.crashed = 'no'; }), /field "initial\.state\.nodes\.tm\.crashed": .*expected boolean/i],
  ['misnumbered steps', edited((t) => { t.steps[3].index = 9; }), /field "steps\.3\.index" is 9; expected 4/],
  ['a violation before the end', edited((t) => { t.violation.step = 3; }), /field "violation\.step" is 3; expected 16, the last step/],
  ['an unknown engine', edited((t) => { t.found.engine = 'tlc'; }), /field "found\.engine"/],
];

describe('trace files are validated against the versioned schema', () => {
  it('the stored fixture is valid', () => {
    expect(parseTrace(good).steps.length).toBe(16);
  });

  for (const [name, text, expected] of BAD) {
    it(`rejects ${name} with the field and what was expected`, () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, text);
      let error: unknown;
      try {
        show(file, 'text');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).toContain(file);
    });
  }

  it('show names a missing file and an unknown format', () => {
    expect(() => show(join(dir, 'nope.json'), 'text')).toThrow(/cannot read trace file .*nope\.json: ENOENT/);
    expect(() => show(join(root, 'viewer/fixtures/twophase-faults.json'), 'svg' as never)).toThrow(UsageError);
  });

  it('distcheck show exits 2 with the message on stderr', () => {
    const file = join(dir, 'newer.json');
    writeFileSync(file, edited((t) => { t.format = 'distcheck.trace/2'; }));
    const r = spawnSync(process.execPath, [join(root, 'cli/bin.mjs'), 'show', file, '--format', 'html'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/field "format" is "distcheck\.trace\/2", a newer trace version/);
    expect(r.stdout).toBe('');
  });
});
