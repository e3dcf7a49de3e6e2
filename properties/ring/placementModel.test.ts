/**
 * The ring-placement registry entry: explore and check judge every placement scheme; references
 * (and the specification itself) pass, the seed ports and bug variants are caught by the property
 * they are registered to violate.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../engine/check.js';
import { buildModel } from '../../engine/configure.js';
import { explore } from '../../engine/explore.js';
import { ringPlacement } from '../../models/ring/placementProtocol.js';

describe('ring-placement', () => {
  it.each(ringPlacement.impls.map((i) => [i.name, i.kind, i.expect, i.violates ?? '']))('explore %s (%s): %s %s', (impl, _kind, expected, property) => {
    const r = explore(buildModel(ringPlacement, { impl }), { maxSeconds: 60 });
    expect(r.verdict, r.verdict === 'unknown' ? r.reason : '').toBe(expected);
    if (r.verdict === 'violated') expect(r.violation.property).toBe(property);
  });

  it.each(ringPlacement.impls.filter((i) => i.expect === 'violated').map((i) => i.name))('a check campaign catches %s', (impl) => {
    const r = check(buildModel(ringPlacement, { impl, mode: 'check' }), { runs: 20, maxSteps: ringPlacement.check.maxSteps, seed: 7 });
    expect(r.verdict).toBe('violated');
  });
});
