/**
 * Exhaustive breadth-first exploration with fingerprint deduplication and parent pointers.
 *
 * Every state is judged when first discovered, so the first violation found is at the smallest
 * depth: its path is a shortest counterexample. Bounds (depth, distinct states, seconds) cut the
 * search short, and a cut-short search is `unknown`, never `ok`. A search that finishes without
 * witnessing every `sometimes` property is `unknown` too (vacuous), never `ok`.
 */
import { FingerprintSet, IntVec, RecentFingerprints, SharedFingerprintSet } from './fpset.js';
import { ImplementationError, NO_EXCEPTION, type Model } from './model.js';
import { violationOf } from './properties.js';
import type { ExploreResult, Outcome } from './result.js';
import { LevelLog, stateQueue, type StateQueue } from './stateQueue.js';
import { concretePath, symmetryOf } from './symmetry.js';

export interface ExploreOptions {
  maxDepth?: number;
  maxStates?: number;
  maxSeconds?: number;
  /** Called about every `progressEveryMs` with running counts (for stderr progress). */
  onProgress?: (p: ExploreProgress) => void;
  progressEveryMs?: number;
  /** Keep one canonical state per orbit of interchangeable nodes (the model must declare them). */
  symmetry?: boolean;
}

export interface ExploreProgress {
  distinct: number;
  generated: number;
  queue: number;
  depth: number;
  statesPerSecond: number;
  elapsedMs: number;
}

export function explore<S, A, W>(model: Model<S, A, W>, options: ExploreOptions = {}): ExploreResult {
  return new Explorer(model, options, null).run() as ExploreResult;
}

/**
 * Where a search stopped to be continued elsewhere (the parallel explorer's worker threads):
 * level `depth` is `frontier`, of which states `from` onward are not expanded yet, and `next`
 * holds the states of level depth + 1 found so far. Every state in either is in exploreUntil's
 * visited set, judged.
 */
export interface Handoff<S> {
  depth: number;
  frontier: StateQueue<S>;
  from: number;
  next: StateQueue<S>;
  /** Goes on expanding (and counting) where the search stopped, without recording paths. */
  expander: Expander<S, any, any>;
  /** The counts as level `depth` started to be expanded. */
  levelStart: LevelStart;
  /** The fingerprints of every state of the levels up to `depth`, level by level. */
  log: LevelLog;
}

/**
 * A search's counts as a level started to be expanded: distinct states (every state of that
 * level and the ones before), successors generated (by expanding the levels before) and the
 * `sometimes` properties witnessed (by the states of that level and the ones before).
 */
export interface LevelStart {
  distinct: number;
  generated: number;
  witnessed: Record<string, boolean>;
}

/** Why a bounded search ends `unknown`: the same words on one thread and on several (engine/parallel.ts). */
export const stateBound = (maxStates: number): string => `state bound ${maxStates} reached`;
export const timeBound = (maxSeconds: number): string => `time bound ${maxSeconds}s reached`;
export const depthBound = (maxDepth: number, unexpanded: number): string => `depth bound ${maxDepth} reached with ${unexpanded} states unexpanded`;

/** A progress report (ExploreOptions.onProgress) `elapsedMs` into a search: the same on one thread and on several. */
export function progressAt(distinct: number, generated: number, queue: number, depth: number, elapsedMs: number): ExploreProgress {
  return { distinct, generated, queue, depth, statesPerSecond: Math.round(generated / Math.max(elapsedMs / 1000, 1e-9)), elapsedMs };
}

/**
 * The sequential explorer that stops for a handoff: before expanding a state it asks, as often as
 * it checks its clock (CheckInterval: every 256th state, or every state when states are slow),
 * `stop(unexpanded, now)` (states of this level not expanded yet plus those of the next level
 * found so far; the clock's reading, performance.now()), and when that says yes returns where it
 * stopped instead of a result. A search that
 * ends, violated, or hits a bound first returns its result as explore() would. Its visited set
 * is `seen`, a SharedFingerprintSet no other thread uses yet, which it grows in place when full:
 * the threads that take over carry on with its entries (SharedFingerprintSet.moveInto), and this
 * thread with the same Expander, whose code keeps the object shapes it was optimized for.
 */
export function exploreUntil<S, A, W>(model: Model<S, A, W>, options: ExploreOptions, stop: (unexpanded: number, now: number) => boolean, seen: SharedFingerprintSet): ExploreResult | Handoff<S> {
  return new Explorer(model, options, stop, seen).run();
}

/** What a visited set must do: add a 64-bit fingerprint, saying whether it was new. */
export interface VisitedSet {
  add(hi: number, lo: number): boolean;
  /** Fetches what add() will read first for n fingerprints (pairs in `fps`); the result means nothing. */
  warm(fps: Uint32Array, n: number): number;
  readonly size: number;
}

/** At most this many judged keys are kept (16 MB of table). */
const JUDGED_LIMIT = 1 << 20;

/** A violation found while expanding: the property, and the action (index) that reached it. */
export interface Found {
  property: string;
  message: string;
  /** Number of the state expanded (sequential) and index of the action; -1 for an initial state. */
  parent: number;
  action: number;
}

/** Slots of a symmetric search's cache of successors as built (Expander.raw): 2 MB. */
const RAW_SLOTS = 1 << 18;

/**
 * Expanding states into the next level, shared by the sequential explorer and every thread of
 * the parallel one (engine/participant.ts): successor fingerprints through the model's fast path
 * where it has one, so only new states are built; every new state judged when discovered.
 */
export class Expander<S, A, W> {
  generated = 0;
  /** Per `sometimes` property (in order): 1 once a judged state satisfies it. */
  private readonly witnessedFlags: Uint8Array;
  private readonly actions: A[] = [];
  private readonly fp = new Uint32Array(2);
  private readonly parentFp = new Uint32Array(2);
  private readonly always;
  private readonly sometimes;
  /**
   * Keys (Model.viewKey) of the states judged so far whose verdicts came from what the key
   * covers, with no violation: a later state with the same key is not judged again. Capped, so
   * a model whose keys rarely repeat does not double the visited set's memory. Emptied when
   * the model's viewKeyEpoch changes.
   */
  private judged: FingerprintSet | null;
  private keyEpoch: number | undefined;
  private readonly key = new Uint32Array(2);
  /** What VisitedSet.warm returns, kept so that its loads are not dropped as unused. */
  private sink = 0;

  constructor(
    private readonly model: Model<S, A, W>,
    private readonly seen: VisitedSet,
    private readonly canon: ((s: S) => S) | undefined,
    /** Sequential search: each new state's parent number and action index, for paths. */
    private readonly parents: { parent: IntVec; via: IntVec } | null,
  ) {
    this.always = model.properties.filter((p) => p.kind === 'always');
    this.sometimes = model.properties.filter((p) => p.kind === 'sometimes');
    this.witnessedFlags = new Uint8Array(this.sometimes.length);
    this.judged = model.viewTransient && model.viewKey && model.viewKeyCovers ? new FingerprintSet(1 << 12) : null;
    this.keyEpoch = model.viewKeyEpoch;
    // A symmetric search with the model's fast path expands through expandCanonical; expand
    // itself stays as it is for every other search (it is the hottest code there is).
    if (canon && model.successors) {
      this.raw = new RecentFingerprints(RAW_SLOTS);
      this.expand = this.expandCanonical;
    }
  }

  /**
   * With symmetry, the fingerprints of recent successors as built, before canonicalizing: the
   * same world is reached again and again from different parents, and each time it would be
   * built and canonicalized again (signatures, renamings) only to be found in the visited set.
   */
  private raw: RecentFingerprints | null = null;

  /**
   * expand() for a symmetric search of a model with the fast path: a successor whose fingerprint
   * as built (before canonicalizing) was met recently is a duplicate, since its representative
   * went into the visited set then; only the others are built and canonicalized.
   */
  private expandCanonical(frontier: StateQueue<S>, f: number, next: StateQueue<S>): Found | null {
    const model = this.model;
    const raw = this.raw!;
    const s = frontier.state(f);
    const id = frontier.id(f);
    frontier.fingerprint(f, this.parentFp);
    const listed = model.successors!(s, this.parentFp, this.actions);
    const fps = listed >= 0 ? model.successorFingerprints! : null;
    const actions = fps ? this.actions : model.actions(s, this.actions);
    const n = fps ? listed : actions.length;
    for (let i = 0; i < n; i++) {
      this.generated++;
      if (fps && !raw.add(fps[2 * i], fps[2 * i + 1])) continue;
      const t = this.successor(s, actions[i]);
      if (t === undefined) return { property: NO_EXCEPTION, message: this.thrown, parent: id, action: i };
      model.fingerprint(t, this.fp);
      if (!this.seen.add(this.fp[0], this.fp[1])) continue;
      const tid = this.record(id, i);
      const v = this.judge(t, id, i);
      if (v) return v;
      next.push(t, tid, this.fp[0], this.fp[1]);
    }
    return null;
  }

  /** Whether each `sometimes` property has been satisfied by a judged state. */
  get witnessed(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    this.sometimes.forEach((p, k) => (out[p.name] = this.witnessedFlags[k] === 1));
    return out;
  }

  /** Adds initial states to `next` (canonicalized, deduplicated, judged). */
  initial(next: StateQueue<S>): Found | null {
    const inits = this.model.initialStates();
    for (let i = 0; i < inits.length; i++) {
      const s = this.canon ? this.canon(inits[i]) : inits[i];
      this.model.fingerprint(s, this.fp);
      if (!this.seen.add(this.fp[0], this.fp[1])) continue;
      const id = this.record(-1 - i, -1);
      const v = this.judge(s, -1 - i, -1);
      if (v) return v;
      next.push(s, id, this.fp[0], this.fp[1]);
    }
    return null;
  }

  /** Expands state f of `frontier` into `next`. */
  expand(frontier: StateQueue<S>, f: number, next: StateQueue<S>): Found | null {
    const model = this.model;
    const canon = this.canon;
    const s = frontier.state(f);
    const id = frontier.id(f);
    frontier.fingerprint(f, this.parentFp);
    // With symmetry and a fast path the search runs expandCanonical instead, so `!canon` no
    // longer decides anything here; dropping it changed V8's inlining in this loop and made
    // TwoPhase at 8 RMs slower (12 of 16 alternated pairs, +0.04–0.06 s of CPU), so it stays.
    const listed = model.successors && !canon ? model.successors(s, this.parentFp, this.actions) : -1;
    const fps = listed >= 0 ? model.successorFingerprints! : null;
    // Models may fill the buffer they are given or return their own array.
    const actions = fps ? this.actions : model.actions(s, this.actions);
    const n = fps ? listed : actions.length;
    // The visited set's cache lines for every successor, fetched together rather than one by
    // one as add() reaches each. TwoPhase at 8 RMs, batches of 8–16 alternated runs: one thread
    // 0.8–3.5% faster (four batches), two workers 1.0–2.4% (four; faster in 14 of 16 pairs in
    // the last).
    if (fps !== null) this.sink ^= this.seen.warm(fps, n);
    for (let i = 0; i < n; i++) {
      let t: S | undefined;
      this.generated++;
      if (fps) {
        this.fp[0] = fps[2 * i];
        this.fp[1] = fps[2 * i + 1];
        if (!this.seen.add(this.fp[0], this.fp[1])) continue;
      } else {
        t = this.successor(s, actions[i]);
        if (t === undefined) return { property: NO_EXCEPTION, message: this.thrown, parent: id, action: i };
        model.fingerprint(t, this.fp);
        if (!this.seen.add(this.fp[0], this.fp[1])) continue;
      }
      const tid = this.record(id, i);
      if (t === undefined) t = this.build(s, actions[i]);
      const v = this.judge(t, id, i);
      if (v) return v;
      next.push(t, tid, this.fp[0], this.fp[1]);
    }
    return null;
  }

  /**
   * The successor of s by a, canonicalized with symmetry; undefined when the step throws an
   * ImplementationError, whose message is then in `thrown`.
   */
  private successor(s: S, a: A): S | undefined {
    try {
      const t = this.build(s, a);
      return this.canon ? this.canon(t) : t;
    } catch (e) {
      if (!(e instanceof ImplementationError)) throw e;
      this.thrown = e.message;
      return undefined;
    }
  }
  private thrown = '';

  /** A successor kept only until it is pushed (queues copy packed states). */
  private build(s: S, a: A): S {
    return this.model.nextTransient ? this.model.nextTransient(s, a) : this.model.next(s, a);
  }

  /** Stops recording parents (a search continued on several threads has no use for them). */
  stopRecording(): void {
    this.recording[0] = 0;
  }
  /**
   * 1 while recording parents. An element, not a boolean field: V8 treats a field that has kept
   * its first value as a constant in the code it optimizes, and at the handoff, setting it threw
   * away this thread's optimized expand() and record(), its hottest code, just as the worker
   * threads joined in.
   */
  private readonly recording = new Uint8Array([1]);

  private record(parent: number, via: number): number {
    if (!this.parents || this.recording[0] === 0) return 0;
    const tid = this.parents.parent.length;
    this.parents.parent.push(parent);
    this.parents.via.push(via);
    return tid;
  }

  private judge(s: S, parent: number, action: number): Found | null {
    const model = this.model;
    const judged = this.judged;
    if (judged !== null) {
      model.viewKey!(s, this.key);
      if (judged.has(this.key[0], this.key[1])) return null;
    }
    const world = model.viewTransient ? model.viewTransient(s) : model.view(s);
    // The flag is written whenever it is still 0, not only when a property is first witnessed:
    // a store first run after V8 has optimized this function would throw that code away.
    const flags = this.witnessedFlags;
    for (let k = 0; k < flags.length; k++) if (flags[k] === 0) flags[k] = this.sometimes[k].check(world) ? 1 : 0;
    for (let k = 0; k < this.always.length; k++) {
      const p = this.always[k];
      const message = violationOf(p as typeof p & { kind: 'always' }, world);
      if (message !== null) return { property: p.name, message, parent, action };
    }
    // Witnessed flags only ever turn on, so skipping a key judged before loses no witness.
    if (judged !== null && judged.size < JUDGED_LIMIT) {
      if (model.viewKeyCovers!()) judged.add(this.key[0], this.key[1]);
      else if (model.viewKeyEpoch !== this.keyEpoch) {
        this.keyEpoch = model.viewKeyEpoch;
        this.judged = new FingerprintSet(1 << 12);
      }
    }
    return null;
  }
}

/**
 * How often the explorer checks its clock (time bound, progress) and asks whether to hand over:
 * before every (mask + 1)th state of a level. It starts at every state and doubles up to every
 * 256th while the states between two checks take less than FAST_MS (and halves when they take
 * more than SLOW_MS), so that a model whose states take milliseconds (ring-placement builds a
 * placement of every key for each) is checked at every state: at every 256th, a time bound or a
 * handoff came seconds late. TwoPhase and Raft reach every 256th within their first few hundred
 * states, as before.
 */
export class CheckInterval {
  mask = 0;
  private last: number;
  /** `now`: when the search started (ms). */
  constructor(now: number) {
    this.last = now;
  }
  /** Notes a check at time `now` (ms); the mask from now on. */
  checked(now: number): number {
    const ms = now - this.last;
    if (ms < FAST_MS) {
      if (this.mask < 255) this.mask = 2 * this.mask + 1;
    } else if (ms > SLOW_MS) {
      this.mask >>= 1;
    }
    this.last = now;
    return this.mask;
  }
}
const FAST_MS = 10;
const SLOW_MS = 50;

class Explorer<S, A, W> {
  private readonly seen: FingerprintSet | SharedFingerprintSet;
  /** The shared visited set of a search that stops for a handoff (exploreUntil), else null. */
  private readonly shared: SharedFingerprintSet | null;
  private readonly parent = new IntVec();
  private readonly via = new IntVec();
  private readonly expander: Expander<S, A, W>;
  private depth = 0;
  /** A search that may be handed over (exploreUntil): the counts as the level being expanded started. */
  private levelStart: LevelStart = { distinct: 0, generated: 0, witnessed: {} };
  /** A search that may be handed over: the fingerprints of its levels (LevelLog), or null. */
  private readonly log: LevelLog | null;
  private readonly started = performance.now();
  private readonly canon: ((s: S) => S) | undefined;

  constructor(
    private readonly model: Model<S, A, W>,
    private readonly options: ExploreOptions,
    private readonly stop: ((unexpanded: number, now: number) => boolean) | null,
    shared?: SharedFingerprintSet,
  ) {
    this.shared = shared ?? null;
    this.log = shared ? new LevelLog() : null;
    this.seen = shared ?? new FingerprintSet(1 << 16);
    if (options.symmetry) this.canon = symmetryOf(model);
    this.expander = new Expander(model, this.seen, this.canon, { parent: this.parent, via: this.via });
  }

  run(): ExploreResult | Handoff<S> {
    const packed = this.model.packed === true;
    // A search that may be handed over keeps its levels in shared memory, where the other
    // threads read them as they are (engine/participant.ts): copying them at the handoff took
    // about 45 ms at 8 RMs, run before V8 had compiled the copy.
    const sharedQueues = this.shared !== null;
    let frontier = stateQueue<S>(packed, sharedQueues);
    const init = this.expander.initial(frontier);
    this.log?.add(frontier, 0);
    if (init) return this.finish(this.violated(init));
    const { maxDepth = Infinity, maxStates = Infinity, maxSeconds = Infinity } = this.options;
    const every = this.options.progressEveryMs ?? 1000;
    let lastReport = this.started;
    // Two queues take turns, so a level's buffers are reused, not allocated again.
    let next = stateQueue<S>(packed, sharedQueues);
    // The hot loop reads the mask from a local, not the object.
    const interval = new CheckInterval(this.started);
    let mask = interval.mask;
    while (frontier.length > 0) {
      if (this.depth >= maxDepth) return this.finish({ verdict: 'unknown', reason: depthBound(maxDepth, frontier.length) });
      next.clear();
      if (this.log !== null) this.levelStart = { distinct: this.seen.size, generated: this.expander.generated, witnessed: this.expander.witnessed };
      for (let f = 0; f < frontier.length; f++) {
        // One check before every (mask + 1)th state, with one reading of the clock: the
        // interval, the handoff's question, the time bound and progress.
        if ((f & mask) === 0) {
          const now = performance.now();
          mask = interval.checked(now);
          const unexpanded = frontier.length - f + next.length;
          if (this.stop !== null && this.stop(unexpanded, now)) {
            this.expander.stopRecording();
            return { depth: this.depth, frontier, from: f, next, expander: this.expander, levelStart: this.levelStart, log: this.log! };
          }
          if (now - this.started > maxSeconds * 1000) return this.finish({ verdict: 'unknown', reason: timeBound(maxSeconds) });
          if (this.options.onProgress && now - lastReport >= every) {
            lastReport = now;
            this.options.onProgress(progressAt(this.seen.size, this.expander.generated, unexpanded, this.depth, now - this.started));
          }
        }
        const found = this.expander.expand(frontier, f, next);
        // A SharedFingerprintSet does not grow by itself; no other thread uses this one.
        if (this.shared !== null && this.shared.overLimit) this.shared.grow();
        if (found) return this.finish(this.violated(found));
        if (this.seen.size >= maxStates) return this.finish({ verdict: 'unknown', reason: stateBound(maxStates) });
      }
      [frontier, next] = [next, frontier];
      if (frontier.length) this.depth++;
      if (this.log !== null && frontier.length) this.log.add(frontier, this.depth);
    }
    const witnessed = this.expander.witnessed;
    const vacuous = Object.keys(witnessed).filter((name) => !witnessed[name]);
    if (vacuous.length) return this.finish({ verdict: 'unknown', reason: `vacuous: no reachable state satisfies ${vacuous.map((n) => `'${n}'`).join(', ')}` });
    return this.finish({ verdict: 'ok' });
  }

  private violated(found: Found): Outcome {
    const { path, initial } = found.parent < 0 ? { path: [], initial: -1 - found.parent } : this.pathTo(found.parent, found.action);
    return { verdict: 'violated', violation: { property: found.property, message: found.message, path, initial } };
  }

  /** Path of action indices from an initial state to state `id`, then `extra` if ≥ 0. */
  private pathTo(id: number, extra: number): { path: number[]; initial: number } {
    const path: number[] = [];
    if (extra >= 0) path.push(extra);
    let cur = id;
    while (this.parent.data[cur] >= 0) {
      path.push(this.via.data[cur]);
      cur = this.parent.data[cur];
    }
    return { path: path.reverse(), initial: -1 - this.parent.data[cur] };
  }

  private finish(outcome: Outcome): ExploreResult {
    if (outcome.verdict === 'violated' && this.canon) {
      outcome = { verdict: 'violated', violation: concretePath(this.model, this.canon, outcome.violation) };
    }
    return {
      ...outcome,
      distinctStates: this.seen.size,
      generatedStates: this.expander.generated,
      depth: outcome.verdict === 'violated' ? outcome.violation.path.length : this.depth,
      durationMs: Math.round(performance.now() - this.started),
      witnessed: this.expander.witnessed,
    };
  }
}
