/**
 * The Raft paper's Figure 3 (Ongaro & Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", USENIX ATC 2014): the properties Raft guarantees at all times, named with the
 * paper's words, plus `sometimes` witnesses. The temporal ones read the ghost history
 * (./ghost.ts). Order matters only for reporting: the first violated property is reported.
 */
import { electionSafety } from './electionSafety.js';
import { leaderAppendOnly } from './leaderAppendOnly.js';
import { logMatching } from './logMatching.js';
import { leaderCompleteness } from './leaderCompleteness.js';
import { stateMachineSafety } from './stateMachineSafety.js';
import { committedEverywhere, laterLeader, leaderElected } from './witnesses.js';

export { raftGhost, type RaftGhost } from './ghost.js';
export type { RaftView, RaftWorld } from './view.js';

export const raftProperties = [
  electionSafety,
  leaderAppendOnly,
  logMatching,
  leaderCompleteness,
  stateMachineSafety,
  leaderElected,
  committedEverywhere,
  laterLeader,
];
