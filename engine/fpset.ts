/**
 * A set of 64-bit fingerprints mapping each to a state number: open addressing with linear
 * probing over typed arrays (two Uint32 lanes per slot, value in an Int32Array), so ten million
 * entries take ~200 MB instead of the gigabytes a Set of strings would.
 *
 * The fingerprint (0, 0) marks an empty slot; a real (0, 0) is stored as (0, 1).
 */
export class FingerprintSet {
  private keys: Uint32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    this.keys = new Uint32Array(cap * 2);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The value stored for (hi, lo), or -1 after inserting it with `value`. */
  getOrInsert(hi: number, lo: number, value: number): number {
    if ((hi | lo) === 0) lo = 1;
    const keys = this.keys;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const k = slot << 1;
      const khi = keys[k];
      const klo = keys[k + 1];
      if ((khi | klo) === 0) {
        keys[k] = hi;
        keys[k + 1] = lo;
        this.vals[slot] = value;
        if (++this.size * 2 > this.mask) this.grow();
        return -1;
      }
      if (khi === hi >>> 0 && klo === lo >>> 0) return this.vals[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  get(hi: number, lo: number): number {
    if ((hi | lo) === 0) lo = 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const k = slot << 1;
      const khi = this.keys[k];
      const klo = this.keys[k + 1];
      if ((khi | klo) === 0) return -1;
      if (khi === hi >>> 0 && klo === lo >>> 0) return this.vals[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength + this.vals.byteLength;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = (this.mask + 1) * 2;
    this.keys = new Uint32Array(cap * 2);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let s = 0; s < oldVals.length; s++) {
      const hi = oldKeys[s << 1];
      const lo = oldKeys[(s << 1) + 1];
      if ((hi | lo) !== 0) this.getOrInsert(hi, lo, oldVals[s]);
    }
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
