/**
 * Parameters of the Raft model. The guards read them to keep exhaustive runs finite: no
 * election beyond `maxTerm`, no client request beyond `maxRequests` per leader term or beyond
 * `maxLogLength` entries.
 *
 * The defaults are the largest configuration that `explore` finishes in seconds (2 servers, 2
 * terms, one entry: a few thousand states with a crash). Three servers need 2 terms to be
 * interesting and already have millions of states (docs/protocols/raft.md); every bug variant
 * sets the bounds it needs in its impl entry (impl/raft/index.ts).
 */
import type { ParamSpec } from '../../engine/protocol.js';
import type { RaftBounds } from './messages.js';

export const raftParams: ParamSpec[] = [
  { name: 'nodes', description: 'number of servers', default: 2, min: 1, max: 7 },
  { name: 'maxTerm', description: 'no election starts a term above this', default: 2, min: 1, max: 99 },
  { name: 'maxLogLength', description: 'a leader accepts no request once its log holds this many entries', default: 1, min: 0, max: 9 },
  { name: 'maxRequests', description: 'client requests a leader accepts per term', default: 1, min: 0, max: 9 },
  { name: 'passive', description: 'the last this many servers never start an election (they vote and follow)', default: 0, min: 0, max: 6 },
];

export const nodeIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `n${i + 1}`);

export function raftBounds(params: Record<string, number>): RaftBounds {
  const { nodes, maxTerm, maxLogLength, maxRequests, passive = 0 } = params;
  return { nodes, maxTerm, maxLogLength, maxRequests, passive };
}

/** Whether server `index` (0-based) may start elections: all but the last `passive` ones. */
export function mayStand(index: number, params: Record<string, number>): boolean {
  return index < params.nodes - (params.passive ?? 0);
}
