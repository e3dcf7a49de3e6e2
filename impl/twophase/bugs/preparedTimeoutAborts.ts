/**
 * Bug `prepared-timeout-aborts`: an RM whose timer fires while prepared aborts on its own
 * instead of asking the TM, although its yes vote promised to abide by the TM's decision.
 * Violates Agreement.
 */
import type { Implementation } from '../../../engine/implementation.js';
import { coordinator } from '../coordinator.js';
import { applyOutcome, participant, rmRules } from '../participant.js';

export const preparedTimeoutAborts: Implementation = {
  tm: coordinator(),
  rm: participant({
    ...rmRules,
    timeout(s, e, ctx) {
      if (s.phase === 'prepared') return { state: applyOutcome(s, 'abort') }; // BUG: decides alone
      return rmRules.timeout(s, e, ctx);
    },
  }),
};
