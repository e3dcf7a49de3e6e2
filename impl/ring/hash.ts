/**
 * Deterministic hashes for placement. Positions on the ring are 53-bit integers (exact in a
 * double), so 100 nodes × 1,000 virtual nodes (10^5 points) collide with probability ~10^-6
 * instead of ~1 with 32-bit positions.
 *
 * murmur3 (x86, 32-bit; Appleyard) over the string's UTF-16 code units, run with two seeds: the
 * high 32 bits of a position come from one run, the low 21 from the other. No ambient randomness:
 * the same string always lands at the same place, in every process (unlike Python's salted
 * `hash()`, which the seed's Sharding uses; see seed/sharding.ts).
 */
import { fmix32 } from '../../engine/hash.js';
import { createHash } from 'node:crypto';

export function murmur3(s: string, seed: number): number {
  let h = seed >>> 0;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    // Two UTF-16 code units make one 32-bit block.
    h = mixBlock(h, (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)) >>> 0);
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  if (i < n) h ^= mixK(s.charCodeAt(i));
  h ^= n * 2;
  return fmix(h);
}

function mixK(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

function mixBlock(h: number, k: number): number {
  return h ^ mixK(k);
}

/** murmur3's finaliser, shared with the engine's fingerprints. */
export const fmix = fmix32;

const TWO_21 = 2 ** 21;
/** Ring size: positions are integers in [0, RING_SIZE). */
export const RING_SIZE = 2 ** 53;

/** A 53-bit position for `s`: where a key or a virtual node sits on the ring. */
export function position(s: string): number {
  return murmur3(s, 0x9747b28c) * TWO_21 + (murmur3(s, 0x5bd1e995) >>> 11);
}

/** Two 32-bit halves of a 64-bit key hash (jump consistent hash takes a 64-bit key). */
export function hash64(s: string): [hi: number, lo: number] {
  return [murmur3(s, 0x9747b28c), murmur3(s, 0x5bd1e995)];
}

/** Name of virtual node `i` of `node`: what is hashed to place it. */
export function vnodeName(node: string, i: number): string {
  return `${node}#${i}`;
}

/** md5 as lowercase hex, as Python's `hashlib.md5(s.encode('utf-8')).hexdigest()`. */
export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

/** A 53-bit weight for the pair (node, key): rendezvous (highest random weight) hashing. */
export function pairWeight(nodeHash: number, keyHi: number, keyLo: number): number {
  const hi = fmix((nodeHash ^ keyHi) + Math.imul(keyLo, 0x27d4eb2f));
  const lo = fmix(Math.imul(nodeHash + 0x165667b1, 0x9e3779b1) ^ keyLo ^ fmix(keyHi));
  return hi * TWO_21 + (lo >>> 11);
}
