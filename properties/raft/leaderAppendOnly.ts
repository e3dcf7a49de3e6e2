/**
 * Leader Append-Only (Figure 3): a leader never overwrites or deletes entries in its log; it
 * only appends new entries. A property of steps, so the ghost compares each leader's log with
 * its log one step earlier (properties/raft/ghost.ts) and keeps the first breach.
 */
import { always } from '../../engine/properties.js';
import type { RaftWorld } from './view.js';

export const leaderAppendOnly = always<RaftWorld>('Leader Append-Only', (w) => w.ghost.appendOnly ?? true);
