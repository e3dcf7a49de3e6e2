/**
 * Interning tables: each distinct local state, event, message or ghost value gets a small
 * integer id plus a 64-bit content hash computed once from its canonical key. Worlds are arrays
 * of these ids, so comparing, hashing and memoizing never re-serialise an object.
 *
 * Ids depend on discovery order; content hashes do not. Everything that must be canonical
 * (fingerprints, action order) uses the content hash, never the id.
 */
import { hashString } from './hash.js';

export class InternTable<T> {
  readonly values: T[] = [];
  readonly keys: string[] = [];
  readonly hashHi: number[] = [];
  readonly hashLo: number[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly scratch = new Uint32Array(2);

  /** Id of the value with this key, interning it on first sight. `contentKey` feeds the hash. */
  intern(key: string, value: T, contentKey: string = key): number {
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    const id = this.values.length;
    this.byKey.set(key, id);
    this.values.push(value);
    this.keys.push(key);
    hashString(contentKey, this.scratch);
    this.hashHi.push(this.scratch[0]);
    this.hashLo.push(this.scratch[1]);
    return id;
  }

  get size(): number {
    return this.values.length;
  }

  /** Total order by content hash, then key: stable across runs and discovery orders. */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    const h = this.hashHi[a] - this.hashHi[b];
    if (h !== 0) return h;
    const l = this.hashLo[a] - this.hashLo[b];
    if (l !== 0) return l;
    return this.keys[a] < this.keys[b] ? -1 : this.keys[a] > this.keys[b] ? 1 : 0;
  }
}
