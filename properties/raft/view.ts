/**
 * The view every Raft node exposes (model and implementations alike), which is all that the
 * Figure 3 properties read: Figure 2's persistent state (currentTerm as `term`, votedFor, log),
 * the volatile commitIndex, and the node's role.
 */
import type { ClusterView } from '../../engine/cluster.js';
import type { Entry } from '../../models/raft/messages.js';
import type { RaftGhost } from './ghost.js';

export type Role = 'follower' | 'candidate' | 'leader';

export interface RaftView {
  role: Role | string;
  term: number;
  votedFor: string | null;
  log: Entry[];
  commitIndex: number;
}

export type RaftWorld = ClusterView<RaftView, RaftGhost>;

/** An entry as violation messages show it: `t2 'n2.1'`. */
export function showEntry(e: Entry | undefined): string {
  return e ? `t${e.term} '${e.value}'` : 'nothing';
}

export function sameEntry(a: Entry | undefined, b: Entry | undefined): boolean {
  return !!a && !!b && a.term === b.term && a.value === b.value;
}

/** Indexes are 1-based as in the paper. */
export function entryAt(log: Entry[], index: number): Entry | undefined {
  return index >= 1 ? log[index - 1] : undefined;
}
