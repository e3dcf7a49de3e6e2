/**
 * "Chosen", the history notion every Paxos property rests on (Lamport, "Paxos Made Simple" §2.1):
 * a value is chosen when a majority of acceptors have accepted it in one ballot, at some point.
 * Acceptors may later move on to higher ballots; the value stays chosen. So the properties judge
 * the set of every vote ever cast (a ghost record for cluster models, the 2b messages for the
 * message-set spec), never the acceptors' current state alone.
 */

/** One vote: `acceptor` accepted `value` in `ballot`. */
export interface Vote {
  acceptor: string;
  ballot: number;
  value: string;
}

/** A value chosen in a ballot, with the quorum that chose it. */
export interface Choice {
  ballot: number;
  value: string;
  acceptors: string[];
}

export const quorumSize = (acceptors: number) => Math.floor(acceptors / 2) + 1;

/** Every (ballot, value) that a quorum of distinct acceptors voted for, by ballot then value. */
export function choices(votes: readonly Vote[], quorum: number): Choice[] {
  // Fewer votes than a quorum choose nothing (most states of a search have none or a few).
  if (votes.length < quorum) return [];
  const byKey = new Map<string, Choice>();
  for (const v of votes) {
    const key = `${v.ballot}\u0000${v.value}`;
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { ballot: v.ballot, value: v.value, acceptors: [] }));
    if (!c.acceptors.includes(v.acceptor)) c.acceptors.push(v.acceptor);
  }
  return [...byKey.values()]
    .filter((c) => c.acceptors.length >= quorum)
    .map((c) => ({ ...c, acceptors: [...c.acceptors].sort() }))
    .sort((x, y) => x.ballot - y.ballot || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
}

/** "v1 in ballot 0 by a1, a2": a choice in the words violation messages use. */
export function describeChoice(c: Choice): string {
  return `'${c.value}' in ballot ${c.ballot} by ${c.acceptors.join(', ')}`;
}

/** Agreement over a set of choices: a message naming two different chosen values, or null. */
export function disagreement(chosen: readonly Choice[]): string | null {
  const other = chosen.find((c) => c.value !== chosen[0]?.value);
  if (!other) return null;
  return `Agreement: two different values were chosen: ${describeChoice(chosen[0])} and ${describeChoice(other)}`;
}
