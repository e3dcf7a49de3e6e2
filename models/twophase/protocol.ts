/** Registry entry of `twophase`: Lamport's TwoPhase as TM and RM role machines. */
import { clusterProtocol } from '../../engine/clusterProtocol.js';
import { machineRole } from '../../engine/machineRole.js';
import { twophaseProperties } from '../../properties/twophase/index.js';
import { rmMachine, tmMachine } from './machines.js';

export const rmIds = (count: number) => Array.from({ length: count }, (_, i) => `rm${i + 1}`);

export const twophase = clusterProtocol({
  name: 'twophase',
  summary: "Lamport's TwoPhase spec (TLA+ examples) as XState TM/RM machines; TLC counts 288 (3 RMs), 1,568 (4)",
  params: [{ name: 'rms', description: 'number of resource managers', default: 3, min: 1, max: 12 }],
  nodes: ({ rms }) => [{ id: 'tm', role: 'tm' }, ...rmIds(rms).map((id) => ({ id, role: 'rm' }))],
  roles: ({ rms }) => ({
    tm: machineRole({
      name: 'tm',
      machine: tmMachine(rmIds(rms)),
      envEvents: () => [{ type: 'commit' }, { type: 'abort' }],
    }),
    rm: machineRole({
      name: 'rm',
      machine: rmMachine('tm'),
      envEvents: () => [{ type: 'prepare' }, { type: 'chooseToAbort' }],
    }),
  }),
  symmetry: ({ rms }) => [rmIds(rms)],
  impls: [{ name: 'model', kind: 'model', summary: 'the TwoPhase spec as role machines', expect: 'ok' }],
  properties: twophaseProperties,
  exploreFaults: { network: 'set' },
  check: { faults: { network: 'set' }, runs: 300, maxSteps: 60 },
});
