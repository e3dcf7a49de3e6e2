/**
 * Rendezvous, or highest-random-weight, hashing (Thaler & Ravishankar, "Using Name-Based Mappings
 * to Increase Hit Rates", IEEE/ACM ToN 1998). Every (node, key) pair gets a pseudo-random weight;
 * the key belongs to the node of highest weight, and its preference list is the nodes in order of
 * decreasing weight. A join takes exactly the keys the new node now wins; a leave hands each of
 * the leaver's keys to its runner-up. Lookup costs O(n).
 */
import { hash64, murmur3, pairWeight } from './hash.js';
import { assertMember, assertNonEmpty, assertNotMember, type Placement } from './placement.js';

export class RendezvousPlacement implements Placement {
  protected nodes: string[] = [];
  private nodeHash: number[] = [];

  members(): readonly string[] {
    return this.nodes;
  }

  join(node: string): void {
    assertNotMember(this.nodes, node);
    this.nodes.push(node);
    this.nodeHash.push(murmur3(node, 0x2545f491));
  }

  leave(node: string): void {
    assertMember(this.nodes, node, 'leave');
    const i = this.nodes.indexOf(node);
    this.nodes.splice(i, 1);
    this.nodeHash.splice(i, 1);
  }

  place(key: string): string {
    return this.lookup(key);
  }

  lookup(key: string): string {
    assertNonEmpty(this.nodes, 'lookup');
    const [hi, lo] = hash64(key);
    let best = -1;
    let bestNode = '';
    for (let i = 0; i < this.nodes.length; i++) {
      const w = this.weightOf(this.nodeHash[i], hi, lo);
      if (w > best || (w === best && this.nodes[i] < bestNode)) [best, bestNode] = [w, this.nodes[i]];
    }
    return bestNode;
  }

  preferenceList(key: string, r: number): string[] {
    assertNonEmpty(this.nodes, 'preferenceList');
    const [hi, lo] = hash64(key);
    return this.nodes
      .map((node, i) => ({ node, w: this.weightOf(this.nodeHash[i], hi, lo) }))
      .sort((a, b) => b.w - a.w || (a.node < b.node ? -1 : 1))
      .slice(0, Math.min(r, this.nodes.length))
      .map((x) => x.node);
  }

  /** The weight this placement gives `node` for `key` (what the lookup oracle maximises). */
  weight(node: string, key: string): number {
    const [hi, lo] = hash64(key);
    return this.weightOf(murmur3(node, 0x2545f491), hi, lo);
  }

  protected weightOf(nodeHash: number, keyHi: number, keyLo: number): number {
    return pairWeight(nodeHash, keyHi, keyLo);
  }
}
