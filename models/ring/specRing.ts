/**
 * The abstract specification of consistent hashing, as a Placement: a key's owner is, by
 * definition, the first virtual node clockwise from the key's position. Lookups scan every point
 * (the oracle's clockwise order), so this is slow and obviously right; it is the `model` entry of
 * the ring-placement protocol, against which the implementations are compared.
 */
import { position, vnodeName } from '../../impl/ring/hash.js';
import type { Placement, RingPoint } from '../../impl/ring/placement.js';
import { clockwiseOrder, firstClockwise } from '../../properties/ring/oracle.js';

export class SpecRing implements Placement {
  private nodes: string[] = [];

  constructor(readonly vnodes: number) {}

  members(): readonly string[] {
    return this.nodes;
  }

  join(node: string): void {
    this.nodes = [...this.nodes, node];
  }

  leave(node: string): void {
    this.nodes = this.nodes.filter((n) => n !== node);
  }

  place(key: string): string {
    return this.lookup(key);
  }

  lookup(key: string): string {
    return firstClockwise(this.points(), position(key)).node;
  }

  preferenceList(key: string, r: number): string[] {
    const out: string[] = [];
    for (const p of clockwiseOrder(this.ringPoints(), position(key))) if (!out.includes(p.node) && out.length < r) out.push(p.node);
    return out;
  }

  ringPoints(): RingPoint[] {
    return this.points();
  }

  private cached: { nodes: string[]; points: RingPoint[] } | null = null;

  private points(): RingPoint[] {
    if (this.cached?.nodes !== this.nodes) this.cached = { nodes: this.nodes, points: this.allPoints() };
    return this.cached.points;
  }

  private allPoints(): RingPoint[] {
    return this.nodes.flatMap((node) => Array.from({ length: this.vnodes }, (_, i) => ({ pos: position(vnodeName(node, i)), node })));
  }

  keyPosition(key: string): number {
    return position(key);
  }
}
