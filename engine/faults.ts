/**
 * Network semantics and the typed fault configuration that bounds fault actions.
 *
 * - `set`: TLA+ style; a sent message stays forever and may be received any number of times, in
 *   any order. Subsumes loss, duplication and reordering for receipt-idempotent protocols.
 * - `multiset`: each copy is delivered at most once, in any order; drops and duplicates are
 *   explicit actions bounded by `maxDrops` / `maxDuplicates`.
 * - `fifo`: per-link order (TCP-like); a message is lost only when its recipient crashes or a
 *   partition cuts its link.
 */
export type NetworkSemantics = 'set' | 'multiset' | 'fifo';
export const NETWORKS: readonly NetworkSemantics[] = ['set', 'multiset', 'fifo'];

export interface FaultConfig {
  network: NetworkSemantics;
  maxDrops: number;
  maxDuplicates: number;
  maxCrashes: number;
  maxPartitions: number;
  /** Roles whose nodes may crash; all roles when absent. */
  crashableRoles?: string[];
}

export const NO_FAULTS: FaultConfig = { network: 'set', maxDrops: 0, maxDuplicates: 0, maxCrashes: 0, maxPartitions: 0 };

export const FAULT_KEYS = ['maxDrops', 'maxDuplicates', 'maxCrashes', 'maxPartitions'] as const;
export type FaultBoundKey = (typeof FAULT_KEYS)[number];

export function faultConfig(base: Partial<FaultConfig>, overrides: Partial<FaultConfig> = {}): FaultConfig {
  const merged = { ...NO_FAULTS, ...base, ...overrides };
  if (merged.network === 'set') {
    // Under set semantics a message is never consumed: loss and duplication are already covered.
    merged.maxDrops = 0;
    merged.maxDuplicates = 0;
  }
  if (merged.network === 'fifo') merged.maxDrops = merged.maxDuplicates = 0;
  return merged;
}
