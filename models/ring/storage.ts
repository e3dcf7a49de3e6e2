/**
 * A storage node's role: out → joining → active → leaving → left, or active → failed.
 *
 * - out: may ask to join (env `join`).
 * - joining: on Welcome, pulls every key of its fetch plan from that key's current primary
 *   (Fetch/Data), and only when all have arrived becomes active, takes the primaryships it was
 *   promised and tells the router Ready. Busy sends it back to out.
 * - active: stores Puts, answers Gets, serves Fetches (giving up primaryship when the fetcher
 *   takes it), accepts Handoffs from leavers; may ask to leave (env `leave`) or fail (env `fail`).
 * - leaving: still answers Gets; on Depart, pushes each key of its handoff plan (Handoff), gives
 *   up the primaryships it hands over, and once every Handoff is acknowledged tells the router
 *   Left. Busy sends it back to active.
 * - failed: fail-stop, forever (no recovery modelled; a failed node's data counts as lost). Only a
 *   node holding data may fail (see `holdsData`).
 */
import { assign, enqueueActions, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';
import type { Delivered, Msg } from './messages.js';
import { ROUTER, type HandoffItem } from './topology.js';

export interface StorageContext {
  store: Record<string, number>;
  primary: string[];
  /** Joining: keys still to arrive, and the primaryships to take once they have. */
  fetching: string[];
  promised: string[];
  /** Leaving: handoffs not yet acknowledged, as `key>target`. */
  handing: string[];
}

type StorageEvent =
  | { type: 'join' } | { type: 'leave' } | { type: 'fail' }
  | Delivered<'Welcome'> | Delivered<'Data'> | Delivered<'Busy'> | Delivered<'Put'> | Delivered<'Get'>
  | Delivered<'Fetch'> | Delivered<'Handoff'> | Delivered<'Depart'> | Delivered<'HandoffAck'>;

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
const stored = (store: Record<string, number>, key: string, version: number) =>
  ({ ...store, [key]: Math.max(store[key] ?? 0, version) });
const handId = (h: HandoffItem) => `${h.key}>${h.to}`;
const ackId = (e: StorageEvent) => `${(e as Delivered<'HandoffAck'>).key}>${(e as Delivered<'HandoffAck'>).from}`;
const as = <T extends Msg['type']>(e: StorageEvent) => e as Delivered<T>;
const toRouter = (type: 'Join' | 'Ready' | 'Leave' | 'Left') => ({ type: 'send' as const, params: { to: ROUTER, msg: { type } } });

/** Vocabulary of the storage role: guards, and one named action per thing a node does. */
function storageSetup() {
  return setup({
    types: {} as { context: StorageContext; events: StorageEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: { to: string | string[]; msg: Msg }) => {},
      fetchAll: enqueueActions(({ event, enqueue }) => {
        const fetch = as<'Welcome'>(event).fetch;
        enqueue.assign({ fetching: fetch.map((f) => f.key).sort(), promised: fetch.filter((f) => f.primary).map((f) => f.key).sort() });
        for (const f of fetch) enqueue({ type: 'send', params: { to: f.source, msg: { type: 'Fetch', key: f.key, primary: f.primary } } });
      }),
      storeData: assign(({ context: c, event }) => ({
        store: stored(c.store, as<'Data'>(event).key, as<'Data'>(event).version), fetching: minus(c.fetching, [as<'Data'>(event).key]),
      })),
      takePromised: assign(({ context: c }) => ({ primary: union(c.primary, c.promised), promised: [] })),
      storePut: enqueueActions(({ context: c, event, enqueue }) => {
        const { key, version, from } = as<'Put'>(event);
        enqueue.assign({ store: stored(c.store, key, version) });
        enqueue({ type: 'send', params: { to: from, msg: { type: 'PutAck', key, version } } });
      }),
      answerGet: enqueueActions(({ context: c, event, enqueue }) => {
        const { key, min, from } = as<'Get'>(event);
        enqueue({ type: 'send', params: { to: from, msg: { type: 'GetReply', key, version: c.store[key] ?? 0, min } } });
      }),
      serveFetch: enqueueActions(({ context: c, event, enqueue }) => {
        const { key, primary, from } = as<'Fetch'>(event);
        enqueue({ type: 'send', params: { to: from, msg: { type: 'Data', key, version: c.store[key] ?? 0 } } });
        if (primary) enqueue.assign({ primary: minus(c.primary, [key]) });
      }),
      acceptHandoff: enqueueActions(({ context: c, event, enqueue }) => {
        const { key, version, primary, from } = as<'Handoff'>(event);
        enqueue.assign({ store: stored(c.store, key, version), primary: primary ? union(c.primary, [key]) : c.primary });
        enqueue({ type: 'send', params: { to: from, msg: { type: 'HandoffAck', key } } });
      }),
      handOff: enqueueActions(({ context: c, event, enqueue }) => {
        const plan = as<'Depart'>(event).handoff;
        enqueue.assign({ handing: plan.map(handId).sort(), primary: minus(c.primary, plan.filter((h) => h.primary).map((h) => h.key)) });
        for (const h of plan) enqueue({ type: 'send', params: { to: h.to, msg: { type: 'Handoff', key: h.key, version: c.store[h.key] ?? 0, primary: h.primary } } });
      }),
      recordAck: assign(({ context: c, event }) => ({ handing: minus(c.handing, [ackId(event)]) })),
    },
    guards: {
      holdsData: ({ context: c }) => Object.values(c.store).some((v) => v > 0),
      nothingToFetch: ({ event }) => as<'Welcome'>(event).fetch.length === 0,
      lastFetch: ({ context: c, event }) => c.fetching.length === 1 && c.fetching[0] === as<'Data'>(event).key,
      awaitedData: ({ context: c, event }) => c.fetching.includes(as<'Data'>(event).key),
      nothingToHand: ({ event }) => as<'Depart'>(event).handoff.length === 0,
      lastAck: ({ context: c, event }) => c.handing.length === 1 && c.handing[0] === ackId(event),
      awaitedAck: ({ context: c, event }) => c.handing.includes(ackId(event)),
    },
  });
}

export function storageMachine(initial: 'out' | 'active', primaries: (id: string) => string[]) {
  return storageSetup().createMachine({
    id: 'storage',
    context: ({ input }) => ({ store: {}, primary: initial === 'active' ? primaries(input.id) : [], fetching: [], promised: [], handing: [] }),
    initial,
    states: {
      out: { on: { join: { target: 'joining', actions: toRouter('Join') } } },
      joining: {
        on: {
          Welcome: [{ guard: 'nothingToFetch', target: 'active', actions: toRouter('Ready') }, { actions: 'fetchAll' }],
          Data: [
            { guard: 'lastFetch', target: 'active', actions: ['storeData', 'takePromised', toRouter('Ready')] },
            { guard: 'awaitedData', actions: 'storeData' },
          ],
          Busy: 'out',
        },
      },
      active: {
        on: {
          Put: { actions: 'storePut' },
          Get: { actions: 'answerGet' },
          Fetch: { actions: 'serveFetch' },
          Handoff: { actions: 'acceptHandoff' },
          leave: { target: 'leaving', actions: toRouter('Leave') },
          // Shortcut: only a node holding data may fail. An empty node loses nothing; its failure
          // only blocks progress, which the safety properties do not judge, and multiplies states.
          fail: { guard: 'holdsData', target: 'failed' },
        },
      },
      leaving: {
        on: {
          Get: { actions: 'answerGet' },
          Depart: [{ guard: 'nothingToHand', target: 'left', actions: toRouter('Left') }, { actions: 'handOff' }],
          HandoffAck: [
            { guard: 'lastAck', target: 'left', actions: ['recordAck', toRouter('Left')] },
            { guard: 'awaitedAck', actions: 'recordAck' },
          ],
          Busy: 'active',
        },
      },
      left: {},
      failed: {},
    },
  });
}
