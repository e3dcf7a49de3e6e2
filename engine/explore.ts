/**
 * Exhaustive breadth-first exploration with fingerprint deduplication and parent pointers.
 *
 * Every state is judged when first discovered, so the first violation found is at the smallest
 * depth: its path is a shortest counterexample. Bounds (depth, distinct states, seconds) cut the
 * search short, and a cut-short search is `unknown`, never `ok`. A search that finishes without
 * witnessing every `sometimes` property is `unknown` too (vacuous), never `ok`.
 */
import { FingerprintSet, IntVec } from './fpset.js';
import { ImplementationError, NO_EXCEPTION, type Model } from './model.js';
import { violationOf } from './properties.js';
import type { ExploreResult, Outcome, Violation } from './result.js';
import { stateQueue, type StateQueue } from './stateQueue.js';
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
  return new Explorer(model, options).run();
}

class Explorer<S, A, W> {
  private readonly seen = new FingerprintSet(1 << 16);
  private readonly parent = new IntVec();
  private readonly via = new IntVec();
  private readonly fp = new Uint32Array(2);
  private readonly parentFp = new Uint32Array(2);
  private readonly always;
  private readonly sometimes;
  private readonly witnessed: Record<string, boolean> = {};
  private readonly actionBuffer: A[] = [];
  private generated = 0;
  private depth = 0;
  private readonly started = performance.now();

  private readonly canon: ((s: S) => S) | undefined;

  constructor(
    private readonly model: Model<S, A, W>,
    private readonly options: ExploreOptions,
  ) {
    if (options.symmetry) this.canon = symmetryOf(model);
    this.always = model.properties.filter((p) => p.kind === 'always');
    this.sometimes = model.properties.filter((p) => p.kind === 'sometimes');
    for (const p of this.sometimes) this.witnessed[p.name] = false;
  }

  run(): ExploreResult {
    const packed = this.model.packed === true;
    let frontier = stateQueue<S>(packed);
    const inits = this.model.initialStates().map((s) => (this.canon ? this.canon(s) : s));
    for (let i = 0; i < inits.length; i++) {
      const id = this.discover(inits[i], -1 - i, -1);
      if (id < 0) continue;
      const v = this.judge(inits[i], id);
      if (v) return this.finish({ verdict: 'violated', violation: v });
      frontier.push(inits[i], id, this.fp[0], this.fp[1]);
    }
    const { maxDepth = Infinity, maxStates = Infinity, maxSeconds = Infinity } = this.options;
    const every = this.options.progressEveryMs ?? 1000;
    let lastReport = this.started;
    while (frontier.length > 0) {
      if (this.depth >= maxDepth) return this.finish({ verdict: 'unknown', reason: `depth bound ${maxDepth} reached with ${frontier.length} states unexpanded` });
      const next = stateQueue<S>(packed);
      for (let f = 0; f < frontier.length; f++) {
        frontier.fingerprint(f, this.parentFp);
        const outcome = this.expand(frontier.state(f), frontier.id(f), next);
        if (outcome) return this.finish(outcome);
        if (this.seen.size >= maxStates) return this.finish({ verdict: 'unknown', reason: `state bound ${maxStates} reached` });
        if ((f & 255) === 0) {
          const now = performance.now();
          if (now - this.started > maxSeconds * 1000) return this.finish({ verdict: 'unknown', reason: `time bound ${maxSeconds}s reached` });
          if (this.options.onProgress && now - lastReport >= every) {
            lastReport = now;
            this.options.onProgress(this.progress(frontier.length - f + next.length));
          }
        }
      }
      frontier = next;
      if (frontier.length) this.depth++;
    }
    const vacuous = this.sometimes.filter((p) => !this.witnessed[p.name]).map((p) => p.name);
    if (vacuous.length) return this.finish({ verdict: 'unknown', reason: `vacuous: no reachable state satisfies ${vacuous.map((n) => `'${n}'`).join(', ')}` });
    return this.finish({ verdict: 'ok' });
  }

  private expand(s: S, id: number, next: StateQueue<S>): Outcome | null {
    const model = this.model;
    const canon = this.canon;
    const actions = this.actionBuffer;
    // Fast path: successor fingerprints without building successors; build only new states.
    let fps: Uint32Array | null = null;
    if (model.successors && !canon) fps = model.successors(s, this.parentFp, actions);
    if (!fps) model.actions(s, actions);
    for (let i = 0; i < actions.length; i++) {
      let t: S | undefined;
      this.generated++;
      if (fps) {
        this.fp[0] = fps[2 * i];
        this.fp[1] = fps[2 * i + 1];
        if (!this.seen.add(this.fp[0], this.fp[1])) continue;
      } else {
        try {
          t = model.next(s, actions[i]);
          if (canon) t = canon(t);
        } catch (e) {
          if (!(e instanceof ImplementationError)) throw e;
          return { verdict: 'violated', violation: { property: NO_EXCEPTION, message: e.message, ...this.pathTo(id, i) } };
        }
        model.fingerprint(t, this.fp);
        if (!this.seen.add(this.fp[0], this.fp[1])) continue;
      }
      const tid = this.parent.length;
      this.parent.push(id);
      this.via.push(i);
      if (t === undefined) t = model.next(s, actions[i]);
      const v = this.judge(t, tid);
      if (v) return { verdict: 'violated', violation: v };
      next.push(t, tid, this.fp[0], this.fp[1]);
    }
    return null;
  }

  /** Record an initial state if new: its number, or -1 when seen before. */
  private discover(s: S, parent: number, via: number): number {
    this.model.fingerprint(s, this.fp);
    const id = this.parent.length;
    if (!this.seen.add(this.fp[0], this.fp[1])) return -1;
    this.parent.push(parent);
    this.via.push(via);
    return id;
  }

  private judge(s: S, id: number): Violation | null {
    const world = this.model.view(s);
    for (const p of this.sometimes) if (!this.witnessed[p.name] && p.check(world)) this.witnessed[p.name] = true;
    for (const p of this.always) {
      const message = violationOf(p as typeof p & { kind: 'always' }, world);
      if (message !== null) return { property: p.name, message, ...this.pathTo(id, -1) };
    }
    return null;
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

  private progress(queue: number): ExploreProgress {
    const elapsedMs = performance.now() - this.started;
    return {
      distinct: this.seen.size,
      generated: this.generated,
      queue,
      depth: this.depth,
      statesPerSecond: Math.round(this.generated / Math.max(elapsedMs / 1000, 1e-9)),
      elapsedMs,
    };
  }

  private finish(outcome: Outcome): ExploreResult {
    if (outcome.verdict === 'violated' && this.canon) {
      outcome = { verdict: 'violated', violation: concretePath(this.model, this.canon, outcome.violation) };
    }
    return {
      ...outcome,
      distinctStates: this.seen.size,
      generatedStates: this.generated,
      depth: outcome.verdict === 'violated' ? outcome.violation.path.length : this.depth,
      durationMs: Math.round(performance.now() - this.started),
      witnessed: this.witnessed,
    };
  }
}
