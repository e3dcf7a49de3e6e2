/**
 * The membership protocol: the model's machines and the reference implementation explore the
 * same state space with every invariant holding and every witness reached; each bug variant is
 * caught by explore (shortest counterexample) and by a check campaign; and each invariant alone
 * catches a known-bad implementation.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import type { Protocol } from '../../engine/protocol.js';
import { ring, ringProtocol } from '../../models/ring/protocol.js';
import { durability, noTwoPrimaries, readable, readsSeeWrites } from './membership.js';

/** Distinct states of the default configuration (2 initial nodes, 1 joiner, R = 2, 1 key, 1 write, 1 read). */
const DEFAULT_STATES = 34_655;

function explored(protocol: Protocol, impl: string, params?: Record<string, number>) {
  return explore(buildModel(protocol, { impl, params }), { maxSeconds: 120 });
}

describe('ring membership: model and reference', () => {
  it.each(['model', 'reference'])('%s: every invariant holds in every reachable state', (impl) => {
    const r = explored(ring, impl);
    expect(r.verdict, JSON.stringify(r)).toBe('ok');
    expect(r.distinctStates).toBe(DEFAULT_STATES);
    expect(Object.values(r.witnessed).every(Boolean)).toBe(true);
  });
});

describe('ring membership: bug variants', () => {
  const bugs = ring.impls.filter((i) => i.expect === 'violated');

  it.each(bugs.map((b) => [b.name, b.violates]))('explore catches %s (%s)', (impl, property) => {
    const r = explored(ring, impl!);
    expect(r.verdict).toBe('violated');
    if (r.verdict === 'violated') expect(r.violation.property).toBe(property);
  });

  it.each(bugs.map((b) => b.name))('a check campaign catches %s', (impl) => {
    const model = buildModel(ring, { impl, mode: 'check' });
    const r = check(model, { runs: ring.check.runs, maxSteps: ring.check.maxSteps, seed: 7 });
    expect(r.verdict).toBe('violated');
  });
});

describe('ring membership: each invariant catches a known-bad implementation', () => {
  const cases = [
    [readable, 'leaves-without-handoff', /k1 v1 was acknowledged, but n\d \(active, replica of k1 in \[.*\]\) holds v0/],
    [readable, 'acks-before-replicas', /holds v0/],
    [readable, 'serves-before-handoff', /holds v0/],
    [durability, 'acks-before-replicas', /only 1 of its 2 replicas .* failed .* but no live node holds it/],
    [noTwoPrimaries, 'serves-before-handoff', /at rest, n\d and n\d both act as primary of k1/],
    [readsSeeWrites, 'acks-before-replicas', /a read of k1 returned v0 after v1 was acknowledged/],
  ] as const;

  it.each(cases.map(([p, impl, msg]) => [p.name, impl, msg] as const))('%s catches %s', (name, impl, msg) => {
    const property = cases.find(([p]) => p.name === name)![0];
    const r = explored(ringProtocol([property]), impl);
    expect(r.verdict).toBe('violated');
    if (r.verdict === 'violated') {
      expect(r.violation.property).toBe(name);
      expect(r.violation.message).toMatch(msg);
    }
  });
});
