/**
 * Bug: a write is acknowledged before R replicas stored it. The router acknowledges on the first
 * PutAck (W = 1 in Dynamo's terms while reads may go to any single replica, R_read = 1, so
 * R_read + W ≤ N); the other replica may not have the write yet, or may never get it if the one
 * that stored it fails.
 */
import type { RouterHandlers } from '../routerNode.js';
import { routerHandlers } from '../routerNode.js';

export const acksBeforeReplicasHandlers: RouterHandlers = {
  ...routerHandlers,
  PutAck(s, e) {
    const w = s.write;
    if (!w || w.key !== e.key || w.version !== e.version || !w.targets.includes(e.from!)) return { state: s };
    return { state: { ...s, write: null, acked: { ...s.acked, [w.key]: w.version } } };
  },
};
