/**
 * The acceptor ("Paxos Made Simple" §2.2).
 *
 * Prepare(n) with n greater than any ballot it has promised: promise n and report its highest
 * accepted proposal. Accept(n, v) with n not below its promise: accept it (which also promises
 * n) and tell the learners. Everything else is ignored. All three fields are durable — "an
 * acceptor must remember this information even if it fails and then restarts" (§2.2) — so a
 * crash changes nothing but availability.
 */
import { assign, setup } from 'xstate';
import type { NodeContext } from '../../engine/role.js';
import type { Accept, Accepted, Delivered, Prepare, PromiseMsg, Value } from './messages.js';

export interface AcceptorContext {
  promised: number;
  acceptedBallot: number;
  acceptedValue: Value | null;
}

export const ACCEPTOR_DURABLE = ['promised', 'acceptedBallot', 'acceptedValue'] as const;

type AcceptorEvent = Delivered<Prepare> | Delivered<Accept>;
type Send = { to: string | string[]; msg: PromiseMsg | Accepted };

export function acceptorMachine(learners: string[]) {
  return setup({
    types: {} as { context: AcceptorContext; events: AcceptorEvent; input: NodeContext },
    actions: {
      send: (_: unknown, _params: Send) => {},
      promise: assign({ promised: ({ event }) => event.ballot }),
      accept: assign(({ event }) => {
        const e = event as Delivered<Accept>;
        return { promised: e.ballot, acceptedBallot: e.ballot, acceptedValue: e.value };
      }),
    },
    guards: {
      abovePromise: ({ context, event }) => event.ballot > context.promised,
      notBelowPromise: ({ context, event }) => event.ballot >= context.promised,
    },
  }).createMachine({
    id: 'acceptor',
    context: { promised: -1, acceptedBallot: -1, acceptedValue: null },
    initial: 'acceptor',
    states: {
      acceptor: {
        on: {
          Prepare: {
            guard: 'abovePromise',
            actions: [
              'promise',
              {
                type: 'send',
                params: ({ context, event }) => ({
                  to: event.from,
                  msg: { type: 'Promise', ballot: event.ballot, acceptedBallot: context.acceptedBallot, acceptedValue: context.acceptedValue },
                }),
              },
            ],
          },
          Accept: {
            guard: 'notBelowPromise',
            actions: [
              'accept',
              {
                type: 'send',
                params: ({ event }) => {
                  const e = event as Delivered<Accept>;
                  return { to: learners, msg: { type: 'Accepted', ballot: e.ballot, value: e.value } };
                },
              },
            ],
          },
        },
      },
    },
  });
}
