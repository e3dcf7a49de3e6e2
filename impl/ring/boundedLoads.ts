/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam, "Consistent Hashing
 * with Bounded Loads", SODA 2018; arXiv 1608.01350, 2016).
 *
 * Every node has capacity ⌈(1+ε)·m/n⌉ for m keys on n nodes. A key starts at its position on a
 * virtual-node ring, as in plain consistent hashing, and walks clockwise past full nodes to the
 * first node with room. Capacity is computed with the m of the moment a key is placed (the key
 * included); since that only grows, at rest no node holds more than ⌈(1+ε)·m/n⌉ keys — the exact
 * bound the balance property checks. The walk always ends: n·⌈(1+ε)m/n⌉ ≥ (1+ε)m > m−1 keys
 * already placed.
 *
 * Assignment depends on the order keys arrive. On a join or leave this implementation replays the
 * keys in their original order on the new ring, which is the assignment a fresh cluster would
 * reach; the paper bounds the expected number of keys this moves by O(m/(ε²n)), which is more
 * than plain consistent hashing moves and not monotone (a key may move between two nodes that
 * stayed). The properties therefore hold this scheme to lookup correctness and its load cap, not
 * to monotonicity or minimal movement (claims in schemes.ts); the report measures its movement.
 */
import { position } from './hash.js';
import { assertNonEmpty, lowerBound, type Placement, type RingPoint } from './placement.js';
import { VnodeRing } from './vnodeRing.js';

export class BoundedLoadsRing implements Placement {
  protected readonly ring: VnodeRing;
  private readonly keys: string[] = [];
  private readonly owner = new Map<string, string>();
  protected readonly load = new Map<string, number>();

  constructor(vnodes: number, readonly epsilonPct: number) {
    this.ring = new VnodeRing(vnodes);
  }

  members(): readonly string[] {
    return this.ring.members();
  }

  join(node: string): void {
    this.ring.join(node);
    this.replay();
  }

  leave(node: string): void {
    this.ring.leave(node);
    this.replay();
  }

  place(key: string): string {
    const known = this.owner.get(key);
    if (known !== undefined) return known;
    this.keys.push(key);
    const node = this.walk(key, this.keys.length);
    this.owner.set(key, node);
    this.load.set(node, (this.load.get(node) ?? 0) + 1);
    return node;
  }

  lookup(key: string): string {
    return this.owner.get(key) ?? this.walk(key, this.keys.length + 1);
  }

  /** The owner first, then the ring's distinct successors of the key's position. */
  preferenceList(key: string, r: number): string[] {
    const first = this.lookup(key);
    const rest = this.ring.preferenceList(key, this.members().length).filter((n) => n !== first);
    return [first, ...rest].slice(0, Math.min(r, this.members().length));
  }

  ringPoints(): RingPoint[] {
    return this.ring.ringPoints();
  }

  keyPosition(key: string): number {
    return position(key);
  }

  placedKeys(): readonly string[] {
    return this.keys;
  }

  /** ⌈(1+ε)·m/n⌉ in integers: ε = epsilonPct/100. */
  capacity(m: number): number {
    const n = this.members().length;
    return Math.ceil(((100 + this.epsilonPct) * m) / (100 * n));
  }

  /** The first node at or after the key's position with fewer than capacity(m) keys. */
  protected walk(key: string, m: number): string {
    assertNonEmpty(this.members(), 'lookup');
    const points = this.ring.ringPoints();
    const cap = this.capacity(m);
    const start = lowerBound(points, position(key));
    for (let step = 0; step < points.length; step++) {
      const node = points[(start + step) % points.length].node;
      if ((this.load.get(node) ?? 0) < cap) return node;
    }
    throw new Error(`bounded loads: every node is full at capacity ${cap} (m=${m}); cannot happen when ε > 0`);
  }

  private replay(): void {
    const keys = this.keys.splice(0);
    this.owner.clear();
    this.load.clear();
    for (const k of keys) this.place(k);
  }
}
