/**
 * The membership protocol's definition shared by the model's machines, the implementations and
 * the properties: node ids, token positions, keys, and the plans a router computes for a join or
 * a leave. Everything here is a pure function of the router's ring.
 *
 * Tokens are placed by hand (one per node, on a ring of 0..999) so that every join and leave
 * changes some key's preference list:
 *
 *     n1:100  k2@120  n5:150  n2:200  k1@220  n4:250  n3:300  k3@320  (wrap)
 *
 * With R = 2 and n1..n3 active, k1's replicas are [n3, n1] and k2's [n2, n3]; when n4 joins it
 * becomes k1's primary ([n4, n3]) and k2's second replica ([n2, n4]).
 */
import { TokenRing } from '../../impl/ring/tokenRing.js';

export const ROUTER = 'r';

export type MemberStatus = 'joining' | 'active' | 'leaving';
/** The router's ring: members and their status. */
export type Ring = Record<string, MemberStatus>;

export const TOKENS: Record<string, number> = { n1: 100, n2: 200, n3: 300, n4: 250, n5: 150 };
export const KEY_POSITIONS: Record<string, number> = { k1: 220, k2: 120, k3: 320 };

export interface Topology {
  /** Storage nodes active at the start. */
  initial: string[];
  /** Storage nodes that start outside the ring and may join. */
  joiners: string[];
  keys: string[];
  replicas: number;
  /** Writes per key (versions 1..writes). */
  writes: number;
  /** Reads in all. */
  reads: number;
}

export function topology(params: Record<string, number>): Topology {
  const storage = Object.keys(TOKENS).sort();
  const initial = storage.slice(0, params.initial);
  const joiners = storage.slice(params.initial, params.initial + params.joiners).sort((a, b) => TOKENS[b] - TOKENS[a]);
  return { initial, joiners, keys: Object.keys(KEY_POSITIONS).sort().slice(0, params.keys), replicas: params.replicas, writes: params.writes, reads: params.reads };
}

export function initialRing(t: Topology): Ring {
  return Object.fromEntries(t.initial.map((n) => [n, 'active' as const]));
}

/** Members that serve reads and writes: active and leaving (a joiner serves once it is active). */
export function serving(ring: Ring): string[] {
  return Object.keys(ring).filter((n) => ring[n] !== 'joining').sort();
}

/** A key's natural replicas among `members`: its preference list of R distinct nodes. */
export function replicasAmong(members: readonly string[], key: string, r: number): string[] {
  if (members.length === 0) return [];
  return new TokenRing(TOKENS, members, KEY_POSITIONS).preferenceList(key, r);
}

/** A key's replicas in the router's ring. */
export function naturalReplicas(ring: Ring, key: string, r: number): string[] {
  return replicasAmong(serving(ring), key, r);
}

/** Keys whose first replica is `node` at the start: who holds primaryship initially. */
export function initialPrimaries(t: Topology, node: string): string[] {
  return t.keys.filter((k) => replicasAmong(t.initial, k, t.replicas)[0] === node);
}

export interface FetchItem {
  key: string;
  /** The node the joiner fetches from: the key's current primary. */
  source: string;
  /** Whether the joiner becomes the key's primary (the source gives primaryship up). */
  primary: boolean;
}

/** What a joiner must fetch: every key whose replicas will include it. */
export function joinPlan(ring: Ring, joiner: string, keys: readonly string[], r: number): FetchItem[] {
  const future = [...serving(ring), joiner].sort();
  const plan: FetchItem[] = [];
  for (const key of keys) {
    const after = replicasAmong(future, key, r);
    if (!after.includes(joiner)) continue;
    plan.push({ key, source: naturalReplicas(ring, key, r)[0], primary: after[0] === joiner });
  }
  return plan;
}

export interface HandoffItem {
  key: string;
  /** A node that gains the key (or its primaryship) when the leaver goes. */
  to: string;
  primary: boolean;
}

/** What a leaver must hand off: each key to every node that gains it, primaryship to the new primary. */
export function leavePlan(ring: Ring, leaver: string, keys: readonly string[], r: number): HandoffItem[] {
  const future = serving(ring).filter((n) => n !== leaver);
  const plan: HandoffItem[] = [];
  for (const key of keys) {
    const before = naturalReplicas(ring, key, r);
    if (!before.includes(leaver)) continue;
    const after = replicasAmong(future, key, r);
    const primaryMoves = before[0] === leaver;
    for (const to of after) {
      const gains = !before.includes(to);
      const takesPrimary = primaryMoves && to === after[0];
      if (gains || takesPrimary) plan.push({ key, to, primary: takesPrimary });
    }
  }
  return plan;
}

/** The targets of a write: the key's natural replicas (writes never overlap membership changes). */
export function writeTargets(ring: Ring, key: string, r: number): string[] {
  return naturalReplicas(ring, key, r);
}

/** A membership change is in progress: some member is joining or leaving. */
export function changing(ring: Ring): boolean {
  return Object.values(ring).some((s) => s !== 'active');
}
