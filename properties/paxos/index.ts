/**
 * The safety requirements of consensus, in the words of "Paxos Made Simple" §2.1:
 *
 * - Validity: "only a value that has been proposed may be chosen";
 * - Agreement: "only a single value is chosen";
 * - Learner Consistency: "a process never learns that a value has been chosen unless it
 *   actually has been".
 *
 * "Chosen" means a majority of acceptors accepted the value in one ballot at some point: it is
 * judged over the ghost record of every vote ever cast (properties/paxos/ghost.ts). With
 * `sometimes` witnesses that a value does get chosen and learned, so a run that never gets that
 * far is reported as vacuous rather than as a pass.
 */
import type { ClusterView } from '../../engine/cluster.js';
import { always, sometimes } from '../../engine/properties.js';
import type { LearnerView } from '../../models/paxos/messages.js';
import { choices, describeChoice, disagreement, quorumSize, type Choice } from './chosen.js';
import type { PaxosGhost } from './ghost.js';

export type PaxosWorld = ClusterView<any, PaxosGhost>;

export const chosenOf = (w: PaxosWorld): Choice[] => choices(w.ghost.votes, quorumSize(w.params.acceptors));

export const agreement = always<PaxosWorld>('Agreement', (w) => disagreement(chosenOf(w)));

export const validity = always<PaxosWorld>('Validity', (w) => {
  const bad = chosenOf(w).find((c) => !w.ghost.proposed.includes(c.value));
  if (!bad) return true;
  const asked = w.ghost.proposed.map((v) => `'${v}'`).join(', ') || 'none';
  return `Validity: ${describeChoice(bad)} was chosen, but no proposer was asked to propose it (proposed: ${asked})`;
});

export const learnerConsistency = always<PaxosWorld>('Learner Consistency', (w) => {
  const chosen = chosenOf(w);
  for (const n of w.ofRole('learner')) {
    const { learned, learnedBallot } = n.view as LearnerView;
    if (learned === null || learned === undefined || chosen.some((c) => c.value === learned)) continue;
    const votes = w.ghost.votes.filter((v) => v.value === learned).map((v) => `${v.acceptor} in ballot ${v.ballot}`);
    return `Learner Consistency: ${n.id} learned '${learned}' (ballot ${learnedBallot}) but no majority ever accepted it in one ballot `
      + `(votes for it: ${votes.join(', ') || 'none'}; chosen: ${chosen.map(describeChoice).join('; ') || 'nothing'})`;
  }
  return true;
});

export const someChosen = sometimes<PaxosWorld>('A value is chosen', (w) => chosenOf(w).length > 0);
export const someLearned = sometimes<PaxosWorld>('A learner learns a value', (w) =>
  w.ofRole('learner').some((n) => (n.view as LearnerView).learned != null));

export const paxosProperties = [agreement, validity, learnerConsistency, someChosen, someLearned];
