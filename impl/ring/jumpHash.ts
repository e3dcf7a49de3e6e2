/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * arXiv 1406.2294, 2014). No ring and no per-node state: a key's bucket among n is computed by
 * a pseudo-random walk seeded by the key, jumping forward to the next bucket count at which the
 * key would move. When the bucket count grows from n to n+1, a key moves with probability
 * 1/(n+1) and only to the new bucket.
 *
 * The paper's code, with 64-bit unsigned arithmetic done here on 16-bit limbs (BigInt would do,
 * but the lookup-correctness oracle uses BigInt and the implementation must be independent):
 *
 *   int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
 *     int64_t b = -1, j = 0;
 *     while (j < num_buckets) {
 *       b = j;
 *       key = key * 2862933555777941757ULL + 1;
 *       j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
 *     }
 *     return b;
 *   }
 *
 * Buckets are numbered, so membership is a list: bucket i is the i-th node to join. Only the
 * last bucket can go without renumbering; `leave` of another node moves the last node into the
 * leaver's bucket (swap-remove), which moves keys of a node that stayed. The scheme therefore
 * claims `leave: 'last'`, and a test pins the limitation.
 */
import { hash64 } from './hash.js';
import { assertMember, assertNonEmpty, assertNotMember, type Placement } from './placement.js';

// 2862933555777941757 = 0x27BB2EE6_87B0B0FD, as four 16-bit limbs, least significant first.
const C = [0xb0fd, 0x87b0, 0x2ee6, 0x27bb];

/** key ← key·C + 1 (mod 2^64), key as four 16-bit limbs, least significant first. */
function lcgStep(k: number[]): number[] {
  const out = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    let carry = 0;
    for (let j = 0; i + j < 4; j++) {
      const t = out[i + j] + k[i] * C[j] + carry;
      out[i + j] = t & 0xffff;
      carry = Math.floor(t / 0x10000);
    }
  }
  // + 1
  for (let i = 0; i < 4; i++) {
    out[i] += 1;
    if (out[i] <= 0xffff) break;
    out[i] = 0;
  }
  return out;
}

/** The bucket of a 64-bit key (hi, lo 32-bit halves) among `buckets`. */
export function jumpConsistentHash(hi: number, lo: number, buckets: number): number {
  let k = [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16];
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = lcgStep(k);
    // key >> 33: the top 31 bits = (limb3 << 15) | (limb2 >> 1).
    const top = k[3] * 0x8000 + (k[2] >>> 1);
    j = Math.floor((b + 1) * (2147483648 / (top + 1)));
  }
  return b;
}

export class JumpPlacement implements Placement {
  protected nodes: string[] = [];

  members(): readonly string[] {
    return this.nodes;
  }

  join(node: string): void {
    assertNotMember(this.nodes, node);
    this.nodes.push(node);
  }

  /** The last bucket simply goes; any other is refilled by the last node (swap-remove). */
  leave(node: string): void {
    assertMember(this.nodes, node, 'leave');
    const i = this.nodes.indexOf(node);
    const last = this.nodes.pop()!;
    if (i < this.nodes.length) this.nodes[i] = last;
  }

  place(key: string): string {
    return this.lookup(key);
  }

  lookup(key: string): string {
    assertNonEmpty(this.nodes, 'lookup');
    const [hi, lo] = hash64(key);
    return this.nodes[jumpConsistentHash(hi, lo, this.nodes.length)];
  }

  /** Jump hash has no ring; replicas go to the following buckets, b+1, b+2, … (mod n). */
  preferenceList(key: string, r: number): string[] {
    assertNonEmpty(this.nodes, 'preferenceList');
    const [hi, lo] = hash64(key);
    const b = jumpConsistentHash(hi, lo, this.nodes.length);
    const n = this.nodes.length;
    return Array.from({ length: Math.min(r, n) }, (_, i) => this.nodes[(b + i) % n]);
  }
}
