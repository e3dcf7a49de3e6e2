/**
 * Who is in a Paxos cluster and which ballots belong to whom, shared by the role machines, the
 * implementations under test and the properties.
 *
 * Nodes, in lane order: proposers p1..pP, acceptors a1..aA, one learner l1.
 *
 * Ballots are the integers 0..maxBallot, and ballot b belongs to proposer number b mod P (p1 owns
 * 0, P, 2P, ...), so no two proposers ever use the same ballot ("Paxos Made Simple" §2.5: "different
 * proposers choose their numbers from disjoint sets"). A proposer retries with the next ballot it
 * owns; `maxBallot` is the modelling bound that keeps the state space finite.
 *
 * Proposer number i is asked (by its client) to propose value v((i mod values) + 1): with two
 * proposers and two values they start out disagreeing, which is what makes Agreement non-trivial.
 */
import type { NodeContext } from '../../engine/role.js';

export interface PaxosParams {
  proposers: number;
  acceptors: number;
  values: number;
  maxBallot: number;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

export const proposerIds = (p: Pick<PaxosParams, 'proposers'>) => ids('p', p.proposers);
export const acceptorIds = (p: Pick<PaxosParams, 'acceptors'>) => ids('a', p.acceptors);
export const learnerIds = () => ['l1'];
export const valueName = (i: number) => `v${i + 1}`;

export function paxosNodes(p: PaxosParams): { id: string; role: string }[] {
  return [
    ...proposerIds(p).map((id) => ({ id, role: 'proposer' })),
    ...acceptorIds(p).map((id) => ({ id, role: 'acceptor' })),
    ...learnerIds().map((id) => ({ id, role: 'learner' })),
  ];
}

/** A majority of the acceptors. */
export const quorumOf = (p: Pick<PaxosParams, 'acceptors'>) => Math.floor(p.acceptors / 2) + 1;

/** The node's number among the nodes of its role (p1 → 0). */
export function rankOf(ctx: NodeContext): number {
  return ctx.nodes.filter((n) => n.role === ctx.role).findIndex((n) => n.id === ctx.id);
}

/** The value proposer number `rank` is asked to propose. */
export const inputOf = (rank: number, p: Pick<PaxosParams, 'values'>) => valueName(rank % p.values);

/** The smallest ballot above `after` that proposer `rank` owns, or null past maxBallot. */
export function nextOwnBallot(after: number, rank: number, p: Pick<PaxosParams, 'proposers' | 'maxBallot'>): number | null {
  let b = rank;
  while (b <= after) b += p.proposers;
  return b <= p.maxBallot ? b : null;
}

export function paxosParams(params: Record<string, number>): PaxosParams {
  const { proposers, acceptors, values, maxBallot } = params;
  return { proposers, acceptors, values, maxBallot };
}

/** The roles' ids for a node context. */
export function peersOf(ctx: NodeContext) {
  const of = (role: string) => ctx.nodes.filter((n) => n.role === role).map((n) => n.id);
  return { proposers: of('proposer'), acceptors: of('acceptor'), learners: of('learner') };
}
