/**
 * A set of 64-bit fingerprints: open addressing with linear probing over one Uint32Array (the
 * two lanes of a slot side by side, so a probe touches one cache line), kept at most half full:
 * ten million fingerprints take 256 MB at worst instead of the gigabytes a Set of strings would.
 *
 * The fingerprint (0, 0) marks an empty slot; a real (0, 0) is stored as (0, 1).
 */
export class FingerprintSet {
  private keys: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Adds (hi, lo): true when it was new. */
  add(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if ((hi | lo) === 0) lo = 1;
    const keys = this.keys;
    const mask = this.mask;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    for (;;) {
      const k = slot << 1;
      const khi = keys[k];
      const klo = keys[k + 1];
      if (khi === hi && klo === lo) return false;
      if ((khi | klo) === 0) {
        keys[k] = hi;
        keys[k + 1] = lo;
        if (++this.size * 2 > mask) this.grow();
        return true;
      }
      slot = (slot + 1) & mask;
    }
  }

  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if ((hi | lo) === 0) lo = 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const k = slot << 1;
      const khi = this.keys[k];
      const klo = this.keys[k + 1];
      if (khi === hi && klo === lo) return true;
      if ((khi | klo) === 0) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength;
  }

  private grow(): void {
    const old = this.keys;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < old.length; k += 2) if ((old[k] | old[k + 1]) !== 0) this.add(old[k], old[k + 1]);
  }
}

/** A growable Int32Array. */
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}
