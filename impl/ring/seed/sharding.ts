/**
 * Faithful port of the seed's `Sharding` (seeds/001, "4.6分片实现", modulo-N sharding):
 *
 *   class Sharding:
 *       def __init__(self):
 *           self.shards = []
 *
 *       def add_shard(self, shard):
 *           self.shards.append(shard)
 *
 *       def get_shard(self, key):
 *           index = hash(key) % len(self.shards)
 *           return self.shards[index]
 *
 * Substitution: Python's `hash()` of a str is salted per process (PYTHONHASHSEED), so the seed's
 * placement is not even stable across restarts; we use the deterministic `position` hash instead.
 * Extension: the seed cannot remove a shard; `leave` does `self.shards.remove(shard)`.
 *
 * The defect the properties catch: when the shard count changes from n to n+1, a key keeps its
 * shard only if hash mod n = hash mod (n+1), so about n/(n+1) of all keys move, not 1/(n+1), and
 * most move between shards that were there all along (not monotone).
 */
import { position } from '../hash.js';
import { assertMember, assertNonEmpty, assertNotMember, type Placement } from '../placement.js';

export class SeedSharding implements Placement {
  private shards: string[] = [];

  members(): readonly string[] {
    return this.shards;
  }

  /** add_shard: self.shards.append(shard) */
  join(node: string): void {
    assertNotMember(this.shards, node);
    this.shards.push(node);
  }

  /** Not in the seed: self.shards.remove(shard). */
  leave(node: string): void {
    assertMember(this.shards, node, 'leave');
    this.shards.splice(this.shards.indexOf(node), 1);
  }

  place(key: string): string {
    return this.lookup(key);
  }

  /** get_shard: index = hash(key) % len(self.shards); return self.shards[index] */
  lookup(key: string): string {
    assertNonEmpty(this.shards, 'get_shard');
    return this.shards[position(key) % this.shards.length];
  }

  /** Not in the seed: the next shards after the key's, mod n. */
  preferenceList(key: string, r: number): string[] {
    const i = position(key) % this.shards.length;
    return Array.from({ length: Math.min(r, this.shards.length) }, (_, j) => this.shards[(i + j) % this.shards.length]);
  }
}
