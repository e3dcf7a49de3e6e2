/**
 * Leader Completeness (Figure 3): if a log entry is committed in a given term, then that entry
 * will be present in the logs of the leaders for all higher-numbered terms. The ghost records
 * each committed entry with the lowest term in which it was held committed; every current
 * leader of a higher term must hold it. Checking current leaders suffices: a leader's log only
 * grows, so one lacking the entry lacks it from the state in which it was elected.
 */
import { always } from '../../engine/properties.js';
import { entryAt, sameEntry, showEntry, type RaftWorld } from './view.js';

export const leaderCompleteness = always<RaftWorld>('Leader Completeness', (w) => {
  for (const leader of w.nodes) {
    if (leader.view.role !== 'leader') continue;
    for (const c of w.ghost.committed) {
      if (c.in >= leader.view.term) continue;
      const held = entryAt(leader.view.log, c.index);
      if (sameEntry(held, c)) continue;
      return `Leader Completeness: ${leader.id}, leader of term ${leader.view.term}, lacks entry ${c.index} ` +
        `(${showEntry(c)}) committed in term ${c.in}; it holds ${showEntry(held)} at index ${c.index}`;
    }
  }
  return true;
});
