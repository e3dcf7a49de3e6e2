/** Registry entry of `raft`: Figure 2 as one XState machine per server, with its implementations. */
import { clusterProtocol } from '../../engine/clusterProtocol.js';
import { machineRole } from '../../engine/machineRole.js';
import { raftGhost, raftProperties } from '../../properties/raft/index.js';
import { raftImpls } from '../../impl/raft/index.js';
import type { Json } from '../../engine/canonical.js';
import { CLIENT_REQUEST, TIMERS, type Delivered, type RaftMessage } from './messages.js';
import { obsoleteReply } from './obsolete.js';
import { nodeIds, raftBounds, raftParams } from './params.js';
import { DURABLE, raftMachine } from './raftMachine.js';

export const raft = clusterProtocol({
  name: 'raft',
  summary: 'Raft (Ongaro & Ousterhout 2014), Figure 2 as XState servers; Figure 3 safety properties under crashes and partitions',
  params: raftParams,
  nodes: ({ nodes }) => nodeIds(nodes).map((id) => ({ id, role: 'server' })),
  roles: (params) => ({
    server: machineRole({
      name: 'server',
      machine: raftMachine(nodeIds(params.nodes), raftBounds(params)),
      durable: DURABLE,
      envEvents: () => [CLIENT_REQUEST],
      timers: () => [...TIMERS],
      view: (value, c) => ({ role: value, term: c.term, votedFor: c.votedFor, log: c.log, commitIndex: c.commitIndex } as Json),
      obsolete: (value, c, event) => obsoleteReply({ ...c, role: value }, event as Delivered<RaftMessage>),
    }),
  }),
  // Servers are interchangeable: every server runs the same code, and no property names one;
  // with `passive` servers, those that may stand for election and those that may not.
  symmetry: ({ nodes, passive = 0 }) => [nodeIds(nodes).slice(0, nodes - passive), nodeIds(nodes).slice(nodes - passive)],
  impls: raftImpls,
  properties: raftProperties,
  ghost: raftGhost,
  // Set semantics subsume loss, duplication and reordering; one crash/restart exercises the
  // persistent state (volatile-votedfor needs it).
  exploreFaults: { network: 'set', maxCrashes: 1 },
  // Like MIT 6.824's unreliable and Figure 8 tests, but seeded and replayable: lost,
  // duplicated and reordered messages, crash/restart, majority/minority partitions.
  check: {
    faults: { network: 'multiset', maxDrops: 3, maxDuplicates: 2, maxCrashes: 2, maxPartitions: 2 },
    runs: 10_000,
    maxSteps: 150,
  },
});
