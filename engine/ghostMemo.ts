/**
 * Memoized ghost updates of a cluster model whose ghost reads only the nodes
 * (GhostSpec.nodesOnly): the next ghost's id depends only on the previous ghost, the crashed
 * mask and every node's local state, so it is computed once per such key.
 *
 * The keys are numbers, so the memo is an open-addressing table of int32 rows: the key's words
 * (previous ghost + 1, never 0, so a 0 marks an empty row; the crashed mask; the n local
 * states), then the result. A lookup hashes and compares n + 2 numbers. The memo it replaces
 * built a string key for every successor and looked it up in a Map: a fifth of a paxos search's
 * time and a quarter of a twophase-net one's, with the garbage the strings left.
 */
import { slotsFor } from './fpset.js';
import { fmix32 } from './hash.js';

export class GhostMemo {
  /** Words per row: the key's n + 2, then the result. */
  private readonly width: number;
  private rows: Int32Array;
  private mask: number;
  /** Rows in use. */
  size = 0;
  /** Times the memo reached `limit` and started over. */
  restarts = 0;

  /**
   * For `n` nodes; holds at most `limit` entries, then starts over (a search with more keys
   * than that keeps the recent ones rather than growing without bound).
   */
  constructor(
    private readonly n: number,
    private readonly limit: number,
    capacity = 1 << 10,
  ) {
    this.width = n + 3;
    const cap = slotsFor(capacity);
    this.rows = new Int32Array(cap * this.width);
    this.mask = cap - 1;
  }

  /** The memoized ghost after a step to `w` (its first n words are the nodes' local states), or -1. */
  get(w: Int32Array, prev: number, crashed: number): number {
    const row = this.find(this.rows, this.mask, w, prev, crashed);
    return this.rows[row] === 0 ? -1 : this.rows[row + this.width - 1];
  }

  /** Records `ghost` as the ghost after a step to `w` from ghost `prev` with `crashed` nodes down. */
  set(w: Int32Array, prev: number, crashed: number, ghost: number): void {
    if (this.size >= this.limit) this.clear();
    else if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const rows = this.rows;
    const row = this.find(rows, this.mask, w, prev, crashed);
    if (rows[row] === 0) {
      rows[row] = prev + 1;
      rows[row + 1] = crashed;
      for (let i = 0; i < this.n; i++) rows[row + 2 + i] = w[i];
      this.size++;
    }
    rows[row + this.width - 1] = ghost;
  }

  /** Index of the row holding the key, or of the empty row where it would go. */
  private find(rows: Int32Array, mask: number, w: Int32Array, prev: number, crashed: number): number {
    const n = this.n;
    const width = this.width;
    let h = Math.imul(prev + 1, 0x9e3779b1) ^ crashed;
    for (let i = 0; i < n; i++) h = Math.imul((h << 13) | (h >>> 19), 0x85ebca6b) ^ w[i];
    for (let slot = fmix32(h) & mask; ; slot = (slot + 1) & mask) {
      const row = slot * width;
      if (rows[row] === 0) return row;
      if (rows[row] !== prev + 1 || rows[row + 1] !== crashed) continue;
      let i = 0;
      while (i < n && rows[row + 2 + i] === w[i]) i++;
      if (i === n) return row;
    }
  }

  /** Twice the rows, the entries moved over. */
  private grow(): void {
    const old = this.rows;
    const width = this.width;
    const n = this.n;
    const cap = (this.mask + 1) * 2;
    const rows = new Int32Array(cap * width);
    const mask = cap - 1;
    const key = new Int32Array(n);
    for (let row = 0; row < old.length; row += width) {
      if (old[row] === 0) continue;
      for (let i = 0; i < n; i++) key[i] = old[row + 2 + i];
      const at = this.find(rows, mask, key, old[row] - 1, old[row + 1]);
      for (let k = 0; k < width; k++) rows[at + k] = old[row + k];
    }
    this.rows = rows;
    this.mask = mask;
  }

  private clear(): void {
    this.rows.fill(0);
    this.size = 0;
    this.restarts++;
  }
}
