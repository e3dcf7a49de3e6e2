/**
 * Membership change on a consistent-hashing ring (registry entry `ring`).
 *
 * Consistent hashing (Karger et al., "Consistent Hashing and Random Trees", STOC 1997) places
 * nodes and keys on one circle; a key belongs to the first node clockwise. Its point is that a
 * join or leave moves only the keys of one arc. Dynamo (DeCandia et al., SOSP 2007) replicates
 * each key on the first R distinct nodes clockwise, the key's *preference list*, and moves data
 * when membership changes: a new node must receive the keys of the arc it takes over before it
 * serves them, and a departing node must hand its keys to the nodes that inherit its arcs.
 * Getting that handoff wrong loses acknowledged writes, which is what this model checks.
 *
 * The protocol here: a router holds the ring and admits one change at a time; a joiner pulls
 * its keys from their current primaries and only then reports Ready (router.ts, storage.ts);
 * a leaver pushes its keys to the nodes that gain them and then reports Left; writes are
 * acknowledged once all R replicas stored them; reads go to any replica; nodes may fail-stop.
 * Tokens are placed by hand (topology.ts). The invariants are in properties/ring/membership.ts;
 * docs/protocols/ring.md has the state counts and the bug variants.
 */
import { clusterProtocol } from '../../engine/clusterProtocol.js';
import { machineRole } from '../../engine/machineRole.js';
import type { Json } from '../../engine/canonical.js';
import type { ClusterView } from '../../engine/cluster.js';
import type { Property } from '../../engine/properties.js';
import type { Protocol } from '../../engine/protocol.js';
import { membershipImpls } from '../../impl/ring/membership/index.js';
import { membershipProperties } from '../../properties/ring/membership.js';
import type { RouterView, StorageView } from './messages.js';
import { routerMachine } from './router.js';
import { storageMachine } from './storage.js';
import { initialPrimaries, ROUTER, topology } from './topology.js';

const storageView = (value: Json, c: Record<string, Json>): StorageView =>
  ({ status: value as StorageView['status'], store: c.store as Record<string, number>, primary: c.primary as string[] });
const routerView = (_: Json, c: Record<string, Json>): RouterView =>
  ({ ring: c.ring as RouterView['ring'], acked: c.acked as Record<string, number>, lastRead: c.lastRead as RouterView['lastRead'] });

const storageEnv = () => [{ type: 'join' }, { type: 'leave' }, { type: 'fail' }];

/** The protocol judged by `properties` (tests build it with one invariant at a time). */
export function ringProtocol(properties: readonly Property<ClusterView>[] = membershipProperties): Protocol {
  return clusterProtocol({
  name: 'ring',
  summary: 'membership change on a consistent-hashing ring: join/leave with key handoff, R replicas on ring successors, writes, reads, failures',
  params: [
    { name: 'initial', description: 'storage nodes active at the start', default: 2, min: 1, max: 4 },
    { name: 'joiners', description: 'storage nodes that may join', default: 1, min: 0, max: 2 },
    { name: 'replicas', description: 'replication factor R', default: 2, min: 1, max: 3 },
    { name: 'keys', description: 'number of keys', default: 1, min: 1, max: 3 },
    { name: 'writes', description: 'writes per key', default: 1, min: 1, max: 2 },
    { name: 'reads', description: 'client reads in all', default: 1, min: 0, max: 3 },
  ],
  nodes: (params) => {
    const t = topology(params);
    return [
      { id: ROUTER, role: 'router' },
      ...t.initial.map((id) => ({ id, role: 'storage' })),
      ...t.joiners.map((id) => ({ id, role: 'joiner' })),
    ];
  },
  roles: (params) => {
    const t = topology(params);
    return {
      router: machineRole({
        name: 'router', machine: routerMachine(t), view: routerView,
        envEvents: () => t.keys.flatMap((key) => [
          { type: 'write', key },
          ...Array.from({ length: t.replicas }, (_, replica) => ({ type: 'read', key, replica })),
        ]),
      }),
      storage: machineRole({ name: 'storage', machine: storageMachine('active', (id) => initialPrimaries(t, id)), view: storageView, envEvents: storageEnv }),
      joiner: machineRole({ name: 'joiner', machine: storageMachine('out', () => []), view: storageView, envEvents: storageEnv }),
    };
  },
  impls: [
    { name: 'model', kind: 'model', summary: 'router and storage roles as XState machines', expect: 'ok' },
    ...membershipImpls,
  ],
  properties,
  exploreFaults: { network: 'multiset' },
  check: { faults: { network: 'multiset' }, runs: 300, maxSteps: 60 },
  });
}

export const ring = ringProtocol();
