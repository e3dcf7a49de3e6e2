/**
 * Results of the engines, kept apart from the engines and the reporters (porcupine's
 * CheckResult, fast-check's RunDetails). `ok` only when the search finished with no violation
 * and every `sometimes` property was witnessed; a bound hit or a vacuous run is `unknown`.
 */
export interface Violation {
  property: string;
  message: string;
  /** Action indices from the initial state; the last action reaches the violating state. */
  path: number[];
  /** Index of the initial state the path starts from. */
  initial: number;
}

export interface SearchStats {
  distinctStates: number;
  generatedStates: number;
  /** Deepest level reached (BFS) or longest run (check). */
  depth: number;
  durationMs: number;
}

export type Outcome =
  | { verdict: 'ok' }
  | { verdict: 'violated'; violation: Violation }
  | { verdict: 'unknown'; reason: string };

export type ExploreResult = Outcome & SearchStats & { witnessed: Record<string, boolean> };

export const EXIT = { ok: 0, violated: 1, usage: 2, unknown: 3 } as const;

export function exitCodeOf(verdict: Outcome['verdict']): number {
  return EXIT[verdict];
}
