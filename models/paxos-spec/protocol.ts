/**
 * Registry entry of `paxos-spec`: Lamport's message-set Paxos as a hand-written spec model
 * (models/paxos-spec/spec.ts), used to cross-check the explorer against TLC's count (3,921
 * distinct states for 3 acceptors, 2 values, ballots 0..1) and as the abstract specification the
 * `paxos` role machines implement. Spec models are built by hand: the engine's cluster helper
 * does not apply (no nodes, no network of addressed messages).
 */
import { UsageError } from '../../engine/errors.js';
import type { Protocol } from '../../engine/protocol.js';
import { specProperties } from '../../properties/paxos/specProperties.js';
import { PaxosSpecModel } from './spec.js';

export const paxosSpec: Protocol = {
  name: 'paxos-spec',
  summary: "Lamport's message-set Paxos (\"How to Win a Turing Award\") as a spec model; TLC count 3,921 (3 acceptors, 2 values, maxBallot 1)",
  params: [
    { name: 'acceptors', description: 'number of acceptors (quorums are majorities)', default: 3, min: 1, max: 7 },
    { name: 'values', description: 'number of values that may be proposed', default: 2, min: 1, max: 5 },
    { name: 'maxBallot', description: 'ballots are 0..maxBallot', default: 1, min: 0, max: 6 },
  ],
  impls: [{ name: 'model', kind: 'model', summary: 'the TLA+ spec transcribed', expect: 'ok' }],
  properties: specProperties.map((p) => p.name),
  exploreFaults: { network: 'set' },
  check: { faults: { network: 'set' }, runs: 300, maxSteps: 40 },
  build({ impl, params, faults }) {
    if (impl !== 'model') throw new UsageError(`paxos-spec has only the implementation 'model', not '${impl}'`);
    if (faults.network !== 'set' || faults.maxCrashes || faults.maxPartitions) {
      throw new UsageError('paxos-spec is a message-set spec: only --network set applies, and it has no crash or partition faults');
    }
    const { acceptors, values, maxBallot } = params;
    return new PaxosSpecModel({ acceptors, values, maxBallot }, specProperties);
  },
};
