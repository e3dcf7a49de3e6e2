/**
 * Ghost state: the history the temporal properties of Figure 3 need and no node holds. The
 * engine updates it after every step from the previous ghost and the new views
 * (engine/cluster.ts GhostSpec), and it is part of the world's fingerprint, so it records only
 * what a property reads:
 *
 * - `leaders`: per term, every node ever seen as its leader, for Election Safety ("at most one
 *   leader can be elected in a given term" is about history, not one instant);
 * - `leaderLogs`: each current leader's term and log in this state, so that the next step can tell
 *   whether the leader only appended (Leader Append-Only); it is a function of the current
 *   views, so it adds no states;
 * - `appendOnly`: the first Leader Append-Only breach seen, explained;
 * - `committed`: the first entry ever seen committed at each index, and the lowest term in which
 *   a node held it committed (Leader Completeness, State Machine Safety). A node counts the
 *   entries it holds up to its commitIndex as committed (applied, in the paper's words).
 *
 * Sets of nodes are objects keyed by node id, so that renaming nodes (symmetry reduction,
 * engine/rename.ts) yields the canonical encoding of the same ghost.
 */
import type { GhostSpec } from '../../engine/cluster.js';
import type { Entry } from '../../models/raft/messages.js';
import { entryAt, sameEntry, showEntry, type RaftView } from './view.js';
import type { ClusterView } from '../../engine/cluster.js';

export interface CommittedEntry extends Entry {
  index: number;
  /** Lowest term in which some node held this entry committed. */
  in: number;
}

export interface LeaderLog {
  term: number;
  log: Entry[];
}

export interface RaftGhost {
  /** Term (as a key) → the nodes ever leader in it. */
  leaders: Record<string, Record<string, true>>;
  /** Node id → its term and log, for every node leader in this state. */
  leaderLogs: Record<string, LeaderLog>;
  appendOnly: string | null;
  committed: CommittedEntry[];
}

type Views = ClusterView<RaftView, unknown>;

export const raftGhost: GhostSpec<RaftGhost> = {
  init: (w) => observe({ leaders: {}, leaderLogs: {}, appendOnly: null, committed: [] }, w),
  update: (prev, w) => observe(prev, w),
  nodesOnly: true,
};

function observe(prev: RaftGhost, w: Views): RaftGhost {
  return {
    leaders: electedLeaders(prev.leaders, w),
    leaderLogs: currentLeaderLogs(w),
    appendOnly: prev.appendOnly ?? appendOnlyBreach(prev.leaderLogs, w),
    committed: committedEntries(prev.committed, w),
  };
}

function electedLeaders(prev: RaftGhost['leaders'], w: Views): RaftGhost['leaders'] {
  let out = prev;
  for (const n of w.nodes) {
    const term = String(n.view.term);
    if (n.view.role !== 'leader' || out[term]?.[n.id]) continue;
    out = { ...out, [term]: { ...out[term], [n.id]: true } };
  }
  return out;
}

function currentLeaderLogs(w: Views): Record<string, LeaderLog> {
  const out: Record<string, LeaderLog> = {};
  for (const n of w.nodes) if (n.view.role === 'leader') out[n.id] = { term: n.view.term, log: n.view.log };
  return out;
}

/** A node leader in the same term before and after this step must have only appended. */
function appendOnlyBreach(before: Record<string, LeaderLog>, w: Views): string | null {
  for (const [id, old] of Object.entries(before)) {
    const now = w.node(id).view;
    if (now.role !== 'leader' || now.term !== old.term) continue;
    for (let i = 1; i <= old.log.length; i++) {
      const e = entryAt(now.log, i);
      if (sameEntry(e, entryAt(old.log, i))) continue;
      const was = showEntry(entryAt(old.log, i));
      const what = e ? `overwrote index ${i} (${was}) with ${showEntry(e)}` : `deleted index ${i} (${was})`;
      return `Leader Append-Only: ${id}, leader of term ${old.term}, ${what}`;
    }
  }
  return null;
}

function committedEntries(prev: CommittedEntry[], w: Views): CommittedEntry[] {
  let out = prev;
  for (const n of w.nodes) {
    const upTo = Math.min(n.view.commitIndex, n.view.log.length);
    for (let i = 1; i <= upTo; i++) {
      const e = n.view.log[i - 1];
      const k = out.findIndex((c) => c.index === i);
      if (k < 0) {
        out = [...out, { index: i, term: e.term, value: e.value, in: n.view.term }].sort((a, b) => a.index - b.index);
      } else if (sameEntry(out[k], e) && n.view.term < out[k].in) {
        out = out.map((c, j) => (j === k ? { ...c, in: n.view.term } : c));
      }
    }
  }
  return out;
}
