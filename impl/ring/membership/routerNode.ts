/**
 * Reference implementation of the router (membership authority and write/read coordinator), in
 * plain TypeScript against engine/implementation.ts. Same protocol and view as the model's
 * machine (models/ring/router.ts).
 */
import type { HandleResult, NodeImplementation } from '../../../engine/implementation.js';
import type { NodeContext, NodeEvent } from '../../../engine/role.js';
import type { RouterView } from '../../../models/ring/messages.js';
import {
  changing, initialRing, joinPlan, leavePlan, naturalReplicas, serving, topology, writeTargets, type Ring,
} from '../../../models/ring/topology.js';
import { send } from './storageNode.js';

export interface RouterState extends RouterView {
  write: { key: string; version: number; targets: string[]; acks: string[] } | null;
  versions: Record<string, number>;
  read: { key: string; min: number } | null;
  reads: number;
}

type Handler = (s: RouterState, e: NodeEvent, ctx: NodeContext) => HandleResult<RouterState>;
export type RouterHandlers = Record<string, Handler>;

const same = (s: RouterState) => ({ state: s });
const R = (ctx: NodeContext) => ctx.params.replicas;
const without = (ring: Ring, node: string): Ring => Object.fromEntries(Object.entries(ring).filter(([n]) => n !== node));

/** Record one write acknowledgement; acknowledge the write to the client once all targets have. */
export function recordAck(s: RouterState, from: string): RouterState {
  const w = s.write!;
  const acks = [...w.acks, from].sort();
  if (w.targets.every((n) => acks.includes(n))) return { ...s, write: null, acked: { ...s.acked, [w.key]: w.version } };
  return { ...s, write: { ...w, acks } };
}

export const routerHandlers: RouterHandlers = {
  write(s, e, ctx) {
    const key = e.key as string;
    if (s.write || changing(s.ring) || s.versions[key] >= ctx.params.writes) return same(s);
    const version = s.versions[key] + 1;
    const targets = writeTargets(s.ring, key, R(ctx));
    return {
      state: { ...s, write: { key, version, targets, acks: [] }, versions: { ...s.versions, [key]: version } },
      send: targets.map((n) => send(n, { type: 'Put', key, version })),
    };
  },
  PutAck(s, e) {
    const w = s.write;
    if (!w || w.key !== e.key || w.version !== e.version || !w.targets.includes(e.from!) || w.acks.includes(e.from!)) return same(s);
    return { state: recordAck(s, e.from!) };
  },
  read(s, e, ctx) {
    const key = e.key as string;
    const replicas = naturalReplicas(s.ring, key, R(ctx));
    const replica = e.replica as number;
    if (s.read || s.reads >= ctx.params.reads || replica >= replicas.length) return same(s);
    const min = s.acked[key];
    return { state: { ...s, read: { key, min }, reads: s.reads + 1 }, send: [send(replicas[replica], { type: 'Get', key, min })] };
  },
  GetReply(s, e) {
    if (!s.read || s.read.key !== e.key || s.read.min !== e.min) return same(s);
    return { state: { ...s, read: null, lastRead: { key: e.key as string, version: e.version as number, min: e.min as number } } };
  },
  Join(s, e, ctx) {
    const from = e.from!;
    if (from in s.ring || changing(s.ring) || s.write) return { state: s, send: [send(from, { type: 'Busy' })] };
    const fetch = joinPlan(s.ring, from, topology(ctx.params).keys, R(ctx));
    return { state: { ...s, ring: { ...s.ring, [from]: 'joining' } }, send: [send(from, { type: 'Welcome', fetch })] };
  },
  Ready(s, e) {
    return s.ring[e.from!] === 'joining' ? { state: { ...s, ring: { ...s.ring, [e.from!]: 'active' } } } : same(s);
  },
  Leave(s, e, ctx) {
    const from = e.from!;
    if (s.ring[from] !== 'active' || changing(s.ring) || s.write || serving(s.ring).length <= R(ctx)) {
      return { state: s, send: [send(from, { type: 'Busy' })] };
    }
    const handoff = leavePlan(s.ring, from, topology(ctx.params).keys, R(ctx));
    return { state: { ...s, ring: { ...s.ring, [from]: 'leaving' } }, send: [send(from, { type: 'Depart', handoff })] };
  },
  Left(s, e) {
    return s.ring[e.from!] === 'leaving' ? { state: { ...s, ring: without(s.ring, e.from!) } } : same(s);
  },
};

export function routerNode(handlers: RouterHandlers = routerHandlers): NodeImplementation<RouterState> {
  return {
    init(ctx) {
      const t = topology(ctx.params);
      const zeros = Object.fromEntries(t.keys.map((k) => [k, 0]));
      return { ring: initialRing(t), write: null, acked: zeros, versions: { ...zeros }, read: null, reads: 0, lastRead: null };
    },
    handle: (s, e, ctx) => (handlers[e.type] ?? same)(s, e, ctx),
    view: (s) => ({ ring: s.ring, acked: s.acked, lastRead: s.lastRead }),
    envEvents(ctx) {
      const t = topology(ctx.params);
      return t.keys.flatMap((key) => [
        { type: 'write', key },
        ...Array.from({ length: t.replicas }, (_, replica) => ({ type: 'read', key, replica })),
      ]);
    },
  };
}
