/**
 * Independent oracles for lookup correctness: each recomputes what a scheme's owner must be by
 * the definition in its paper, with a different algorithm from the implementation (linear scans
 * instead of binary search, BigInt instead of limb arithmetic), reading only the scheme's points,
 * weights or member list.
 */
import { hash64, position, RING_SIZE } from '../../impl/ring/hash.js';
import type { Claims, Placement, RingPoint, SchemeOptions } from '../../impl/ring/placement.js';

/** Owners of `keys` by the definition of the scheme's family. Keyed schemes: `keys` = placed keys. */
export function oracleOwners(p: Placement, claims: Claims, opts: SchemeOptions, keys: readonly string[]): string[] {
  switch (claims.family) {
    case 'ring':
      return keys.map((k) => firstClockwise(p.ringPoints!(), p.keyPosition!(k)).node);
    case 'bounded':
      return boundedOwners(p, opts, keys);
    case 'jump':
      return keys.map((k) => p.members()[jumpByPaper(k, p.members().length)]);
    case 'rendezvous':
      return keys.map((k) => maxWeight(p, k));
    case 'modulo':
      return keys.map((k) => p.members()[position(k) % p.members().length]);
  }
}

/** Does point a come before point b walking clockwise from x? */
function before(a: RingPoint, b: RingPoint, x: number | string): boolean {
  const wa = a.pos >= x ? 0 : 1;
  const wb = b.pos >= x ? 0 : 1;
  if (wa !== wb) return wa < wb;
  if (a.pos !== b.pos) return a.pos < b.pos;
  return a.node < b.node;
}

/** The first point at or clockwise after x, by a linear scan. */
export function firstClockwise(points: readonly RingPoint[], x: number | string): RingPoint {
  if (points.length === 0) throw new Error('oracle: empty ring');
  let best = points[0];
  for (const pt of points) if (before(pt, best, x)) best = pt;
  return best;
}

/** Points in clockwise order from x: first those at or after x (ascending), then the rest. */
export function clockwiseOrder(points: readonly RingPoint[], x: number | string): RingPoint[] {
  return [...points].sort((a, b) => (before(a, b, x) ? -1 : before(b, a, x) ? 1 : 0));
}

/** First `r` distinct nodes clockwise from the key: Dynamo's preference list. */
export function oraclePreferenceList(p: Placement, key: string, r: number): string[] {
  const out: string[] = [];
  for (const pt of clockwiseOrder(p.ringPoints!(), p.keyPosition!(key))) {
    if (!out.includes(pt.node)) out.push(pt.node);
    if (out.length === r) break;
  }
  return out;
}

/**
 * Bounded loads by the paper's definition: keys in arrival order; the j-th (1-based) goes to the
 * first node clockwise from its hash holding fewer than ⌈(1+ε)·j/n⌉ keys.
 */
function boundedOwners(p: Placement, opts: SchemeOptions, keys: readonly string[]): string[] {
  const order = p.placedKeys!();
  const n = p.members().length;
  const load = new Map<string, number>();
  const owner = new Map<string, string>();
  order.forEach((k, j) => {
    const cap = Math.ceil((1 + opts.epsilonPct / 100) * (j + 1) / n - 1e-9);
    const pos = position(k);
    const distance = (pt: RingPoint) => ((pt.pos as number) - pos + RING_SIZE) % RING_SIZE;
    let best: RingPoint | null = null;
    for (const pt of p.ringPoints!()) {
      if ((load.get(pt.node) ?? 0) >= cap) continue;
      if (!best || distance(pt) < distance(best) || (distance(pt) === distance(best) && pt.node < best.node)) best = pt;
    }
    owner.set(k, best!.node);
    load.set(best!.node, (load.get(best!.node) ?? 0) + 1);
  });
  return keys.map((k) => owner.get(k) ?? '(not placed)');
}

/** Lamping & Veach's code, transcribed with BigInt. */
export function jumpByPaper(key: string, numBuckets: number): number {
  const [hi, lo] = hash64(key);
  let k = (BigInt(hi) << 32n) | BigInt(lo);
  let b = -1n;
  let j = 0n;
  while (j < BigInt(numBuckets)) {
    b = j;
    k = BigInt.asUintN(64, k * 2862933555777941757n + 1n);
    j = BigInt(Math.floor(Number(b + 1n) * (Number(1n << 31n) / Number((k >> 33n) + 1n))));
  }
  return Number(b);
}

function maxWeight(p: Placement, key: string): string {
  let best = '';
  let bestW = -1;
  for (const node of [...p.members()].sort()) {
    const w = p.weight!(node, key);
    if (w > bestW) [best, bestW] = [node, w];
  }
  return best;
}
