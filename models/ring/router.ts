/**
 * The router: the membership authority (like Dynamo's seed nodes or a configuration service) and
 * the coordinator of client writes and reads.
 *
 * - Membership: one change at a time. A Join is admitted as `joining` with a fetch plan (which
 *   key to pull from whom); the joiner becomes `active` on Ready, i.e. only after its handoff. A
 *   Leave is admitted as `leaving` with a handoff plan (which key to push to whom); the node is
 *   removed on Left. A request the router cannot admit now is answered Busy.
 * - Writes go to the key's R natural replicas and are acknowledged once all R stored them.
 * - A read goes to one of the key's natural replicas, any of them (the env event names which):
 *   Dynamo's coordinator may be answered by any replica.
 *
 * Modelling shortcut: writes and membership changes do not overlap (a write starts only while no
 * change is in progress, a change is admitted only while no write is pending). Real systems let
 * them overlap and send writes to the "pending" replicas too (Cassandra's pending ranges); that
 * refinement is not modelled.
 */
import { assign, enqueueActions, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';
import type { Delivered, Msg } from './messages.js';
import {
  changing, initialRing, joinPlan, leavePlan, naturalReplicas, serving, writeTargets, type Ring, type Topology,
} from './topology.js';

export interface RouterContext {
  ring: Ring;
  write: { key: string; version: number; targets: string[]; acks: string[] } | null;
  acked: Record<string, number>;
  versions: Record<string, number>;
  read: { key: string; min: number } | null;
  /** Reads started so far (bounded by the `reads` parameter to keep the state space finite and small). */
  reads: number;
  lastRead: { key: string; version: number; min: number } | null;
}

type RouterEvent =
  | { type: 'write'; key: string }
  | { type: 'read'; key: string; replica: number }
  | Delivered<'PutAck'> | Delivered<'GetReply'> | Delivered<'Join'> | Delivered<'Ready'>
  | Delivered<'Leave'> | Delivered<'Left'>;

const zeros = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));

/** Vocabulary of the router: guards, and one named action per thing it does. */
function routerSetup(t: Topology) {
  const R = t.replicas;
  return setup({
    types: {} as { context: RouterContext; events: RouterEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: { to: string | string[]; msg: Msg }) => {},
      startWrite: enqueueActions(({ context: c, event, enqueue }) => {
        const key = (event as { key: string }).key;
        const version = c.versions[key] + 1;
        const targets = writeTargets(c.ring, key, R);
        enqueue.assign({ write: { key, version, targets, acks: [] }, versions: { ...c.versions, [key]: version } });
        enqueue({ type: 'send', params: { to: targets, msg: { type: 'Put', key, version } } });
      }),
      recordAck: assign(({ context: c, event }) => ({ write: { ...c.write!, acks: [...c.write!.acks, sender(event)].sort() } })),
      acknowledge: assign(({ context: c }) => ({ acked: { ...c.acked, [c.write!.key]: c.write!.version }, write: null })),
      startRead: enqueueActions(({ context: c, event, enqueue }) => {
        const { key, replica } = event as { key: string; replica: number };
        enqueue.assign({ read: { key, min: c.acked[key] }, reads: c.reads + 1 });
        enqueue({ type: 'send', params: { to: naturalReplicas(c.ring, key, R)[replica], msg: { type: 'Get', key, min: c.acked[key] } } });
      }),
      finishRead: assign(({ event }) => {
        const r = event as Delivered<'GetReply'>;
        return { lastRead: { key: r.key, version: r.version, min: r.min }, read: null };
      }),
      admit: enqueueActions(({ context: c, event, enqueue }) => {
        const from = sender(event);
        enqueue.assign({ ring: { ...c.ring, [from]: 'joining' as const } });
        enqueue({ type: 'send', params: { to: from, msg: { type: 'Welcome', fetch: joinPlan(c.ring, from, t.keys, R) } } });
      }),
      activate: assign(({ context: c, event }) => ({ ring: { ...c.ring, [sender(event)]: 'active' as const } })),
      release: enqueueActions(({ context: c, event, enqueue }) => {
        const from = sender(event);
        enqueue.assign({ ring: { ...c.ring, [from]: 'leaving' as const } });
        enqueue({ type: 'send', params: { to: from, msg: { type: 'Depart', handoff: leavePlan(c.ring, from, t.keys, R) } } });
      }),
      remove: assign(({ context: c, event }) => ({ ring: withoutMember(c.ring, sender(event)) })),
      busy: enqueueActions(({ event, enqueue }) => enqueue({ type: 'send', params: { to: sender(event), msg: { type: 'Busy' } } })),
    },
    guards: {
      canWrite: ({ context: c, event: e }) =>
        e.type === 'write' && c.write === null && !changing(c.ring) && c.versions[e.key] < t.writes,
      lastAck: ({ context: c, event: e }) =>
        e.type === 'PutAck' && isAwaitedAck(c, e) && c.write!.targets.every((n) => n === e.from || c.write!.acks.includes(n)),
      awaitedAck: ({ context: c, event: e }) => e.type === 'PutAck' && isAwaitedAck(c, e),
      canRead: ({ context: c, event: e }) =>
        e.type === 'read' && c.read === null && c.reads < t.reads && e.replica < naturalReplicas(c.ring, e.key, R).length,
      answersRead: ({ context: c, event: e }) => e.type === 'GetReply' && c.read !== null && c.read.key === e.key && c.read.min === e.min,
      canJoin: ({ context: c, event: e }) => !(sender(e) in c.ring) && !changing(c.ring) && c.write === null,
      isJoining: ({ context: c, event: e }) => c.ring[sender(e)] === 'joining',
      canLeave: ({ context: c, event: e }) =>
        c.ring[sender(e)] === 'active' && !changing(c.ring) && c.write === null && serving(c.ring).length > R,
      isLeaving: ({ context: c, event: e }) => c.ring[sender(e)] === 'leaving',
    },
  });
}

export function routerMachine(t: Topology) {
  return routerSetup(t).createMachine({
    id: 'router',
    context: () => ({ ring: initialRing(t), write: null, acked: zeros(t.keys), versions: zeros(t.keys), read: null, reads: 0, lastRead: null }),
    initial: 'routing',
    states: {
      routing: {
        on: {
          write: { guard: 'canWrite', actions: 'startWrite' },
          PutAck: [{ guard: 'lastAck', actions: 'acknowledge' }, { guard: 'awaitedAck', actions: 'recordAck' }],
          read: { guard: 'canRead', actions: 'startRead' },
          GetReply: { guard: 'answersRead', actions: 'finishRead' },
          Join: [{ guard: 'canJoin', actions: 'admit' }, { actions: 'busy' }],
          Ready: { guard: 'isJoining', actions: 'activate' },
          Leave: [{ guard: 'canLeave', actions: 'release' }, { actions: 'busy' }],
          Left: { guard: 'isLeaving', actions: 'remove' },
        },
      },
    },
  });
}

const sender = (e: RouterEvent) => (e as { from: string }).from;

function isAwaitedAck(c: RouterContext, e: Delivered<'PutAck'>): boolean {
  return c.write !== null && c.write.key === e.key && c.write.version === e.version
    && c.write.targets.includes(e.from) && !c.write.acks.includes(e.from);
}

function withoutMember(ring: Ring, node: string): Ring {
  const { [node]: _gone, ...rest } = ring;
  return rest;
}
