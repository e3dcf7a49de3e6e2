import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { Expander, explore, exploreUntil, type ExploreOptions, type ExploreProgress } from '../../engine/explore.js';
import { BOUND, ChunkCap, chunkSize, flagWords, Participant, STOP, type Bounds } from '../../engine/participant.js';
import { FingerprintSet, SharedFingerprintSet } from '../../engine/fpset.js';
import { PackedQueue } from '../../engine/stateQueue.js';
import type { ClusterModel } from '../../engine/cluster.js';
import { exploreParallel, HandoffRule, type HandoffReport, type ParallelTuning } from '../../engine/parallel.js';
import { secondSearch } from '../../engine/secondSearch.js';
import { buildForWorker, findProtocol } from '../../cli/registry.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STUDENT_RM } from '../studentRm.js';

const registry = new URL('../../cli/registry.ts', import.meta.url).href;
const factory = (protocol: string, choice: Record<string, unknown>) => ({ module: registry, export: 'buildForWorker', args: [protocol, choice] });

/** A participant of `participants` with its own expander over `table` (as a worker thread builds one). */
function participantOn(model: ClusterModel, table: SharedFingerprintSet, flags: Int32Array, index: number, participants: number, bounds?: Bounds): Participant {
  const visited = new SharedFingerprintSet(table.buffers);
  return new Participant(model, visited, new Expander(model, visited, undefined, null), flags, index, participants, bounds);
}

describe('parallel exploration (this thread and worker threads)', () => {
  // handoffAt 0: the workers take part from the first level on; 3000: this thread hands over in
  // the middle of a level, with part of it expanded and part of the next found (its queues go on
  // from where it stopped, not copied: Participant.resume).
  it.each([
    ['twophase', { params: { rms: 3 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 } }, { handoffAt: 0 }],
    ['twophase', { params: { rms: 3 }, network: 'multiset', faults: { maxDrops: 1, maxDuplicates: 1, maxPartitions: 1 } }, { handoffAt: 3000 }],
    ['twophase', { params: { rms: 6 } }, { symmetry: true, handoffAt: 0 }],
    ['twophase-net', {}, { handoffAt: 0 }],
    ['twophase-net', {}, { handoffAt: 3000 }],
    // Ghost state (successors built, ghosts shipped in the wire encoding when rebalancing).
    ['raft', {}, { handoffAt: 0 }],
    // A table far too small: it grows mid-level several times; or at the handoff, when the 42,210
    // states this thread found alone move into it (past its 39,321-entry limit).
    ['twophase-net', {}, { tableCapacity: 1 << 16, handoffAt: 0 }],
    ['twophase-net', {}, { tableCapacity: 1 << 16, handoffAt: 15000 }],
    // Three threads.
    ['twophase', { params: { rms: 5 } }, { handoffAt: 0, threads: 3 }],
    // A packed, portable spec model: states move between threads as they are (no ids to map).
    ['paxos-spec', { params: { maxBallot: 1 } }, { handoffAt: 0 }],
    ['paxos-spec', { params: { maxBallot: 1 } }, { handoffAt: 500, threads: 3 }],
    ['paxos-spec', { params: { maxBallot: 1 } }, { symmetry: true, handoffAt: 0 }],
    // Another (ring-placement), whose threads share a memo of its costly step (Model.sharedMemory);
    // and one of its bug variants, found by the threads, then searched again on one thread.
    ['ring-placement', { params: { keys: 100 } }, { handoffAt: 0 }],
    ['ring-placement', { impl: 'seed-consistent-hash' }, { handoffAt: 0 }],
  ] as const)('gives the sequential distinct and generated counts: %s %j %j', async (protocol, choice, tuning) => {
    const { threads = 2, ...rest } = tuning as ParallelTuning & ExploreOptions & { threads?: number };
    const options: ExploreOptions & ParallelTuning = { ...rest };
    const handoffs: HandoffReport[] = [];
    const seq = explore(buildModel(findProtocol(protocol), choice), options);
    const par = await exploreParallel(factory(protocol, choice), buildModel(findProtocol(protocol), choice), threads, { ...options, onHandoff: (h) => handoffs.push(h) });
    // The workers took part (the handoff came before the end), where the test asked.
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0].unexpanded).toBeGreaterThanOrEqual(options.handoffAt!);
    // With handoffAt > 0, part of the level was expanded here first: the threads go on from there.
    if (options.handoffAt! > 0) expect(handoffs[0].expanded).toBeGreaterThan(0);
    // The states seen alone: all those waiting and more once a level is done; at handoffAt 0,
    // before any is expanded, the initial states alone.
    expect(handoffs[0].distinct).toBeGreaterThanOrEqual(handoffs[0].expanded + handoffs[0].unexpanded);
    expect(handoffs[0].distinct).toBeLessThanOrEqual(seq.distinctStates);
    if (options.handoffAt === 0) expect(handoffs[0].distinct).toBe(handoffs[0].unexpanded);
    expect(par.verdict).toBe(seq.verdict);
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.generatedStates).toBe(seq.generatedStates);
    expect(par.depth).toBe(seq.depth);
    expect(par.witnessed).toEqual(seq.witnessed);
  });

  it('stops within a level at a state bound, where the level would have gone far past it: unknown, never ok', async () => {
    const choice = { params: { rms: 7 } };
    // One thread: 113,322 states to depth 10 and 156,246 to depth 11; 296,448 in all.
    const toDepth = (d: number) => explore(buildModel(findProtocol('twophase'), choice), { maxDepth: d }).distinctStates;
    expect([toDepth(10), toDepth(11)]).toEqual([113_322, 156_246]);
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { handoffAt: 0, maxStates: 120_000 });
    expect(par.verdict).toBe('unknown');
    if (par.verdict === 'unknown') expect(par.reason).toBe('state bound 120000 reached');
    // Past the bound by at most a chunk's states and a batch of unflushed additions per thread,
    // not by the rest of level 11.
    expect(par.distinctStates).toBeGreaterThanOrEqual(120_000);
    expect(par.distinctStates).toBeLessThan(135_000);
  });

  it('stops at a time bound: unknown, never ok', async () => {
    const choice = { params: { rms: 7 } };
    // Handed over at the first state, the threads are past a bound of 0 s at once.
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { handoffAt: 0, maxSeconds: 0 });
    expect(par.verdict).toBe('unknown');
    if (par.verdict === 'unknown') expect(par.reason).toBe('time bound 0s reached');
    expect(par.distinctStates).toBeLessThan(296_448);
  });

  it('a participant past its deadline or state bound stops before its next chunk, and so does every other', () => {
    const build = () => buildModel(findProtocol('twophase'), { params: { rms: 5 } }) as ClusterModel;
    const flags = new Int32Array(new SharedArrayBuffer(4 * flagWords(2)));
    let table = SharedFingerprintSet.create(1 << 16);
    const participant = (index: number, participants: number, bounds?: Bounds) => {
      const p = participantOn(build(), table, flags, index, participants, bounds);
      expect(p.expander.initial(p.frontier)).toBeNull();
      return p;
    };
    // Past its deadline (performance.now() is past 0), a participant expands nothing.
    const late = participant(0, 2, { maxStates: Infinity, deadline: 0 });
    const other = participant(1, 2);
    late.begin([null, null], [null, null]);
    other.begin([null, null], [null, null]);
    expect(late.expand()).toEqual({ violation: null, done: true });
    expect(late.expander.generated).toBe(0);
    expect(flags[STOP]).toBe(BOUND);
    // The other, with no bounds of its own, stops for the flag.
    expect(other.expand()).toEqual({ violation: null, done: true });
    expect(other.expander.generated).toBe(0);
    // Alone with a state bound of 10, level after level until a chunk starts past it:
    // TwoPhase with 5 RMs has 8,832 states, and the levels before the bound are small.
    flags[STOP] = 0;
    table = SharedFingerprintSet.create(1 << 16);
    const bounded = participant(0, 1, { maxStates: 10, deadline: Infinity });
    for (let levels = 0; levels < 30 && flags[STOP] === 0; levels++) {
      bounded.begin([null], [null]);
      expect(bounded.expand()).toEqual({ violation: null, done: true });
      bounded.advance();
    }
    expect(flags[STOP]).toBe(BOUND);
    expect(table.size).toBeGreaterThanOrEqual(10);
    expect(table.size).toBeLessThan(100);
  });

  it('reports progress in the middle of a level too, with counts that only grow', async () => {
    const choice = { params: { rms: 7 } };
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    const reports: ExploreProgress[] = [];
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { handoffAt: 0, progressEveryMs: 1, onProgress: (p) => reports.push(p) });
    expect(par.distinctStates).toBe(seq.distinctStates);
    // More reports than levels: several in the middle of one (same depth, more states).
    expect(reports.length).toBeGreaterThan(par.depth + 1);
    expect(reports.some((r, i) => i > 0 && r.depth === reports[i - 1].depth && r.distinct > reports[i - 1].distinct)).toBe(true);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].distinct).toBeGreaterThanOrEqual(reports[i - 1].distinct);
      expect(reports[i].generated).toBeGreaterThanOrEqual(reports[i - 1].generated);
      expect(reports[i].elapsedMs).toBeGreaterThan(reports[i - 1].elapsedMs);
    }
    for (const r of reports) {
      expect(r.queue).toBeGreaterThanOrEqual(0);
      expect(r.distinct).toBeLessThanOrEqual(seq.distinctStates);
      expect(r.generated).toBeLessThanOrEqual(seq.generatedStates);
    }
  });

  it('by default a small search ends in this thread, the workers never started, with the same result', async () => {
    const choice = { params: { rms: 3 } };
    const handoffs: unknown[] = [];
    const started: unknown[] = [];
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { onHandoff: (h) => handoffs.push(h), onWorkersStarted: (at) => started.push(at) });
    expect(handoffs).toEqual([]);
    expect(started).toEqual([]);
    expect({ ...par, durationMs: 0 }).toEqual({ ...seq, durationMs: 0 });
  });

  it('by default starts the workers once the search has gone on for 0.1 s with enough waiting, with the same counts', async () => {
    const choice = { params: { rms: 7 } };
    const started: { ms: number; unexpanded: number; early: boolean }[] = [];
    const seq = explore(buildModel(findProtocol('twophase'), choice));
    const par = await exploreParallel(factory('twophase', choice), buildModel(findProtocol('twophase'), choice), 2, { onWorkersStarted: (at) => started.push(at), onRerun: () => expect.unreachable('no violation, no rerun') });
    expect(started).toHaveLength(1);
    expect(started[0].ms).toBeGreaterThanOrEqual(100);
    expect(started[0].unexpanded).toBeGreaterThan(0);
    expect(started[0].early).toBe(false);
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.generatedStates).toBe(seq.generatedStates);
  });

  // The threads find the violation; the second search (engine/secondSearch.ts) returns what one
  // thread returns: the same counterexample, counts and witnesses.
  it.each([
    ['twophase-net', { impl: 'majority-commit' }, { handoffAt: 0, threads: 3 }],
    // Found by this thread alone before the workers are ready: no second search.
    ['twophase-net', { impl: 'majority-commit' }, {}],
    // A table that grows in the middle of levels: the levels are logged by fingerprint, not slot.
    ['twophase-net', { impl: 'majority-commit' }, { handoffAt: 0, tableCapacity: 1 << 16 }],
    // A step that throws: a No Exception violation, met while expanding the last level.
    ['paxos', { impl: 'seed004-empty-max' }, { handoffAt: 0 }],
    ['paxos', { impl: 'accepts-lower-ballot' }, { handoffAt: 0 }],
    // Handed over in the middle of a level: this thread's levels from its search alone count too.
    ['raft', { impl: 'stale-term-append' }, { handoffAt: 3000 }],
    ['raft', { impl: 'no-prev-check' }, { handoffAt: 0 }],
    // Symmetry: canonical states in the levels, the counterexample mapped back to real nodes.
    ['raft', { impl: 'no-uptodate-check' }, { handoffAt: 0, symmetry: true }],
    // A packed, portable spec model; a violation at depth 1 (the last level is the initial states').
    ['ring-placement', { impl: 'seed-consistent-hash' }, { handoffAt: 0 }],
    ['ring-placement', { impl: 'ring-ignores-vnodes' }, { handoffAt: 0 }],
  ] as const)('returns the sequential counterexample, counts and witnesses when the threads find a violation: %s %j %j', async (protocol, choice, tuning) => {
    const { threads = 2, ...options } = tuning as ParallelTuning & ExploreOptions & { threads?: number };
    const seq = explore(buildModel(findProtocol(protocol), choice), options);
    const reruns: { depth: number; ms: number; property: string }[] = [];
    const seconds: { depthFirst: boolean; expanded: number | null; ms: number; judgedByWorker: boolean }[] = [];
    const par = await exploreParallel(factory(protocol, choice), buildModel(findProtocol(protocol), choice), threads, { ...options, onRerun: (at) => reruns.push(at), onSecondSearch: (at) => seconds.push(at) });
    expect(seq.verdict).toBe('violated');
    expect({ ...par, durationMs: 0 }).toEqual({ ...seq, durationMs: 0 });
    if (options.handoffAt === undefined) {
      expect(reruns).toEqual([]);
      expect(seconds).toEqual([]);
      return;
    }
    // The second search with a worker judging its last level, and all in this thread: the same
    // result, from the same states expanded (numbered in the order searched).
    expect(seconds.map((at) => at.judgedByWorker)).toEqual([true]);
    const secondsAlone: typeof seconds = [];
    const alone = await exploreParallel(factory(protocol, choice), buildModel(findProtocol(protocol), choice), threads, { ...options, secondSearchAlone: true, onSecondSearch: (at) => secondsAlone.push(at) });
    expect({ ...alone, durationMs: 0 }).toEqual({ ...seq, durationMs: 0 });
    expect(secondsAlone).toEqual([expect.objectContaining({ judgedByWorker: false, expanded: seconds[0].expanded })]);
    // Handed over at once (or early), the threads find it, and this thread searches again.
    expect(reruns).toHaveLength(1);
    expect(reruns[0].depth).toBe(par.depth);
    expect(reruns[0].ms).toBeLessThanOrEqual(par.durationMs);
    if (par.verdict === 'violated') expect(reruns[0].property).toBe(par.violation.property);
    // Depth-first over the threads' levels, expanding fewer states than the states seen, all of
    // which a breadth-first search from the start would expand but those of the last level.
    expect(seconds).toHaveLength(1);
    expect(seconds[0].depthFirst).toBe(true);
    expect(seconds[0].expanded).toBeGreaterThan(0);
    expect(seconds[0].expanded).toBeLessThan(seq.distinctStates);
  });

  it('the second search stops at a state bound its last level reaches first, with one thread\'s counts, the worker judging or not', async () => {
    const choice = { impl: 'majority-commit' };
    const model = () => buildModel(findProtocol('twophase-net'), choice);
    const seq = explore(model(), {});
    expect(seq.verdict).toBe('violated');
    // One state short of where one thread meets the violation: it stops at the bound instead.
    const maxStates = seq.distinctStates - 1;
    const bounded = explore(model(), { maxStates });
    expect(bounded).toMatchObject({ verdict: 'unknown', reason: `state bound ${maxStates} reached`, distinctStates: maxStates });
    // The threads may reach the bound before they find the violation (their counts are then
    // their own, as for any level cut short); when they find it first, the second search ends
    // at the bound as one thread does.
    const taken = { worker: 0, alone: 0 };
    for (let attempt = 0; attempt < 20 && (taken.worker === 0 || taken.alone === 0); attempt++) {
      const secondSearchAlone = attempt % 2 === 1;
      const seconds: { judgedByWorker: boolean }[] = [];
      const par = await exploreParallel(factory('twophase-net', choice), model(), 2, { handoffAt: 0, maxStates, secondSearchAlone, onSecondSearch: (at) => seconds.push(at) });
      expect(par).toMatchObject({ verdict: 'unknown', reason: `state bound ${maxStates} reached` });
      if (seconds.length === 0) continue;
      expect(seconds[0].judgedByWorker).toBe(!secondSearchAlone);
      expect({ ...par, durationMs: 0 }).toEqual({ ...bounded, durationMs: 0 });
      taken[secondSearchAlone ? 'alone' : 'worker']++;
    }
    expect(taken.worker).toBeGreaterThan(0);
    expect(taken.alone).toBeGreaterThan(0);
  });

  it('the breadth-first second search (where levels pass 254) gives one thread\'s result too', async () => {
    const choice = { impl: 'majority-commit' };
    const seq = explore(buildModel(findProtocol('twophase-net'), choice));
    const seconds: { depthFirst: boolean; expanded: number | null }[] = [];
    const par = await exploreParallel(factory('twophase-net', choice), buildModel(findProtocol('twophase-net'), choice), 2, { handoffAt: 0, breadthFirstSecondSearch: true, onSecondSearch: (at) => seconds.push(at) });
    expect(seq.verdict).toBe('violated');
    expect({ ...par, durationMs: 0 }).toEqual({ ...seq, durationMs: 0 });
    expect(seconds).toEqual([expect.objectContaining({ depthFirst: false, expanded: null })]);
  });

  it('leaves the second search breadth-first past level 254 (labels are bytes) and where the levels before reach the state bound', async () => {
    const model = buildModel(findProtocol('twophase'), { params: { rms: 3 } }) as ClusterModel;
    const table = SharedFingerprintSet.create(1 << 16);
    const before = { distinct: 100, generated: 300, witnessed: {} };
    expect(await secondSearch(model, {}, table, [], 255, before, 0)).toBeNull();
    expect(await secondSearch(model, { maxStates: 100 }, table, [], 10, before, 0)).toBeNull();
  });

  it('reports progress during the second search too, timed from the search\'s start and counting toward one thread\'s counts', async () => {
    const choice = { impl: 'no-prev-check' };
    const reports: ExploreProgress[] = [];
    let rerunAt = Infinity;
    const par = await exploreParallel(factory('raft', choice), buildModel(findProtocol('raft'), choice), 2, {
      handoffAt: 0,
      progressEveryMs: 0,
      onRerun: (at) => (rerunAt = at.ms),
      onProgress: (p) => reports.push(p),
    });
    const second = reports.filter((p) => p.elapsedMs >= rerunAt);
    expect(second.length).toBeGreaterThan(0);
    for (let k = 0; k < second.length; k++) {
      expect(second[k].depth).toBeLessThan(par.depth);
      expect(second[k].distinct).toBeLessThanOrEqual(par.distinctStates);
      expect(second[k].generated).toBeLessThanOrEqual(par.generatedStates);
      expect(second[k].statesPerSecond).toBe(Math.round(second[k].generated / (second[k].elapsedMs / 1000)));
      if (k > 0) expect(second[k].generated).toBeGreaterThanOrEqual(second[k - 1].generated);
    }
  });

  it('the depth-first second search expands a small part of the levels: raft no-prev-check, about 2,600 of 49,000 states', async () => {
    const choice = { impl: 'no-prev-check' };
    const seconds: { depthFirst: boolean; expanded: number | null }[] = [];
    const par = await exploreParallel(factory('raft', choice), buildModel(findProtocol('raft'), choice), 2, { handoffAt: 0, onSecondSearch: (at) => seconds.push(at) });
    expect(par.verdict).toBe('violated');
    expect(par.distinctStates).toBe(48921);
    expect(seconds[0].depthFirst).toBe(true);
    expect(seconds[0].expanded).toBeLessThan(par.distinctStates / 10);
  });

  it('loads a user module given by path in the worker threads too, and takes part with it (handoffAt 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-parallel-impl-'));
    try {
      const impl = join(dir, 'student-rm.ts');
      writeFileSync(impl, STUDENT_RM);
      const choice = { impl, params: { rms: 3 } };
      const model = (await buildForWorker('twophase', choice)) as ClusterModel;
      const seq = explore((await buildForWorker('twophase', choice)) as ClusterModel);
      const handoffs: unknown[] = [];
      const par = await exploreParallel(factory('twophase', choice), model, 2, { handoffAt: 0, onHandoff: (h) => handoffs.push(h) });
      expect(handoffs).toHaveLength(1);
      expect(seq.verdict).toBe('violated');
      expect(par.verdict).toBe('violated');
      if (par.verdict !== 'violated' || seq.verdict !== 'violated') return;
      expect(par.violation.property).toBe('TCConsistent');
      expect(par.violation.path).toEqual(seq.violation.path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with the error a worker thread failed with (its model factory threw), not hanging', async () => {
    const choice = { params: { rms: 3 } };
    const model = buildModel(findProtocol('twophase'), choice);
    await expect(exploreParallel(factory('no-such-protocol', choice), model, 2, { handoffAt: 0 })).rejects.toThrow(/no-such-protocol/);
  });
});

describe('when this thread hands over (HandoffRule)', () => {
  /**
   * Asks as the explorer does, every `every` states (256 once states are fast, 1 while they take
   * over 10 ms: CheckInterval) at `msPerState`, until it says yes or `limit` states wait.
   */
  function askUntil(rule: HandoffRule, msPerState: number, ready = true, limit = 40000, pauseAt = -1, every = 256): number | null {
    let now = 1000; // setting up took time before the first ask: not counted
    for (let expanded = 0, unexpanded = 1; unexpanded <= limit; expanded += every, unexpanded += every) {
      if (expanded === pauseAt) now += 50; // a pause (collecting garbage, say) in one interval
      if (rule.decide(unexpanded, expanded, now, ready)) return unexpanded;
      now += every * msPerState;
    }
    return null;
  }

  it('hands fast states over at 8,192 waiting, slow ones once they would take 200 ms here', () => {
    // 2 µs a state (TwoPhase): the count decides.
    expect(askUntil(new HandoffRule(), 0.002)).toBe(8193);
    // 60 µs (Raft): 3,400 states would take 204 ms.
    expect(askUntil(new HandoffRule(), 0.06)).toBe(3329 + 256);
    // 1 ms: 200 states (asked at every 256th: at 257).
    expect(askUntil(new HandoffRule(), 1)).toBe(257);
    // Asked at every state, as for states this slow: 11 ms (ring-placement at 7 nodes and 2,000
    // keys) at 19 waiting; 50 ms at 16, the least worth sharing, however slow.
    expect(askUntil(new HandoffRule(), 11, true, 40000, -1, 1)).toBe(19);
    expect(askUntil(new HandoffRule(), 50, true, 40000, -1, 1)).toBe(16);
  });

  it('not by the timed rule in the first 0.1 s, when a fast model\'s first states are slow (V8 compiling)', () => {
    // TwoPhase at 8 RMs, asked at every state at first: its first states took 5 ms each, with
    // 49 waiting, which would take 245 ms at that cost.
    const rule = new HandoffRule();
    let now = 1000;
    for (let expanded = 0; expanded < 8; expanded++, now += 5) expect(rule.decide(49, expanded, now, true)).toBe(false);
    // The same cost past 0.1 s hands over.
    expect(rule.decide(49, 8, 1099, true)).toBe(false);
    expect(rule.decide(49, 9, 1104, true)).toBe(true);
  });

  it('never before the workers are ready, and not for one slow interval', () => {
    expect(askUntil(new HandoffRule(), 0.06, false)).toBeNull();
    // At 60 µs a state, 50 ms more in one interval of 256 states is 0.26 ms a state, 0.59 s for
    // the 2,305 waiting then: ignored, since the cost per state is the least of the last four
    // intervals (as without the pause: 3,585).
    expect(askUntil(new HandoffRule(), 0.06, true, 40000, 256 * 8)).toBe(3329 + 256);
    const rule = new HandoffRule();
    expect(rule.msPerState).toBe(Infinity);
    askUntil(rule, 0.01, true, 2000);
    expect(rule.msPerState).toBeCloseTo(0.01, 9);
  });

  it('starts the workers only after 0.1 s, and once the waiting states would take 30 ms here', () => {
    const rule = new HandoffRule();
    // Before two intervals are measured the cost per state is unknown: started (after 0.1 s).
    expect(rule.worthStarting(10, 99.9)).toBe(false);
    expect(rule.worthStarting(10, 100)).toBe(true);
    expect(rule.worthStarting(0, 500)).toBe(false);
    askUntil(rule, 0.002, true, 2000); // 2 µs a state: 30 ms is 15,000 states
    expect(rule.worthStarting(14900, 500)).toBe(false);
    expect(rule.worthStarting(15100, 500)).toBe(true);
    expect(rule.worthStarting(15100, 50)).toBe(false);
  });

  it('knows the states expanded as those seen less those waiting (what exploreParallel gives it)', () => {
    const model = buildModel(findProtocol('twophase'), { params: { rms: 4 } }) as ClusterModel;
    // Counted independently: the explorer lists a state's successors once, when it expands it.
    let expansions = 0;
    const successors = model.successors!.bind(model);
    model.successors = (...args) => (expansions++, successors(...args));
    const seen = SharedFingerprintSet.create(1 << 16);
    const asked: [number, number][] = [];
    const head = exploreUntil(model, {}, (unexpanded) => {
      const expanded = seen.size - unexpanded;
      asked.push([unexpanded, expanded]);
      expect(expanded).toBe(expansions);
      return expanded >= 700;
    }, seen);
    expect('frontier' in head).toBe(true);
    if (!('frontier' in head)) return;
    // Every state found is expanded, in this level (up to from), waiting in it, or found for the next.
    const [, expanded] = asked[asked.length - 1];
    expect(expanded).toBe(seen.size - (head.frontier.length - head.from) - head.next.length);
    expect(asked.map(([, e]) => e)).toEqual([...asked.map(([, e]) => e)].sort((a, b) => a - b));
    expect(asked.length).toBeGreaterThan(3);
  });
});

describe('participants sharing a level by chunks (engine/participant.ts)', () => {
  it('claim 256 states at a time while much is left, then a share of what is left, never under 16', () => {
    expect(chunkSize(100_000, 2)).toBe(256);
    expect(chunkSize(1024, 2)).toBe(256);
    expect(chunkSize(1000, 2)).toBe(250);
    expect(chunkSize(1000, 4)).toBe(125);
    expect(chunkSize(200, 2)).toBe(50);
    expect(chunkSize(40, 2)).toBe(16);
    expect(chunkSize(1, 2)).toBe(16);
    // One thread claiming a queue of 3,000 states chunk after chunk: shrinking chunks that cover
    // it exactly, the last ones small.
    const sizes: number[] = [];
    for (let left = 3000; left > 0; ) {
      const size = Math.min(chunkSize(left, 2), left);
      sizes.push(size);
      left -= size;
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(sizes.slice(0, 8)).toEqual([256, 256, 256, 256, 256, 256, 256, 256]);
    expect(sizes.every((x, i) => i === 0 || x <= sizes[i - 1])).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(16);
  });

  it('claim fewer states at once when states are slow: about 5 ms of work a chunk, one state at first', () => {
    const cap = new ChunkCap();
    // Nothing measured yet: one state.
    expect(cap.cap).toBe(1);
    expect(chunkSize(1000, 2, cap.cap)).toBe(1);
    // TwoPhase: 256 states in 0.4 ms. The sizes are as without a cap.
    cap.measured(256, 0.4);
    expect(cap.cap).toBe(256);
    for (const left of [100_000, 1000, 200, 40, 1]) expect(chunkSize(left, 2, cap.cap)).toBe(chunkSize(left, 2));
    // A cold worker: 256 states in 20 ms, so 64 a chunk (under 16 left: no fewer than the cap).
    cap.measured(256, 20);
    expect(cap.cap).toBe(64);
    expect(chunkSize(100_000, 2, cap.cap)).toBe(64);
    expect(chunkSize(40, 2, cap.cap)).toBe(16);
    // ring-placement: 11 ms a state, so one at a time, to the end of a level.
    cap.measured(64, 704);
    expect(cap.cap).toBe(1);
    expect([chunkSize(500, 2, cap.cap), chunkSize(1, 2, cap.cap)]).toEqual([1, 1]);
    // 3 ms a state: 1 (5 ms fits one), 2 ms: 2.
    cap.measured(1, 3);
    expect(cap.cap).toBe(1);
    cap.measured(1, 2);
    expect(cap.cap).toBe(2);
    // A chunk that took no measurable time: the most.
    cap.measured(1, 0);
    expect(cap.cap).toBe(256);
  });

  it.each(['twophase-net', 'raft'])("%s: a participant that runs first claims every chunk, the other's read in its own ids, with the sequential counts", (protocol) => {
    const build = () => buildModel(findProtocol(protocol), {}) as ClusterModel;
    const seq = explore(build());
    const table = SharedFingerprintSet.create(1 << 16);
    const firstLimit = table.limit;
    const flags = new Int32Array(new SharedArrayBuffer(4 * flagWords(2)));
    const participant = (model: ClusterModel, index: number) => participantOn(model, table, flags, index, 2);
    const a = participant(build(), 0);
    // b has interned states in an order of its own first (each level expanded last state
    // first), so its ids differ from a's: what it reads of a's queues must be mapped.
    const modelB = build();
    const reversed = new Expander(modelB, new FingerprintSet(), undefined, null);
    let level = new PackedQueue();
    reversed.initial(level);
    for (let d = 0; d < 4; d++) {
      const next = new PackedQueue();
      for (let k = level.length - 1; k >= 0; k--) reversed.expand(level, k, next);
      level = next;
    }
    const b = participant(modelB, 1);
    expect(a.expander.initial(a.frontier)).toBeNull();
    // a interns as it goes; the first ids already differ from b's.
    explore(a.model, { maxDepth: 4 });
    expect(modelB.locals.keys.slice(0, 20)).not.toEqual((a.model as ClusterModel).locals.keys.slice(0, 20));
    let published = [a.publish(), b.publish()];
    let depth = 0;
    let grown = 0;
    for (;;) {
      a.begin([null, published[1].queue], [null, published[1].content]);
      b.begin([published[0].queue, null], [published[0].content, null]);
      // One runs first and expands all the level: every chunk, its own and the other's (all
      // found by the other the level before: they turn about), read in its own ids. The other
      // then finds none left. The table starts small: the first stops when it is full, and
      // resumes where it stopped once the table has grown.
      const [first, second] = depth % 2 === 0 ? [b, a] : [a, b];
      for (let r = first.expand(); !r.done; r = first.expand()) {
        expect(table.full).toBe(true);
        table.grow();
        grown++;
        a.adopt(table.buffers);
        b.adopt(table.buffers);
      }
      const before = second.expander.generated;
      expect(second.expand()).toEqual({ violation: null, done: true });
      expect(second.expander.generated).toBe(before);
      published = [a.advance(), b.advance()];
      // What the first found is all in its queue.
      expect((depth % 2 === 0 ? published[0] : published[1]).queue.length).toBe(0);
      if (published[0].queue.length + published[1].queue.length === 0) break;
      depth++;
    }
    expect(a.expander.generated + b.expander.generated).toBe(seq.generatedStates);
    expect(table.size).toBe(seq.distinctStates);
    expect(depth).toBe(seq.depth);
    if (seq.distinctStates > firstLimit) expect(grown).toBeGreaterThan(0);
  });
});
