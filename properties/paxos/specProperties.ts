/**
 * Properties of the message-set spec (models/paxos-spec): the same Agreement and Validity as the
 * cluster model's, judged over the 2b messages, which in the spec are the record of every vote
 * ever cast (msgs only grows).
 */
import { always, sometimes } from '../../engine/properties.js';
import type { SpecWorld } from '../../models/paxos-spec/spec.js';
import { choices, describeChoice, disagreement, type Choice, type Vote } from './chosen.js';

export function specVotes(w: SpecWorld): Vote[] {
  const votes: Vote[] = [];
  for (const m of w.state.msgs) if (m.type === '2b') votes.push({ acceptor: m.acc, ballot: m.bal, value: m.val });
  return votes;
}

/**
 * The chosen values of a world, computed once for the three properties that judge it in turn
 * (states are never mutated, so the same state with the same quorum has the same choices).
 */
let last: { state: SpecWorld['state']; quorum: number; chosen: Choice[] } | null = null;
function chosenOf(w: SpecWorld): Choice[] {
  if (last === null || last.state !== w.state || last.quorum !== w.quorum) last = { state: w.state, quorum: w.quorum, chosen: choices(specVotes(w), w.quorum) };
  return last.chosen;
}

export const specAgreement = always<SpecWorld>('Agreement', (w) => disagreement(chosenOf(w)));

/** In the spec a value is proposed by a 2a message; only such a value may be chosen. */
export const specValidity = always<SpecWorld>('Validity', (w) => {
  const chosen = chosenOf(w);
  if (chosen.length === 0) return true;
  const proposed = new Set(w.state.msgs.flatMap((m) => (m.type === '2a' ? [m.val] : [])));
  const bad = chosen.find((c) => !proposed.has(c.value));
  return bad ? `Validity: ${describeChoice(bad)} was chosen but never proposed in a 2a message` : true;
});

export const specSomeChosen = sometimes<SpecWorld>('A value is chosen', (w) => chosenOf(w).length > 0);

export const specProperties = [specAgreement, specValidity, specSomeChosen];
