/**
 * Bug `no-prev-check`: a follower takes AppendEntries without the consistency check on
 * prevLogIndex / prevLogTerm, so it can splice a leader's entries after a different history
 * (and, when its log is shorter than prevLogIndex, onto its end).
 */
import { raftServer } from '../server.js';
import { referenceRules } from '../rules.js';

export const noPrevCheck = raftServer({
  ...referenceRules,
  prevLogMatches: () => true, // BUG: reference checks log[prevLogIndex].term == prevLogTerm
});
