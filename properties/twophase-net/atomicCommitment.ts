/**
 * The atomic commitment properties of Bernstein, Hadzilacos and Goodman ("Concurrency Control
 * and Recovery in Database Systems", 1987, ch. 7), judged over the views of `twophase-net`:
 *
 * - AC1 Agreement: all processes that reach a decision reach the same one (the TM included:
 *   its decision is the state it is in, which after a record-less recovery is presumed abort).
 * - AC2 Irrevocability: a process cannot reverse its decision after it has reached one.
 * - AC3 Commit Validity: the commit decision can only be reached if all processes voted yes.
 *
 * AC2 and AC3 are about history (a decision once taken, a vote once cast) that a crash may
 * erase from a node, so a ghost remembers them: the first decision each node reached, and the
 * RMs that ever voted yes. `sometimes` witnesses show that both outcomes, a commit that
 * survives a crash, and the termination protocol (a prepared RM asking) are all reachable.
 */
import type { ClusterView, GhostSpec, NodeView } from '../../engine/cluster.js';
import { always, sometimes } from '../../engine/properties.js';
import type { Decision, RmView, TmView } from '../../models/twophase-net/views.js';

export interface AcGhost {
  /** First decision each node reached, by node id. */
  decided: Record<string, Decision>;
  /** RMs that ever voted yes, sorted. */
  votedYes: string[];
}

type World = ClusterView<RmView | TmView, AcGhost>;

/** A node's current decision: the outcome its state stands for, or null. */
export function decisionOf(node: NodeView<RmView | TmView>): Decision | null {
  if (node.view.state === 'committed') return 'commit';
  if (node.view.state === 'aborted') return 'abort';
  return null;
}

const rms = (w: World) => w.ofRole('rm') as readonly NodeView<RmView>[];

export const acGhost: GhostSpec<AcGhost> = {
  init: (w) => acGhost.update({ decided: {}, votedYes: [] }, w as World),
  update(prev, w) {
    let decided = prev.decided;
    for (const node of w.nodes) {
      const d = decisionOf(node);
      if (d && !decided[node.id]) decided = { ...decided, [node.id]: d };
    }
    let votedYes = prev.votedYes;
    for (const rm of rms(w as World)) {
      if (rm.view.vote === 'yes' && !votedYes.includes(rm.id)) votedYes = [...votedYes, rm.id].sort();
    }
    return decided === prev.decided && votedYes === prev.votedYes ? prev : { decided, votedYes };
  },
  nodesOnly: true,
};

export const agreement = always<World>('Agreement', (w) => {
  const committed = w.nodes.find((n) => decisionOf(n) === 'commit');
  const aborted = w.nodes.find((n) => decisionOf(n) === 'abort');
  return committed && aborted ? `Agreement: ${committed.id} committed while ${aborted.id} aborted` : true;
});

export const commitValidity = always<World>('Commit Validity', (w) => {
  const committed = w.nodes.find((n) => decisionOf(n) === 'commit');
  if (!committed) return true;
  const missing = rms(w).filter((rm) => !w.ghost.votedYes.includes(rm.id));
  if (missing.length === 0) return true;
  const votes = rms(w).map((rm) => `${rm.id} ${w.ghost.votedYes.includes(rm.id) ? 'yes' : rm.view.vote ?? 'none'}`);
  return `Commit Validity: ${committed.id} committed but ${missing.map((m) => m.id).join(', ')} never voted yes (votes: ${votes.join(', ')})`;
});

export const irrevocability = always<World>('Irrevocability', (w) => {
  for (const node of w.nodes) {
    const first = w.ghost.decided[node.id];
    const now = decisionOf(node);
    if (first && now && now !== first) {
      return `Irrevocability: ${node.id} decided ${first}, later ${now}${node.crashed ? ' (after its crash)' : ''}`;
    }
  }
  return true;
});

export const transactionCommits = sometimes<World>('Transaction commits', (w) => rms(w).every((rm) => rm.view.state === 'committed'));
export const transactionAborts = sometimes<World>('Transaction aborts', (w) => rms(w).every((rm) => rm.view.state === 'aborted'));
// Recovery never creates a commit, so a crashed node that is committed kept its decision.
export const commitSurvivesCrash = sometimes<World>('Commit survives a crash', (w) =>
  w.nodes.some((n) => n.crashed && decisionOf(n) === 'commit'));
export const participantAsks = sometimes<World>('Prepared RM asks the TM', (w) =>
  w.messages().some((m) => (m.msg as { type: string }).type === 'DecisionRequest'));

export const atomicCommitment = [
  commitValidity, irrevocability, agreement,
  transactionCommits, transactionAborts, commitSurvivesCrash, participantAsks,
];
