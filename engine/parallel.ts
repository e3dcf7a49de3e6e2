/**
 * Parallel exhaustive exploration over threads (`explore --workers N`: this thread and N - 1
 * worker threads).
 *
 * This thread runs the sequential explorer alone at first, and starts the worker threads only
 * once the search has gone on for a while (START_AFTER_MS): small searches end before the
 * workers are needed, and the first levels, where fresh threads are slowest, run where the code
 * is already warm. A launcher may have started them with the process instead (early workers,
 * engine/threads.mjs: the `distcheck` command does when given --workers), and they are then
 * taken at once. Once the workers are ready it hands over: the
 * fingerprints seen go into one visited set in shared memory (a lock-free table every thread
 * adds to, engine/fpset.ts) and the unexpanded states are spread over the threads.
 *
 * From there the search is level-synchronous BFS in which this thread takes part
 * (engine/participant.ts). Each thread queues the states it discovers, in shared memory; during
 * a level every thread claims chunks of the level's queues with atomic adds, its own first and
 * then the others', so the threads balance the work among themselves without messages. The
 * states of a level do not depend on which thread found them, so the distinct, generated and
 * depth counts are identical to the sequential explorer's (unless a state or time bound cuts a
 * level short). When the table passes its load limit
 * the threads stop at a state boundary, the coordinator builds a larger table, and the level
 * resumes.
 *
 * On a violation the level it was found at is known; the worker threads stop but one, and this
 * thread searches again for the sequential explorer's counterexample, counts and witnesses at
 * its violation: depth-first over the levels the threads logged (engine/secondSearch.ts), which
 * expands a part of the levels before, that one worker expanding the last of them as this
 * thread reaches its states; or (levels past 254) the sequential explorer again with that depth
 * bound, in this thread. A state or time bound stops the threads within a chunk of states each
 * (Participant.pastBounds), and progress is reported in the middle of a level too.
 *
 * The second search is what keeps the counterexample the sequential one in every run; a search
 * that kept the sequential order instead was measured as too costly for a search that ends ok
 * (docs/benchmarks.md).
 */
import type { Worker } from 'node:worker_threads';
import { depthBound, explore, exploreUntil, progressAt, stateBound, timeBound, type Expander, type ExploreOptions, type Found, type LevelStart } from './explore.js';
import { secondSearch, type JudgeThread } from './secondSearch.js';
import { SharedFingerprintSet } from './fpset.js';
import { DEFAULT_SLOTS, slotsOf } from './sharedTable.mjs';
import type { WireContent } from './cluster.js';
import type { LevelLogContent, PackedQueue, SharedQueue } from './stateQueue.js';
import { BOUND, CLAIMS, flagWords, GENERATED_STRIDE, Participant, READY, STOP, type Published } from './participant.js';
import { startWorkers, takeEarlyWorkers, workerBundle } from './threads.mjs';
import type { Orders } from './parallelWorker.js';
import type { Model } from './model.js';
import type { ExploreResult, Outcome } from './result.js';

/** How a worker builds the model: `(await import(module))[export](...args)`. */
export interface ModelFactory {
  module: string;
  export: string;
  args: unknown[];
}

interface Reply {
  id: number;
  [k: string]: any;
}

class Peer {
  private seq = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  private failure: unknown;
  readonly ready: Promise<void>;

  constructor(readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (r: Reply) => {
        if (r.id === 0) return resolve();
        this.waiting.get(r.id)?.resolve(r);
        this.waiting.delete(r.id);
      });
      // A worker that dies fails every pending call, so the search stops instead of hanging.
      const fail = (e: unknown) => {
        this.failure = e;
        reject(e);
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`explorer worker exited (code ${code})`)));
    });
    // Awaited only once this thread hands over (a search may end before): never unhandled.
    this.ready.catch(() => {});
  }

  /**
   * Calls op in the worker. Arrays are copied, never transferred: transferring detaches an
   * ArrayBuffer, and the first detached buffer in a thread makes V8 throw away the optimized
   * code of every function there that reads a typed array (nearly all of the explorer) and
   * compile it again with checks for detached buffers. Measured at 8 RMs on two threads: 233
   * optimizing compiles with transfers, 180 without, and about 0.45 s less CPU on V8's
   * background threads.
   */
  call(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.seq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...fields });
    });
  }
}

/** This thread's participant, called like a worker (after the calls in flight are sent). */
class LocalPeer {
  private last: Promise<unknown> = Promise.resolve();
  constructor(readonly me: Participant) {}
  /**
   * Calls run in order, each in a task of its own (setImmediate): an expansion here holds this
   * thread for a whole level, so whatever the workers are sent meanwhile (the order to expand)
   * is posted first.
   */
  call(op: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    const result = this.last.then(() => new Promise<Reply>((resolve, reject) => setImmediate(() => {
      try {
        resolve({ id: 0, ...this.me.handle(op, fields) });
      } catch (e) {
        reject(e);
      }
    })));
    this.last = result.catch(() => {});
    return result;
  }
}

type AnyPeer = Peer | LocalPeer;

/** Where this thread handed the search over (ParallelTuning.onHandoff). */
export interface HandoffReport {
  depth: number;
  expanded: number;
  unexpanded: number;
  distinct: number;
  /** Milliseconds from the search's start (as ExploreResult.durationMs). */
  ms: number;
}

/** Tuning for tests and measurements. */
export interface ParallelTuning {
  /** Initial capacity of the shared visited set (it grows when needed). */
  tableCapacity?: number;
  /**
   * Hand the search to the workers at the first state boundary (where the explorer checks its
   * clock: every 256th state once states are fast, engine/explore.ts CheckInterval) where at
   * least this many states are unexpanded, waiting for the workers if they are not ready; by
   * default this thread explores until the workers are ready and enough states are unexpanded
   * (HandoffRule), or to the end when that never happens.
   */
  handoffAt?: number;
  /**
   * Called when this thread hands over: the level it was at, how many of that level's states it
   * had expanded, the states not yet expanded (of that level and the next), the distinct states
   * it had seen in all (what a sequential search has seen at the same point: the bench compares
   * when each got there), and when.
   */
  onHandoff?: (at: HandoffReport) => void;
  /**
   * Called when the threads have found a violation after the handoff, at level `depth` (the
   * counterexample's length), `ms` into the search, of `property` (the first a thread met; the
   * counterexample may be of another one violated at that depth too). This thread then searches
   * again (one worker helping) for the sequential explorer's shortest counterexample (see
   * exploreParallel).
   */
  onRerun?: (at: { depth: number; ms: number; property: string }) => void;
  /**
   * Called when that second search has ended: whether it was depth-first over the threads'
   * levels (engine/secondSearch.ts; else breadth-first, on one thread from the start), the
   * states it expanded (depth-first only), how long it took, and whether a worker judged its
   * last level (secondSearch's WorkerJudge).
   */
  onSecondSearch?: (at: { depthFirst: boolean; expanded: number | null; ms: number; judgedByWorker: boolean }) => void;
  /** The second search breadth-first from the start, as where levels pass 254 (for tests and comparisons). */
  breadthFirstSecondSearch?: boolean;
  /** The depth-first second search all in this thread, with no worker judging its last level (for tests and comparisons). */
  secondSearchAlone?: boolean;
  /**
   * Called when the worker threads are started (START_AFTER_MS): ms into the search and the
   * states waiting then. Not called when the search ends first; with handoffAt, or when it takes
   * early workers (`early`: started by a launcher, engine/threads.mjs), at once.
   */
  onWorkersStarted?: (at: { ms: number; unexpanded: number; early: boolean }) => void;
}

/**
 * Unexpanded states worth handing to the workers: fewer are expanded here in a few tens of ms,
 * less than a cold worker needs to get going. A search whose levels never grow this large ends
 * in this thread (unless its states are slow to expand: HANDOFF_MS). Paired runs, TwoPhase with
 * 2 workers, 16,384 against 1,024 (before early workers): 6 RMs 0.23 s against 0.34 s (10 pairs;
 * one thread 0.16 s), 7 RMs 0.73 s against 0.75 s (10 pairs), 8 RMs 2.10 s against 2.21 s (12
 * pairs). With early workers, 8,192 against 16,384 (the command, alternated): paxos-spec at
 * maxBallot 2 −60 ms (faster in 8 of 10), TwoPhase 7 RMs −32 and −14 ms (13 of 20), 8 RMs
 * −1 ms (7 of 14), 6 RMs unchanged (neither hands over), Raft at the bench bounds without
 * symmetry +28 and −16 ms (10 of 20). At 256, 6 RMs handed over and took half as long again.
 */
const HANDOFF_MIN = 8192;
/**
 * For models whose states are slow to expand (Raft: about 60 µs a state, against 2–10 µs for
 * TwoPhase), also hand over once expanding the waiting states here would take this long at the
 * current cost per state, if at least HANDOFF_TIMED_MIN wait. TwoPhase reaches HANDOFF_MIN first
 * (about 180 ms of its work at 8 RMs), so its handoff is unchanged. Paired runs with 2 workers
 * against HANDOFF_MIN alone: Raft (reference, symmetry) with a crash, 171,799 states, 6.17 s
 * against 7.27 s and 7.30 s against 8.30 s (8 pairs each; it hands over at level 7 or 8 instead
 * of 14); at its bench bounds 1.91 s against 1.83 s (8 pairs; it hands over at level 12 or not at
 * all); TwoPhase 8 RMs 2.63 s against 2.66 s (10 pairs), 7 RMs 0.82 s against 0.80 s (8 pairs).
 */
const HANDOFF_MS = 200;
/**
 * It binds only for states slower than HANDOFF_MS / HANDOFF_TIMED_MIN (12.5 ms): ring-placement
 * at 7 nodes and 2,000 keys takes about 11 ms a state, and its levels hold a few hundred. At
 * 1,024 it never handed over.
 */
const HANDOFF_TIMED_MIN = 16;
/**
 * The worker threads start once this thread has explored alone for START_AFTER_MS and the states
 * waiting would take it START_WORK_MS at its current cost per state. A worker takes about 0.2 s
 * to start, and a search that ends first only loses by it: the start competes with this thread
 * for the cores, and stopping a worker that is still starting took 30–40 ms. So a search that
 * ends within 0.1 s, or whose levels stay small, never starts one. Alternated runs with 2
 * workers, starting at once against this (bundled bench/measure.ts):
 * - TwoPhase 3, 5 and 6 RMs (12 pairs each): 0.064 s against 0.029 s, 0.142 s against 0.091 s,
 *   0.229 s against 0.170 s, each now about one thread's time;
 * - 7 RMs: 0.605 s against 0.603 s, slower in 10 of 16 pairs (median difference +0.025 s);
 * - 8 RMs: 1.977 s against 1.987 s (20 pairs), and 1.611 s against 1.652 s in 12 more with
 *   the handoff timed: it came 38 ms later, but this thread had been slowed less before it;
 * - 9 RMs: 13.1 s against 11.5 s (2 pairs);
 * - Raft at its bench bounds: 1.61 s against 1.74 s (12 pairs; one thread about 1.4 s), slower:
 *   at those bounds the workers rarely take part either way, and the later start cost more
 *   than it saved.
 */
const START_AFTER_MS = 100;
const START_WORK_MS = 30;

/**
 * When this thread hands the search over (engine/explore.ts asks before every 256th state, or
 * every state while states are slow: CheckInterval): once the workers are ready and HANDOFF_MIN
 * states wait, or (after START_AFTER_MS) HANDOFF_TIMED_MIN wait and would take HANDOFF_MS here.
 * The cost per state is the least over the last four intervals between asks, so that a pause for
 * garbage collection or compiling does not pass for slow states. Only when the workers start,
 * when the search is handed over, how often the clock is read and how many states a thread
 * claims at once (ChunkCap) depend on the clock: what the search finds does not.
 */
export class HandoffRule {
  /** When it was first asked (ms): the search's start, near enough. */
  private firstAt = -1;
  private lastAt = -1;
  private lastExpanded = 0;
  private readonly recent = [Infinity, Infinity, Infinity, Infinity];
  private next = 0;

  /** Milliseconds per state expanded, as last measured (Infinity before two intervals). */
  get msPerState(): number {
    return Math.min(this.recent[0], this.recent[1], this.recent[2], this.recent[3]);
  }

  /** Whether to start the worker threads now, `elapsed` ms into the search with `unexpanded` states waiting (START_AFTER_MS). */
  worthStarting(unexpanded: number, elapsed: number): boolean {
    return elapsed >= START_AFTER_MS && unexpanded > 0 && unexpanded * this.msPerState >= START_WORK_MS;
  }

  /** Records the states expanded by time `now` (ms); whether to hand over `unexpanded` states now. */
  decide(unexpanded: number, expanded: number, now: number, ready: boolean): boolean {
    if (this.lastAt < 0) {
      this.lastAt = this.firstAt = now; // what came before includes setting up: not a cost per state
      this.lastExpanded = expanded;
    } else if (expanded > this.lastExpanded) {
      this.recent[this.next++ & 3] = (now - this.lastAt) / (expanded - this.lastExpanded);
      this.lastAt = now;
      this.lastExpanded = expanded;
    }
    if (!ready) return false;
    // The timed rule, like the workers' start, trusts the cost per state only after
    // START_AFTER_MS: asked at every state at first (CheckInterval), TwoPhase's first states took
    // milliseconds each while V8 compiled and the steps were computed, and four such intervals in
    // a row handed 49 states over at depth 1, about 30 ms in (8 RMs, two runs of six).
    return unexpanded >= HANDOFF_MIN || (now - this.firstAt >= START_AFTER_MS && unexpanded >= HANDOFF_TIMED_MIN && unexpanded * this.msPerState >= HANDOFF_MS);
  }
}

export async function exploreParallel(
  factory: ModelFactory,
  local: Model<any, any, any>,
  threads: number,
  options: ExploreOptions & ParallelTuning = {},
): Promise<ExploreResult> {
  if (threads <= 1) return explore(local, options);
  const started = performance.now();
  const threaded = await onThreads(factory, local, threads, options, started);
  if ('verdict' in threaded) return threaded;
  // The threads found a violation at level `depth` and have stopped, but for one worker. This
  // thread searches again for the counterexample the sequential explorer returns, with its
  // counts: depth-first over the levels the threads logged (engine/secondSearch.ts), or else
  // breadth-first, bounded by that depth, in a visited set of its own.
  const rerunAt = performance.now();
  options.onRerun?.({ depth: threaded.depth, ms: rerunAt - started, property: threaded.property });
  try {
    // A worker judges the last level while this thread searches the levels before it
    // (secondSearch's WorkerJudge), unless told otherwise.
    const helper = options.secondSearchAlone ? null : threaded.judge;
    const dfs = options.breadthFirstSecondSearch ? null : await secondSearch(local as Model<Int32Array, any, any>, options, threaded.table, threaded.logs, threaded.depth, threaded.before, started, helper);
    const r = dfs?.result ?? explore(local, { ...options, maxDepth: threaded.depth + 1 });
    options.onSecondSearch?.({ depthFirst: dfs !== null, expanded: dfs?.expanded ?? null, ms: performance.now() - rerunAt, judgedByWorker: dfs !== null && helper !== null });
    return { ...r, durationMs: Math.round(performance.now() - started) };
  } finally {
    await threaded.stop();
  }
}

/**
 * What the threads found: a violation at level `depth` (the counterexample's length), of
 * `property`; the counts as the level before it started to be expanded, the visited set, and
 * each thread's log of the levels it found (every state of the levels before, by level).
 */
interface ThreadsFound {
  depth: number;
  property: string;
  before: LevelStart;
  table: SharedFingerprintSet;
  logs: LevelLogContent[];
  /** A worker thread, still running, to judge the second search's last level. */
  judge: JudgeThread;
  /** Stops the worker threads. */
  stop: () => Promise<void>;
}

/**
 * The search as far as the threads take it: its result, or the violation they found. The
 * worker threads have stopped when it returns a result; with a violation, they run on for the
 * second search, and ThreadsFound.stop stops them.
 */
async function onThreads(
  factory: ModelFactory,
  local: Model<any, any, any>,
  threads: number,
  options: ExploreOptions & ParallelTuning,
  started: number,
): Promise<ExploreResult | ThreadsFound> {
  const early = takeEarlyWorkers(factory.module, threads);
  const capacity = options.tableCapacity ?? DEFAULT_SLOTS;
  // The early workers' table, whose pages they have touched, unless the search asked for another size.
  const touched = early !== null && slotsOf(early.table) === SharedFingerprintSet.slots(capacity);
  const table = touched ? new SharedFingerprintSet(early.table) : SharedFingerprintSet.create(capacity);
  // Compared by size, not kept: the first table's memory is not held once it has grown.
  const initialSlots = slotsOf(table.buffers);
  const flags = new Int32Array(new SharedArrayBuffer(4 * flagWords(threads)));
  const generated = new Float64Array(new SharedArrayBuffer(8 * GENERATED_STRIDE * threads));
  const maxStates = options.maxStates ?? Infinity;
  const entry = early ? null : await workerBundle(factory.module);
  const workers: Peer[] = [];
  const start = (unexpanded: number) => {
    const modelMemory = local.sharedMemory?.() ?? null;
    const spawned = early?.workers ?? startWorkers(entry!, threads - 1);
    workers.push(...spawned.map((w, index) => {
      const peer = new Peer(w);
      const orders: Orders = { factory, participants: threads, index, symmetry: !!options.symmetry, maxStates, table: table.buffers, touched, flags: flags.buffer, generated: generated.buffer as SharedArrayBuffer, modelMemory };
      w.postMessage(orders);
      return peer;
    }));
    options.onWorkersStarted?.({ ms: performance.now() - started, unexpanded, early: early !== null });
  };
  const stop = async () => {
    await Promise.all(workers.map((p) => p.worker.terminate()));
  };
  // Whether the workers run on past this function (a violation: ThreadsFound).
  let keep = false;
  const forced = options.handoffAt;
  // Early workers (engine/threads.mjs) are ready sooner than the search would start them.
  if (forced !== undefined || early) start(0);
  try {
    // Alone until the workers are ready (and there is enough to share), in a table of its own
    // that starts small and stays in cache. Meanwhile the workers map the shared table's pages
    // (touch in engine/parallelWorker.ts): first touches of fresh memory here, while a worker
    // thread is being set up, made the first thousands of states several times slower.
    const alone = SharedFingerprintSet.create(1 << 16);
    const rule = new HandoffRule();
    // Every state seen alone is expanded or waiting, so the states expanded are the difference.
    const head = exploreUntil(local, options, (unexpanded, now) => {
      if (forced !== undefined) return unexpanded >= forced;
      if (workers.length === 0 && rule.worthStarting(unexpanded, now - started)) start(unexpanded);
      return rule.decide(unexpanded, alone.size - unexpanded, now, workers.length > 0 && Atomics.load(flags, READY) === workers.length);
    }, alone);
    if (!('frontier' in head)) return { ...head, durationMs: Math.round(performance.now() - started) };
    const unexpanded = head.frontier.length - head.from + head.next.length;
    options.onHandoff?.({ depth: head.depth, expanded: head.from, unexpanded, distinct: alone.size, ms: performance.now() - started });
    await Promise.all(workers.map((p) => p.ready));
    // What this thread has seen moves into the shared table (no other thread uses it yet).
    alone.moveInto(table);
    // The table may have grown meanwhile (in place here, a new buffer for the workers).
    if (slotsOf(table.buffers) !== initialSlots) await Promise.all(workers.map((p) => p.call('table', { table: table.buffers })));
    // This thread carries on with its Expander and its queues, already in shared memory, where
    // the workers take chunks of its level from the first round on.
    const deadline = options.maxSeconds === undefined ? Infinity : started + options.maxSeconds * 1000;
    const me = new Participant(local as Model<Int32Array, any, any>, alone, head.expander as Expander<Int32Array, any, any>, flags, workers.length, threads, { maxStates, deadline }, generated);
    me.resume(head.frontier as unknown as PackedQueue, head.from, head.next as unknown as PackedQueue, head.log);
    const published: (Published | null)[] = workers.map(() => null);
    published.push(me.publish());
    // This thread last: its calls run once the workers' are sent.
    const peers: AnyPeer[] = [...workers, new LocalPeer(me)];
    // Every state seen alone was expanded or is waiting.
    const progress = options.onProgress ? new Progress(options, started, flags, generated, alone.size - unexpanded) : null;
    if (progress) me.tick = (now) => progress.tick(table.size, now);
    const found = await levels(peers, table, flags, options, started, head.depth + 1, published, progress, head.levelStart);
    if ('verdict' in found) return found;
    // One worker judges the second search's last level; the others stop now, their memory freed.
    await Promise.all(workers.slice(1).map((p) => p.worker.terminate()));
    const judge: JudgeThread = { call: (op, fields) => workers[0].call(op, fields), peer: threads - 1, content: () => me.content() };
    keep = true;
    return { ...found, judge, stop };
  } finally {
    if (!keep) await stop();
  }
}

/**
 * The level-synchronous search over all threads, from where this thread handed it over: level
 * `depth` being found, with what each participant published of the level before (null: none).
 */
async function levels(peers: AnyPeer[], table: SharedFingerprintSet, flags: Int32Array, options: ExploreOptions, started: number, depth: number, published: (Published | null)[], progress: Progress | null, before: LevelStart): Promise<ExploreResult | Omit<ThreadsFound, 'judge' | 'stop'>> {
  const { maxDepth = Infinity, maxStates = Infinity, maxSeconds = Infinity } = options;
  for (;;) {
    progress?.level(depth, published);
    // Each participant starts the level with the others' queues and content (its own left out,
    // so a worker is not sent back what it published), then claims chunks until none is left.
    const queues: (SharedQueue | null)[] = published.map((p) => p?.queue ?? null);
    let rounds = await Promise.all(peers.map((p, i) => p.call('expand', { queues, contents: published.map((q, j) => (j === i ? null : q?.content ?? null)), level: depth })));
    while (!rounds.some((r) => r.violation) && !rounds.every((r) => r.done)) {
      // The shared table passed its load limit: a larger one, then resume the level.
      if (table.full) {
        table.grow();
        await Promise.all(peers.map((p) => p.call('table', { table: table.buffers })));
      }
      rounds = await Promise.all(peers.map((p) => p.call('expand')));
    }
    const violated = rounds.find((r) => r.violation);
    if (violated) {
      // Each thread's log of the levels it found, for the second search.
      const logs = (await Promise.all(peers.map((p) => p.call('log')))).map((r) => r.log as LevelLogContent);
      return { depth, property: (violated.violation as Found).property, before, table, logs };
    }
    // The threads stopped in the middle of the level, past a bound (Participant.pastBounds).
    const bounded = Atomics.load(flags, STOP) === BOUND;
    // Each participant moves to the next level, publishes it and reports its counts, in one call.
    const stats = await Promise.all(peers.map((p) => p.call('advance')));
    published = stats.map((r) => ({ queue: r.queue as SharedQueue, content: r.content as WireContent }));
    const sizes = published.map((p) => p!.queue.length);
    if (sizes.every((n) => n === 0)) depth--; // the last level found nothing new
    const frontier = sizes.reduce((a, b) => a + b, 0);
    const distinct = table.size;
    const generated = stats.reduce((n, r) => n + r.generated, 0);
    const witnessed: Record<string, boolean> = {};
    for (const r of stats) for (const [k, v] of Object.entries(r.witnessed as Record<string, boolean>)) witnessed[k] = witnessed[k] || v;
    const finish = (outcome: Outcome): ExploreResult => ({ ...outcome, distinctStates: distinct, generatedStates: generated, depth, durationMs: Math.round(performance.now() - started), witnessed });
    const now = performance.now();
    progress?.report(now, distinct, generated, frontier, depth);
    const past = distinct >= maxStates ? stateBound(maxStates) : now - started > maxSeconds * 1000 ? timeBound(maxSeconds) : null;
    // A level cut short says nothing of what lies beyond it, even if it found no new state.
    if (bounded) return finish({ verdict: 'unknown', reason: past ?? timeBound(maxSeconds) });
    if (frontier === 0) {
      const vacuous = Object.entries(witnessed).filter(([, v]) => !v).map(([k]) => `'${k}'`);
      return finish(vacuous.length ? { verdict: 'unknown', reason: `vacuous: no reachable state satisfies ${vacuous.join(', ')}` } : { verdict: 'ok' });
    }
    if (depth >= maxDepth) return finish({ verdict: 'unknown', reason: depthBound(maxDepth, frontier) });
    if (past !== null) return finish({ verdict: 'unknown', reason: past });
    before = { distinct, generated, witnessed };
    depth++;
  }
}

/**
 * Progress reports (ExploreOptions.onProgress) of a search on several threads: at the end of each
 * level, and in the middle of one from this thread's participant between its chunks
 * (Participant.tick), so that a level that takes minutes does not leave the report standing
 * still. In the middle of a level the counts are as far as this thread can tell: the others'
 * successors generated as of their last chunk, and their last few additions to the visited set
 * not yet counted.
 */
class Progress {
  private lastReport: number;
  private readonly every: number;
  private depth = 0;
  /** States expanded before this level (all of them, on every thread). */
  private expandedBefore: number;
  /** States of this level in each participant's queue (those not expanded before the level started). */
  private sizes: number[] = [];

  constructor(
    private readonly options: ExploreOptions,
    private readonly started: number,
    private readonly flags: Int32Array,
    private readonly generated: Float64Array,
    expanded: number,
  ) {
    this.lastReport = started;
    this.every = options.progressEveryMs ?? 1000;
    this.expandedBefore = expanded;
  }

  /** A level starts: level `depth` being found from the queues each participant published. */
  level(depth: number, published: (Published | null)[]): void {
    this.expandedBefore += this.sizes.reduce((a, b) => a + b, 0);
    this.depth = depth;
    this.sizes = published.map((p) => (p === null ? 0 : p.queue.length - p.queue.first));
  }

  /** Between two chunks of this thread, at `now`: a report if one is due. */
  tick(distinct: number, now: number): void {
    if (now - this.lastReport < this.every) return;
    let claimed = 0;
    for (let p = 0; p < this.sizes.length; p++) claimed += Math.min(this.sizes[p], Atomics.load(this.flags, CLAIMS + p));
    let generated = 0;
    for (let p = 0; p < this.sizes.length; p++) generated += this.generated[p * GENERATED_STRIDE];
    this.report(now, distinct, generated, distinct - this.expandedBefore - claimed, this.depth);
  }

  /** A report at `now` if one is due. */
  report(now: number, distinct: number, generated: number, queue: number, depth: number): void {
    if (now - this.lastReport < this.every) return;
    this.lastReport = now;
    this.options.onProgress!(progressAt(distinct, generated, queue, depth, now - this.started));
  }
}
