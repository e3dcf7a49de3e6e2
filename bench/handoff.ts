/**
 * The bench's handoff line: a two-worker search split at the handoff, against a one-thread
 * search of the same pass.
 *
 * Until the handoff this thread explores alone (while the worker starts, if it is not ready
 * yet); after it both threads share the levels. From the one-thread run's trajectory
 * (bench/measure.ts --trajectory) comes
 * how long one thread took to see as many states as the two-worker search had seen at its
 * handoff. The rest of the one-thread time, over the two-worker time after the handoff, is the
 * parallel part's speedup. Given where the handoff came, the speedup the parallel part would need
 * for the two-worker search to be `target` times as fast as one thread follows.
 */
import type { HandoffReport } from '../engine/parallel.js';
import { median, range } from './stats.js';

/** When a search handed over, as bench/measure.ts reports it: ms from the start, distinct states seen. */
export type HandoffAt = Pick<HandoffReport, 'ms' | 'distinct'>;

/** One pass's one-thread and two-worker runs of the same search. */
export interface HandoffPass {
  /** One thread: seconds, and its trajectory (ms from the start, distinct states seen; flat pairs). */
  oneSeconds: number;
  trajectory: readonly number[];
  /** Two workers: seconds, and its handoff (null: it never handed over). */
  twoSeconds: number;
  handoff: HandoffAt | null;
}

/** One pass split at the handoff. */
export interface HandoffSplit {
  /** When the two-worker search handed over (ms from the start). */
  handoffMs: number;
  /** When the one-thread search had seen as many states (ms from the start). */
  oneThreadMs: number;
  /** One-thread time from there, over the two-worker time after the handoff. */
  speedupAfter: number;
  /** speedupAfter needed for the whole two-worker search to be `target` times as fast (Infinity: not even with an instant parallel part). */
  needed: number;
}

/**
 * When the trajectory reached `distinct` states (ms from the start, interpolated between its
 * points and from (0, 0) before its first); null if it never did.
 */
export function timeToReach(trajectory: readonly number[], distinct: number): number | null {
  let ms = 0;
  let seen = 0;
  for (let i = 0; i + 1 < trajectory.length; i += 2) {
    const [t, d] = [trajectory[i], trajectory[i + 1]];
    if (d >= distinct) return d === seen ? t : ms + ((t - ms) * (distinct - seen)) / (d - seen);
    ms = t;
    seen = d;
  }
  return null;
}

/** A pass split at its handoff; null when the search never handed over or the trajectory stops short of it. */
export function splitAtHandoff(pass: HandoffPass, target: number): HandoffSplit | null {
  if (pass.handoff === null) return null;
  const oneThreadMs = timeToReach(pass.trajectory, pass.handoff.distinct);
  if (oneThreadMs === null) return null;
  const one = pass.oneSeconds * 1000;
  const two = pass.twoSeconds * 1000;
  const rest = one - oneThreadMs;
  const budget = one / target - pass.handoff.ms;
  return {
    handoffMs: pass.handoff.ms,
    oneThreadMs,
    speedupAfter: rest / (two - pass.handoff.ms),
    needed: budget > 0 ? rest / budget : Infinity,
  };
}

/** The line for one search (`name`, e.g. "twophase rms=8"), from each pass that has both runs. */
export function handoffLine(name: string, passes: readonly HandoffPass[], target = 1.6): string {
  const splits = passes.map((p) => splitAtHandoff(p, target)).filter((s): s is HandoffSplit => s !== null);
  const never = passes.filter((p) => p.handoff === null).length;
  if (splits.length === 0) {
    return never === passes.length
      ? `${name}: 2 workers never handed over: the search ended in this thread before the worker was needed`
      : `${name}: 2 workers handed over, but the one-thread trajectory stops short of that point`;
  }
  const of = splits.length < passes.length ? ` (from ${splits.length} of ${passes.length} passes; ${never} never handed over)` : '';
  const after = splits.map((s) => s.speedupAfter);
  const behind = splits.map((s) => s.handoffMs - s.oneThreadMs);
  const needed = median(splits.map((s) => s.needed));
  const several = splits.length > 1;
  return (
    `${name}: 2 workers handed over at ${median(splits.map((s) => s.handoffMs)).toFixed(0)} ms` +
    (several ? ` (${range(splits.map((s) => s.handoffMs), 0)} ms)` : '') +
    `, ${median(behind).toFixed(0)} ms after 1 thread had seen as many states` +
    (several ? ` (${range(behind, 0)} ms)` : '') +
    `; after the handoff ${median(after).toFixed(2)}× as fast as 1 thread` +
    (several ? ` (${range(after, 2)}×)` : '') +
    `; ${target}× overall needs ${Number.isFinite(needed) ? `${needed.toFixed(2)}× there` : 'a sooner handoff'}${of}`
  );
}
