/**
 * The parallel explorer's second search (engine/parallel.ts): once the threads have found a
 * violation at level d, the counterexample, counts and witnesses the sequential explorer
 * (engine/explore.ts) returns, found depth-first over the levels the threads found.
 *
 * The sequential explorer's queue holds each level in the order of its states' least shortest
 * words (sequences of action indices from an initial state), and its first violation is met
 * while expanding level d - 1: at the least word of length d whose step throws or whose state,
 * new then, violates a property. A depth-first search in action order meets the words in that
 * order. Each thread logs the fingerprints of the levels it found (LevelLog), by which this
 * search labels the slots of their visited set with levels, and so follows only steps from a
 * state of level k to one of level k + 1, each state once (a state searched before led to no
 * violation), and stops at the first violation. It expands the states of level d - 1 that the
 * sequential explorer expands before the violation, in the same order, and of the levels before
 * only those on a word leading to one of them, where the sequential explorer expands every
 * state of every level before d - 1.
 *
 * Expanding those states of level d - 1 as the sequential explorer does (each new successor
 * judged, the new ones counted) gives its counts at the violation exactly, from the counts as
 * level d - 1 started (LevelStart, which the threads give). With a worker thread, the worker
 * does that (LastLevel), fed the states of level d - 1 in the order this thread reaches them
 * (WorkerJudge), while this thread goes on searching the levels before: a pipeline of two.
 * The states are numbered in the order searched, so where the worker's answer ends the search
 * names the state, and the states expanded are counted as if the search had stopped there.
 *
 * A search without the fast path (Model.successors) or one with symmetry builds every
 * successor; with the fast path, only those it follows or judges.
 */
import { progressAt, stateBound, timeBound, type ExploreOptions, type Found, type LevelStart } from './explore.js';
import { FingerprintSet, IntVec, type SharedFingerprintSet } from './fpset.js';
import { ImplementationError, NO_EXCEPTION, type Model } from './model.js';
import { firstViolation, type Property } from './properties.js';
import type { ExploreResult, Outcome } from './result.js';
import type { LevelLogContent } from './stateQueue.js';
import { concretePath, symmetryOf } from './symmetry.js';

/** A state to search from (a successor of the one below it on the stack), with the action index that reached it. */
interface Child {
  state: Int32Array;
  action: number;
  slot: number;
}

interface Frame {
  slot: number;
  /** The frame's state's number in the search's tree of words (Words). */
  node: number;
  children: Child[];
  next: number;
}

/** The deepest level told apart (levels are bytes; UNLABELLED marks states of later levels or none). */
const MAX_LEVEL = 254;
const UNLABELLED = 255;

/**
 * The level of each slot of `table` whose state one of `logs` holds (the threads' levels),
 * UNLABELLED for the others: the states of the level the threads were finding when they
 * stopped.
 */
function labelLevels(table: SharedFingerprintSet, logs: LevelLogContent[]): Uint8Array {
  // Shared, so that a worker thread can judge the last level (WorkerJudge).
  const labels = new Uint8Array(new SharedArrayBuffer(table.slots)).fill(UNLABELLED);
  for (const log of logs) {
    const fps = log.fps;
    for (let j = 0, from = 0; j < log.segments.length; j += 2) {
      const level = log.segments[j];
      const end = log.segments[j + 1];
      for (let w = from; w < end; w += 2) {
        const slot = table.slotOf(fps[w], fps[w + 1]);
        if (slot >= 0) labels[slot] = level;
      }
      from = end;
    }
  }
  return labels;
}

/** What successor() returns for a step that throws. */
const THROWS = 0;

/** States expanded between two looks at the clock. */
const CHECK_EVERY = 256;

/**
 * Lists and builds states as the explorer's Expander does (its successor()), without its cache
 * of judged keys: for the second search, here or in a worker thread.
 */
class Steps {
  /** The fingerprint of the state listed last, then of the successor built or looked up last. */
  readonly fp = new Uint32Array(2);
  private readonly actions: unknown[] = [];
  /** The message of the last step that threw (ImplementationError). */
  thrown = '';

  constructor(
    readonly model: Model<Int32Array, any, any>,
    readonly canon: ((s: Int32Array) => Int32Array) | undefined,
  ) {}

  build(s: Int32Array, a: unknown): Int32Array | undefined {
    const { model, canon } = this;
    try {
      const t = model.nextTransient ? model.nextTransient(s, a) : model.next(s, a);
      return canon ? canon(t) : t;
    } catch (e) {
      if (!(e instanceof ImplementationError)) throw e;
      this.thrown = e.message;
      return undefined;
    }
  }

  /** Lists s's actions as the explorer does: the fast path's fingerprints (null without it) and the count. */
  list(s: Int32Array): { fps: Uint32Array | null; acts: unknown[]; n: number } {
    const { model, fp, actions } = this;
    model.fingerprint(s, fp);
    const listed = model.successors ? model.successors(s, fp, actions) : -1;
    const fps = listed >= 0 ? model.successorFingerprints! : null;
    const acts = fps ? actions : model.actions(s, actions);
    return { fps: this.canon ? null : fps, acts, n: fps ? listed : acts.length };
  }

  /**
   * Successor i of s (listed: `fps`, `acts`): its fingerprint into `fp`, and the successor built,
   * or null where the fast path gave the fingerprint without building it, or THROWS.
   */
  successor(s: Int32Array, fps: Uint32Array | null, acts: unknown[], i: number): Int32Array | null | typeof THROWS {
    const fp = this.fp;
    if (fps) {
      fp[0] = fps[2 * i];
      fp[1] = fps[2 * i + 1];
      return null;
    }
    const t = this.build(s, acts[i]);
    if (t === undefined) return THROWS;
    this.model.fingerprint(t, fp);
    return t;
  }

  exception(action: number): Found {
    return { property: NO_EXCEPTION, message: this.thrown, parent: 0, action };
  }
}

/** The counts of a search at the violation (or where it stopped), from the counts as level depth - 1 started. */
export interface LastLevelCounts {
  distinct: number;
  generated: number;
  witnessed: Record<string, boolean>;
}

/**
 * The expansions of level depth - 1 (the last before the violation's), each as the sequential
 * explorer does it: every successor counted, each new one of level `depth` judged (as the
 * Expander's judge(), which calls properties.firstViolation too) and counted. In the search's
 * thread, or in a worker thread fed the states in the search's order (WorkerJudge).
 */
export class LastLevel {
  readonly counts: LastLevelCounts;
  /** Whether a state has met the violation or the state bound (next returned it): the search ends there. */
  ended = false;
  private readonly steps: Steps;
  private readonly sometimes: (Property<any> & { kind: 'sometimes' })[];
  /** Level `depth`'s states met so far (the threads labelled some of them, in no set order). */
  private readonly fresh = new FingerprintSet(1 << 12);

  constructor(
    model: Model<Int32Array, any, any>,
    canon: ((s: Int32Array) => Int32Array) | undefined,
    private readonly table: SharedFingerprintSet,
    private readonly levels: Uint8Array,
    private readonly depth: number,
    before: LevelStart,
    private readonly maxStates: number,
  ) {
    this.steps = new Steps(model, canon);
    this.sometimes = model.properties.filter((p): p is Property<any> & { kind: 'sometimes' } => p.kind === 'sometimes');
    const witnessed: Record<string, boolean> = {};
    for (const p of this.sometimes) witnessed[p.name] = before.witnessed[p.name] === true;
    this.counts = { distinct: before.distinct, generated: before.generated, witnessed };
  }

  /**
   * Expands s, the next state of level depth - 1: the violation it meets, or 'bound' where the
   * distinct states then reach the state bound, either of which ends the search; else null.
   */
  next(s: Int32Array): Found | 'bound' | null {
    const end = this.expand(s) ?? (this.counts.distinct >= this.maxStates ? 'bound' : null);
    if (end !== null) this.ended = true;
    return end;
  }

  /** Expands s, of level depth - 1: the violation it meets, if any. */
  private expand(s: Int32Array): Found | null {
    const { steps, table, levels, depth, fresh, counts } = this;
    const fp = steps.fp;
    const { fps, acts, n } = steps.list(s);
    for (let i = 0; i < n; i++) {
      counts.generated++;
      const t = steps.successor(s, fps, acts, i);
      if (t === THROWS) return steps.exception(i);
      const slot = table.slotOf(fp[0], fp[1]);
      if (slot >= 0 && levels[slot] < depth) continue;
      if (!fresh.add(fp[0], fp[1])) continue;
      counts.distinct++;
      const v = this.judge(t ?? steps.build(s, acts[i])!, i);
      if (v) return v;
    }
    return null;
  }

  private judge(t: Int32Array, action: number): Found | null {
    const model = this.steps.model;
    const witnessed = this.counts.witnessed;
    const world = model.viewTransient ? model.viewTransient(t) : model.view(t);
    for (const p of this.sometimes) if (!witnessed[p.name]) witnessed[p.name] = p.check(world);
    const v = firstViolation(model.properties, world);
    return v && { ...v, parent: 0, action };
  }
}

/** What ended the search at state `node` (numbered as searched): a violation, or the state bound (LastLevel.next). */
interface Ended {
  end: Found | 'bound';
  node: number;
}

/** Where the search sends the states of the last level, in the order it meets them. */
interface Judge {
  /** State s of the last level, number `node`: what ended the search, if anything has yet. */
  emit(s: Int32Array, node: number): Ended | null | Promise<Ended | null>;
  /** No state comes after: what ended the search, if anything. */
  end(): Promise<Ended | null>;
  counts(): LastLevelCounts;
}

/** The last level judged in this thread, as the search meets its states. */
class HereJudge implements Judge {
  constructor(private readonly last: LastLevel) {}
  emit(s: Int32Array, node: number): Ended | null {
    const end = this.last.next(s);
    return end === null ? null : { end, node };
  }
  end(): Promise<Ended | null> {
    return Promise.resolve(null);
  }
  counts(): LastLevelCounts {
    return this.last.counts;
  }
}

/** A worker thread that judges the last level for the second search (engine/parallel.ts gives it). */
export interface JudgeThread {
  /** Calls op in the worker's Participant (engine/participant.ts, its `last` ops). */
  call(op: string, fields: Record<string, unknown>): Promise<Record<string, any>>;
  /** This thread's participant number, by which the worker reads the states' ids. */
  peer: number;
  /** What this thread has interned since it last published (Participant.content). */
  content(): unknown;
}

/** States of the last level sent to the worker at once. */
const BATCH = 256;
/** Batches sent and not answered yet, at most: the search waits for the oldest beyond. */
const IN_FLIGHT = 8;

/**
 * The last level judged by a worker thread while this one goes on searching the levels before
 * (a pipeline): the states go in batches, in the search's order, with what this thread has
 * interned since (the worker reads them in its own ids), and the worker expands them in that
 * order, as LastLevel does, until one ends the search.
 */
class WorkerJudge implements Judge {
  private words = new IntVec(1 << 14);
  private lens = new IntVec(BATCH);
  private nodes = new IntVec(BATCH);
  private readonly inFlight: Promise<Record<string, any>>[] = [];
  private ended: Ended | null = null;
  private latest: LastLevelCounts;

  constructor(private readonly thread: JudgeThread, before: LevelStart) {
    this.latest = { distinct: before.distinct, generated: before.generated, witnessed: { ...before.witnessed } };
  }

  emit(s: Int32Array, node: number): Ended | null | Promise<Ended | null> {
    if (this.ended) return this.ended;
    this.words.pushAll(s);
    this.lens.push(s.length);
    this.nodes.push(node);
    if (this.lens.length < BATCH) return null;
    this.send();
    return this.inFlight.length > IN_FLIGHT ? this.answer() : null;
  }

  async end(): Promise<Ended | null> {
    if (this.lens.length > 0) this.send();
    while (this.inFlight.length > 0 && !this.ended) await this.answer();
    // Answers still in flight after the end were for states after it: the worker skips them.
    await Promise.all(this.inFlight.splice(0));
    return this.ended;
  }

  counts(): LastLevelCounts {
    return this.latest;
  }

  private send(): void {
    const block = { words: this.words.data.slice(0, this.words.length), lens: this.lens.data.slice(0, this.lens.length), fps: new Int32Array(2 * this.lens.length) };
    const nodes = this.nodes.data.slice(0, this.nodes.length);
    this.words.length = this.lens.length = this.nodes.length = 0;
    const reply = this.thread.call('lastBatch', { peer: this.thread.peer, content: this.thread.content(), block }).then((r) => ({ ...r, nodes }));
    // A worker that dies fails its answers; they are awaited in order later, so none may count
    // as unhandled meanwhile (that would end the process instead of failing the search).
    reply.catch(() => {});
    this.inFlight.push(reply);
  }

  /** Waits for the oldest batch's answer. */
  private async answer(): Promise<Ended | null> {
    const r = await this.inFlight.shift()!;
    if (r.skipped || this.ended) return this.ended;
    this.latest = r.counts as LastLevelCounts;
    if (r.end) this.ended = { end: r.end as Found | 'bound', node: (r.nodes as Int32Array)[r.index as number] };
    return this.ended;
  }
}

/**
 * The sequential explorer's result for a search whose first violation the threads found at level
 * `depth`, over their visited set `table` and each thread's log of the levels it found, with
 * `before` the counts as level depth - 1 started to be expanded; or null where this search does
 * not apply (levels past MAX_LEVEL, or a state bound the levels before already reach), for the
 * breadth-first search instead; with the states it expanded here. Progress reports count from
 * `searchStarted` (performance.now() as the whole search started), as its counts do. With a
 * worker thread (`thread`), the worker expands the last level's states while this thread finds
 * them (WorkerJudge); else this thread does both.
 */
export async function secondSearch(
  model: Model<Int32Array, any, any>,
  options: ExploreOptions,
  table: SharedFingerprintSet,
  logs: LevelLogContent[],
  depth: number,
  before: LevelStart,
  searchStarted: number,
  thread: JudgeThread | null = null,
): Promise<{ result: ExploreResult; expanded: number } | null> {
  const { maxStates = Infinity, maxSeconds = Infinity } = options;
  if (depth < 1 || depth > MAX_LEVEL || before.distinct >= maxStates) return null;
  const started = performance.now();
  const levels = labelLevels(table, logs);
  const canon = options.symmetry ? symmetryOf(model) : undefined;
  const steps = new Steps(model, canon);
  if (thread) await thread.call('lastLevel', { labels: levels.buffer, depth, before, symmetry: !!options.symmetry, maxStates });
  const judge: Judge = thread ? new WorkerJudge(thread, before) : new HereJudge(new LastLevel(model, canon, table, levels, depth, before, maxStates));
  const dead = new Uint8Array(table.slots);
  const last = depth - 1;
  const fp = steps.fp;
  /**
   * The tree of words the search went down: each state searched, numbered in order, its
   * parent's number and the action from it (an initial state: -1 and its index). Its length is
   * the count of states searched (expanded).
   */
  const parents = new IntVec(1 << 16);
  const actionTo = new IntVec(1 << 16);
  const word = (parent: number, action: number): number => {
    parents.push(parent);
    actionTo.push(action);
    return parents.length - 1;
  };
  let nextCheck = CHECK_EVERY;
  let lastReport = started;
  const every = options.progressEveryMs ?? 1000;
  const stack: Frame[] = [];

  const finish = (outcome: Outcome): ExploreResult => {
    const { distinct, generated, witnessed } = judge.counts();
    return {
      ...outcome,
      distinctStates: distinct,
      generatedStates: generated,
      // As the sequential explorer reports it: the level it was expanding (the last one) when
      // a bound stopped it.
      depth: outcome.verdict === 'violated' ? outcome.violation.path.length : last,
      durationMs: Math.round(performance.now() - started),
      witnessed,
    };
  };
  const ended = ({ end, node }: Ended): ExploreResult => {
    if (end === 'bound') return finish({ verdict: 'unknown', reason: stateBound(maxStates) });
    // The word to the violation: up the tree from the state expanded, then its action.
    const path = [end.action];
    for (; parents.data[node] >= 0; node = parents.data[node]) path.push(actionTo.data[node]);
    let violation = { property: end.property, message: end.message, path: path.reverse(), initial: actionTo.data[node] };
    if (canon) violation = concretePath(model, canon, violation);
    return finish({ verdict: 'violated', violation });
  };

  /** The successors of s (of level `level` < last) at level + 1 not searched yet, built; or the violation of a step that throws. */
  const children = (s: Int32Array, level: number): Child[] | Found => {
    const { fps, acts, n } = steps.list(s);
    const out: Child[] = [];
    for (let i = 0; i < n; i++) {
      const t = steps.successor(s, fps, acts, i);
      if (t === THROWS) return steps.exception(i);
      const slot = table.slotOf(fp[0], fp[1]);
      if (slot < 0 || levels[slot] !== level + 1 || dead[slot] === 1) continue;
      out.push({ state: (t ?? steps.build(s, acts[i])!).slice(), action: i, slot });
    }
    return out;
  };

  /** After each state searched: a time bound passed, as the sequential explorer checks it, and progress. */
  const bounded = (): ExploreResult | null => {
    if (parents.length < nextCheck) return null;
    nextCheck = parents.length + CHECK_EVERY;
    const now = performance.now();
    if (now - started > maxSeconds * 1000) return finish({ verdict: 'unknown', reason: timeBound(maxSeconds) });
    if (options.onProgress && now - lastReport >= every) {
      lastReport = now;
      // The queue: states on the stack's frames still to be searched.
      let waiting = 0;
      for (const f of stack) waiting += f.children.length - f.next;
      const { distinct, generated } = judge.counts();
      options.onProgress(progressAt(distinct, generated, waiting, stack.length, now - searchStarted));
    }
    return null;
  };

  /**
   * Searches `state`, of `level`, in `slot`, number `node`: one of the last level goes to the
   * judge, one of a level before goes on the stack with its successors. What ends the search, if anything: a violation met, or a bound's result.
   */
  const enter = (state: Int32Array, slot: number, level: number, node: number): Ended | ExploreResult | null | Promise<Ended | ExploreResult | null> => {
    if (level === last) {
      dead[slot] = 1;
      const e = judge.emit(state, node);
      // A promise only where the search waits for the worker's answers (not an await per state).
      return e instanceof Promise ? e.then((x) => x ?? bounded()) : (e ?? bounded());
    }
    const below = children(state, level);
    if (!Array.isArray(below)) return { end: below, node };
    stack.push({ slot, node, children: below, next: 0 });
    return bounded();
  };

  /**
   * Searches on from the stack until something ends the search (returned), the stack is empty
   * (null), or the search must wait for the worker's answers (a promise of what they ended,
   * or null to go on). A plain function, so the loop over states is not an async function's.
   */
  const goOn = (): Ended | ExploreResult | null | Promise<Ended | ExploreResult | null> => {
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === top.children.length) {
        dead[top.slot] = 1;
        stack.pop();
        continue;
      }
      const c = top.children[top.next++];
      if (dead[c.slot] === 1) continue;
      const e = enter(c.state, c.slot, stack.length, word(top.node, c.action));
      if (e !== null) return e;
    }
    return null;
  };

  const inits = model.initialStates();
  for (let r = 0; r < inits.length; r++) {
    const root = canon ? canon(inits[r]) : inits[r];
    model.fingerprint(root, fp);
    const rootSlot = table.slotOf(fp[0], fp[1]);
    // An initial state equal to an earlier one is that one (the sequential explorer numbers it so).
    if (rootSlot < 0 || levels[rootSlot] !== 0 || dead[rootSlot] === 1) continue;
    let end = enter(root, rootSlot, 0, word(-1, r));
    for (;;) {
      if (end instanceof Promise) end = await end;
      if (end !== null || stack.length === 0) break;
      end = goOn();
    }
    if (end === null) continue;
    // The worker (if any) has answered for every state sent before the search stops.
    await judge.end();
    return 'verdict' in end ? { result: end, expanded: parents.length } : { result: ended(end), expanded: end.node + 1 };
  }
  // The states are numbered as they are searched, so a violation or bound met at state e ends
  // a search that expanded e + 1 states, however far this thread went on meanwhile.
  const end = await judge.end();
  if (end !== null) return { result: ended(end), expanded: end.node + 1 };
  throw new Error(`internal: the threads found a violation at depth ${depth}, and the depth-first second search none (engine/secondSearch.ts)`);
}
