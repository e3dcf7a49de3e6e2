import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { exploreParallel, type HandoffReport } from '../../engine/parallel.js';
import { maxWorkers, startEarlyWorkers, takeEarlyWorkers, workersRequested } from '../../engine/threads.mjs';
import { findProtocol } from '../../cli/registry.js';
import { runNode } from '../command.js';

const registry = new URL('../../cli/registry.ts', import.meta.url).href;
const factory = (protocol: string, choice: Record<string, unknown>) => ({ module: registry, export: 'buildForWorker', args: [protocol, choice] });
/** The early workers waiting, as engine/threads.mjs keeps them. */
const waiting = () => (globalThis as Record<symbol, { workers: Worker[]; failed: boolean } | undefined>)[Symbol.for('distcheck.earlyWorkers')];

afterEach(() => {
  for (const w of takeEarlyWorkers('', 0)?.workers ?? []) void w.terminate();
});

describe('early workers (started before the search: engine/threads.mjs)', () => {
  it('are taken by the search at once, which hands over to them, with the sequential counts', async () => {
    const choice = { params: { rms: 6 } };
    await startEarlyWorkers(registry, 2);
    const early = waiting()!.workers;
    expect(early).toHaveLength(1);
    const exited = once(early[0], 'exit');
    const started: { ms: number; unexpanded: number; early: boolean }[] = [];
    const handoffs: HandoffReport[] = [];
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    // A handoff once 3,000 states wait (whenever the worker is ready: a loaded machine may start
    // it late, and the usual rule would then let the search end alone).
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, {
      handoffAt: 3000, onWorkersStarted: (at) => started.push(at), onHandoff: (h) => handoffs.push(h),
    });
    // Taken before the first state (nothing waiting yet), not started by the search.
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ unexpanded: 0, early: true });
    expect(waiting()).toBeUndefined();
    expect(handoffs).toHaveLength(1);
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.generatedStates).toBe(seq.generatedStates);
    expect(par.depth).toBe(seq.depth);
    // The search stops the threads it took when it ends.
    await exited;
  });

  it('all but the one that judges the last level have stopped before the second search a violation costs, and that one once it ends', async () => {
    const choice = { impl: 'majority-commit' };
    await startEarlyWorkers(registry, 3);
    const early = waiting()!.workers;
    const exited = [false, false];
    early.forEach((w, i) => w.once('exit', () => (exited[i] = true)));
    const atRerun: boolean[][] = [];
    const par = await exploreParallel(factory('twophase-net', choice), buildModel(findProtocol('twophase-net'), choice), 3, { handoffAt: 0, onRerun: () => atRerun.push([...exited]) });
    expect(par.verdict).toBe('violated');
    // The first worker judges the second search's last level (engine/secondSearch.ts); the
    // other's memory is freed before it starts.
    expect(atRerun).toEqual([[false, true]]);
    expect(exited).toEqual([true, true]);
  });

  it('are stopped, and the search starts its own, when they were started for another thread count or factory', async () => {
    const choice = { params: { rms: 4 } };
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    for (const [module, threads] of [[registry, 3], [new URL('../../engine/configure.ts', import.meta.url).href, 2]] as const) {
      await startEarlyWorkers(module, threads);
      const early = waiting()!.workers;
      const exited = early.map((w) => once(w, 'exit'));
      const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { handoffAt: 0 });
      expect(par.distinctStates).toBe(seq.distinctStates);
      expect(par.generatedStates).toBe(seq.generatedStates);
      await Promise.all(exited);
      expect(waiting()).toBeUndefined();
    }
  });

  it('are given the search\'s own table when it asks for another size, which grows as usual', async () => {
    const choice = { params: { rms: 6 } };
    await startEarlyWorkers(registry, 2);
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    // 50,816 states in a table of 2^16 slots: it grows at the handoff or during the levels.
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { tableCapacity: 1 << 16, handoffAt: 0 });
    expect(waiting()).toBeUndefined();
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.generatedStates).toBe(seq.generatedStates);
  });

  it('are not taken once one has failed: the search starts its own', async () => {
    await startEarlyWorkers(registry, 2);
    const early = waiting()!;
    await early.workers[0].terminate();
    // The exit is recorded as a failure.
    expect(early.failed).toBe(true);
    expect(takeEarlyWorkers(registry, 2)).toBeNull();
    const choice = { params: { rms: 4 } };
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { handoffAt: 0 });
    expect(par.distinctStates).toBe(explore(buildModel(findProtocol('twophase'), choice)).distinctStates);
  });

  it('are started only once, and not for one thread', async () => {
    await startEarlyWorkers(registry, 1);
    expect(waiting()).toBeUndefined();
    await startEarlyWorkers(registry, 2);
    const first = waiting()!.workers;
    await startEarlyWorkers(registry, 3);
    expect(waiting()!.workers).toBe(first);
  });

  it('do not keep a process alive that never takes them', () => {
    const threads = join(import.meta.dirname, '..', '..', 'engine', 'threads.mjs');
    const script = [
      `const { startEarlyWorkers } = await import(${JSON.stringify(threads)});`,
      `await startEarlyWorkers(${JSON.stringify(registry)}, 3);`,
      `console.log(globalThis[Symbol.for('distcheck.earlyWorkers')].workers.length);`,
    ].join('\n');
    const r = runNode(['--input-type=module', '-e', script]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2');
    expect(r.code).toBe(0);
  });
});

describe('workersRequested (the hint a launcher reads before the command parser)', () => {
  it.each([
    [['explore', 'twophase', '--workers', '2'], 2],
    [['explore', 'twophase', '--workers=4', '--symmetry'], 4],
    [['explore', 'twophase', '--workers', 'auto'], availableParallelism()],
    [['explore', 'twophase'], 1],
    [['explore', 'twophase', '--workers', '0'], 1],
    [['explore', 'twophase', '--workers', 'all'], 1],
    [['explore', 'twophase', '--workers'], 1],
    [['explore', 'twophase', '--workers', '2.5'], 1],
    [['explore', 'twophase', '--workers', String(maxWorkers())], maxWorkers()],
    [['explore', 'twophase', '--workers', String(maxWorkers() + 1)], 1],
  ])('%j: %i', (args, n) => {
    expect(workersRequested(args)).toBe(n);
  });
});
