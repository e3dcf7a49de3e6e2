/** Implementations of the ring membership protocol: the reference and its named bug variants. */
import type { ClusterImplEntry } from '../../../engine/clusterProtocol.js';
import { acksBeforeReplicasHandlers } from './bugs/acksBeforeReplicas.js';
import { leavesWithoutHandoffHandlers } from './bugs/leavesWithoutHandoff.js';
import { servesBeforeHandoffHandlers } from './bugs/servesBeforeHandoff.js';
import { routerNode } from './routerNode.js';
import { storageNode, type StorageHandlers } from './storageNode.js';
import type { RouterHandlers } from './routerNode.js';

function roles(router?: RouterHandlers, storage?: StorageHandlers) {
  return { router: routerNode(router), storage: storageNode('active', storage), joiner: storageNode('out', storage) };
}

export const membershipImpls: ClusterImplEntry[] = [
  { name: 'reference', kind: 'reference', expect: 'ok', summary: 'router and storage nodes in plain TypeScript', roles: roles() },
  {
    name: 'serves-before-handoff', kind: 'bug', expect: 'violated', violates: 'No Two Primaries',
    summary: 'the new node reports Ready and serves before its handoff completes', roles: roles(undefined, servesBeforeHandoffHandlers),
  },
  {
    name: 'leaves-without-handoff', kind: 'bug', expect: 'violated', violates: 'Acknowledged Writes Readable',
    summary: 'a leaving node departs without pushing its keys to their new replicas', roles: roles(undefined, leavesWithoutHandoffHandlers),
    // With three initial nodes a leave needs no join first, so random campaigns reach it often.
    params: { initial: 3 },
  },
  {
    name: 'acks-before-replicas', kind: 'bug', expect: 'violated', violates: 'Acknowledged Writes Readable',
    summary: 'the router acknowledges a write on the first replica ack, before R replicas stored it', roles: roles(acksBeforeReplicasHandlers),
  },
];
