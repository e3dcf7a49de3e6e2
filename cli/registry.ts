/** Every registered protocol, one line each. Adding a protocol adds one line here. */
import type { Protocol } from '../engine/protocol.js';
import { UsageError } from '../engine/errors.js';
import { twophase } from '../models/twophase/protocol.js';
import { twophaseNet } from '../models/twophase-net/protocol.js';
import { ring, ringPlacement } from '../models/ring/index.js';

export const PROTOCOLS: Protocol[] = [
  twophase,
  twophaseNet,
  ring, ringPlacement,
];

export function findProtocol(name: string): Protocol {
  const p = PROTOCOLS.find((x) => x.name === name);
  if (!p) throw new UsageError(`unknown protocol '${name}'; valid: ${PROTOCOLS.map((x) => x.name).join(', ')}`);
  return p;
}
