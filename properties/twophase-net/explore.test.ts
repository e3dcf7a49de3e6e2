/**
 * Exhaustive exploration of `twophase-net` at its default parameters (2 RMs) and default explore
 * faults (multiset network, 1 drop, 1 duplicate, 1 crash of any node): the XState model and the
 * plain-TypeScript reference pass, witness every `sometimes`, and reach the same number of
 * distinct states — the two are written independently, so equal counts are evidence that they
 * implement the same transition system.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { twophaseNet } from '../../models/twophase-net/protocol.js';

// Pinned: a change here means the model, the reference or the engine's semantics changed.
const DISTINCT_AT_DEFAULTS = 123_866;

describe('twophase-net explore at defaults', () => {
  for (const impl of ['model', 'reference']) {
    it(`${impl} satisfies atomic commitment and witnesses every sometimes`, () => {
      const r = explore(buildModel(twophaseNet, { impl, mode: 'explore' }));
      expect(r.verdict === 'unknown' ? r.reason : r.verdict === 'violated' ? r.violation.message : 'ok').toBe('ok');
      expect(Object.values(r.witnessed).every(Boolean)).toBe(true);
      expect(r.distinctStates).toBe(DISTINCT_AT_DEFAULTS);
    });
  }
});
