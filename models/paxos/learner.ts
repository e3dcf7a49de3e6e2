/**
 * The learner ("Paxos Made Simple" §2.3): acceptors send it every acceptance; it learns v once
 * a majority of acceptors have accepted v in one ballot, then stops listening. Its tally is kept
 * per (ballot, value): a correct system never has two values in one ballot, but a buggy one may,
 * and the learner must not add up votes for different proposals.
 */
import { assign, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';
import type { Accepted, Delivered, Value } from './messages.js';

export interface Tally {
  ballot: number;
  value: Value;
  acceptors: string[];
}

export interface LearnerContext {
  learned: Value | null;
  learnedBallot: number;
  /** Votes heard so far, sorted by ballot then value; emptied once a value is learned. */
  tally: Tally[];
}

/** The tally with `from`'s vote for (ballot, value) added; unchanged if already counted. */
export function addVote(tally: readonly Tally[], from: string, ballot: number, value: Value): Tally[] {
  const i = tally.findIndex((t) => t.ballot === ballot && t.value === value);
  if (i >= 0 && tally[i].acceptors.includes(from)) return tally as Tally[];
  const entry = i >= 0 ? { ...tally[i], acceptors: [...tally[i].acceptors, from].sort() } : { ballot, value, acceptors: [from] };
  const rest = tally.filter((_, j) => j !== i);
  return [...rest, entry].sort((x, y) => x.ballot - y.ballot || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
}

export function learnerMachine(quorum: number) {
  const countAfter = (c: LearnerContext, e: Delivered<Accepted>) =>
    addVote(c.tally, e.from, e.ballot, e.value).find((t) => t.ballot === e.ballot && t.value === e.value)!.acceptors.length;
  return setup({
    types: {} as { context: LearnerContext; events: Delivered<Accepted>; input: NodeContext },
    actions: {
      tally: assign({ tally: ({ context, event }) => addVote(context.tally, event.from, event.ballot, event.value) }),
      learn: assign(({ event }) => ({ learned: event.value, learnedBallot: event.ballot, tally: [] })),
    },
    guards: {
      // A learner restarted after learning keeps its (durable) value and hears no more.
      completesQuorum: ({ context, event }) => context.learned === null && countAfter(context, event) >= quorum,
      listening: ({ context }) => context.learned === null,
    },
  }).createMachine({
    id: 'learner',
    context: { learned: null, learnedBallot: -1, tally: [] },
    initial: 'listening',
    states: {
      listening: {
        on: { Accepted: [{ guard: 'completesQuorum', target: 'learned', actions: 'learn' }, { guard: 'listening', actions: 'tally' }] },
      },
      learned: {},
    },
  });
}
