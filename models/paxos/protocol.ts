/**
 * Paxos, single-decree ("the Synod algorithm"), after Lamport, "Paxos Made Simple" (2001).
 *
 * Proposers, acceptors and learners agree on one value. A proposer picks a ballot (a proposal
 * number no other proposer uses) and runs two phases against a majority of acceptors. Phase 1:
 * Prepare(n) asks acceptors to promise to ignore every ballot below n and to report the highest
 * proposal they have accepted. Phase 2: with promises from a majority, the proposer asks them to
 * accept (n, v), where v is the reported proposal's value — or its own value if none was
 * reported. The value of the highest reported proposal is the crux: any value already chosen in a
 * lower ballot was accepted by a majority, which intersects this majority, so it is reported and
 * re-proposed (invariant P2c). A learner learns v when a majority accepted v in one ballot.
 * Acceptors' promises and acceptances are durable, so an acceptor that crashes and restarts
 * keeps its word.
 *
 * Under set semantics the network may lose, duplicate and reorder messages; proposers retry
 * with their next ballot on a timer, up to the bound `maxBallot`. The message-set specification
 * of the same algorithm is models/paxos-spec; the properties are in properties/paxos.
 */
import { clusterProtocol } from '../../engine/clusterProtocol.js';
import { machineRole } from '../../engine/machineRole.js';
import type { Json } from '../../engine/canonical.js';
import { paxosGhost } from '../../properties/paxos/ghost.js';
import { paxosProperties } from '../../properties/paxos/index.js';
import { paxosImpls } from '../../impl/paxos/index.js';
import { ACCEPTOR_DURABLE, acceptorMachine } from './acceptor.js';
import { learnerMachine } from './learner.js';
import { proposerMachine } from './proposer.js';
import { learnerIds, paxosNodes, paxosParams, quorumOf } from './topology.js';

const pick = (context: Record<string, Json>, fields: string[]) => Object.fromEntries(fields.map((f) => [f, context[f]]));

export const paxos = clusterProtocol({
  name: 'paxos',
  summary: 'single-decree Paxos ("Paxos Made Simple") as proposer/acceptor/learner machines; crashes, retries',
  params: [
    { name: 'proposers', description: 'number of proposers', default: 2, min: 1, max: 4 },
    { name: 'acceptors', description: 'number of acceptors (quorums are majorities)', default: 3, min: 1, max: 7 },
    { name: 'values', description: 'number of distinct values proposers are asked to propose', default: 2, min: 1, max: 4 },
    { name: 'maxBallot', description: 'ballots are 0..maxBallot, ballot b owned by proposer b mod proposers', default: 1, min: 0, max: 8 },
  ],
  nodes: (params) => paxosNodes(paxosParams(params)),
  roles: (params) => {
    const p = paxosParams(params);
    return {
      proposer: machineRole({
        name: 'proposer',
        machine: proposerMachine(p),
        durable: ['ballot'],
        envEvents: () => [{ type: 'propose' }],
        timers: () => ['retry'],
        view: (state, c) => ({ input: c.input, ballot: c.ballot, phase: state }),
      }),
      acceptor: machineRole({
        name: 'acceptor',
        machine: acceptorMachine(learnerIds()),
        durable: ACCEPTOR_DURABLE,
        view: (_state, c) => pick(c, ['promised', 'acceptedBallot', 'acceptedValue']),
      }),
      learner: machineRole({
        name: 'learner',
        machine: learnerMachine(quorumOf(p)),
        durable: ['learned', 'learnedBallot'],
        view: (_state, c) => pick(c, ['learned', 'learnedBallot']),
      }),
    };
  },
  impls: paxosImpls,
  properties: paxosProperties,
  ghost: paxosGhost,
  exploreFaults: { network: 'set', maxCrashes: 1, crashableRoles: ['acceptor'] },
  check: { faults: { network: 'multiset', maxDrops: 2, maxDuplicates: 2, maxCrashes: 2 }, runs: 5000, maxSteps: 60 },
});
