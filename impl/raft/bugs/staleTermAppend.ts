/**
 * Bug `stale-term-append`: a server accepts an AppendEntries from an older term — a deposed
 * leader's delayed message — as if it came from the current leader, and lets it rewrite its log.
 */
import { raftServer } from '../server.js';
import { referenceRules } from '../rules.js';

export const staleTermAppend = raftServer({
  ...referenceRules,
  staleAppend: () => false, // BUG: reference rejects m.term < currentTerm
});
