/**
 * Reference implementation of a storage node, in plain TypeScript against the public contract
 * (engine/implementation.ts): one handler per event type, each pure, returning the next state and
 * the messages to send. Same protocol as the model's machine (models/ring/storage.ts); same view.
 */
import type { HandleResult, NodeImplementation } from '../../../engine/implementation.js';
import type { NodeContext, NodeEvent, Outgoing } from '../../../engine/role.js';
import type { Msg, StorageView } from '../../../models/ring/messages.js';
import { initialPrimaries, ROUTER, topology, type FetchItem, type HandoffItem } from '../../../models/ring/topology.js';

export interface StorageState extends StorageView {
  fetching: string[];
  promised: string[];
  handing: string[];
}

type Handler = (s: StorageState, e: NodeEvent, ctx: NodeContext) => HandleResult<StorageState>;
export type StorageHandlers = Record<string, Handler>;

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
const put = (store: Record<string, number>, key: string, version: number) => ({ ...store, [key]: Math.max(store[key] ?? 0, version) });
export const send = (to: string, msg: Msg): Outgoing => ({ to, msg: msg as Outgoing['msg'] });
const same = (s: StorageState) => ({ state: s });

/** Becoming active after a complete handoff: take the promised primaryships, tell the router. */
export function activate(s: StorageState): HandleResult<StorageState> {
  return { state: { ...s, status: 'active', fetching: [], primary: union(s.primary, s.promised), promised: [] }, send: [send(ROUTER, { type: 'Ready' })] };
}

/** Departure complete: tell the router. */
export function depart(s: StorageState): HandleResult<StorageState> {
  return { state: { ...s, status: 'left', handing: [] }, send: [send(ROUTER, { type: 'Left' })] };
}

export const storageHandlers: StorageHandlers = {
  join: (s) => (s.status === 'out' ? { state: { ...s, status: 'joining' }, send: [send(ROUTER, { type: 'Join' })] } : same(s)),
  leave: (s) => (s.status === 'active' ? { state: { ...s, status: 'leaving' }, send: [send(ROUTER, { type: 'Leave' })] } : same(s)),
  // As in the model, only a node holding data may fail (an empty node has nothing to lose).
  fail: (s) => (s.status === 'active' && Object.values(s.store).some((v) => v > 0) ? { state: { ...s, status: 'failed' } } : same(s)),

  Welcome(s, e) {
    if (s.status !== 'joining') return same(s);
    const fetch = e.fetch as unknown as FetchItem[];
    if (fetch.length === 0) return activate(s);
    return {
      state: { ...s, fetching: fetch.map((f) => f.key).sort(), promised: fetch.filter((f) => f.primary).map((f) => f.key).sort() },
      send: fetch.map((f) => send(f.source, { type: 'Fetch', key: f.key, primary: f.primary })),
    };
  },
  Data(s, e) {
    const key = e.key as string;
    if (s.status !== 'joining' || !s.fetching.includes(key)) return same(s);
    const next = { ...s, store: put(s.store, key, e.version as number), fetching: minus(s.fetching, [key]) };
    return next.fetching.length === 0 ? activate(next) : { state: next };
  },
  Busy(s) {
    if (s.status === 'joining') return { state: { ...s, status: 'out' } };
    if (s.status === 'leaving') return { state: { ...s, status: 'active' } };
    return same(s);
  },
  Put(s, e) {
    if (s.status !== 'active') return same(s);
    const key = e.key as string;
    const version = e.version as number;
    return { state: { ...s, store: put(s.store, key, version) }, send: [send(e.from!, { type: 'PutAck', key, version })] };
  },
  Get(s, e) {
    if (s.status !== 'active' && s.status !== 'leaving') return same(s);
    const key = e.key as string;
    return { state: s, send: [send(e.from!, { type: 'GetReply', key, version: s.store[key] ?? 0, min: e.min as number })] };
  },
  Fetch(s, e) {
    if (s.status !== 'active') return same(s);
    const key = e.key as string;
    return {
      state: { ...s, primary: e.primary ? minus(s.primary, [key]) : s.primary },
      send: [send(e.from!, { type: 'Data', key, version: s.store[key] ?? 0 })],
    };
  },
  Handoff(s, e) {
    if (s.status !== 'active') return same(s);
    const key = e.key as string;
    return {
      state: { ...s, store: put(s.store, key, e.version as number), primary: e.primary ? union(s.primary, [key]) : s.primary },
      send: [send(e.from!, { type: 'HandoffAck', key })],
    };
  },
  Depart(s, e) {
    if (s.status !== 'leaving') return same(s);
    const plan = e.handoff as unknown as HandoffItem[];
    if (plan.length === 0) return depart(s);
    return {
      state: { ...s, handing: plan.map((h) => `${h.key}>${h.to}`).sort(), primary: minus(s.primary, plan.filter((h) => h.primary).map((h) => h.key)) },
      send: plan.map((h) => send(h.to, { type: 'Handoff', key: h.key, version: s.store[h.key] ?? 0, primary: h.primary })),
    };
  },
  HandoffAck(s, e) {
    const id = `${e.key as string}>${e.from!}`;
    if (s.status !== 'leaving' || !s.handing.includes(id)) return same(s);
    const next = { ...s, handing: minus(s.handing, [id]) };
    return next.handing.length === 0 ? depart(next) : { state: next };
  },
};

export function storageNode(initial: 'out' | 'active', handlers: StorageHandlers = storageHandlers): NodeImplementation<StorageState> {
  return {
    init: (ctx) => ({
      status: initial, store: {}, fetching: [], promised: [], handing: [],
      primary: initial === 'active' ? initialPrimaries(topology(ctx.params), ctx.id) : [],
    }),
    handle: (s, e, ctx) => (handlers[e.type] ?? same)(s, e, ctx),
    view: (s) => ({ status: s.status, store: s.store, primary: s.primary }),
    envEvents: () => [{ type: 'join' }, { type: 'leave' }, { type: 'fail' }],
  };
}
