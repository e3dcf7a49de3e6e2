/**
 * The implementations of `paxos` under test: the model itself, the reference implementation, bug
 * variants (the reference with one thing broken) and faithful ports of the seed documents' Paxos
 * examples. Each bug and seed entry names the property the default campaigns catch it violating.
 */
import type { ClusterImplEntry } from '../../engine/clusterProtocol.js';
import { acceptsLowerBallot } from './bugs/acceptsLowerBallot.js';
import { forgetsPromise } from './bugs/forgetsPromise.js';
import { ignoresPromisedValues } from './bugs/ignoresPromisedValues.js';
import { sameBallot } from './bugs/sameBallot.js';
import { reference } from './reference.js';
import { seed000 } from './seed/seed000NoPrepare.js';
import { seed002 } from './seed/seed002PrepareOverwrites.js';
import { seed004 } from './seed/seed004EmptyMax.js';

export const paxosImpls: ClusterImplEntry[] = [
  { name: 'model', kind: 'model', summary: 'the role machines themselves', expect: 'ok' },
  { name: 'reference', kind: 'reference', summary: 'plain-TS proposer/acceptor/learner (impl/paxos/reference.ts)', expect: 'ok', roles: reference },
  {
    name: 'accepts-lower-ballot', kind: 'bug', expect: 'violated', violates: 'Agreement', roles: acceptsLowerBallot,
    summary: 'an acceptor accepts a ballot lower than it promised (checks the accepted ballot, not the promise)',
  },
  {
    name: 'ignores-promised-values', kind: 'bug', expect: 'violated', violates: 'Agreement', roles: ignoresPromisedValues,
    summary: 'a proposer ignores the values reported in promises and proposes its own',
  },
  {
    name: 'forgets-promise', kind: 'bug', expect: 'violated', violates: 'Agreement', roles: forgetsPromise,
    summary: 'an acceptor does not persist its promise: after a restart it accepts lower ballots',
  },
  {
    name: 'same-ballot', kind: 'bug', expect: 'violated', violates: 'Agreement', roles: sameBallot, params: { maxBallot: 0 },
    summary: 'proposers number ballots 0, 1, 2... independently, so two can run the same ballot (shown with both on ballot 0)',
  },
  {
    name: 'seed000-no-prepare', kind: 'seed', expect: 'violated', violates: 'Agreement', roles: seed000, params: { maxBallot: 2 },
    summary: 'seed 000: acceptors accept any higher-numbered proposal, no prepare phase',
  },
  {
    name: 'seed002-prepare-overwrites', kind: 'seed', expect: 'violated', violates: 'Agreement', roles: seed002, params: { maxBallot: 2 },
    summary: "seed 002: prepare overwrites the accepted ballot; the proposer takes the first max response's value or keeps its own",
  },
  {
    name: 'seed004-empty-max', kind: 'seed', expect: 'violated', violates: 'No Exception', roles: seed004,
    summary: 'seed 004: the acceptor takes max() over its empty vote dict and throws on its first proposal',
  },
];
