/**
 * Bug: a node leaves without handing off. On Depart it tells the router Left and goes, without
 * pushing its keys to the nodes that take its place; they become replicas holding nothing.
 */
import type { StorageHandlers } from '../storageNode.js';
import { depart, storageHandlers } from '../storageNode.js';

export const leavesWithoutHandoffHandlers: StorageHandlers = {
  ...storageHandlers,
  Depart: (s) => (s.status === 'leaving' ? depart(s) : { state: s }),
};
