/**
 * `check`: a fast-check campaign over schedules. A run is an initial-state choice and a
 * sequence of choices; each choice picks one enabled action, weighted by the model (faults rarer
 * than deliveries), so fast-check generates adversarial interleavings and faults and shrinks a
 * failing schedule the way it shrinks any array. A final pass then removes every step whose
 * removal keeps the same violation (chunks first, then single steps), giving a 1-minimal trace.
 *
 * Seed and fast-check path are returned so a campaign's counterexample can be regenerated
 * exactly (`distcheck check --seed S --path P`).
 */
import { createRequire } from 'node:module';
import type FastCheck from 'fast-check';
import { canonical } from './canonical.js';
import { FingerprintSet } from './fpset.js';
import { ImplementationError, NO_EXCEPTION, type Model } from './model.js';
import { violationOf, type Property } from './properties.js';
import type { Outcome, SearchStats, Violation } from './result.js';

export interface CheckOptions {
  runs: number;
  maxSteps: number;
  seed: number;
  /** fast-check replay path of a previous failure. */
  path?: string;
  onProgress?: (p: { runs: number; steps: number; distinct: number; elapsedMs: number }) => void;
}

export type CheckResult = Outcome &
  SearchStats & {
    runs: number;
    seed: number;
    fcPath?: string;
    /** Steps of the failing run as fast-check shrank it, before the 1-minimal pass. */
    shrunkLength?: number;
    /** Steps of the failing run as first generated. */
    originalLength?: number;
    witnessed: Record<string, boolean>;
  };

interface RunOutcome {
  violation: Violation | null;
  steps: number;
}

/**
 * fast-check, loaded on the first campaign: it takes 15–25 ms to load, which every command that
 * runs none (explore, replay, show) would otherwise pay at start-up.
 */
let loaded: typeof FastCheck | null = null;
const fastCheck = (): typeof FastCheck => (loaded ??= createRequire(import.meta.url)('fast-check') as typeof FastCheck);

export function check<S, A, W>(model: Model<S, A, W>, options: CheckOptions): CheckResult {
  return new Campaign(model, options).run();
}

export class Campaign<S, A, W> {
  private readonly always: (Property<W> & { kind: 'always' })[];
  private readonly sometimes: Property<W>[];
  private readonly witnessed: Record<string, boolean> = {};
  private readonly seen = new FingerprintSet(1 << 14);
  private readonly fp = new Uint32Array(2);
  private steps = 0;
  private runsDone = 0;
  private deepest = 0;
  private firstFailureLength: number | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly model: Model<S, A, W>,
    private readonly options: CheckOptions,
  ) {
    this.always = model.properties.filter((p): p is Property<W> & { kind: 'always' } => p.kind === 'always');
    this.sometimes = model.properties.filter((p) => p.kind === 'sometimes');
    for (const p of this.sometimes) this.witnessed[p.name] = false;
  }

  run(): CheckResult {
    const fc = fastCheck();
    const { runs, maxSteps, seed, path } = this.options;
    const inits = this.model.initialStates().length;
    const schedule = fc.tuple(fc.nat({ max: inits - 1 }), fc.array(fc.nat(), { maxLength: maxSteps, size: 'max' }));
    let lastReport = this.started;
    const details = fc.check(
      fc.property(schedule, ([init, choices]) => {
        const r = this.execute(init, choices, true);
        this.runsDone++;
        const now = performance.now();
        if (this.options.onProgress && now - lastReport > 1000) {
          lastReport = now;
          this.options.onProgress({ runs: this.runsDone, steps: this.steps, distinct: this.seen.size, elapsedMs: now - this.started });
        }
        if (r.violation && this.firstFailureLength === undefined) this.firstFailureLength = r.violation.path.length;
        return r.violation === null;
      }),
      { numRuns: runs, seed, path, endOnFailure: false },
    );
    if (!details.failed) {
      const vacuous = this.sometimes.filter((p) => !this.witnessed[p.name]).map((p) => `'${p.name}'`);
      const outcome: Outcome = vacuous.length
        ? { verdict: 'unknown', reason: `vacuous: no run reached a state satisfying ${vacuous.join(', ')}` }
        : { verdict: 'ok' };
      return this.finish(outcome, details.seed);
    }
    const [init, choices] = details.counterexample![0];
    const shrunk = this.execute(init, choices, false).violation;
    if (!shrunk) throw (details as { errorInstance?: unknown }).errorInstance ?? new Error("internal: the campaign failed without a violation");
    const minimal = minimize(this.model, shrunk, this.always);
    return this.finish({ verdict: 'violated', violation: minimal }, details.seed, details.counterexamplePath ?? undefined, shrunk.path.length);
  }

  /** Run one schedule; the violation it ends in, with the path of action indices. */
  execute(init: number, choices: readonly number[], record: boolean): RunOutcome {
    const model = this.model;
    let s = model.initialStates()[init];
    const path: number[] = [];
    let v = this.judge(s, record);
    if (v) return { violation: { ...v, path, initial: init }, steps: 0 };
    for (const choice of choices) {
      const actions = model.actions(s);
      if (actions.length === 0) break;
      const i = pick(model, actions, choice);
      path.push(i);
      try {
        s = model.next(s, actions[i]);
      } catch (e) {
        if (!(e instanceof ImplementationError)) throw e;
        return { violation: { property: NO_EXCEPTION, message: e.message, path, initial: init }, steps: path.length };
      }
      if (record) this.steps++;
      v = this.judge(s, record);
      if (v) return { violation: { ...v, path, initial: init }, steps: path.length };
    }
    if (record) this.deepest = Math.max(this.deepest, path.length);
    return { violation: null, steps: path.length };
  }

  private judge(s: S, record: boolean): { property: string; message: string } | null {
    const world = this.model.view(s);
    if (record) {
      this.model.fingerprint(s, this.fp);
      this.seen.add(this.fp[0], this.fp[1]);
      for (const p of this.sometimes) if (!this.witnessed[p.name] && p.check(world)) this.witnessed[p.name] = true;
    }
    for (const p of this.always) {
      const message = violationOf(p, world);
      if (message !== null) return { property: p.name, message };
    }
    return null;
  }

  private finish(outcome: Outcome, seed: number, fcPath?: string, shrunkLength?: number): CheckResult {
    return {
      ...outcome,
      runs: this.runsDone,
      seed,
      fcPath,
      shrunkLength,
      originalLength: this.firstFailureLength,
      distinctStates: this.seen.size,
      generatedStates: this.steps,
      depth: outcome.verdict === 'violated' ? outcome.violation.path.length : this.deepest,
      durationMs: Math.round(performance.now() - this.started),
      witnessed: this.witnessed,
    };
  }
}

/** Weighted choice among enabled actions: `choice` modulo the total weight. */
export function pick<S, A, W>(model: Model<S, A, W>, actions: A[], choice: number): number {
  if (!model.weight) return choice % actions.length;
  let total = 0;
  for (const a of actions) total += model.weight(a);
  let r = choice % total;
  for (let i = 0; i < actions.length; i++) {
    r -= model.weight(actions[i]);
    if (r < 0) return i;
  }
  return actions.length - 1;
}

/**
 * Remove every step whose removal keeps the same violated property: chunks of halving size,
 * then single steps, until no single removal works (1-minimal). Steps are matched by their
 * description, so a removed step's successors still apply where they remain enabled; steps
 * that are no longer enabled are dropped.
 */
export function minimize<S, A, W>(
  model: Model<S, A, W>,
  violation: Violation,
  always: readonly (Property<W> & { kind: 'always' })[],
): Violation {
  let cur = describePath(model, violation);
  let best = violation;
  let chunk = Math.max(1, cur.length >> 1);
  for (;;) {
    let changed = false;
    for (let i = 0; i < cur.length; ) {
      const candidate = cur.slice(0, i).concat(cur.slice(i + chunk));
      const r = replayDescriptions(model, violation.initial, candidate, violation.property, always);
      if (r) {
        best = r.violation;
        cur = r.descriptions;
        changed = true;
      } else i += chunk;
    }
    if (!changed) {
      if (chunk === 1) return best;
      chunk >>= 1;
    }
  }
}

function describePath<S, A, W>(model: Model<S, A, W>, v: Violation): string[] {
  let s = model.initialStates()[v.initial];
  const out: string[] = [];
  for (const i of v.path) {
    const a = model.actions(s)[i];
    out.push(canonical(model.describeAction(s, a)));
    try {
      s = model.next(s, a);
    } catch {
      break;
    }
  }
  return out;
}

function replayDescriptions<S, A, W>(
  model: Model<S, A, W>,
  initial: number,
  descriptions: string[],
  property: string,
  always: readonly (Property<W> & { kind: 'always' })[],
): { violation: Violation; descriptions: string[] } | null {
  let s = model.initialStates()[initial];
  const path: number[] = [];
  const kept: string[] = [];
  const p = always.find((x) => x.name === property);
  const holds = (state: S): string | null => (p ? violationOf(p, model.view(state)) : null);
  for (const d of descriptions) {
    const actions = model.actions(s);
    const i = actions.findIndex((a) => canonical(model.describeAction(s, a)) === d);
    if (i < 0) continue;
    path.push(i);
    kept.push(d);
    try {
      s = model.next(s, actions[i]);
    } catch (e) {
      if (e instanceof ImplementationError && property === NO_EXCEPTION) {
        return { violation: { property, message: e.message, path, initial }, descriptions: kept };
      }
      return null;
    }
    const message = holds(s);
    if (message !== null) return { violation: { property, message, path, initial }, descriptions: kept };
  }
  return null;
}
