/**
 * Consistent hashing with virtual nodes (Karger et al., STOC 1997; the virtual-node refinement as
 * in Dynamo, SOSP 2007). Each node is hashed to `vnodes` points on a ring of 2^53 positions; a
 * key belongs to the first point at or after its own position, wrapping past the end of the ring
 * to the first point. With V points per node, a node's share of the ring concentrates around 1/n
 * with relative spread about 1/√V (properties/ring/bounds.ts derives the bound the tests use).
 *
 * The lookup is a binary search over the sorted points, O(log nV). The protected hooks
 * (`vnodePoints`, `ownerIndex`) are where the bug variants in bugs/ differ.
 */
import { position, vnodeName } from './hash.js';
import {
  assertMember, assertNonEmpty, assertNotMember, byPosition, lowerBound, type Placement, type RingPoint,
} from './placement.js';

export class VnodeRing implements Placement {
  protected nodes: string[] = [];
  protected points: RingPoint[] = [];
  private readonly cache = new Map<string, RingPoint[]>();

  constructor(readonly vnodes: number) {
    if (!Number.isInteger(vnodes) || vnodes < 1) throw new Error(`vnodes must be a positive integer, got ${vnodes}`);
  }

  members(): readonly string[] {
    return this.nodes;
  }

  join(node: string): void {
    assertNotMember(this.nodes, node);
    this.nodes.push(node);
    this.rebuild(node);
  }

  leave(node: string): void {
    assertMember(this.nodes, node, 'leave');
    this.nodes = this.nodes.filter((n) => n !== node);
    this.rebuild();
  }

  place(key: string): string {
    return this.lookup(key);
  }

  lookup(key: string): string {
    assertNonEmpty(this.nodes, 'lookup');
    return this.points[this.ownerIndex(position(key))].node;
  }

  /** Dynamo's preference list: the first `r` distinct nodes met walking clockwise from the key. */
  preferenceList(key: string, r: number): string[] {
    assertNonEmpty(this.nodes, 'preferenceList');
    const want = Math.min(r, this.nodes.length);
    const out: string[] = [];
    const start = this.ownerIndex(position(key));
    for (let step = 0; out.length < want && step < this.points.length; step++) {
      const node = this.points[(start + step) % this.points.length].node;
      if (!out.includes(node)) out.push(node);
    }
    return out;
  }

  ringPoints(): RingPoint[] {
    return this.points;
  }

  keyPosition(key: string): number {
    return position(key);
  }

  /** The points of one node. Cached: a node's points do not depend on the other members. */
  protected vnodePoints(node: string): RingPoint[] {
    let pts = this.cache.get(node);
    if (!pts) {
      pts = Array.from({ length: this.vnodes }, (_, i) => ({ pos: position(vnodeName(node, i)), node }));
      this.cache.set(node, pts);
    }
    return pts;
  }

  /**
   * Recompute the sorted points after a membership change. A join of `joined` merges that node's
   * points into the sorted array (linear, so building a ring of 100 × 1,000 points stays fast);
   * otherwise every member's points are collected and sorted.
   */
  protected rebuild(joined?: string): void {
    if (joined === undefined || this.points.length === 0) {
      this.points = this.nodes.flatMap((n) => this.vnodePoints(n)).sort(byPosition);
      return;
    }
    const add = [...this.vnodePoints(joined)].sort(byPosition);
    const out: RingPoint[] = new Array(this.points.length + add.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < out.length; k++) {
      out[k] = j >= add.length || (i < this.points.length && byPosition(this.points[i], add[j]) <= 0) ? this.points[i++] : add[j++];
    }
    this.points = out;
  }

  /** Index of the point owning position x: the first at or after x, wrapping to 0 past the end. */
  protected ownerIndex(x: number | string): number {
    const i = lowerBound(this.points, x);
    return i === this.points.length ? 0 : i;
  }
}
