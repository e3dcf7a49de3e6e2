/**
 * Placement properties under fast-check, fixed seeds: every reference scheme keeps every property
 * it claims; the seed ports and every bug variant are caught, and fast-check shrinks the
 * counterexample to a small node and key set.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, type SchemeOptions } from '../../impl/ring/placement.js';
import { findScheme, SCHEMES, type Scheme } from '../../impl/ring/schemes.js';
import { PLACEMENT_PROPERTIES, propertiesFor, type PlacementPropertyName } from './placementRuns.js';

const SEED = 20240605;
const RUNS: Record<PlacementPropertyName, number> = { 'Lookup Correctness': 40, Balance: 25, Monotonicity: 60, 'Minimal Movement': 25 };

function run(scheme: Scheme, property: PlacementPropertyName, runs = RUNS[property], opts: Partial<SchemeOptions> = {}) {
  return fc.check(PLACEMENT_PROPERTIES[property](scheme, { ...DEFAULT_OPTIONS, ...opts }), { seed: SEED, numRuns: runs });
}

function message(r: fc.RunDetails<unknown>): string {
  return r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
}

describe('reference placement schemes keep what they claim', () => {
  for (const scheme of SCHEMES.filter((s) => s.kind === 'reference')) {
    for (const property of propertiesFor(scheme)) {
      it(`${scheme.name}: ${property}`, () => {
        const r = run(scheme, property);
        expect(r.failed, r.failed ? message(r) : '').toBe(false);
      });
    }
  }
});

/** Size of a shrunk counterexample: [initial nodes, keys or key spec, ops or pick]. */
function size(r: fc.RunDetails<unknown>): { nodes: number; keys: number; ops: number } {
  const [nodes, keys, ops] = r.counterexample as [string[], string[] | { count: number }, unknown[] | number];
  return { nodes: nodes.length, keys: Array.isArray(keys) ? keys.length : keys.count, ops: Array.isArray(ops) ? ops.length : 1 };
}

/**
 * What "small" means per property. A wrong lookup shows with two nodes and one key; a monotonicity
 * violation needs three nodes (a key moving between two that stay while a third joins or leaves);
 * the statistical properties need enough keys to be significant, so only the node set is small.
 */
const SMALL: Record<PlacementPropertyName, { nodes: number; keys: number; ops: number }> = {
  'Lookup Correctness': { nodes: 2, keys: 2, ops: 3 },
  Monotonicity: { nodes: 3, keys: 2, ops: 3 },
  Balance: { nodes: 4, keys: 3000, ops: 1 },
  'Minimal Movement': { nodes: 4, keys: 3000, ops: 1 },
};

/**
 * Every non-reference scheme with the property it is registered to violate, plus further
 * catches that show each property (and the exact bounded-loads cap) catching something.
 */
const CAUGHT: [scheme: string, property: PlacementPropertyName, opts?: Partial<SchemeOptions>][] = [
  ...SCHEMES.filter((s) => s.kind !== 'reference').map((s) => [s.name, s.violates as PlacementPropertyName] as [string, PlacementPropertyName]),
  ['seed-consistent-hash', 'Monotonicity'],
  ['seed-sharding', 'Monotonicity'],
  ['ring-wrap-off-by-one', 'Monotonicity'],
  ['ring-rehash-all-on-join', 'Minimal Movement'],
  ['rendezvous-xor', 'Minimal Movement'],
  ['bounded-loads-no-wrap', 'Balance', { vnodes: 4 }],
];

describe('seed ports and bug variants are caught and shrunk', () => {
  it.each(CAUGHT)('%s violates %s', (name, property, opts) => {
    const r = run(findScheme(name), property, 200, opts);
    expect(r.failed).toBe(true);
    expect(message(r)).toMatch(new RegExp(`^${property}:`));
    const s = size(r);
    const small = SMALL[property];
    const shown = JSON.stringify(r.counterexample);
    expect(s.nodes, shown).toBeLessThanOrEqual(small.nodes);
    expect(s.keys, shown).toBeLessThanOrEqual(small.keys);
    expect(s.ops, shown).toBeLessThanOrEqual(small.ops);
  });

  it('modulo-N moves about n/(n+1) of the keys on a join, not 1/(n+1), and says by how much', () => {
    const r = run(findScheme('seed-sharding'), 'Minimal Movement');
    expect(r.failed).toBe(true);
    expect(message(r)).toMatch(/joining n\d+ to 2 nodes moved \d+ of \d+ keys \(\d+\.\d%\), more than 1\/3 = 33\.3% plus tolerance \d+\.\d% — \d\.\d× the ideal/);
  });
});

describe('known limitations', () => {
  it('jump hash: a leave other than the last bucket breaks monotonicity (buckets are numbered)', () => {
    const jump = findScheme('jump');
    const r = run({ ...jump, claims: { ...jump.claims, leave: 'any' } }, 'Monotonicity');
    expect(r.failed).toBe(true);
    expect(message(r)).toMatch(/left, key .* though .* stayed/);
  });

  it('bounded loads is not monotone: keys move between nodes that stay (why it claims neither)', () => {
    const bounded = findScheme('bounded-loads');
    const r = run({ ...bounded, claims: { ...bounded.claims, monotone: true } }, 'Monotonicity', 200);
    expect(r.failed).toBe(true);
  });
});
