/**
 * Bug `majority-commit`: the TM commits once a majority of RMs voted yes, as if atomic
 * commitment were a quorum decision. Violates Commit Validity (needs 3 RMs: the majority of 2 is 2).
 */
import type { Implementation } from '../../../engine/implementation.js';
import { coordinator, decide, rmsOf, tmRules, withYes } from '../coordinator.js';
import { participant } from '../participant.js';

export const majorityCommit: Implementation = {
  tm: coordinator({
    ...tmRules,
    Vote(s, e, ctx) {
      if (s.phase !== 'preparing' || e.vote !== 'yes') return tmRules.Vote(s, e, ctx);
      const yes = withYes(s.yes, e.from!);
      if (2 * yes.length > rmsOf(ctx).length) return decide({ ...s, yes }, 'commit', rmsOf(ctx)); // BUG
      return { state: { ...s, yes } };
    },
  }),
  rm: participant(),
};
