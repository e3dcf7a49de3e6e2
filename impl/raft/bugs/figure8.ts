/**
 * Bug `figure8`: the leader commits an entry from an earlier term by counting its replicas.
 * The paper's Figure 8 shows why that is unsafe: an old entry stored on a majority can still be
 * overwritten by a later leader whose last entry has a newer term.
 */
import { raftServer } from '../server.js';
import { referenceRules } from '../rules.js';

export const figure8 = raftServer({
  ...referenceRules,
  countsReplicas: () => true, // BUG: reference requires log[N].term == currentTerm
});
