import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanError, runNode } from './command.js';
import { STUDENT_RM } from './studentRm.js';
import { faultsText, fmt, threadsText } from '../cli/report.js';

const BIN = join(import.meta.dirname, '..', 'cli', 'bin.mjs');
function distcheck(...args: string[]) {
  return runNode([BIN, ...args], mkdtempSync(join(tmpdir(), 'dc-cli-')));
}

describe('distcheck command line', () => {
  it('list --json names every implementation with its kind', () => {
    const r = distcheck('list', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { protocol: string; impls: { name: string; kind: string }[]; properties: string[]; params: unknown[] }[];
    expect(list.map((p) => p.protocol)).toContain('twophase');
    for (const p of list) {
      expect(p.impls.some((i) => i.kind === 'model')).toBe(true);
      for (const i of p.impls) expect(['model', 'reference', 'bug', 'seed']).toContain(i.kind);
      expect(p.properties.length).toBeGreaterThan(0);
    }
  });

  it("list gives a variant's own bounds, and explore's where they differ", () => {
    const raft = (JSON.parse(distcheck('list', '--json').stdout) as { protocol: string; impls: { name: string }[] }[]).find((p) => p.protocol === 'raft')!;
    expect(raft.impls.find((i) => i.name === 'figure8')).toMatchObject({ params: { nodes: 3, maxTerm: 12 }, explore: { params: { maxTerm: 4, passive: 1 }, faults: { maxCrashes: 0 } } });
    expect(raft.impls.find((i) => i.name === 'reference')).not.toHaveProperty('params');
    const text = distcheck('list').stdout;
    expect(text).toMatch(/^ {4}figure8: nodes=3 maxTerm=12; explore: maxTerm=4 passive=1 maxCrashes=0$/m);
    expect(text).toMatch(/^ {4}no-prev-check: nodes=3 maxLogLength=2$/m);
  });

  it('explore --json prints the verdict and counts; exit 0 when ok', () => {
    const r = distcheck('explore', 'twophase', '--param', 'rms=3', '--network', 'set', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ verdict: 'ok', protocol: 'twophase', impl: 'model', params: { rms: 3 }, distinctStates: 288, depth: 10 });
    // The process's peak resident memory: a Node process with the explorer loaded takes tens of MB.
    expect(out.peakRssMB).toBeGreaterThan(20);
    expect(out.peakRssMB).toBeLessThan(2000);
  });

  it('explore reports the peak memory of the search (the whole process) after its counts', () => {
    const r = distcheck('explore', 'twophase', '--param', 'rms=3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^288 distinct states, 761 generated, depth 10, [\d.]+ s, peak memory [\d,]+ MB$/m);
  });

  it('explore --symmetry keeps one state per orbit of interchangeable RMs', () => {
    const r = distcheck('explore', 'twophase', '--param', 'rms=4', '--symmetry', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', symmetry: true, distinctStates: 166 });
  });

  it('a bounded explore is unknown: exit 3', () => {
    const r = distcheck('explore', 'twophase', '--max-depth', '2', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'unknown' });
  });

  it.each([
    [['explore', 'nope'], /unknown protocol 'nope'; valid: .*twophase/],
    [['explore', 'twophase', '--impl', 'nope'], /unknown implementation 'nope' of twophase; valid: model/],
    [['explore', 'twophase', '--param', 'rms=0'], /rms=0 is out of range .* from 1 to 12/],
    [['explore', 'twophase', '--param', 'acceptors=3'], /unknown parameter 'acceptors' for twophase; valid: rms/],
    [['explore', 'twophase', '--param', 'rms'], /expected key=integer/],
    [['explore', 'twophase', '--network', 'tcp'], /Allowed choices are set, multiset, fifo/],
    [['explore', 'twophase', '--frobnicate'], /unknown option '--frobnicate'/],
    [['replay', 'no-such-file.json'], /cannot read trace file no-such-file\.json/],
    [['explore', 'twophase', '--impl', './missing.ts'], /no such file/],
    [['explore', 'twophase-net', '--symmetry'], /twophase-net declares no interchangeable nodes/],
    [['explore', 'twophase', '--workers', '0'], /--workers <n>' argument '0' is invalid\. expected a positive integer or 'auto' \(one per core\), got '0'/],
    [['explore', 'twophase', '--workers', 'all'], /expected a positive integer or 'auto' \(one per core\), got 'all'/],
    [['explore', 'twophase', '--workers', '1000'], /--workers <n>' argument '1000' is invalid\. expected at most \d+ threads \(each costs about 7 MB and its own start-up; this machine has \d+ cores?, 'auto' uses them all\), got '1000'/],
  ])('bad input %j: clear error, exit 2, no stack trace', (args, message) => {
    expectCleanError(distcheck(...args), message);
  });

  it('checks a user module given by path, writes a trace, and replays it to the same violation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-student-'));
    const mod = join(dir, 'student-rm.ts');
    writeFileSync(mod, STUDENT_RM);
    const out = join(dir, 'found.json');
    const r = distcheck('explore', 'twophase', '--impl', mod, '--out', out, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ verdict: 'violated', violation: { property: 'TCConsistent', traceFile: out } });
    expect(JSON.parse(readFileSync(out, 'utf8')).impl).toBe(mod);
    const replay = distcheck('replay', out, '--step');
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`reproduced: ${report.violation.message}`);
    expect(replay.stdout).toMatch(/^\s+0\s+initial state$/m);
    expect(replay.stdout).toMatch(/^\s+\*?\s*rm\d\s+state=(prepared|committed|aborted)/m);
  });

  it('explores a user module given by path on worker threads (which load it without tsx preloaded)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-student-'));
    const mod = join(dir, 'student-rm.ts');
    writeFileSync(mod, STUDENT_RM);
    const one = JSON.parse(distcheck('explore', 'twophase', '--impl', mod, '--param', 'rms=3', '--json').stdout);
    const r = distcheck('explore', 'twophase', '--impl', mod, '--param', 'rms=3', '--workers', '2', '--json');
    expect(r.code).toBe(1);
    const two = JSON.parse(r.stdout);
    expect(two).toMatchObject({ verdict: 'violated', workers: 2, violation: { property: 'TCConsistent' } });
    expect(two.depth).toBe(one.depth);
    expect(two.violation.length).toBe(one.violation.length);
  });

  it('with --workers, says at once when the threads found a violation, then gives the sequential counterexample', () => {
    // 3.5 s on one thread: the early worker is ready, and the search handed over, long before.
    const r = distcheck('explore', 'twophase-net', '--impl', 'majority-commit', '--param', 'rms=4', '--workers', '2', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    // One thread's counts and counterexample at its violation (test/engine/parallel.test.ts
    // compares the paths).
    expect(out).toMatchObject({ verdict: 'violated', workers: 2, distinctStates: 1_392_070, generatedStates: 6_651_721, depth: 10, violation: { length: 10 } });
    expect(out.rerun.foundMs).toBeGreaterThan(out.handoff.ms);
    expect(out.rerun.foundMs + out.rerun.rerunMs).toBe(out.durationMs);
    // Depth-first over the threads' levels, expanding part of the 1.4 million states seen.
    expect(out.rerun.depthFirst).toBe(true);
    expect(out.rerun.expanded).toBeGreaterThan(0);
    expect(out.rerun.expanded).toBeLessThan(out.distinctStates);
    // The worker judged the last level while this thread searched the levels before.
    expect(out.rerun.judgedByWorker).toBe(true);
    expect(r.stderr).toMatch(/explore: the threads found a state violating '[^']+' at depth 10 \([\d.]+ s\); searching again for the shortest counterexample one thread finds\n/);
  });

  it('explores ring-placement on worker threads too, with one thread\'s verdict, counts and counterexample', () => {
    // States of milliseconds each (a placement of 2,000 keys): the search hands over within its
    // first levels (when is up to the clock; test/engine/parallel.test.ts forces it).
    for (const [impl, nodes] of [['model', 5], ['ring-ignores-vnodes', 6]]) {
      const args = ['explore', 'ring-placement', '--impl', `${impl}`, '--param', `nodes=${nodes}`, '--param', 'keys=2000', '--json'];
      const one = distcheck(...args);
      const two = distcheck(...args, '--workers', '2');
      expect(two.code).toBe(one.code);
      const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
      expect(b).toMatchObject({ verdict: a.verdict, workers: 2, distinctStates: a.distinctStates, generatedStates: a.generatedStates, depth: a.depth });
      expect(b.violation?.length).toBe(a.violation?.length);
      expect(b.violation?.property).toBe(a.violation?.property);
    }
  });

  it('says so when --workers asks for more threads than the machine has cores, and still gives the same counts', () => {
    const cores = availableParallelism();
    const r = distcheck('explore', 'twophase', '--param', 'rms=3', '--workers', String(cores + 1), '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`--workers ${cores + 1} on a machine with ${cores} core`);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', workers: cores + 1, distinctStates: 288, generatedStates: 761 });
    const fits = distcheck('explore', 'twophase', '--param', 'rms=3', '--workers', String(cores), '--json');
    expect(fits.stderr).not.toContain('on a machine with');
  });

  it("--workers auto: one thread per core this process may use, with no note about too many", () => {
    const r = distcheck('explore', 'twophase', '--param', 'rms=3', '--workers', 'auto', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', workers: availableParallelism(), distinctStates: 288, generatedStates: 761 });
    expect(r.stderr).not.toContain('on a machine with');
  });

  it('says whether the worker threads took part: a search of 288 states ends before any is needed', () => {
    const r = distcheck('explore', 'twophase', '--param', 'rms=3', '--workers', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^threads: 1; the search ended before the worker was needed$/m);
    expect(JSON.parse(distcheck('explore', 'twophase', '--param', 'rms=3', '--workers', '2', '--json').stdout)).toMatchObject({ workers: 2, handoff: null, rerun: null });
    // One thread: no such line or field.
    const one = distcheck('explore', 'twophase', '--param', 'rms=3');
    expect(one.stdout).not.toMatch(/^threads:/m);
    expect(JSON.parse(distcheck('explore', 'twophase', '--param', 'rms=3', '--json').stdout)).not.toHaveProperty('handoff');
  });

  it('loads zod only to read a trace and fast-check only to run a campaign (they took 60-100 ms of every start)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-load-'));
    /** The packages `distcheck ...args` loaded by name (test/packagesLoaded.cjs logs them). */
    const packages = (...args: string[]): Set<string> => {
      const log = join(dir, `log-${args[0]}`);
      writeFileSync(log, '');
      const r = spawnSync(process.execPath, ['--require', join(import.meta.dirname, 'packagesLoaded.cjs'), BIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, DISTCHECK_LOAD_LOG: log } });
      expect(r.status, r.stderr).toBe(0);
      return new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[1]));
    };
    const explore = packages('explore', 'twophase', '--param', 'rms=3');
    expect(explore).toContain('commander');
    expect(explore).not.toContain('zod');
    expect(explore).not.toContain('fast-check');
    const trace = join(import.meta.dirname, '..', 'traces', 'ring-placement', 'ring-no-wrap.json');
    expect(packages('show', trace, '--format', 'text')).toContain('zod');
    const check = packages('check', 'twophase');
    expect(check).toContain('fast-check');
    expect(check).not.toContain('zod');
  });

  it('check on one protocol prints seed and verdict', () => {
    const r = distcheck('check', 'twophase', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'ok', seed: 42, runs: 300, witnessed: { 'Some RM commits': true, 'Some RM aborts': true } });
  });
});

describe('threadsText (whether --workers threads took part)', () => {
  it('gives where this thread handed over, or that it never did', () => {
    expect(threadsText(2, { depth: 6, distinct: 57316, ms: 287 })).toBe('threads: 1 to depth 6 (57,316 states, 0.29 s), then 2');
    expect(threadsText(3, { depth: 0, distinct: 1, ms: 40 })).toBe('threads: 1 to depth 0 (1 state, 0.04 s), then 3');
    expect(threadsText(2, null)).toBe('threads: 1; the search ended before the worker was needed');
    expect(threadsText(4, null)).toBe('threads: 1; the search ended before the workers were needed');
  });

  it('says when the threads found a violation and how long the search again by one thread took, and how it searched', () => {
    expect(threadsText(2, { depth: 10, distinct: 31873, ms: 490 }, { foundMs: 15_300, rerunMs: 2_700, depthFirst: true, expanded: 5_000, judgedByWorker: false })).toBe(
      'threads: 1 to depth 10 (31,873 states, 0.49 s), then 2 to a violation (15.3 s), then 1 depth-first over their levels for the shortest counterexample one thread finds (2.70 s)',
    );
    expect(threadsText(2, { depth: 10, distinct: 31873, ms: 490 }, { foundMs: 15_300, rerunMs: 2_700, depthFirst: true, expanded: 5_000, judgedByWorker: true })).toBe(
      'threads: 1 to depth 10 (31,873 states, 0.49 s), then 2 to a violation (15.3 s), then 1 depth-first over their levels, a worker judging the last, for the shortest counterexample one thread finds (2.70 s)',
    );
    expect(threadsText(2, { depth: 10, distinct: 31873, ms: 490 }, { foundMs: 15_300, rerunMs: 29_700, depthFirst: false, expanded: null, judgedByWorker: false })).toBe(
      'threads: 1 to depth 10 (31,873 states, 0.49 s), then 2 to a violation (15.3 s), then 1 again from the start for the shortest counterexample one thread finds (29.7 s)',
    );
  });
});

describe('fmt (counts in reports)', () => {
  it("writes numbers as toLocaleString('en-US') does, without loading Intl", () => {
    const numbers = [0, 7, 288, 1568, 17915, 185369, 1745408, 11657217, 10340352, 77616641, 9007199254740991, -1234, 1.5, 1234.5678, 999.9999, 0.0004, -0.5];
    for (let k = 1; k < 16; k++) numbers.push(10 ** k - 1, 10 ** k, 3 * 10 ** k + 14);
    for (const n of numbers) expect(fmt(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('faultsText (the header line of explore and check)', () => {
  it('names the network and the fault bounds, and no network for a spec model without one', () => {
    expect(faultsText({ network: 'set' })).toBe('network set, no faults');
    expect(faultsText({ network: 'multiset', maxDrops: 1, maxDuplicates: 0, maxCrashes: 2 })).toBe('network multiset, maxDrops=1 maxCrashes=2');
    expect(faultsText({})).toBe('no faults');
    expect(distcheck('explore', 'ring-placement').stdout).toMatch(/^explore ring-placement --impl model: .*; no faults\n/);
  });
});
