/** Election Safety (Figure 3): at most one leader can be elected in a given term. */
import { always } from '../../engine/properties.js';
import type { RaftWorld } from './view.js';

export const electionSafety = always<RaftWorld>('Election Safety', (w) => {
  for (const [term, ids] of Object.entries(w.ghost.leaders)) {
    const leaders = Object.keys(ids).sort();
    if (leaders.length > 1) return `Election Safety: ${leaders.join(' and ')} were ${leaders.length === 2 ? 'both' : 'all'} elected leader in term ${term}`;
  }
  return true;
});
