/**
 * The catalogue of placement schemes: the correct ones, the seed's two ports, and named bug
 * variants, each with what it claims. Properties hold every scheme to its claims; a bug or seed
 * entry names the property it is expected to violate.
 */
import { BoundedLoadsRing } from './boundedLoads.js';
import { BoundedNoWrap, RendezvousXor } from './bugs/otherVariants.js';
import { IgnoresVnodesRing, NoWrapRing, RehashAllRing, WrapOffByOneRing } from './bugs/ringVariants.js';
import { JumpPlacement } from './jumpHash.js';
import type { Claims, Placement, SchemeOptions } from './placement.js';
import { RendezvousPlacement } from './rendezvous.js';
import { SeedConsistentHash } from './seed/consistentHash.js';
import { SeedSharding } from './seed/sharding.js';
import { VnodeRing } from './vnodeRing.js';

export type SchemeKind = 'reference' | 'bug' | 'seed';

export interface Scheme {
  name: string;
  kind: SchemeKind;
  summary: string;
  claims: Claims;
  /** The property a bug or seed entry is expected to violate first. */
  violates?: string;
  /** Virtual nodes per node the scheme really uses, or null for schemes without a ring. */
  vnodes(opts: SchemeOptions): number | null;
  /**
   * Whether a placement depends on the order nodes joined (jump hash and modulo-N number their
   * buckets; the seed indexes its insertion-ordered list) or only on the member set.
   */
  membership: 'set' | 'list';
  create(opts: SchemeOptions): Placement;
}

const ringClaims: Claims = { family: 'ring', leave: 'any', monotone: true, minimalMovement: true };
const vn = (o: SchemeOptions) => o.vnodes;
const none = () => null;

export const SCHEMES: readonly Scheme[] = [
  {
    name: 'consistent-hashing', kind: 'reference', claims: ringClaims, vnodes: vn, membership: 'set',
    summary: 'consistent hashing with V virtual nodes per node (Karger et al. 1997; Dynamo 2007)',
    create: (o) => new VnodeRing(o.vnodes),
  },
  {
    name: 'bounded-loads', kind: 'reference', vnodes: vn, membership: 'set',
    claims: { family: 'bounded', leave: 'any', monotone: false, minimalMovement: false },
    summary: 'consistent hashing with bounded loads, capacity ⌈(1+ε)·m/n⌉ (Mirrokni, Thorup, Zadimoghaddam 2016)',
    create: (o) => new BoundedLoadsRing(o.vnodes, o.epsilonPct),
  },
  {
    name: 'jump', kind: 'reference', vnodes: none, membership: 'list',
    claims: { family: 'jump', leave: 'last', monotone: true, minimalMovement: true },
    summary: 'jump consistent hash over numbered buckets (Lamping & Veach 2014)',
    create: () => new JumpPlacement(),
  },
  {
    name: 'rendezvous', kind: 'reference', vnodes: none, membership: 'set',
    claims: { family: 'rendezvous', leave: 'any', monotone: true, minimalMovement: true },
    summary: 'rendezvous / highest-random-weight hashing (Thaler & Ravishankar 1998)',
    create: () => new RendezvousPlacement(),
  },
  {
    name: 'seed-sharding', kind: 'seed', vnodes: none, violates: 'Minimal Movement', membership: 'list',
    // The seed: "当节点失效时，将该节点的片分配到其他节点上" — only the failed node's shards move.
    claims: { family: 'modulo', leave: 'any', monotone: true, minimalMovement: true },
    summary: "port of the seed's Sharding: shard = hash(key) % len(shards) (modulo-N)",
    create: () => new SeedSharding(),
  },
  {
    name: 'seed-consistent-hash', kind: 'seed', vnodes: () => 1, violates: 'Lookup Correctness', membership: 'list',
    claims: ringClaims,
    summary: "port of the seed's ConsistentHash: sorted-circle index into the insertion-ordered node list; add_data grows the circle",
    create: () => new SeedConsistentHash(),
  },
  {
    name: 'ring-wrap-off-by-one', kind: 'bug', claims: ringClaims, vnodes: vn, violates: 'Lookup Correctness', membership: 'set',
    summary: 'successor index taken modulo (points − 1): wraps to the wrong point',
    create: (o) => new WrapOffByOneRing(o.vnodes),
  },
  {
    name: 'ring-no-wrap', kind: 'bug', claims: ringClaims, vnodes: vn, violates: 'Lookup Correctness', membership: 'set',
    summary: 'lookup clamps to the last point instead of wrapping to the first',
    create: (o) => new NoWrapRing(o.vnodes),
  },
  {
    name: 'ring-rehash-all-on-join', kind: 'bug', claims: ringClaims, vnodes: vn, violates: 'Monotonicity', membership: 'set',
    summary: "virtual nodes named by membership slot: a join renumbers slots and rehashes every node's points",
    create: (o) => new RehashAllRing(o.vnodes),
  },
  {
    name: 'ring-ignores-vnodes', kind: 'bug', claims: ringClaims, vnodes: vn, violates: 'Balance', membership: 'set',
    summary: 'configured with V virtual nodes but places one point per node',
    create: (o) => new IgnoresVnodesRing(o.vnodes),
  },
  {
    name: 'bounded-loads-no-wrap', kind: 'bug', vnodes: vn, violates: 'Lookup Correctness', membership: 'set',
    claims: { family: 'bounded', leave: 'any', monotone: false, minimalMovement: false },
    summary: 'overflow walk stops at the end of the ring and overfills the last node',
    create: (o) => new BoundedNoWrap(o.vnodes, o.epsilonPct),
  },
  {
    name: 'rendezvous-xor', kind: 'bug', vnodes: none, violates: 'Balance', membership: 'set',
    claims: { family: 'rendezvous', leave: 'any', monotone: true, minimalMovement: true },
    summary: 'weight = node hash XOR key hash: the highest differing bit decides, a few nodes win most keys',
    create: () => new RendezvousXor(),
  },
];

export function findScheme(name: string): Scheme {
  const s = SCHEMES.find((x) => x.name === name);
  if (!s) throw new Error(`unknown placement scheme '${name}'; valid: ${SCHEMES.map((x) => x.name).join(', ')}`);
  return s;
}
