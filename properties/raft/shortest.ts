/**
 * Shortest counterexample length of each caught variant, as `explore` finds it at the variant's
 * own bounds (BFS: these are minimum lengths). Pinned by variants.test.ts; campaigns.test.ts
 * checks that shrunk `check` traces are never shorter. figure8's (20 steps) takes its own explore
 * bounds (its impl entry's `explore`), FIGURE8 below, and about half a minute.
 */
export const SHORTEST: Record<string, number> = {
  'no-prev-check': 11,
  'no-uptodate-check': 9,
  'volatile-votedfor': 8,
  'stale-term-append': 11,
  'truncate-on-stale': 10,
  seed: 6,
};

/** Where `explore` finds Figure 8 (docs/protocols/raft.md): about 3.3 million states. */
export const FIGURE8 = {
  params: { nodes: 3, maxTerm: 4, maxLogLength: 1, maxRequests: 1, passive: 1 },
  faults: { network: 'set', maxCrashes: 0 },
  length: 20,
};
