/**
 * Bug `no-uptodate-check`: a server grants its vote without checking that the candidate's log
 * is at least as up-to-date as its own (§5.4.1), so a candidate missing committed entries can
 * win an election.
 */
import { raftServer } from '../server.js';
import { referenceRules } from '../rules.js';

export const noUpToDateCheck = raftServer({
  ...referenceRules,
  candidateUpToDate: () => true, // BUG: reference compares last log terms, then lengths
});
