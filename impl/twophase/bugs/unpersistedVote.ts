/**
 * Bug `unpersisted-vote`: an RM sends its yes vote without logging it. After a crash it finds
 * no vote in its log, takes the transaction for one it never prepared, and aborts, while the
 * TM counts its yes vote and commits. Violates Agreement (needs an RM crash).
 */
import type { Implementation } from '../../../engine/implementation.js';
import { coordinator } from '../coordinator.js';
import { participant, recoverRm, rmRules } from '../participant.js';

export const unpersistedVote: Implementation = {
  tm: coordinator(),
  rm: participant({
    ...rmRules,
    restart: (s) => recoverRm({ phase: 'working', vote: null, decision: s.decision, inquired: false }), // BUG: vote not durable
  }),
};
