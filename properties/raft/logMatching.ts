/**
 * Log Matching (Figure 3): if two logs contain an entry with the same index and term, then the
 * logs are identical in all entries up through the given index. Checking the highest index at
 * which two logs hold the same term suffices: agreement up to it implies agreement up to any
 * lower one.
 */
import { always } from '../../engine/properties.js';
import type { Entry } from '../../models/raft/messages.js';
import { sameEntry, showEntry, type RaftWorld } from './view.js';

export const logMatching = always<RaftWorld>('Log Matching', (w) => {
  const nodes = w.nodes;
  for (let a = 0; a < nodes.length; a++) {
    for (let b = a + 1; b < nodes.length; b++) {
      const problem = mismatch(nodes[a].view.log, nodes[b].view.log);
      if (!problem) continue;
      const { index, term, at } = problem;
      const [x, y] = [nodes[a], nodes[b]];
      return `Log Matching: ${x.id} and ${y.id} both hold index ${index} in term ${term} but differ at index ${at} ` +
        `(${x.id}: ${showEntry(x.view.log[at - 1])}, ${y.id}: ${showEntry(y.view.log[at - 1])})`;
    }
  }
  return true;
});

/** The highest shared (index, term) and the first index at or below it where the logs differ. */
function mismatch(x: Entry[], y: Entry[]): { index: number; term: number; at: number } | null {
  let top = Math.min(x.length, y.length);
  while (top > 0 && x[top - 1].term !== y[top - 1].term) top--;
  for (let i = 1; i <= top; i++) {
    if (!sameEntry(x[i - 1], y[i - 1])) return { index: top, term: x[top - 1].term, at: i };
  }
  return null;
}
