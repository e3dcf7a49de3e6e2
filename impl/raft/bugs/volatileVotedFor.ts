/**
 * Bug `volatile-votedfor`: votedFor is kept in memory only. A server that voted, crashed and
 * restarted in the same term can vote again, so two candidates can both win that term.
 */
import { raftServer } from '../server.js';
import { referenceRules } from '../rules.js';

// BUG: reference persists ['term', 'votedFor', 'log'].
export const volatileVotedFor = raftServer(referenceRules, ['term', 'log']);
