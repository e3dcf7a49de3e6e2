/**
 * 64-bit hashing as two independent 32-bit lanes (hi, lo), so the hot loop never touches BigInt.
 *
 * A world's fingerprint is the lane-wise sum (mod 2^32) of one hash per component, each mixed
 * with the component's position. Summing (rather than hashing a serialisation) lets the cluster
 * model update a fingerprint from only the components a step changed, and makes the fingerprint
 * of a multiset independent of the order its elements are listed in.
 */

/** murmur3's 32-bit finaliser: full avalanche of one word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The content hash of a string fed in pieces (hashString of their concatenation, without
 * building it): start() with the total length, feed() the pieces in order, end().
 */
export class StringHash {
  private a = 0;
  private b = 0;
  private length = 0;

  start(length: number): this {
    this.a = 0x811c9dc5;
    this.b = 0x01000193 ^ length;
    this.length = length;
    return this;
  }

  feed(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  end(out: Uint32Array): void {
    out[0] = fmix32(this.a ^ this.length);
    out[1] = fmix32(this.b + 0x9e3779b9);
  }
}

const whole = new StringHash();

/**
 * Content hash of a list of 32-bit words (a packed state), two lanes mixed differently: lane hi
 * as murmur3's 32-bit body, lane lo with other constants and a rotation of its own, each
 * finished with fmix32 and the length.
 */
export function hashWords(w: Int32Array, out: Uint32Array): void {
  let a = 0x9747b28c;
  let b = 0x3c6ef372;
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    let k = Math.imul(x, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    let j = Math.imul(x ^ 0x27d4eb2f, 0x165667b1);
    j ^= j >>> 15;
    const y = b ^ j;
    b = (Math.imul((y << 11) | (y >>> 21), 0x85ebca77) + 0x61c88647) | 0;
  }
  out[0] = fmix32(a ^ w.length);
  out[1] = fmix32(b ^ Math.imul(w.length, 0x9e3779b1));
}

/** Content hash of a string, two lanes with different seeds. */
export function hashString(s: string, out: Uint32Array): void {
  whole.start(s.length).feed(s).end(out);
}

/** Mix a component (its content hash hi/lo) with its position: lane hi. */
export function mixHi(pos: number, hi: number, lo: number): number {
  return fmix32((hi ^ Math.imul(pos + 1, 0x9e3779b1)) + fmix32(lo ^ 0x27d4eb2f));
}

/** Mix a component with its position: lane lo. */
export function mixLo(pos: number, hi: number, lo: number): number {
  return fmix32((lo + Math.imul(pos + 7, 0x85ebca77)) ^ fmix32(hi + 0x165667b1));
}

export function fingerprintHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Fingerprint of any JSON-able value, via its canonical string (used by spec models). */
export function hashHex(s: string): string {
  const out = new Uint32Array(2);
  hashString(s, out);
  return fingerprintHex(out[0], out[1]);
}
