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
 * level d - 1 started (LevelStart, which the threads give).
 *
 * A search without the fast path (Model.successors) or one with symmetry builds every
 * successor; with the fast path, only those it follows or judges.
 */
import { progressAt, stateBound, timeBound, type ExploreOptions, type Found, type LevelStart } from './explore.js';
import { FingerprintSet, type SharedFingerprintSet } from './fpset.js';
import { ImplementationError, NO_EXCEPTION, type Model } from './model.js';
import { firstViolation } from './properties.js';
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
  const labels = new Uint8Array(table.slots).fill(UNLABELLED);
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
 * The sequential explorer's result for a search whose first violation the threads found at level
 * `depth`, over their visited set `table` and each thread's log of the levels it found, with
 * `before` the counts as level depth - 1 started to be expanded; or null where this search does
 * not apply (levels past MAX_LEVEL, or a state bound the levels before already reach), for the
 * breadth-first search instead; with the states it expanded. Progress reports count from
 * `searchStarted` (performance.now() as the whole search started), as its counts do.
 */
export function secondSearch(
  model: Model<Int32Array, any, any>,
  options: ExploreOptions,
  table: SharedFingerprintSet,
  logs: LevelLogContent[],
  depth: number,
  before: LevelStart,
  searchStarted: number,
): { result: ExploreResult; expanded: number } | null {
  const { maxStates = Infinity, maxSeconds = Infinity } = options;
  if (depth < 1 || depth > MAX_LEVEL || before.distinct >= maxStates) return null;
  const started = performance.now();
  const levels = labelLevels(table, logs);
  const canon = options.symmetry ? symmetryOf(model) : undefined;
  // Built and judged as the explorer's Expander does (its successor() and judge()), without
  // its cache of judged keys, for the few states judged here.
  let thrown = '';
  const build = (s: Int32Array, a: unknown): Int32Array | undefined => {
    try {
      const t = model.nextTransient ? model.nextTransient(s, a) : model.next(s, a);
      return canon ? canon(t) : t;
    } catch (e) {
      if (!(e instanceof ImplementationError)) throw e;
      thrown = e.message;
      return undefined;
    }
  };
  const sometimes = model.properties.filter((p) => p.kind === 'sometimes');
  const witnessed: Record<string, boolean> = {};
  for (const p of sometimes) witnessed[p.name] = before.witnessed[p.name] === true;
  const judge = (t: Int32Array, action: number): Found | null => {
    const world = model.viewTransient ? model.viewTransient(t) : model.view(t);
    for (const p of sometimes) if (!witnessed[p.name]) witnessed[p.name] = p.check(world);
    const v = firstViolation(model.properties, world);
    return v && { ...v, parent: 0, action };
  };
  const dead = new Uint8Array(table.slots);
  const last = depth - 1;
  const fp = new Uint32Array(2);
  const actions: unknown[] = [];
  // Level `depth`'s states met so far (the threads labelled some of them, in no set order).
  const fresh = new FingerprintSet(1 << 12);
  let distinct = before.distinct;
  let generated = before.generated;
  let expanded = 0;
  let nextCheck = CHECK_EVERY;
  let lastReport = started;
  const every = options.progressEveryMs ?? 1000;
  const stack: Frame[] = [];

  /** Lists s's actions as the explorer does: the fast path's fingerprints (null without it) and the count. */
  const list = (s: Int32Array): { fps: Uint32Array | null; acts: unknown[]; n: number } => {
    expanded++;
    model.fingerprint(s, fp);
    const listed = model.successors ? model.successors(s, fp, actions) : -1;
    const fps = listed >= 0 ? model.successorFingerprints! : null;
    const acts = fps ? actions : model.actions(s, actions);
    return { fps: canon ? null : fps, acts, n: fps ? listed : acts.length };
  };

  const violated = (found: Found, initial: number): ExploreResult => {
    // The word to the state being expanded: each frame's child taken last.
    const path = stack.map((f) => f.children[f.next - 1].action);
    let violation = { property: found.property, message: found.message, path: [...path, found.action], initial };
    if (canon) violation = concretePath(model, canon, violation);
    return finish({ verdict: 'violated', violation });
  };
  const finish = (outcome: Outcome): ExploreResult => ({
    ...outcome,
    distinctStates: distinct,
    generatedStates: generated,
    depth: outcome.verdict === 'violated' ? outcome.violation.path.length : depth,
    durationMs: Math.round(performance.now() - started),
    witnessed,
  });
  const exception = (action: number): Found => ({ property: NO_EXCEPTION, message: thrown, parent: 0, action });

  /**
   * Successor i of s (listed: `fps`, `acts`): its fingerprint into `fp`, and the successor built,
   * or null where the fast path gave the fingerprint without building it, or THROWS.
   */
  const successor = (s: Int32Array, fps: Uint32Array | null, acts: unknown[], i: number): Int32Array | null | typeof THROWS => {
    if (fps) {
      fp[0] = fps[2 * i];
      fp[1] = fps[2 * i + 1];
      return null;
    }
    const t = build(s, acts[i]);
    if (t === undefined) return THROWS;
    model.fingerprint(t, fp);
    return t;
  };

  /** The successors of s (of level `level` < last) at level + 1 not searched yet, built; or the violation of a step that throws. */
  const children = (s: Int32Array, level: number): Child[] | Found => {
    const { fps, acts, n } = list(s);
    const out: Child[] = [];
    for (let i = 0; i < n; i++) {
      const t = successor(s, fps, acts, i);
      if (t === THROWS) return exception(i);
      const slot = table.slotOf(fp[0], fp[1]);
      if (slot < 0 || levels[slot] !== level + 1 || dead[slot] === 1) continue;
      out.push({ state: (t ?? build(s, acts[i])!).slice(), action: i, slot });
    }
    return out;
  };

  /** Expands s, of level depth - 1, as the sequential explorer does: the violation it meets, if any. */
  const expandLast = (s: Int32Array): Found | null => {
    const { fps, acts, n } = list(s);
    for (let i = 0; i < n; i++) {
      generated++;
      const t = successor(s, fps, acts, i);
      if (t === THROWS) return exception(i);
      const slot = table.slotOf(fp[0], fp[1]);
      if (slot >= 0 && levels[slot] < depth) continue;
      if (!fresh.add(fp[0], fp[1])) continue;
      distinct++;
      const v = judge(t ?? build(s, acts[i])!, i);
      if (v) return v;
    }
    return null;
  };

  /** After each expansion: a bound passed, as the sequential explorer checks them. */
  const bounded = (): ExploreResult | null => {
    if (distinct >= maxStates) return finish({ verdict: 'unknown', reason: stateBound(maxStates) });
    if (expanded < nextCheck) return null;
    nextCheck = expanded + CHECK_EVERY;
    const now = performance.now();
    if (now - started > maxSeconds * 1000) return finish({ verdict: 'unknown', reason: timeBound(maxSeconds) });
    if (options.onProgress && now - lastReport >= every) {
      lastReport = now;
      // The queue: states on the stack's frames still to be searched.
      let waiting = 0;
      for (const f of stack) waiting += f.children.length - f.next;
      options.onProgress(progressAt(distinct, generated, waiting, stack.length, now - searchStarted));
    }
    return null;
  };

  /**
   * Searches `state`, of `level`, in `slot`: one of the last level is expanded at once, one of a
   * level before goes on the stack with its successors. What ends the search, if anything: a
   * violation met, or a bound's result.
   */
  const enter = (state: Int32Array, slot: number, level: number): Found | ExploreResult | null => {
    if (level === last) {
      const v = expandLast(state);
      dead[slot] = 1;
      return v ?? bounded();
    }
    const below = children(state, level);
    if (!Array.isArray(below)) return below;
    stack.push({ slot, children: below, next: 0 });
    return bounded();
  };

  const inits = model.initialStates();
  for (let r = 0; r < inits.length; r++) {
    const root = canon ? canon(inits[r]) : inits[r];
    model.fingerprint(root, fp);
    const rootSlot = table.slotOf(fp[0], fp[1]);
    // An initial state equal to an earlier one is that one (the sequential explorer numbers it so).
    if (rootSlot < 0 || levels[rootSlot] !== 0 || dead[rootSlot] === 1) continue;
    let end = enter(root, rootSlot, 0);
    while (end === null && stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === top.children.length) {
        dead[top.slot] = 1;
        stack.pop();
        continue;
      }
      const c = top.children[top.next++];
      if (dead[c.slot] === 0) end = enter(c.state, c.slot, stack.length);
    }
    if (end !== null) return { result: 'verdict' in end ? end : violated(end, r), expanded };
  }
  throw new Error(`internal: the threads found a violation at depth ${depth}, and the depth-first second search none (engine/secondSearch.ts)`);
}
