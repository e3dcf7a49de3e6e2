/**
 * Bug `timeout-counts-as-yes`: when the TM's vote timer fires it counts every RM whose vote did
 * not arrive as a yes, and commits (no no vote arrived, or it would have aborted already).
 * Violates Commit Validity.
 */
import type { Implementation } from '../../../engine/implementation.js';
import { coordinator, decide, rmsOf, tmRules } from '../coordinator.js';
import { participant } from '../participant.js';

export const timeoutCountsAsYes: Implementation = {
  tm: coordinator({
    ...tmRules,
    timeout(s, e, ctx) {
      if (s.phase !== 'preparing') return tmRules.timeout(s, e, ctx);
      return decide({ ...s, yes: rmsOf(ctx) }, 'commit', rmsOf(ctx)); // BUG: silence is not consent
    },
  }),
  rm: participant(),
};
