/**
 * Registry entry `ring-placement`: every placement scheme of impl/ring (references, the seed's
 * two ports, bug variants) behind one Model, so `distcheck list/explore/check` cover them.
 */
import { UsageError } from '../../engine/errors.js';
import type { ImplEntry, Protocol } from '../../engine/protocol.js';
import { SCHEMES, type Scheme } from '../../impl/ring/schemes.js';
import { placementProperties } from '../../properties/ring/placementProperties.js';
import { PlacementModel } from './placementModel.js';
import { SpecRing } from './specRing.js';

/** The specification itself, as a scheme: lookups by linear scan for the first point clockwise. */
export const SPEC_SCHEME: Scheme = {
  name: 'model', kind: 'reference', membership: 'set', vnodes: (o) => o.vnodes,
  claims: { family: 'ring', leave: 'any', monotone: true, minimalMovement: true },
  summary: 'consistent hashing by definition: the first virtual node clockwise, by linear scan',
  create: (o) => new SpecRing(o.vnodes),
};

/** Parameters under which each non-reference entry shows its defect in the model. */
const SHOWS_WITH: Record<string, Record<string, number>> = {
  'ring-ignores-vnodes': { nodes: 6, keys: 2000 },
  'rendezvous-xor': { keys: 2000 },
  'seed-sharding': { keys: 1000 },
};

function implEntry(s: Scheme): ImplEntry {
  return {
    name: s.name, kind: s.kind, summary: s.summary,
    expect: s.kind === 'reference' ? 'ok' : 'violated',
    ...(s.violates ? { violates: s.violates } : {}),
    ...(SHOWS_WITH[s.name] ? { params: SHOWS_WITH[s.name] } : {}),
  };
}

export const ringPlacement: Protocol = {
  name: 'ring-placement',
  summary: 'placement schemes (consistent hashing, bounded loads, jump, rendezvous, the seed\'s ConsistentHash and Sharding) under join/leave',
  params: [
    { name: 'nodes', description: 'size of the node pool joins draw from', default: 4, min: 2, max: 8 },
    { name: 'initial', description: 'members at the start', default: 1, min: 1, max: 8 },
    { name: 'keys', description: 'number of keys placed', default: 200, min: 1, max: 5000 },
    { name: 'vnodes', description: 'virtual nodes per node (ring schemes)', default: 100, min: 1, max: 1000 },
    { name: 'epsilonPct', description: 'bounded loads: ε in percent', default: 25, min: 0, max: 400 },
  ],
  impls: [{ name: 'model', kind: 'model', summary: SPEC_SCHEME.summary, expect: 'ok' }, ...SCHEMES.map(implEntry)],
  properties: placementProperties.map((p) => p.name),
  exploreFaults: {},
  check: { faults: {}, runs: 200, maxSteps: 8 },
  build({ impl, external, params }) {
    if (external) throw new UsageError('ring-placement takes named schemes only; see `distcheck list`');
    const scheme = impl === 'model' ? SPEC_SCHEME : SCHEMES.find((s) => s.name === impl);
    if (!scheme) throw new UsageError(`unknown implementation '${impl}' of ring-placement; valid: model, ${SCHEMES.map((s) => s.name).join(', ')}`);
    if (params.initial > params.nodes) throw new UsageError(`initial=${params.initial} exceeds the pool nodes=${params.nodes}`);
    const pool = Array.from({ length: params.nodes }, (_, i) => `p${i + 1}`);
    return new PlacementModel({
      protocol: 'ring-placement', impl, params, scheme,
      opts: { vnodes: params.vnodes, epsilonPct: params.epsilonPct },
      pool, initial: pool.slice(0, params.initial),
      keys: Array.from({ length: params.keys }, (_, i) => `key-${i}`),
      properties: placementProperties,
    });
  },
};
