/**
 * State Machine Safety (Figure 3): if a server has applied a log entry at a given index to its
 * state machine, no other server will ever apply a different log entry for the same index. A
 * node applies the entries it holds up to its commitIndex; the ghost keeps the first entry
 * ever applied at each index, and every node's applied entries must agree with it.
 */
import { always } from '../../engine/properties.js';
import { sameEntry, showEntry, type RaftWorld } from './view.js';

export const stateMachineSafety = always<RaftWorld>('State Machine Safety', (w) => {
  const first = new Map(w.ghost.committed.map((c) => [c.index, c]));
  for (const n of w.nodes) {
    const upTo = Math.min(n.view.commitIndex, n.view.log.length);
    for (let i = 1; i <= upTo; i++) {
      const e = n.view.log[i - 1];
      const c = first.get(i);
      if (c && !sameEntry(c, e)) {
        return `State Machine Safety: ${n.id} applies ${showEntry(e)} at index ${i} (term ${n.view.term}, commitIndex ${n.view.commitIndex}) ` +
          `but ${showEntry(c)} was applied there in term ${c.in}`;
      }
    }
  }
  return true;
});
