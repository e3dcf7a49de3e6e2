/**
 * Bug: the new node serves before its handoff completes. On Welcome it tells the router Ready and
 * takes its primaryships at once, fetching its keys in the background. Reads routed to it see
 * nothing, and the old primary (which gives primaryship up only when it serves the Fetch) and the
 * new one both act as primary.
 */
import type { StorageHandlers } from '../storageNode.js';
import { activate, send, storageHandlers } from '../storageNode.js';
import type { FetchItem } from '../../../../models/ring/topology.js';

export const servesBeforeHandoffHandlers: StorageHandlers = {
  ...storageHandlers,
  Welcome(s, e, ctx) {
    if (s.status !== 'joining') return { state: s };
    const fetch = e.fetch as unknown as FetchItem[];
    const ready = activate({ ...s, promised: fetch.filter((f) => f.primary).map((f) => f.key).sort() });
    return {
      state: { ...ready.state, fetching: fetch.map((f) => f.key).sort() },
      send: [...fetch.map((f) => send(f.source, { type: 'Fetch', key: f.key, primary: f.primary })), ...(ready.send ?? [])],
    };
  },
  Data(s, e, ctx) {
    const key = e.key as string;
    if (s.status !== 'active' || !s.fetching.includes(key)) return storageHandlers.Data(s, e, ctx);
    return { state: { ...s, store: { ...s.store, [key]: Math.max(s.store[key] ?? 0, e.version as number) }, fetching: s.fetching.filter((k) => k !== key) } };
  },
};
