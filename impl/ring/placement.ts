/**
 * The placement interface every scheme implements: a membership (nodes joining and leaving) and
 * a map from keys to owners, or to preference lists of R owners (Dynamo's replicas).
 *
 * Placements are mutable objects, the way a library would offer them. Two schemes keep state per
 * key and so need `place` as well as `lookup`: consistent hashing with bounded loads (a key's
 * owner depends on the keys placed before it) and the seed's ConsistentHash (whose `add_data`
 * changes the circle on every call). For the others `place(k) === lookup(k)`.
 */

/** A point on a hash ring: a virtual node. `pos` is a number, or a hex string (the seed). */
export interface RingPoint {
  pos: number | string;
  node: string;
}

export interface Placement {
  /** Members, in the order the scheme keeps them (join order for jump hash and modulo-N). */
  members(): readonly string[];
  join(node: string): void;
  leave(node: string): void;
  /** Store `key`: the node it is stored on. */
  place(key: string): string;
  /** The node a read of `key` goes to now. */
  lookup(key: string): string;
  /** `r` distinct owners in preference order; the first is `lookup(key)`. */
  preferenceList(key: string, r: number): string[];
  /** Ring schemes: the points the lookup searches (what the lookup-correctness oracle reads). */
  ringPoints?(): RingPoint[];
  /** Ring schemes: where `key` sits on the ring. */
  keyPosition?(key: string): number | string;
  /** Rendezvous schemes: the weight of `node` for `key`. */
  weight?(node: string, key: string): number;
  /** Keyed schemes: the keys placed so far, in order. */
  placedKeys?(): readonly string[];
}

/** Which algorithm a scheme claims to implement: chooses the lookup-correctness oracle. */
export type Family = 'ring' | 'bounded' | 'jump' | 'rendezvous' | 'modulo';

export interface SchemeOptions {
  /** Virtual nodes per node (ring and bounded-loads schemes). */
  vnodes: number;
  /** Bounded loads: ε in percent (capacity ⌈(1+ε)·m/n⌉). */
  epsilonPct: number;
}

export const DEFAULT_OPTIONS: SchemeOptions = { vnodes: 100, epsilonPct: 25 };

/** What a scheme promises; the properties hold it to exactly these promises. */
export interface Claims {
  family: Family;
  /** Which nodes may leave: any, or only the last to join (jump hash numbers its buckets). */
  leave: 'any' | 'last';
  /** Keys move only to a joining node / only off a leaving node. */
  monotone: boolean;
  /** A join moves at most about 1/(n+1) of the keys. */
  minimalMovement: boolean;
}

/** Lower bound: the first index i with points[i].pos >= x (Python's bisect_left on positions). */
export function lowerBound(points: readonly RingPoint[], x: number | string): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid].pos < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Points in ring order: by position, ties (never seen with 53-bit positions) by node name. */
export function byPosition(a: RingPoint, b: RingPoint): number {
  if (a.pos < b.pos) return -1;
  if (a.pos > b.pos) return 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

export function assertMember(members: readonly string[], node: string, op: string): void {
  if (!members.includes(node)) throw new Error(`${op}: '${node}' is not a member (members: ${members.join(', ') || 'none'})`);
}

export function assertNotMember(members: readonly string[], node: string): void {
  if (members.includes(node)) throw new Error(`join: '${node}' is already a member`);
}

export function assertNonEmpty(members: readonly string[], op: string): void {
  if (members.length === 0) throw new Error(`${op}: no members`);
}
