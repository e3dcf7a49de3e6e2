/** Every registered protocol, one line each. Adding a protocol adds one line here. */
import type { Protocol } from '../engine/protocol.js';
import { UsageError } from '../engine/errors.js';
import { twophase } from '../models/twophase/protocol.js';
import { paxos } from '../models/paxos/protocol.js';
import { paxosSpec } from '../models/paxos-spec/protocol.js';
import { twophaseNet } from '../models/twophase-net/protocol.js';
import { ring, ringPlacement } from '../models/ring/index.js';
import { raft } from '../models/raft/protocol.js';

export const PROTOCOLS: Protocol[] = [
  twophase,
  paxos, paxosSpec,
  twophaseNet,
  ring, ringPlacement,
  raft,
];

export function findProtocol(name: string): Protocol {
  const p = PROTOCOLS.find((x) => x.name === name);
  if (!p) throw new UsageError(`unknown protocol '${name}'; valid: ${PROTOCOLS.map((x) => x.name).join(', ')}`);
  return p;
}

/** Model factory for worker threads (engine/parallel.ts): rebuilds the model from plain data. */
export async function buildForWorker(protocolName: string, choice: Record<string, unknown>): Promise<unknown> {
  const { buildModel } = await import('../engine/configure.js');
  const { isImplPath, loadImplModule } = await import('./implModule.js');
  const impl = choice.impl as string | undefined;
  const external = impl && isImplPath(impl) ? await loadImplModule(impl) : undefined;
  return buildModel(findProtocol(protocolName), { ...choice, external });
}
