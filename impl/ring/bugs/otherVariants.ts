/** Named bug variants of bounded loads and rendezvous hashing. */
import { position } from '../hash.js';
import { BoundedLoadsRing } from '../boundedLoads.js';
import { lowerBound } from '../placement.js';
import { RendezvousPlacement } from '../rendezvous.js';

/**
 * Bounded loads whose overflow walk does not wrap: a key that finds every node full between its
 * position and the end of the ring is put on the last point's node, over capacity.
 */
export class BoundedNoWrap extends BoundedLoadsRing {
  protected override walk(key: string, m: number): string {
    const points = this.ring.ringPoints();
    const cap = this.capacity(m);
    for (let i = lowerBound(points, position(key)); i < points.length; i++) {
      if ((this.load.get(points[i].node) ?? 0) < cap) return points[i].node;
    }
    return points[points.length - 1].node;
  }
}

/**
 * Rendezvous hashing with the weight combined by XOR of a node hash and a key hash, a common
 * shortcut: the winner is decided by the highest bit where node hashes differ, so a few nodes win
 * most keys.
 */
export class RendezvousXor extends RendezvousPlacement {
  protected override weightOf(nodeHash: number, keyHi: number, _keyLo: number): number {
    return (nodeHash ^ keyHi) >>> 0;
  }
}
