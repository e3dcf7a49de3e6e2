/**
 * Shortest counterexample length of each caught variant, as `explore` finds it at the variant's
 * own bounds (BFS: these are minimum lengths). Pinned by variants.test.ts; campaigns.test.ts
 * checks that shrunk `check` traces are never shorter. figure8 has none: its counterexample is
 * beyond exhaustive search (docs/protocols/raft.md).
 */
export const SHORTEST: Record<string, number> = {
  'no-prev-check': 11,
  'no-uptodate-check': 9,
  'volatile-votedfor': 8,
  'stale-term-append': 11,
  'truncate-on-stale': 10,
  seed: 6,
};
