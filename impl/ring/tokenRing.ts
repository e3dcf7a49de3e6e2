/**
 * A ring with explicit tokens: one point per node at a given position, keys at given positions.
 * Used by the membership model (models/ring), where a handful of hand-placed tokens make every
 * join and leave change some key's preference list, which random hashes of 3–4 nodes might not.
 */
import { assertNonEmpty, byPosition, lowerBound, type RingPoint } from './placement.js';

export class TokenRing {
  private readonly points: RingPoint[];

  constructor(
    tokens: Record<string, number>,
    members: readonly string[],
    private readonly keyPositions: Record<string, number>,
  ) {
    this.points = members.map((node) => ({ pos: tokens[node], node })).sort(byPosition);
    assertNonEmpty(members, 'TokenRing');
  }

  /** The first `r` distinct nodes at or clockwise after the key's position (Dynamo's preference list). */
  preferenceList(key: string, r: number): string[] {
    const start = lowerBound(this.points, this.keyPositions[key]);
    const out: string[] = [];
    for (let i = 0; i < this.points.length && out.length < r; i++) {
      out.push(this.points[(start + i) % this.points.length].node);
    }
    return out;
  }
}
