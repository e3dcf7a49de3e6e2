/**
 * `twophase-net`: two-phase commit as it runs on a real network, with the presumed-abort
 * optimisation (Gray, "Notes on Data Base Operating Systems", 1978; Mohan, Lindsay and
 * Obermarck, "Transaction Management in the R* Distributed Database Management System", 1986;
 * the atomic commitment properties of Bernstein, Hadzilacos and Goodman, 1987).
 *
 * A transaction manager (TM) runs a transaction over N resource managers (RMs). Phase one: the
 * TM sends Prepare; each RM chooses its vote, force-logs a yes before sending it, and a no vote
 * aborts it at once. Phase two: once every RM voted yes, the TM logs commit (the commit point)
 * and sends Commit; a no vote, or the TM's vote timer, aborts and sends Abort. Unlike
 * Lamport's TwoPhase spec (models/twophase/), which abstracts the network as a set of messages
 * and has no failures, here:
 *
 * - the network is a multiset: each message copy is received at most once, and may be dropped
 *   or duplicated (bounded faults);
 * - nodes crash and restart, keeping only their log: the TM its decision record, an RM its vote
 *   and outcome (machineRole's `recover`);
 * - timeouts are timer events: the TM's vote timer aborts (a missing vote counts as no); an RM
 *   that has not voted may abort on its own; a prepared RM may not, and asks the TM instead
 *   (DecisionRequest), which answers from its log;
 * - presumed abort: the TM writes nothing before its decision, so a TM that recovers with no
 *   decision record takes the transaction as aborted and says so to anyone who asks.
 *
 * Modelling shortcuts, each marked where taken: one transaction, whose id allocation (`begun`)
 * is durable so a recovered TM never restarts it; a prepared RM asks once per incarnation; no
 * acknowledgements, so the TM never forgets a decision (presumed abort's garbage collection is
 * not modelled).
 */
import { clusterProtocol } from '../../engine/clusterProtocol.js';
import { machineRole } from '../../engine/machineRole.js';
import { reference } from '../../impl/twophase/reference.js';
import * as bugs from '../../impl/twophase/bugs/index.js';
import { acGhost, atomicCommitment } from '../../properties/twophase-net/atomicCommitment.js';
import { recoverTm, tmMachine, tmView, type TmContext } from './coordinator.js';
import { recoverRm, rmMachine, rmView, type RmContext } from './participant.js';
import { BEGIN, COORDINATOR_TIMER, rmIds, TM, VOTE_NO, VOTE_YES, VOTES_TIMER } from './views.js';

function roles(rms: number) {
  const tm = tmMachine(rmIds(rms));
  const rm = rmMachine(TM);
  return {
    tm: machineRole({
      name: 'tm', machine: tm, durable: ['begun', 'decision'], recover: (c: TmContext) => recoverTm(c),
      envEvents: () => [BEGIN], timers: () => [VOTES_TIMER], view: tmView,
    }),
    rm: machineRole({
      name: 'rm', machine: rm, durable: ['vote', 'decision'], recover: (c: RmContext) => recoverRm(c),
      envEvents: () => [VOTE_YES, VOTE_NO], timers: () => [COORDINATOR_TIMER], view: rmView,
    }),
  };
}

export const twophaseNet = clusterProtocol({
  name: 'twophase-net',
  summary: 'presumed-abort two-phase commit over a lossy multiset network, with crashes, recovery logs and timeouts',
  params: [{ name: 'rms', description: 'number of resource managers (participants)', default: 2, min: 1, max: 6 }],
  nodes: ({ rms }) => [{ id: TM, role: 'tm' }, ...rmIds(rms).map((id) => ({ id, role: 'rm' }))],
  roles: ({ rms }) => roles(rms),
  impls: [
    { name: 'model', kind: 'model', summary: 'TM and RM as XState machines', expect: 'ok' },
    { name: 'reference', kind: 'reference', summary: 'plain TypeScript TM and RM', expect: 'ok', roles: reference },
    { name: 'majority-commit', kind: 'bug', summary: 'TM commits on a majority of yes votes', expect: 'violated', violates: 'Commit Validity', params: { rms: 3 }, roles: bugs.majorityCommit },
    { name: 'timeout-counts-as-yes', kind: 'bug', summary: 'TM counts an RM whose vote timed out as yes', expect: 'violated', violates: 'Commit Validity', roles: bugs.timeoutCountsAsYes },
    { name: 'prepared-timeout-aborts', kind: 'bug', summary: 'a prepared RM that times out aborts on its own', expect: 'violated', violates: 'Agreement', roles: bugs.preparedTimeoutAborts },
    { name: 'unpersisted-vote', kind: 'bug', summary: 'an RM does not log its yes vote and aborts after a crash', expect: 'violated', violates: 'Agreement', roles: bugs.unpersistedVote },
    { name: 'forgetful-coordinator', kind: 'bug', summary: 'the TM does not log its decision and presumes abort after a crash', expect: 'violated', violates: 'Irrevocability', roles: bugs.forgetfulCoordinator },
  ],
  properties: atomicCommitment,
  ghost: acGhost,
  exploreFaults: { network: 'multiset', maxDrops: 1, maxDuplicates: 1, maxCrashes: 1 },
  check: { faults: { network: 'multiset', maxDrops: 1, maxDuplicates: 1, maxCrashes: 2 }, runs: 4000, maxSteps: 30 },
});
