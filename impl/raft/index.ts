/**
 * Implementations of Raft checked by distcheck: the model itself, the reference server, the
 * named bug variants and the port of seed document 002. `params` overrides are the bounds at
 * which a variant's bug shows (the smallest, except figure8's maxTerm: see its entry).
 */
import type { ClusterImplEntry } from '../../engine/clusterProtocol.js';
import { reference } from './reference.js';
import { figure8 } from './bugs/figure8.js';
import { noPrevCheck } from './bugs/noPrevCheck.js';
import { noUpToDateCheck } from './bugs/noUpToDateCheck.js';
import { volatileVotedFor } from './bugs/volatileVotedFor.js';
import { staleTermAppend } from './bugs/staleTermAppend.js';
import { truncateOnStale } from './bugs/truncateOnStale.js';
import { seedNode } from './seed/seedNode.js';

export const raftImpls: ClusterImplEntry[] = [
  { name: 'model', kind: 'model', summary: 'Figure 2 as an XState machine per server', expect: 'ok' },
  { name: 'reference', kind: 'reference', summary: 'Figure 2 in plain TypeScript through the implementation contract', expect: 'ok', roles: { server: reference } },
  {
    name: 'figure8', kind: 'bug', expect: 'violated', violates: 'Leader Completeness', roles: { server: figure8 },
    summary: 'a leader commits an entry of an earlier term by counting replicas (Figure 8)',
    // Figure 8 needs four terms with three servers; a random campaign finds it far more often
    // with terms to spare. An exhaustive search of those bounds would not finish (4.4 million
    // states in 15 s, still at depth 11): `explore` finds it at nodes=3 maxTerm=4 passive=1
    // without crashes, in 20 steps (docs/protocols/raft.md).
    params: { nodes: 3, maxTerm: 12 },
    explore: { params: { maxTerm: 4, passive: 1 }, faults: { maxCrashes: 0 } },
  },
  {
    name: 'no-prev-check', kind: 'bug', expect: 'violated', violates: 'Log Matching', roles: { server: noPrevCheck },
    summary: 'a follower appends without the prevLogIndex/prevLogTerm check',
    params: { nodes: 3, maxLogLength: 2 },
  },
  {
    name: 'no-uptodate-check', kind: 'bug', expect: 'violated', violates: 'Leader Completeness', roles: { server: noUpToDateCheck },
    summary: "a vote is granted without checking that the candidate's log is up to date",
    params: { nodes: 3 },
  },
  {
    name: 'volatile-votedfor', kind: 'bug', expect: 'violated', violates: 'Election Safety', roles: { server: volatileVotedFor },
    summary: 'votedFor is not persisted across a restart',
    params: { nodes: 3, maxTerm: 1 },
  },
  {
    name: 'stale-term-append', kind: 'bug', expect: 'violated', violates: 'State Machine Safety', roles: { server: staleTermAppend },
    summary: 'an AppendEntries from a stale term is accepted',
    params: { nodes: 3 },
  },
  {
    name: 'truncate-on-stale', kind: 'bug', expect: 'violated', violates: 'Leader Completeness', roles: { server: truncateOnStale },
    summary: 'a follower truncates its log on an outdated AppendEntries',
    params: { nodes: 3 },
  },
  {
    name: 'seed', kind: 'seed', expect: 'violated', violates: 'Election Safety', roles: { server: seedNode },
    summary: 'port of seed 002 Node: request_vote grants any higher term, append_entries extends without checks',
    params: { nodes: 3 },
  },
];
