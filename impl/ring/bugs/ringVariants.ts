/**
 * Named bug variants of consistent hashing with virtual nodes. Each differs from VnodeRing in one
 * hook, the way such bugs appear in real code; the properties must catch every one.
 */
import { position, vnodeName } from '../hash.js';
import { lowerBound, type RingPoint } from '../placement.js';
import { VnodeRing } from '../vnodeRing.js';

/**
 * Off-by-one wraparound: the successor index is reduced modulo `points.length - 1` instead of
 * `points.length`, so a key past the last point goes to the second point, and a key whose
 * successor is the last point wraps to the first.
 */
export class WrapOffByOneRing extends VnodeRing {
  protected override ownerIndex(x: number | string): number {
    return lowerBound(this.points, x) % (this.points.length - 1 || 1);
  }
}

/**
 * Lookup not wrapping at the end of the ring: a key past the last point is clamped to the last
 * point instead of wrapping to the first.
 */
export class NoWrapRing extends VnodeRing {
  protected override ownerIndex(x: number | string): number {
    return Math.min(lowerBound(this.points, x), this.points.length - 1);
  }
}

/**
 * Rehash-all on join: virtual nodes are named after their node's slot in the membership
 * (`slot#i`), like a ring rebuilt from an array of servers. Lookups are correct for the points,
 * but a join or leave renumbers slots and moves points of nodes that stayed, so keys move between
 * old nodes.
 */
export class RehashAllRing extends VnodeRing {
  /** Every point depends on the membership: always rebuild from scratch. */
  protected override rebuild(): void {
    super.rebuild();
  }

  protected override vnodePoints(node: string): RingPoint[] {
    const slot = [...this.nodes].sort().indexOf(node);
    return Array.from({ length: this.vnodes }, (_, i) => ({ pos: position(vnodeName(`slot${slot}`, i)), node }));
  }
}

/**
 * Virtual nodes ignored: the ring is configured with V virtual nodes per node but places one
 * point per node (a loop bound typo). Lookups are correct for its points; balance is that of
 * V = 1, far outside the bound derived for V.
 */
export class IgnoresVnodesRing extends VnodeRing {
  protected override vnodePoints(node: string): RingPoint[] {
    return [{ pos: position(vnodeName(node, 0)), node }];
  }
}
