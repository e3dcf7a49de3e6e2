/**
 * Bug `forgetful-coordinator`: the TM announces its decision without logging it. After a crash
 * it finds no record and, by the presumed-abort rule, takes the transaction as aborted, though
 * it had committed. Violates Irrevocability (needs a TM crash).
 */
import type { Implementation } from '../../../engine/implementation.js';
import { coordinator, recoverTm, tmRules } from '../coordinator.js';
import { participant } from '../participant.js';

export const forgetfulCoordinator: Implementation = {
  tm: coordinator({
    ...tmRules,
    restart: (s) => recoverTm({ phase: 'idle', begun: s.begun, decision: null, yes: [] }), // BUG: decision not durable
  }),
  rm: participant(),
};
