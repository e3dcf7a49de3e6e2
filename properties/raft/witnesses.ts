/**
 * `sometimes` witnesses: the interesting states the `always` properties judge are reachable,
 * so a run that never elects a leader or never commits is reported as vacuous, not as a pass.
 */
import { sometimes } from '../../engine/properties.js';
import type { RaftWorld } from './view.js';

/** Sibling of Election Safety and Leader Append-Only. */
export const leaderElected = sometimes<RaftWorld>('A leader is elected', (w) => w.nodes.some((n) => n.view.role === 'leader'));

/** Sibling of Log Matching and State Machine Safety. */
export const committedEverywhere = sometimes<RaftWorld>('An entry is committed on every node', (w) =>
  w.nodes.every((n) => n.view.commitIndex >= 1 && n.view.log.length >= 1));

/** Sibling of Leader Completeness: a leader of a later term exists after some entry was committed. */
export const laterLeader = sometimes<RaftWorld>('A leader is elected after an entry is committed', (w) =>
  w.nodes.some((n) => n.view.role === 'leader' && w.ghost.committed.some((c) => c.in < n.view.term)));
