/**
 * Test fixtures for the engine: TwoPhase with a known bug (the TM may commit as soon as ONE RM
 * is prepared), as a protocol the engine tests can explore, check and replay.
 */
import { assign, setup } from 'xstate';
import { clusterProtocol } from '../../engine/clusterProtocol.js';
import { machineRole } from '../../engine/machineRole.js';
import type { NodeImplementation } from '../../engine/implementation.js';
import type { NodeContext } from '../../engine/role.js';
import { rmMachine, tmMachine } from '../../models/twophase/machines.js';
import { rmIds } from '../../models/twophase/protocol.js';
import { twophaseProperties } from '../../properties/twophase/index.js';

function eagerTm(rms: string[]) {
  return setup({
    types: {} as { context: { prepared: Record<string, true> }; events: { type: 'Prepared'; from: string } | { type: 'commit' } | { type: 'abort' }; input: NodeContext },
    actions: { send: (_: unknown, _p: { to: string[]; msg: { type: string } }) => {} },
    guards: { somePrepared: ({ context }) => Object.keys(context.prepared).length > 0 },
  }).createMachine({
    context: { prepared: {} },
    initial: 'init',
    states: {
      init: {
        on: {
          Prepared: { actions: assign({ prepared: ({ context, event }) => ({ ...context.prepared, [event.from]: true as const }) }) },
          commit: { guard: 'somePrepared', target: 'committed', actions: { type: 'send', params: { to: rms, msg: { type: 'Commit' } } } },
          abort: { target: 'aborted', actions: { type: 'send', params: { to: rms, msg: { type: 'Abort' } } } },
        },
      },
      committed: {},
      aborted: {},
    },
  });
}

/** An RM implementation (plain TS) that throws when told to abort after preparing. */
const throwingRm: NodeImplementation<{ state: string }> = {
  init: () => ({ state: 'working' }),
  handle(s, e) {
    if (e.type === 'prepare' && s.state === 'working') return { state: { state: 'prepared' }, send: [{ to: 'tm', msg: { type: 'Prepared' } }] };
    if (e.type === 'chooseToAbort' && s.state === 'working') return { state: { state: 'aborted' } };
    if (e.type === 'Commit') return { state: { state: 'committed' } };
    if (e.type === 'Abort') {
      if (s.state === 'prepared') throw new RangeError('cannot abort a prepared transaction');
      return { state: { state: 'aborted' } };
    }
    return { state: s };
  },
  view: (s) => ({ state: s.state }),
  envEvents: () => [{ type: 'prepare' }, { type: 'chooseToAbort' }],
};

export const buggyTwophase = clusterProtocol({
  name: 'twophase-buggy',
  summary: 'test fixture',
  params: [{ name: 'rms', description: 'RMs', default: 3, min: 1, max: 8 }],
  nodes: ({ rms }) => [{ id: 'tm', role: 'tm' }, ...rmIds(rms).map((id) => ({ id, role: 'rm' }))],
  roles: ({ rms }) => ({
    tm: machineRole({ name: 'tm', machine: eagerTm(rmIds(rms)), envEvents: () => [{ type: 'commit' }, { type: 'abort' }] }),
    rm: machineRole({ name: 'rm', machine: rmMachine('tm'), envEvents: () => [{ type: 'prepare' }, { type: 'chooseToAbort' }] }),
  }),
  symmetry: ({ rms }) => [rmIds(rms)],
  impls: [
    { name: 'model', kind: 'model', summary: 'eager TM', expect: 'violated' },
  ],
  properties: twophaseProperties,
  exploreFaults: { network: 'set' },
  check: { faults: { network: 'multiset', maxDrops: 1, maxDuplicates: 1, maxCrashes: 1 }, runs: 200, maxSteps: 40 },
});

/** The correct TwoPhase TM with an RM implementation that throws: only 'No Exception' can fail. */
export const throwingTwophase = clusterProtocol({
  name: 'twophase-throwing',
  summary: 'test fixture',
  params: [{ name: 'rms', description: 'RMs', default: 3, min: 1, max: 8 }],
  nodes: ({ rms }) => [{ id: 'tm', role: 'tm' }, ...rmIds(rms).map((id) => ({ id, role: 'rm' }))],
  roles: ({ rms }) => ({
    tm: machineRole({ name: 'tm', machine: tmMachine(rmIds(rms)), envEvents: () => [{ type: 'commit' }, { type: 'abort' }] }),
    rm: machineRole({ name: 'rm', machine: rmMachine('tm'), envEvents: () => [{ type: 'prepare' }, { type: 'chooseToAbort' }] }),
  }),
  impls: [
    { name: 'model', kind: 'model', summary: 'TwoPhase', expect: 'ok' },
    { name: 'throws', kind: 'bug', summary: 'RM throws on Abort when prepared', expect: 'violated', roles: { rm: throwingRm } },
  ],
  properties: twophaseProperties,
  exploreFaults: { network: 'set' },
  check: { faults: { network: 'multiset', maxDrops: 1, maxDuplicates: 1, maxCrashes: 1 }, runs: 200, maxSteps: 40 },
});
