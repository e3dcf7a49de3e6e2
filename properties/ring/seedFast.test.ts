/** The report's fast simulation of the seed's ConsistentHash agrees with the faithful port. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeedConsistentHash } from '../../impl/ring/seed/consistentHash.js';
import { SeedConsistentHashFast } from '../../viewer/ring/seedFast.js';

describe('SeedConsistentHashFast', () => {
  it('stores every key where the port stores it and looks keys up where the port does', () => {
    const ids = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: max });
    fc.assert(
      fc.property(ids(8), ids(40), ids(3), (nodes, keys, later) => {
        const port = new SeedConsistentHash();
        const fast = new SeedConsistentHashFast();
        for (const n of nodes) [port, fast].forEach((p) => p.join(`n${n}`));
        for (const k of keys) expect(fast.place(`k${k}`)).toBe(port.place(`k${k}`));
        for (const n of later.filter((x) => !nodes.includes(x))) [port, fast].forEach((p) => p.join(`n${n}`));
        for (const k of keys) expect(fast.lookup(`k${k}`)).toBe(port.lookup(`k${k}`));
        const leaver = `n${nodes[0]}`;
        if (port.members().length > 1) [port, fast].forEach((p) => p.leave(leaver));
        for (const k of keys) expect(fast.lookup(`k${k}`)).toBe(port.lookup(`k${k}`));
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});
