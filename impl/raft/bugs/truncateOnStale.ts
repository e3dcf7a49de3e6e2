/**
 * Bug `truncate-on-stale`: a follower replaces everything after prevLogIndex with the message's
 * entries, instead of deleting only a conflicting suffix. A reordered, outdated AppendEntries
 * from the current leader then cuts entries the follower already acknowledged — possibly
 * committed ones.
 */
import type { AppendEntries, Entry } from '../../../models/raft/messages.js';
import { raftServer } from '../server.js';
import { referenceRules } from '../rules.js';

export const truncateOnStale = raftServer({
  ...referenceRules,
  // BUG: reference truncates only at the first entry whose term conflicts.
  mergeEntries: (log: Entry[], m: AppendEntries) => [...log.slice(0, m.prevLogIndex), ...m.entries],
});
